"""Article-event links: automatic ones with a stated reason, and both-direction reads."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, or_, select

from app.articles.models import Article, ArticlePlace, ArticleRegion, ArticleStatus, ArticleTopic
from app.errors import InputError, NotFound
from app.events.models import ConflictEvent
from app.links.models import ArticleEventLink
from app.places.models import Place, Region
from app.users import service as users_service

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
            # An editor's pin or hide is a decision: a refresh never deletes or resets it.
            if old.origin == "auto" and not old.pinned and not old.hidden and event_id not in candidates:
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
            .order_by(col(ConflictEvent.date).desc(), col(ConflictEvent.id)).limit(TOPIC_LINK_LIMIT)
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
                  col(ConflictEvent.date).desc(), col(ConflictEvent.id))
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


def all_links(session: Session, *, article_id: int) -> list[tuple[ArticleEventLink, ConflictEvent]]:
    """Every link of an article for its editor, hidden ones included: pinned first, hidden last."""
    query = (
        select(ArticleEventLink, ConflictEvent)
        .join(ConflictEvent, col(ConflictEvent.id) == ArticleEventLink.event_id)
        .where(ArticleEventLink.article_id == article_id)
        .order_by(col(ArticleEventLink.pinned).desc(), col(ArticleEventLink.hidden), col(ArticleEventLink.score).desc(),
                  col(ConflictEvent.date).desc(), col(ConflictEvent.id))
    )  # fmt: skip
    return [(link, event) for link, event in session.exec(query).all()]


def _link(session: Session, article_id: int, event_id: int) -> ArticleEventLink:
    query = select(ArticleEventLink).where(
        ArticleEventLink.article_id == article_id, ArticleEventLink.event_id == event_id
    )
    link = session.exec(query).first()
    if link is None:
        raise NotFound(f"event {event_id} is not linked to this article")
    return link


def curate(session: Session, *, article_id: int, event_id: int, action: str, by: str, target: str = "") -> None:
    """Pin, unpin, hide or unhide one link; the choice survives every automatic refresh."""
    link = _link(session, article_id, event_id)
    if action == "pin":
        link.pinned, link.hidden = True, False
    elif action == "unpin":
        link.pinned = False
    elif action == "hide":
        link.hidden, link.pinned = True, False
    elif action == "unhide":
        link.hidden = False
    else:
        raise InputError(f"unknown link action '{action}' (pin, unpin, hide, unhide)")
    users_service.audit(session, actor=by, action=f"link.{action}", target=target, detail=f"event {event_id}")
    session.commit()


def add_manual(session: Session, *, article_id: int, event_id: int, reason: str, by: str, target: str = "") -> None:
    """Link an event by hand with the editor's reason (an existing automatic link becomes manual)."""
    reason = " ".join(reason.split())
    if not reason:
        raise InputError("a manual link needs a reason, written for readers")
    if len(reason) > 500:
        raise InputError(f"the reason is {len(reason)} characters; the limit is 500")
    if session.get(ConflictEvent, event_id) is None:
        raise NotFound(f"no event {event_id}")
    query = select(ArticleEventLink).where(
        ArticleEventLink.article_id == article_id, ArticleEventLink.event_id == event_id
    )
    link = session.exec(query).first() or ArticleEventLink(article_id=article_id, event_id=event_id, reason=reason)
    link.origin, link.reason, link.hidden, link.score = "manual", reason, False, max(link.score, 4.0)
    session.add(link)
    users_service.audit(session, actor=by, action="link.add", target=target, detail=f"event {event_id}: {reason}")
    session.commit()


def hide_reason(session: Session, *, article_id: int, reason: str, by: str, target: str = "") -> int:
    """Hide every link of an article that was made for this reason; return how many."""
    links = session.exec(
        select(ArticleEventLink).where(ArticleEventLink.article_id == article_id, ArticleEventLink.reason == reason)
    ).all()
    for link in links:
        link.hidden, link.pinned = True, False
    users_service.audit(session, actor=by, action="link.hide_reason", target=target, detail=f"{len(links)}: {reason}")
    session.commit()
    return len(links)


def find_events(session: Session, *, q: str, limit: int = 20) -> list[ConflictEvent]:
    """Events to link by hand: by id ("#12" or "12"), or by place, region or words of the quote."""
    q = q.strip()[:200]
    if not q:
        return []
    if q.lstrip("#").isdigit():
        event = session.get(ConflictEvent, int(q.lstrip("#")))
        return [event] if event else []
    pattern = f"%{q.replace('%', '').replace('_', ' ')}%"
    query = select(ConflictEvent).where(
        or_(
            col(ConflictEvent.place_as_written).ilike(pattern),
            col(ConflictEvent.region_as_written).ilike(pattern),
            col(ConflictEvent.quote).ilike(pattern),
        )  # fmt: skip
    )
    return list(session.exec(query.order_by(col(ConflictEvent.date).desc(), col(ConflictEvent.id)).limit(limit)).all())
