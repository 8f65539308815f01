"""JSON API for articles."""

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Query, Request
from sqlmodel import Session

from app.articles import service
from app.articles.models import Article
from app.articles.schemas import ArticleDetail, ArticlePublic
from app.deps import SessionDep
from app.events.api import event_public
from app.events.params import FilterError
from app.links import service as links_service
from app.params import Limit, Offset, Slug, next_url
from app.places import regions as regions_table
from app.schemas import Page
from app.topics import service as topics_service

router = APIRouter(tags=["articles"])


def _aware(moment: datetime) -> datetime:
    """SQLite hands timestamps back without their zone; they are stored as UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def article_public(session: Session, article: Article, *, full: bool = False) -> dict[str, Any]:
    """An article as the API shows it."""
    assert article.id is not None
    data: dict[str, Any] = {
        "slug": article.slug, "title": article.title, "summary": article.summary,
        "source": article.source or None, "source_url": article.source_url or None,
        "author": article.author or None, "published": article.published,
        "status": article.status, "updated_at": _aware(article.updated_at),
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


@router.get("/articles", response_model=Page[ArticlePublic])
def list_articles(
    request: Request, session: SessionDep,
    topic: str | None = Query(None, max_length=100, description="Topic slug"),
    region: str | None = Query(None, max_length=100, description="Region code or name in any spelling"),
    limit: Limit = 50, offset: Offset = 0,
) -> dict[str, Any]:  # fmt: skip
    """Published articles, newest first, optionally by topic or region (any spelling); unknown values are 400."""
    if topic and topic not in topics_service.known_slugs(session):
        raise FilterError(f"topic: '{topic}' is not a topic slug we know")
    region_code = None
    if region:
        found = regions_table.resolve(region)
        if found is None:
            raise FilterError(f"region: '{region}' is not a region we know (try a name in any spelling or an ISO code)")
        region_code = found.code
    items, total = service.list_published(session, topic=topic, region=region_code, limit=limit, offset=offset)
    return {"items": [article_public(session, a) for a in items], "total": total, "limit": limit, "offset": offset,
            "next": next_url(request, offset=offset, limit=limit, total=total)}  # fmt: skip


@router.get("/articles/{slug}", response_model=ArticleDetail)
def get_article(session: SessionDep, slug: Slug) -> dict[str, Any]:
    """One published article with its body and linked events (each with its reason)."""
    return article_public(session, service.get_by_slug(session, slug=slug), full=True)
