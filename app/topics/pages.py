"""Topic pages."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.articles import service as articles_service
from app.deps import SessionDep
from app.topics import service
from app.web.templating import render

router = APIRouter()


@router.get("/topics/{slug}", response_class=HTMLResponse)
def topic_detail(request: Request, session: SessionDep, slug: str) -> HTMLResponse:
    """A topic, its subtopics and its articles."""
    topic = service.get(session, slug=slug)
    topics = service.list_topics(session)
    articles, total = articles_service.list_published(session, topic=slug, limit=500)
    return render(request, "topics/detail.html", {
        "topic": topic, "children": [t for t in topics if t.parent_slug == slug],
        "parent": next((t for t in topics if t.slug == topic.parent_slug), None),
        "articles": articles, "total": total,
    })  # fmt: skip
