"""JSON API for articles."""

from typing import Any

from fastapi import APIRouter, Query
from sqlmodel import Session

from app.articles import service
from app.articles.models import Article
from app.deps import Offset, SessionDep
from app.events.api import event_public
from app.links import service as links_service

router = APIRouter(tags=["articles"])


def article_public(session: Session, article: Article, *, full: bool = False) -> dict[str, Any]:
    """An article as the API shows it."""
    assert article.id is not None
    data: dict[str, Any] = {
        "slug": article.slug, "title": article.title, "summary": article.summary,
        "source": article.source or None, "source_url": article.source_url or None,
        "author": article.author or None, "published": article.published,
        "status": article.status, "updated_at": article.updated_at,
        "topics": [t.slug for t in service.topics_of(session, article_id=article.id)],
        "regions": [r.region_code for r in service.regions_of(session, article_id=article.id)],
        "places": [{"as_written": p.name_as_written, "id": p.place_code}
                   for p in service.places_of(session, article_id=article.id)],
        "context": {"from": article.context_from, "to": article.context_to},
        "url": f"/articles/{article.slug}",
    }  # fmt: skip
    if full:
        data["body"] = article.body
        data["html"] = article.body_html
        data["revisions"] = len(service.revisions_of(session, article_id=article.id))
        data["linked_events"] = [
            {**event_public(session, event, with_figures=False),
             "link": {"reason": link.reason, "origin": link.origin, "score": link.score}}
            for link, event in links_service.events_for_article(session, article_id=article.id)
        ]  # fmt: skip
    return data


@router.get("/articles")
def list_articles(
    session: SessionDep, topic: str | None = None, region: str | None = None,
    limit: int = Query(50, ge=1, le=500), offset: Offset = 0,
) -> dict[str, Any]:  # fmt: skip
    """Published articles, newest first, optionally by topic or region code."""
    items, total = service.list_published(session, topic=topic, region=region, limit=limit, offset=offset)
    return {"items": [article_public(session, a) for a in items], "total": total}


@router.get("/articles/{slug}")
def get_article(session: SessionDep, slug: str) -> dict[str, Any]:
    """One published article with its body and linked events (each with its reason)."""
    return article_public(session, service.get_by_slug(session, slug=slug), full=True)
