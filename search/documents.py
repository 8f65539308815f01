"""Meilisearch documents built from database rows (the database is the source of truth)."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session, col, select

from app.articles.models import Article, ArticlePlace, ArticleRegion, ArticleStatus, ArticleTopic
from app.events import wording
from app.events.models import ConflictEvent
from app.places.models import Place, Region
from app.topics.models import Topic
from search.embedder import EMBEDDER, load_embedder, vector_cache
from search.indexes import ARTICLES, EVENTS, IndexSpec

ACTION_LABELS = {
    "losses_inflicted": "Losses inflicted",
    "took_control": "Taken under control",
    "advanced": "Advanced",
    "mentioned": "Mentioned",
}
EVENT_TOPICS = ["armed-conflict"]
BODY_LIMIT = 30_000  # characters of body text indexed per article
CHUNK_WORDS = 80  # words per body passage that gets its own vector
MAX_CHUNKS = 40


def article_passages(document: dict[str, Any]) -> list[str]:
    """The texts an article is embedded as: title + summary, then the body in short passages.

    Meilisearch keeps several vectors per document and ranks by the closest, so a question
    about one section finds the article even when the rest of it is about something else.
    """
    head = f"{document['title']}. {document['summary']}"
    body = str(document.get("body", "")).split()
    passages = [" ".join(body[i : i + CHUNK_WORDS]) for i in range(0, len(body), CHUNK_WORDS)][:MAX_CHUNKS]
    return [head, *(f"{document['title']}. {p}" for p in passages)]


def event_passages(document: dict[str, Any]) -> list[str]:
    """The text an event is embedded as: its title, region and quote."""
    return [f"{document['title']}. {document['region_name']}. {document['quote']}"]


def with_vectors(documents: list[dict[str, Any]], passages: Callable[[dict[str, Any]], list[str]]) -> None:
    """Give every document its vectors (cached by text hash) when the embedding model is loaded."""
    embedder = load_embedder()
    if embedder is None or not documents:
        return
    from app.config import get_settings

    cache = vector_cache(get_settings().data_dir / "vectors.sqlite3")
    texts = [passages(d) for d in documents]
    flat = cache.vectors(embedder, [t for group in texts for t in group])
    position = 0
    for document, group in zip(documents, texts, strict=True):
        document["_vectors"] = {EMBEDDER: flat[position : position + len(group)]}
        position += len(group)


def _timestamp(day: date | None) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()) if day else 0


def event_title(event: ConflictEvent, *, place: Place | None = None, region: Region | None = None) -> str:
    """A one-line title worded as a claim: who claims what, where (current name and as written)."""
    return wording.event_title(
        event, place_name=place.name if place else None, region_name=region.name if region else None
    )


def article_document(
    article: Article, *, topics: Sequence[Topic], regions: Sequence[Region],
    places: Sequence[ArticlePlace], place_names: Sequence[str],
) -> dict[str, Any]:  # fmt: skip
    """The search document of a published article."""
    return {
        "id": str(article.id),
        "type": "article",
        "slug": article.slug,
        "title": article.title,
        "summary": article.summary,
        "body": article.body_text[:BODY_LIMIT],
        "topics": [t.slug for t in topics],
        "topic_names": [t.name for t in topics],
        "regions": [r.code for r in regions],
        "region_names": [r.name for r in regions],
        "places": sorted({p.name_as_written for p in places} | set(place_names)),
        "place_codes": sorted({p.place_code for p in places if p.place_code}),
        "source": article.source,
        "published": article.published.isoformat() if article.published else None,
        "published_ts": _timestamp(article.published),
        "url": f"/articles/{article.slug}",
    }


def event_document(event: ConflictEvent, *, region: Region | None, place: Place | None) -> dict[str, Any]:
    """The search document of a conflict event."""
    return {
        "id": str(event.id),
        "type": "event",
        "title": event_title(event, place=place, region=region),
        "place_as_written": event.place_as_written,
        "place_name": place.name if place else "",
        "place_variants": [place.name_uk] if place and place.name_uk else [],
        "place_code": event.place_code,
        "region_as_written": event.region_as_written,
        "region_name": region.name if region else "",
        "regions": [region.code] if region else [],
        "topics": EVENT_TOPICS,
        "group": event.group_name,
        "action": event.action,
        "action_label": ACTION_LABELS.get(event.action, event.action),
        "claimant": event.claimant,
        "quote": event.quote,
        "date": event.date.isoformat() if event.date else None,
        "date_ts": _timestamp(event.date),
        "bulletin_id": event.bulletin_id,
        "url": f"/events/{event.id}",
    }


def load_articles(session: Session, ids: Sequence[str]) -> tuple[list[dict[str, Any]], list[str]]:
    """Documents for the published articles among ids, and the ids to delete."""
    wanted = [int(i) for i in ids]
    rows = session.exec(select(Article).where(col(Article.id).in_(wanted))).all()
    live = {a.id: a for a in rows if a.status == ArticleStatus.published}
    documents = []
    for article in live.values():
        topics = session.exec(select(Topic).join(ArticleTopic).where(ArticleTopic.article_id == article.id)).all()
        regions = session.exec(select(Region).join(ArticleRegion).where(ArticleRegion.article_id == article.id)).all()
        places = session.exec(select(ArticlePlace).where(ArticlePlace.article_id == article.id)).all()
        codes = [p.place_code for p in places if p.place_code]
        names = session.exec(select(Place.name).where(col(Place.code).in_(codes))).all()
        documents.append(article_document(article, topics=topics, regions=regions, places=places, place_names=names))
    with_vectors(documents, article_passages)
    return documents, [str(i) for i in wanted if i not in live]


def load_events(session: Session, ids: Sequence[str]) -> tuple[list[dict[str, Any]], list[str]]:
    """Documents for the events among ids, and the ids that no longer exist."""
    wanted = [int(i) for i in ids]
    rows = session.exec(select(ConflictEvent).where(col(ConflictEvent.id).in_(wanted))).all()
    regions = {r.code: r for r in session.exec(select(Region)).all()}
    codes = {e.place_code for e in rows if e.place_code}
    places = {p.code: p for p in session.exec(select(Place).where(col(Place.code).in_(codes)))}
    documents = [
        event_document(e, region=regions.get(e.region_code or ""), place=places.get(e.place_code or "")) for e in rows
    ]
    if EVENTS.semantic:
        with_vectors(documents, event_passages)
    found = {e.id for e in rows}
    return documents, [str(i) for i in wanted if i not in found]


def all_article_ids(session: Session) -> list[str]:
    """Every article id (unpublished ones come back as deletions)."""
    return [str(i) for i in session.exec(select(Article.id)).all()]


def all_event_ids(session: Session) -> list[str]:
    """Every event id."""
    return [str(i) for i in session.exec(select(ConflictEvent.id)).all()]


Loader = Callable[[Session, Sequence[str]], tuple[list[dict[str, Any]], list[str]]]


@dataclass(frozen=True)
class Entity:
    """How one kind of entity reaches its index."""

    spec: IndexSpec
    load: Loader
    all_ids: Callable[[Session], list[str]]


ENTITIES = {
    "article": Entity(ARTICLES, load_articles, all_article_ids),
    "event": Entity(EVENTS, load_events, all_event_ids),
}
