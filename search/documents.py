"""Meilisearch documents built from database rows (the database is the source of truth)."""

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, select
from sqlmodel import Session, col

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
ID_CHUNK = 5000  # ids per IN list (well under every database's bound-parameter limit)


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


_EPOCH_DAY = date(1970, 1, 1).toordinal()


def _timestamp(day: date | None) -> int:
    """Seconds since the epoch at UTC midnight of day (0 for none), by plain day arithmetic."""
    return (day.toordinal() - _EPOCH_DAY) * 86_400 if day else 0


def event_title(event: ConflictEvent, *, place: Place | None = None, region: Region | None = None) -> str:
    """A one-line title worded as a claim: who claims what, where (current name and as written)."""
    return wording.event_title(
        event, place_name=place.name if place else None, region_name=region.name if region else None
    )


class EventRow(NamedTuple):
    """The columns an event document is built from: the event's, its place's and its region's."""

    id: int
    action: str
    claimant: str
    place_as_written: str
    place_code: str | None
    region_as_written: str
    group_name: str
    quote: str
    date: date | None
    bulletin_id: int
    place_name: str | None  # None: no resolved place
    place_name_uk: str | None
    region_code: str | None  # None: no resolved region
    region_name: str | None


class ArticleRow(NamedTuple):
    """The columns of a published article that its document shows."""

    id: int
    slug: str
    title: str
    summary: str
    body_text: str
    source: str
    published: date | None


def article_document(
    article: ArticleRow, *, topics: Sequence[tuple[str, str]], regions: Sequence[tuple[str, str]],
    places: Sequence[tuple[str, str | None, str | None]],
) -> dict[str, Any]:  # fmt: skip
    """The search document of a published article.

    topics and regions are (code, name) pairs; places are (name as written, place code, place name).
    """
    return {
        "id": str(article.id),
        "type": "article",
        "slug": article.slug,
        "title": article.title,
        "summary": article.summary,
        "body": article.body_text[:BODY_LIMIT],
        "topics": [slug for slug, _ in topics],
        "topic_names": [name for _, name in topics],
        "regions": [code for code, _ in regions],
        "region_names": [name for _, name in regions],
        "places": sorted({written for written, _, _ in places} | {name for _, _, name in places if name is not None}),
        "place_codes": sorted({code for _, code, _ in places if code}),
        "source": article.source,
        "published": article.published.isoformat() if article.published else None,
        "published_ts": _timestamp(article.published),
        "url": f"/articles/{article.slug}",
    }


def event_document(event: EventRow) -> dict[str, Any]:
    """The search document of a conflict event."""
    return {
        "id": str(event.id),
        "type": "event",
        "title": wording.event_title(event, place_name=event.place_name, region_name=event.region_name),
        "place_as_written": event.place_as_written,
        "place_name": event.place_name or "",
        "place_variants": [event.place_name_uk] if event.place_name_uk else [],
        "place_code": event.place_code,
        "region_as_written": event.region_as_written,
        "region_name": event.region_name or "",
        "regions": [event.region_code] if event.region_code is not None else [],
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


# Plain column queries, not ORM objects: a full rebuild reads 100,000+ rows, and building an ORM
# object per row cost more than the document itself.
_EVENT_COLUMNS = [getattr(ConflictEvent, name) for name in EventRow._fields[:10]]  # then place's, region's
_EVENT_QUERY = (
    select(*map(col, _EVENT_COLUMNS), col(Place.name), col(Place.name_uk), col(Region.code), col(Region.name))
    .outerjoin(Place, col(Place.code) == ConflictEvent.place_code)
    .outerjoin(Region, col(Region.code) == ConflictEvent.region_code)
    .order_by(col(ConflictEvent.id))
)
_ARTICLE_QUERY = (
    select(*(col(getattr(Article, name)) for name in ArticleRow._fields))
    .where(col(Article.status) == ArticleStatus.published)
    .order_by(col(Article.id))
)


def _event_documents(session: Session, *where: ColumnElement[bool], limit: int | None = None) -> list[dict[str, Any]]:
    # Through the connection: plain rows, without the ORM result layer.
    rows = session.connection().execute(_EVENT_QUERY.where(*where).limit(limit)).all()
    documents = [event_document(EventRow._make(row)) for row in rows]
    if EVENTS.semantic:
        with_vectors(documents, event_passages)
    return documents


def _article_documents(session: Session, *where: ColumnElement[bool], limit: int | None = None) -> list[dict[str, Any]]:
    connection = session.connection()
    articles = [ArticleRow._make(row) for row in connection.execute(_ARTICLE_QUERY.where(*where).limit(limit))]
    ids = [a.id for a in articles]
    topics: dict[int, list[tuple[str, str]]] = defaultdict(list)
    regions: dict[int, list[tuple[str, str]]] = defaultdict(list)
    places: dict[int, list[tuple[str, str | None, str | None]]] = defaultdict(list)
    for start in range(0, len(ids), ID_CHUNK):
        chunk = ids[start : start + ID_CHUNK]
        for article_id, slug, name in connection.execute(
            select(col(ArticleTopic.article_id), col(Topic.slug), col(Topic.name))
            .join(Topic, col(Topic.slug) == ArticleTopic.topic_slug)
            .where(col(ArticleTopic.article_id).in_(chunk))
            .order_by(col(ArticleTopic.article_id), col(ArticleTopic.topic_slug))
        ).all():
            topics[article_id].append((slug, name))
        for article_id, code, name in connection.execute(
            select(col(ArticleRegion.article_id), col(Region.code), col(Region.name))
            .join(Region, col(Region.code) == ArticleRegion.region_code)
            .where(col(ArticleRegion.article_id).in_(chunk))
            .order_by(col(ArticleRegion.article_id), col(ArticleRegion.region_code))
        ).all():
            regions[article_id].append((code, name))
        for article_id, written, place_code, place_name in connection.execute(
            select(
                col(ArticlePlace.article_id),
                col(ArticlePlace.name_as_written),
                col(ArticlePlace.place_code),
                col(Place.name),
            )
            .outerjoin(Place, col(Place.code) == ArticlePlace.place_code)
            .where(col(ArticlePlace.article_id).in_(chunk))
        ).all():
            places[article_id].append((written, place_code, place_name))
    documents = [article_document(a, topics=topics[a.id], regions=regions[a.id], places=places[a.id]) for a in articles]
    with_vectors(documents, article_passages)
    return documents


def load_articles(session: Session, ids: Sequence[str]) -> tuple[list[dict[str, Any]], list[str]]:
    """Documents for the published articles among ids, and the ids to delete."""
    wanted = [int(i) for i in ids]
    documents = []
    for start in range(0, len(wanted), ID_CHUNK):
        documents += _article_documents(session, col(Article.id).in_(wanted[start : start + ID_CHUNK]))
    live = {int(d["id"]) for d in documents}
    return documents, [str(i) for i in wanted if i not in live]


def load_events(session: Session, ids: Sequence[str]) -> tuple[list[dict[str, Any]], list[str]]:
    """Documents for the events among ids, and the ids that no longer exist."""
    wanted = [int(i) for i in ids]
    documents = []
    for start in range(0, len(wanted), ID_CHUNK):
        documents += _event_documents(session, col(ConflictEvent.id).in_(wanted[start : start + ID_CHUNK]))
    found = {int(d["id"]) for d in documents}
    return documents, [str(i) for i in wanted if i not in found]


def _in_batches(
    build: Callable[..., list[dict[str, Any]]], id_column: Any, session: Session, size: int
) -> Iterator[list[dict[str, Any]]]:
    """Every document, `size` at a time in id order (keyset pagination: no offset, no id list)."""
    last = None
    while True:
        documents = build(session, *([] if last is None else [id_column > last]), limit=size)
        if not documents:
            return
        yield documents
        last = int(documents[-1]["id"])
        if len(documents) < size:
            return


def article_batches(session: Session, size: int) -> Iterator[list[dict[str, Any]]]:
    """Every published article's document, in batches (a full rebuild)."""
    return _in_batches(_article_documents, col(Article.id), session, size)


def event_batches(session: Session, size: int) -> Iterator[list[dict[str, Any]]]:
    """Every event's document, in batches (a full rebuild)."""
    return _in_batches(_event_documents, col(ConflictEvent.id), session, size)


def all_article_ids(session: Session) -> list[str]:
    """Every article id (unpublished ones come back as deletions)."""
    return [str(i) for i in session.execute(select(col(Article.id))).scalars()]


def all_event_ids(session: Session) -> list[str]:
    """Every event id."""
    return [str(i) for i in session.execute(select(col(ConflictEvent.id))).scalars()]


Loader = Callable[[Session, Sequence[str]], tuple[list[dict[str, Any]], list[str]]]
Batches = Callable[[Session, int], Iterator[list[dict[str, Any]]]]


@dataclass(frozen=True)
class Entity:
    """How one kind of entity reaches its index."""

    spec: IndexSpec
    load: Loader
    all_ids: Callable[[Session], list[str]]
    batches: Batches


ENTITIES = {
    "article": Entity(ARTICLES, load_articles, all_article_ids, article_batches),
    "event": Entity(EVENTS, load_events, all_event_ids, event_batches),
}
