"""Topic pages: the taxonomy with article counts, and a topic with its articles and their events over time."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.articles import service as articles_service
from app.deps import SessionDep
from app.events import browse as events_browse
from app.events import timeline as events_timeline
from app.params import Slug
from app.topics import service
from app.web.templating import render

router = APIRouter()


@router.get("/topics", response_class=HTMLResponse)
def topic_list(request: Request, session: SessionDep) -> HTMLResponse:
    """The topic taxonomy with how many published articles each topic has."""
    return render(request, "topics/list.html", {
        "topics": service.list_topics(session), "counts": service.article_counts(session),
    })  # fmt: skip


@router.get("/topics/{slug}", response_class=HTMLResponse)
def topic_detail(request: Request, session: SessionDep, slug: Slug) -> HTMLResponse:
    """A topic, its subtopics, its articles and the events linked to them over time."""
    topic = service.get(session, slug=slug)
    topics = service.list_topics(session)
    articles, total = articles_service.list_published(session, topic=slug, limit=500)
    line = events_timeline.timeline(session, filters=events_browse.EventFilters(topic=slug))
    return render(request, "topics/detail.html", {
        "topic": topic, "children": [t for t in topics if t.parent_slug == slug],
        "parent": next((t for t in topics if t.slug == topic.parent_slug), None),
        "articles": articles, "total": total, "timeline": line,
        "timeline_svg": events_timeline.svg(line, chart_id="topic-timeline") if line else "",
    })  # fmt: skip
