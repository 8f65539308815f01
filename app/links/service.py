"""Article-event links: automatic ones with a stated reason, and both-direction reads."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from app.articles.models import Article, ArticlePlace, ArticleRegion, ArticleStatus, ArticleTopic
from app.events.models import ConflictEvent
from app.links.models import ArticleEventLink
from app.places.models import Place, Region

# Topics whose articles take the latest conflict events as context when they name no region.
CONFLICT_TOPICS = {"armed-conflict", "conflict-triggers", "distinction-and-protection-of-civilians"}
TOPIC_LINK_LIMIT = 50


@dataclass(frozen=True)
class Candidate:
    """A proposed auto-link."""

    event_id: int
    reason: str
    score: float


def refresh_auto_links(session: Session, *, article_ids: Sequence[int] | None = None) -> int:
    """Recompute automatic links for these articles (all published ones by default)."""
    query = select(Article).where(Article.status == ArticleStatus.published)
    if article_ids is not None:
        query = query.where(col(Article.id).in_(article_ids))
    count = 0
    for article in session.exec(query).all():
        assert article.id is not None
        candidates = _candidates(session, article)
        existing = {
            link.event_id: link
            for link in session.exec(select(ArticleEventLink).where(ArticleEventLink.article_id == article.id))
        }
        for event_id, old in existing.items():
            if old.origin == "auto" and not old.pinned and event_id not in candidates:
                session.delete(old)
        for event_id, candidate in candidates.items():
            link = existing.get(event_id)
            if link is None:
                session.add(
                    ArticleEventLink(article_id=article.id, event_id=event_id, origin="auto",
                                     reason=candidate.reason, score=candidate.score)
                )  # fmt: skip
            elif link.origin == "auto":
                link.reason, link.score = candidate.reason, candidate.score
        count += len(candidates)
    session.commit()
    return count


def _candidates(session: Session, article: Article) -> dict[int, Candidate]:
    places = session.exec(select(ArticlePlace).where(ArticlePlace.article_id == article.id)).all()
    place_codes = {p.place_code for p in places if p.place_code}
    region_codes = set(session.exec(select(ArticleRegion.region_code).where(ArticleRegion.article_id == article.id)))
    topics = set(session.exec(select(ArticleTopic.topic_slug).where(ArticleTopic.article_id == article.id)))
    found: dict[int, Candidate] = {}
    window = _window(article)
    if place_codes:
        names = {p.code: p.name for p in session.exec(select(Place).where(col(Place.code).in_(place_codes)))}
        for event in session.exec(
            select(ConflictEvent).where(col(ConflictEvent.place_code).in_(place_codes)).where(*window)
        ):
            assert event.id is not None
            name = names.get(event.place_code or "", event.place_as_written)
            found[event.id] = Candidate(event.id, f"Same place: {name} (named in this article)", 3.0)
    if region_codes:
        names = {r.code: r.name for r in session.exec(select(Region).where(col(Region.code).in_(region_codes)))}
        for event in session.exec(
            select(ConflictEvent).where(col(ConflictEvent.region_code).in_(region_codes)).where(*window)
        ):
            assert event.id is not None
            if event.id not in found:
                region = names.get(event.region_code or "", event.region_code)
                found[event.id] = Candidate(event.id, f"Same region: {region} ({event.region_code})", 2.0)
    matched_topics = sorted(topics & CONFLICT_TOPICS)
    if not found and not region_codes and not place_codes and matched_topics:
        recent = session.exec(
            select(ConflictEvent).where(*window)
            .order_by(col(ConflictEvent.date).desc().nulls_last(), col(ConflictEvent.id)).limit(TOPIC_LINK_LIMIT)
        )  # fmt: skip
        label = ", ".join(t.replace("-", " ") for t in matched_topics)
        for event in recent:
            assert event.id is not None
            found[event.id] = Candidate(event.id, f"Topic: {label} (most recent claimed events)", 1.0)
    return found


def _window(article: Article) -> list[Any]:
    clauses = []
    if article.context_from:
        clauses.append(col(ConflictEvent.date) >= article.context_from)
    if article.context_to:
        clauses.append(col(ConflictEvent.date) <= article.context_to)
    return clauses


def events_for_article(
    session: Session, *, article_id: int, limit: int = 100
) -> list[tuple[ArticleEventLink, ConflictEvent]]:
    """Visible linked events of an article, strongest reason and newest first."""
    query = (
        select(ArticleEventLink, ConflictEvent)
        .join(ConflictEvent, col(ConflictEvent.id) == ArticleEventLink.event_id)
        .where(ArticleEventLink.article_id == article_id, col(ArticleEventLink.hidden).is_(False))
        .order_by(col(ArticleEventLink.pinned).desc(), col(ArticleEventLink.score).desc(),
                  col(ConflictEvent.date).desc().nulls_last(), col(ConflictEvent.id))
        .limit(limit)
    )  # fmt: skip
    return [(link, event) for link, event in session.exec(query).all()]


def articles_for_event(session: Session, *, event_id: int) -> list[tuple[ArticleEventLink, Article]]:
    """Published articles linked to an event."""
    query = (
        select(ArticleEventLink, Article)
        .join(Article, col(Article.id) == ArticleEventLink.article_id)
        .where(ArticleEventLink.event_id == event_id, col(ArticleEventLink.hidden).is_(False))
        .where(Article.status == ArticleStatus.published)
        .order_by(col(ArticleEventLink.score).desc(), col(Article.title))
    )
    return [(link, article) for link, article in session.exec(query).all()]
