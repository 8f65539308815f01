"""Article pages."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.articles import service
from app.deps import SessionDep
from app.events import timeline as events_timeline
from app.events.browse import EventFilters
from app.links import service as links_service
from app.web.templating import render

router = APIRouter()


@router.get("/articles", response_class=HTMLResponse)
def article_list(request: Request, session: SessionDep) -> HTMLResponse:
    """Every published article."""
    articles, total = service.list_published(session, limit=500)
    return render(request, "articles/list.html", {"articles": articles, "total": total})


@router.get("/articles/{slug}", response_class=HTMLResponse)
def article_detail(request: Request, session: SessionDep, slug: str) -> HTMLResponse:
    """An article, its provenance, and its conflict-context panel."""
    article = service.get_by_slug(session, slug=slug)
    assert article.id is not None
    linked = links_service.events_for_article(session, article_id=article.id)
    start, end = links_service.context_window(article)
    line = events_timeline.timeline(session, filters=EventFilters(article=article.id), start=start, end=end)
    return render(request, "articles/detail.html", {
        "article": article,
        "topics": service.topics_of(session, article_id=article.id),
        "regions": service.regions_of(session, article_id=article.id),
        "places": service.places_of(session, article_id=article.id),
        "revisions": service.revisions_of(session, article_id=article.id),
        "linked": linked, "groups": links_service.context_groups(linked), "timeline": line,
        "timeline_svg": events_timeline.svg(line, chart_id="article-timeline", width=360) if line else "",
    })  # fmt: skip
