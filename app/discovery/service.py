"""Search for readers: Meilisearch first, a plain database match when it is down."""

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, or_, select

from app.articles.models import Article, ArticleStatus
from app.events.models import ConflictEvent
from app.places.gazetteer import load as load_gazetteer
from search import analysis, query
from search.documents import event_title
from search.errors import SearchUnavailable
from search.runtime import SearchRuntime

DEGRADED_MESSAGE = (
    "Search is unavailable right now, so results are simple title matches from the database, "
    "without typo tolerance, other spellings or facets."
)


@dataclass
class SearchResult(query.SearchPage):
    """A page of results, and whether it came from the degraded database fallback."""

    degraded: bool = False
    message: str = ""
    did_you_mean: list[dict[str, str]] = field(default_factory=list)
    searched_for: str = ""
    place_pages: list[dict[str, str]] = field(default_factory=list)


def search(
    session: Session, runtime: SearchRuntime, *, q: str, filters: query.SearchFilters,
    limit: int = 20, offset: int = 0,
) -> SearchResult:  # fmt: skip
    """Search articles and events; never raises because Meilisearch is down."""
    analysed = analysis.analyse(q, analysis.vocabulary(session))
    suggestions = [{"as_typed": s.as_typed, "name": s.name, "name_uk": s.name_uk} for s in analysed.spellings]
    try:
        page = query.search(runtime.target, analysed, filters, limit=limit, offset=offset)
    except SearchUnavailable:
        result = _fallback(session, q=q, filters=filters, limit=limit, offset=offset)
        result.did_you_mean, result.place_pages = suggestions, place_pages(q)
        return result
    return SearchResult(
        page.query, page.total, page.hits, page.facets, page.processing_ms, page.semantic,
        did_you_mean=suggestions, searched_for=analysed.keywords, place_pages=place_pages(q),
    )  # fmt: skip


def group_sentences(hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events claimed in one bulletin sentence become one result that lists their places, at the first's rank."""
    grouped: list[dict[str, Any]] = []
    first_of: dict[tuple[Any, Any], dict[str, Any]] = {}
    for hit in hits:
        if hit.get("type") != "event":
            grouped.append(hit)
            continue
        place = {"name": hit.get("place_name") or hit.get("place_as_written", ""),
                 "as_written": hit.get("place_as_written", ""), "url": hit.get("url", "")}  # fmt: skip
        key = (hit.get("bulletin_id"), hit.get("quote"))
        first = first_of.get(key)
        if first is None:
            grouped.append({**hit, "places": [place]})
            first_of[key] = grouped[-1]
        else:
            first["places"].append(place)
    return grouped


def place_pages(q: str) -> list[dict[str, str]]:
    """Settlements the query names in any spelling (renamed ones too), so a reader can open the place page."""
    words = q.strip()
    if not words or len(words.split()) > 4:
        return []
    found = sorted(load_gazetteer().exact(words), key=lambda pair: (pair[1], -(pair[0].population or 0)))
    return [
        {"code": place.code, "name": place.name, "name_uk": place.name_uk, "region_code": place.region_code,
         "url": f"/places/{place.code}"}
        for place, _ in found[:3]
    ]  # fmt: skip


def _fallback(session: Session, *, q: str, filters: query.SearchFilters, limit: int, offset: int) -> SearchResult:
    pattern = f"%{q.strip()}%"
    hits: list[dict[str, Any]] = []
    if filters.type in (None, "article"):
        articles = session.exec(
            select(Article).where(Article.status == ArticleStatus.published)
            .where(or_(col(Article.title).ilike(pattern), col(Article.summary).ilike(pattern)))
            .order_by(col(Article.title)).limit(200)
        ).all()  # fmt: skip
        hits += [
            {"type": "article", "id": str(a.id), "slug": a.slug, "title": a.title,
             "url": f"/articles/{a.slug}", "snippet": a.summary}
            for a in articles
        ]  # fmt: skip
    if filters.type in (None, "event"):
        events = session.exec(
            select(ConflictEvent)
            .where(or_(col(ConflictEvent.place_as_written).ilike(pattern),
                       col(ConflictEvent.region_as_written).ilike(pattern)))
            .order_by(col(ConflictEvent.date).desc().nulls_last()).limit(200)
        ).all()  # fmt: skip
        hits += [
            {"type": "event", "id": str(e.id), "title": event_title(e), "url": f"/events/{e.id}",
             "snippet": e.quote, "claimant": e.claimant, "date": e.date.isoformat() if e.date else None}
            for e in events
        ]  # fmt: skip
    return SearchResult(q, len(hits), hits[offset : offset + limit], degraded=True, message=DEGRADED_MESSAGE)
