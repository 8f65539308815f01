"""JSON API for topics."""

from typing import Any

from fastapi import APIRouter, Request

from app.articles import service as articles_service
from app.deps import SessionDep
from app.events import browse as events_browse
from app.events import timeline as events_timeline
from app.events.api import timeline_public
from app.params import Limit, Offset, Slug, next_url
from app.places.api import article_ref
from app.schemas import Page
from app.topics import service
from app.topics.models import Topic
from app.topics.schemas import TopicDetail, TopicPublic

router = APIRouter(tags=["topics"])


def topic_public(topic: Topic, counts: dict[str, int]) -> dict[str, Any]:
    """A topic as the API shows it."""
    return {"slug": topic.slug, "name": topic.name, "description": topic.description, "parent": topic.parent_slug,
            "articles": counts.get(topic.slug, 0), "url": f"/topics/{topic.slug}"}  # fmt: skip


@router.get("/topics", response_model=Page[TopicPublic])
def list_topics(request: Request, session: SessionDep, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    """The whole taxonomy, in order, each with its parent and published article count."""
    topics, counts = service.list_topics(session), service.article_counts(session)
    items = [topic_public(t, counts) for t in topics[offset : offset + limit]]
    return {"items": items, "total": len(topics), "limit": limit, "offset": offset,
            "next": next_url(request, offset=offset, limit=limit, total=len(topics))}  # fmt: skip


@router.get("/topics/{slug}", response_model=TopicDetail)
def get_topic(session: SessionDep, slug: Slug) -> dict[str, Any]:
    """A topic: subtopics, published articles and the conflict events linked to them over time."""
    topic = service.get(session, slug=slug)
    counts = service.article_counts(session)
    articles, _ = articles_service.list_published(session, topic=slug, limit=500)
    line = events_timeline.timeline(session, filters=events_browse.EventFilters(topic=slug))
    return {
        **topic_public(topic, counts),
        "children": [topic_public(t, counts) for t in service.list_topics(session) if t.parent_slug == slug],
        "linked_articles": [article_ref(a) for a in articles], "timeline": timeline_public(line),
        "events_url": f"/api/v1/events?topic={slug}",
    }  # fmt: skip
