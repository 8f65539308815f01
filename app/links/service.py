"""Article-event links: automatic ones through shared geography and time, and both-direction reads."""

import bisect
import heapq
import itertools
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple

from sqlalchemy import Table, delete, or_, update
from sqlalchemy import select as select_columns
from sqlalchemy.orm import load_only
from sqlmodel import Session, col, select

from app.articles.models import Article, ArticleCountry, ArticlePlace, ArticleRegion, ArticleStatus
from app.config import get_settings
from app.db import BULK_LOAD, analyze_after_bulk_load, bulk_insert, id_conditions, utcnow
from app.errors import InputError, NotFound
from app.events.models import ConflictEvent
from app.links.models import ArticleEventLink
from app.places.models import Place, Region
from app.users import service as users_service

_CHUNK = 500  # ids per IN list: far below every database's parameter limit

# Base scores: a named place is a stronger reason than its region, and a region than its country.
PLACE_SCORE, REGION_SCORE, COUNTRY_SCORE = 3.0, 2.0, 1.0


class Candidate(NamedTuple):
    """A proposed auto-link."""

    event_id: int
    reason: str
    score: float


@dataclass(frozen=True)
class Geography:
    """What an article is about: resolved places, regions and countries, and its time window."""

    places: dict[str, str]  # place code -> name
    regions: dict[str, str]  # region code -> name
    countries: set[str]
    window: tuple[date | None, date | None]


# Dates an event pool covers: (earliest, latest), None where some article's window is open.
Bounds = tuple[date | None, date | None]


class Packed(NamedTuple):
    """A batch's candidates packed to cross processes cheaply: numbers as bytes, each reason once.

    Unpickling 384,000 Candidate tuples cost the writer more than computing them.
    """

    reasons: list[str]
    articles: list[tuple[int, bytes, bytes, bytes]]  # article id; its event ids, reason numbers, scores

    @classmethod
    def of(cls, found_by_article: dict[int, dict[int, Candidate]]) -> "Packed":
        """Pack each article's candidates."""
        numbers: dict[str, int] = {}
        articles = []
        for article_id, found in found_by_article.items():
            which = array("I", [numbers.setdefault(c.reason, len(numbers)) for c in found.values()])
            scores = array("d", [c.score for c in found.values()])
            articles.append((article_id, array("q", found).tobytes(), which.tobytes(), scores.tobytes()))
        return cls(list(numbers), articles)

    def items(self) -> Iterator[tuple[int, list[tuple[int, str, float]]]]:
        """Each article with its candidates as (event id, reason, score)."""
        for article_id, ids, which, scores in self.articles:
            reasons = map(self.reasons.__getitem__, _numbers("I", which))
            yield article_id, list(zip(_numbers("q", ids), reasons, _numbers("d", scores), strict=True))


def _numbers(code: str, raw: bytes) -> "array[Any]":
    numbers = array(code)
    numbers.frombytes(raw)
    return numbers


# Candidates computed elsewhere (worker processes): for batches of article ids, each batch's
# candidates, yielded in order as they are ready.
CandidatesMapper = Callable[[Bounds, list[list[int]]], Iterator[Packed]]


def refresh_auto_links(
    session: Session, *, article_ids: Sequence[int] | None = None, mapper: CandidatesMapper | None = None
) -> int:
    """Recompute automatic links for these articles (all published ones by default).

    With `mapper`, a refresh of many articles has their candidates computed elsewhere (from what is
    committed) while this process writes the batches already computed.
    """
    query = select(Article).options(_WINDOW_ONLY).where(Article.status == ArticleStatus.published)
    query = query.order_by(col(Article.id))
    if article_ids is None:
        every = list(session.exec(query).all())
    else:
        wanted = sorted(set(article_ids))
        every = [
            article
            for start in range(0, len(wanted), _CHUNK)
            for article in session.exec(query.where(col(Article.id).in_(wanted[start : start + _CHUNK])))
        ]
    batches = [every[start : start + _CHUNK] for start in range(0, len(every), _CHUNK)]
    computed: Iterable[Iterable[tuple[int, Sequence[tuple[int, str, float]]]]]
    if len(every) < _POOL_FROM:
        computed = (_unpacked(_from_database(session, batch)) for batch in batches)
    else:
        bounds = _bounds([context_window(article) for article in every])
        if mapper is not None:
            batches = [every[start : start + _MAPPED] for start in range(0, len(every), _MAPPED)]
            packs = mapper(bounds, [[a.id for a in batch if a.id is not None] for batch in batches])
            computed = (packed.items() for packed in packs)
        else:
            pool = _EventPool(session, bounds)
            computed = (_unpacked(_from_pool(session, pool, batch)) for batch in batches)
    count = written = 0
    for batch, found_by_article in zip(batches, computed, strict=True):
        existing = _existing_links(session, [a.id for a in batch if a.id is not None])
        writes = _Writes()
        for article_id, found in found_by_article:
            writes.plan(article_id, found, existing.get(article_id, {}))
            count += len(found)
        written += len(writes.stale) + len(writes.added) + len(writes.changed)
        writes.apply(session)
    session.commit()
    if written >= BULK_LOAD:
        analyze_after_bulk_load(session, [_LINKS])
    return count


def candidates_elsewhere(session: Session, *, key: str, bounds: Bounds, article_ids: list[int]) -> Packed:
    """What a CandidatesMapper runs (in a worker): these articles' candidates, packed.

    The events in `bounds` are read once per `key` (one refresh) and kept for its next batches.
    """
    if _kept_pool[0] != key:
        _kept_pool[:] = [key, _EventPool(session, bounds)]
    query = select(Article).options(_WINDOW_ONLY).where(col(Article.id).in_(article_ids)).order_by(col(Article.id))
    return Packed.of(_from_pool(session, _kept_pool[1], list(session.exec(query).all())))


_kept_pool: list[Any] = ["", None]  # (refresh key, its _EventPool) in a worker process
_MAPPED = 200  # articles per batch computed elsewhere: the first arrives soon, the rest while writing


def _from_pool(session: Session, pool: "_EventPool", articles: list[Article]) -> dict[int, dict[int, Candidate]]:
    """Each article's candidates from the pool, in the articles' order."""
    geos = geographies(session, articles)
    return {article.id: pool.candidates(geos[article.id]) for article in articles if article.id is not None}


def _unpacked(
    found_by_article: dict[int, dict[int, Candidate]],
) -> Iterator[tuple[int, Sequence[tuple[int, str, float]]]]:
    return ((article_id, list(found.values())) for article_id, found in found_by_article.items())


def _from_database(session: Session, articles: list[Article]) -> dict[int, dict[int, Candidate]]:
    """Each article's candidates through the database's indexes, in the articles' order."""
    geos = geographies(session, articles)
    return {article.id: candidates(session, article, geos[article.id]) for article in articles if article.id}


def _bounds(windows: Sequence[tuple[date | None, date | None]]) -> Bounds:
    """The dates every window lies within; None where a window is open (undated events then count too)."""
    start = min(s for s, _ in windows if s) if windows and all(s for s, _ in windows) else None
    end = max(e for _, e in windows if e) if windows and all(e for _, e in windows) else None
    return start, end


# What link refreshes read of an article: not its bodies (2,000 articles are read twice per ingest).
_WINDOW_ONLY = load_only(
    *(getattr(Article, name) for name in ("id", "status", "published", "context_from", "context_to"))
)

# From this many articles on, the events their links may take are read once into memory and every
# article's candidates are computed there; fewer articles ask the database (indexes) each.
_POOL_FROM = 40


class _EventPool:
    """The events in the articles' windows, newest first per place, region and country."""

    def __init__(self, session: Session, bounds: Bounds) -> None:
        query = _event_columns()
        if bounds[0]:  # else undated events and any day may be wanted
            query = query.where(col(ConflictEvent.date) >= bounds[0])
        if bounds[1]:
            query = query.where(col(ConflictEvent.date) <= bounds[1])
        rows = session.execute(_newest(query, None)).all()  # the order `_newest_first` gives
        places: dict[str, list[Any]] = {}
        regions: dict[str, list[Any]] = {}
        countries: dict[str, list[Any]] = {}
        for row in map(tuple, rows):  # plain tuples and appends: this loop sees every event in the windows
            if row[2]:
                places.setdefault(row[2], []).append(row)
            if row[3]:
                regions.setdefault(row[3], []).append(row)
                if "-" in row[3]:
                    countries.setdefault(row[3].split("-", 1)[0], []).append(row)
        self.places = {code: _Sorted(events) for code, events in places.items()}
        self.regions = {code: _Sorted(events) for code, events in regions.items()}
        self.countries = {code: _Sorted(events) for code, events in countries.items()}

    def candidates(self, geo: Geography) -> dict[int, Candidate]:
        """What `candidates` finds for this geography, from memory."""
        places = (event for code in geo.places if code in self.places for event in self.places[code].within(geo.window))
        return _assemble(
            geo, places=places,
            regions=lambda limit: _newest_of(self.regions, geo.regions, geo.window, limit),
            countries=lambda limit: _newest_of(self.countries, sorted(geo.countries), geo.window, limit),
        )  # fmt: skip


def _newest_first(event: Any) -> tuple[bool, int, int]:
    """The order of `_newest`: date descending, undated last, then id descending."""
    event_id, day = event[0], event[1]  # the columns of `_event_columns`
    return (day is None, -day.toordinal() if day else 0, -event_id)


class _Sorted:
    """Events newest first, with their keys for cutting a date window out of them."""

    def __init__(self, events: list[Any]) -> None:
        self.events = events
        infinity = float("inf")  # undated events come last
        self.keys = [-event[1].toordinal() if event[1] else infinity for event in events]  # minus the day's ordinal

    def within(self, window: tuple[date | None, date | None]) -> list[Any]:
        """The events in a window, newest first (undated ones only when the window is open both ends)."""
        start, end = window
        low = bisect.bisect_left(self.keys, -end.toordinal()) if end else 0
        if start:
            high = bisect.bisect_right(self.keys, -start.toordinal())
        elif end:
            high = bisect.bisect_left(self.keys, float("inf"))
        else:
            high = len(self.events)
        return self.events[low:high]


def _newest_of(
    lists: dict[str, _Sorted], codes: Iterable[str], window: tuple[date | None, date | None], limit: int
) -> list[Any]:
    """The `limit` newest events of these codes within the window (as `_newest` in SQL)."""
    codes = [code for code in codes if code in lists]
    if len(codes) == 1:  # already in order
        return lists[codes[0]].within(window)[:limit]
    merged = heapq.merge(*(lists[code].within(window)[:limit] for code in codes), key=_newest_first)
    return list(itertools.islice(merged, limit))


def _existing_links(session: Session, article_ids: list[int]) -> dict[int, dict[int, Any]]:
    """Each article's links by event id (the columns a refresh compares), in one query."""
    query = select_columns(
        col(ArticleEventLink.id), col(ArticleEventLink.article_id), col(ArticleEventLink.event_id),
        col(ArticleEventLink.origin), col(ArticleEventLink.pinned), col(ArticleEventLink.hidden),
        col(ArticleEventLink.reason), col(ArticleEventLink.score),
    ).where(col(ArticleEventLink.article_id).in_(article_ids))  # fmt: skip
    links: dict[int, dict[int, Any]] = {}
    for link in session.execute(query):
        links.setdefault(link.article_id, {})[link.event_id] = link
    return links


class _Writes:
    """The link changes of a batch of articles, written in a few bulk statements."""

    def __init__(self) -> None:
        self.stale: list[int] = []
        self.added: list[dict[str, Any]] = []
        self.changed: list[dict[str, Any]] = []
        self.now = utcnow()

    def plan(self, article_id: int, found: Sequence[tuple[int, str, float]], existing: dict[int, Any]) -> None:
        """Replace an article's automatic links by the (event id, reason, score) found; editors' links stay."""
        automatic = {event_id for event_id, link in existing.items() if _automatic(link)}
        if automatic:
            kept = {event_id for event_id, _, _ in found}
            self.stale += [existing[event_id].id for event_id in automatic if event_id not in kept]
        for event_id, reason, score in found:
            link = existing.get(event_id)
            if link is None:
                self.added.append({"article_id": article_id, "event_id": event_id, "reason": reason, "score": score})
            elif event_id in automatic and (link.reason, link.score) != (reason, score):
                self.changed.append({"id": link.id, "reason": reason, "score": score})

    def apply(self, session: Session) -> None:
        """Delete, insert and update, in bulk."""
        for start in range(0, len(self.stale), _CHUNK):
            chunk = self.stale[start : start + _CHUNK]
            session.exec(delete(ArticleEventLink).where(col(ArticleEventLink.id).in_(chunk)))
        same = {"origin": "auto", "pinned": False, "hidden": False, "created_at": self.now}
        bulk_insert(session.connection(), _LINKS, self.added, same=same)
        if self.changed:
            session.execute(update(ArticleEventLink), self.changed)  # bulk update by primary key


_LINKS: Table = ArticleEventLink.__table__  # type: ignore[attr-defined]


def refresh_for_events(
    session: Session, *, event_ids: Sequence[int], created: Sequence[int] = (), mapper: CandidatesMapper | None = None
) -> int:
    """Recompute links only for the articles whose geography these events fall in.

    Of those, an article whose time window holds none of the events' dates cannot gain or lose
    a link through them and is left alone; articles already linked to one of the events are
    always recomputed (an updated event may have moved away). Events in `created` are new:
    nothing links to them yet, so that is not looked up. `mapper`: see `refresh_auto_links`.
    """
    if not event_ids:
        return 0
    where: set[tuple[str | None, str | None]] = set()
    when: set[date | None] = set()
    for condition in id_conditions(col(ConflictEvent.id), event_ids, chunk=_CHUNK):
        places = select(ConflictEvent.place_code, ConflictEvent.region_code).distinct()
        where.update(session.exec(places.where(condition)))
        when.update(session.exec(select(col(ConflictEvent.date)).distinct().where(condition)))
    linked: set[int] = set()
    for condition in id_conditions(col(ArticleEventLink.event_id), set(event_ids) - set(created), chunk=_CHUNK):
        linked.update(session.exec(select(ArticleEventLink.article_id).distinct().where(condition)).all())
    about = articles_about(session, rows=where)
    days = sorted(day for day in when if day is not None)
    wanted = sorted(linked | _in_windows(session, about, days, None in when))
    return refresh_auto_links(session, article_ids=wanted, mapper=mapper)


def _in_windows(session: Session, article_ids: Sequence[int], days: list[date], undated: bool) -> set[int]:
    """The articles whose context window holds one of these days (every one for an undated event)."""
    if undated:
        return set(article_ids)
    kept: set[int] = set()
    ids = list(article_ids)
    for start in range(0, len(ids), _CHUNK):
        query = select(Article).options(_WINDOW_ONLY).where(col(Article.id).in_(ids[start : start + _CHUNK]))
        for article in session.exec(query):
            low, high = context_window(article)
            first = bisect.bisect_left(days, low) if low else 0
            if first < len(days) and (high is None or days[first] <= high) and article.id is not None:
                kept.add(article.id)
    return kept


def forget_events(session: Session, *, event_ids: Sequence[int]) -> None:
    """Drop every link to events that are being deleted; the caller commits."""
    if event_ids:
        session.exec(delete(ArticleEventLink).where(col(ArticleEventLink.event_id).in_(list(event_ids))))


def articles_about(session: Session, *, rows: Iterable[tuple[str | None, str | None]]) -> list[int]:
    """Published articles about any of these (place code, region code) pairs or their countries."""
    places = {place for place, _ in rows if place}
    regions = {region for _, region in rows if region}
    countries = {region.split("-", 1)[0] for region in regions}
    ids: set[int] = set()
    ordered = sorted(places)
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start : start + _CHUNK]
        ids.update(session.exec(select(ArticlePlace.article_id).where(col(ArticlePlace.place_code).in_(chunk))))
    if regions:
        ids.update(session.exec(select(ArticleRegion.article_id).where(col(ArticleRegion.region_code).in_(regions))))
    if countries:
        ids.update(
            session.exec(select(ArticleCountry.article_id).where(col(ArticleCountry.country_code).in_(countries)))
        )
    return sorted(ids)


def context_window(article: Article) -> tuple[date | None, date | None]:
    """The article's window for linked events: its own, or a span around its published date."""
    if article.context_from or article.context_to:
        return article.context_from, article.context_to
    if article.published:
        days = timedelta(days=get_settings().link_context_days)
        return article.published - days, article.published + days
    return None, None


def geography(session: Session, article: Article) -> Geography:
    """The resolved places, regions and countries an article names."""
    assert article.id is not None
    return geographies(session, [article])[article.id]


def geographies(session: Session, articles: Sequence[Article]) -> dict[int, Geography]:
    """The geography of each article, read in five queries for the whole batch."""
    ids = [article.id for article in articles if article.id is not None]
    place_codes: dict[int, list[str]] = {i: [] for i in ids}
    region_codes: dict[int, list[str]] = {i: [] for i in ids}
    countries: dict[int, set[str]] = {i: set() for i in ids}
    query_places = select(ArticlePlace.article_id, ArticlePlace.place_code).where(col(ArticlePlace.article_id).in_(ids))
    for article_id, code in session.exec(query_places):
        if code:
            place_codes[article_id].append(code)
    query_regions = select(ArticleRegion.article_id, ArticleRegion.region_code)
    for article_id, code in session.exec(query_regions.where(col(ArticleRegion.article_id).in_(ids))):
        region_codes[article_id].append(code)
    query_countries = select(ArticleCountry.article_id, ArticleCountry.country_code)
    for article_id, code in session.exec(query_countries.where(col(ArticleCountry.article_id).in_(ids))):
        countries[article_id].add(code)
    all_places = sorted({c for codes in place_codes.values() for c in codes})
    all_regions = sorted({c for codes in region_codes.values() for c in codes})
    place_names = dict(session.exec(select(Place.code, Place.name).where(col(Place.code).in_(all_places))).all())
    region_names = dict(session.exec(select(Region.code, Region.name).where(col(Region.code).in_(all_regions))).all())
    return {
        article.id: Geography(
            {c: place_names[c] for c in place_codes[article.id] if c in place_names},
            {c: region_names[c] for c in region_codes[article.id] if c in region_names},
            countries[article.id],
            context_window(article),
        )
        for article in articles
        if article.id is not None
    }


def candidates(session: Session, article: Article, geo: Geography | None = None) -> dict[int, Candidate]:
    """Events around an article: same place, then same region, then same country, newest first.

    Region and country links are capped, so an article about a busy region stays fast.
    """
    geo = geo or geography(session, article)

    def newest(condition: Any, limit: int) -> Iterable[Any]:
        return session.execute(_newest(_in_window(_event_columns().where(condition), geo), limit))

    in_places = _in_window(_event_columns().where(col(ConflictEvent.place_code).in_(geo.places)), geo)
    in_regions = col(ConflictEvent.region_code).in_(geo.regions)
    prefixes = [col(ConflictEvent.region_code).startswith(f"{c}-") for c in sorted(geo.countries)]
    in_countries = or_(*prefixes) if prefixes else None
    return _assemble(
        geo,
        places=session.execute(in_places) if geo.places else (),
        regions=lambda limit: newest(in_regions, limit) if geo.regions else (),
        countries=lambda limit: newest(in_countries, limit) if geo.countries else (),
    )


def _assemble(
    geo: Geography, *, places: Iterable[Any], regions: Callable[[int], Iterable[Any]],
    countries: Callable[[int], Iterable[Any]],
) -> dict[int, Candidate]:  # fmt: skip
    """Candidates from the events at the article's places, then the newest of its regions and countries.

    `regions(limit)` and `countries(limit)` give their events newest first; each level beyond the
    places is capped (the database and the in-memory pool read them their own way). Reasons and
    recencies are computed once per place, region, country and day: a busy article has thousands.
    """
    cap = get_settings().link_region_cap
    found: dict[int, Candidate] = {}
    recency = _Recency(geo)
    named: dict[str, str] = {}
    for event_id, day, place_code, _, as_written in places:  # the columns of `_event_columns`
        reason = named.get(place_code)
        if reason is None:
            name = geo.places.get(place_code or "", as_written)
            reason = named[place_code] = f"Same place: {name} (named in this article)"
        found[event_id] = Candidate(event_id, reason, PLACE_SCORE + recency[day])
    weaker = 0  # region links so far: the only ones below PLACE_SCORE
    for event_id, day, _, region_code, _ in regions(cap + len(found)):
        if event_id not in found and weaker < cap:
            weaker += 1
            code = region_code or ""
            reason = f"Same region: {geo.regions.get(code, code)} ({region_code})"
            found[event_id] = Candidate(event_id, reason, REGION_SCORE + recency[day])
    weaker = 0  # country links so far: the only ones below REGION_SCORE
    for event_id, day, _, region_code, _ in countries(cap + len(found)):
        if event_id not in found and weaker < cap:
            weaker += 1
            country = (region_code or "").split("-", 1)[0]
            reason = f"Same country: {country} (this article is about it)"
            found[event_id] = Candidate(event_id, reason, COUNTRY_SCORE + recency[day])
    return found


def _in_window(query: Any, geo: Geography) -> Any:
    start, end = geo.window
    if start:
        query = query.where(col(ConflictEvent.date) >= start)
    if end:
        query = query.where(col(ConflictEvent.date) <= end)
    return query


def _newest(query: Any, limit: int | None) -> Any:
    return query.order_by(col(ConflictEvent.date).desc().nulls_last(), col(ConflictEvent.id).desc()).limit(limit)


def _event_columns() -> Any:
    """The columns link scoring reads (no whole events: thousands are read per busy article)."""
    return select_columns(
        col(ConflictEvent.id), col(ConflictEvent.date), col(ConflictEvent.place_code),
        col(ConflictEvent.region_code), col(ConflictEvent.place_as_written),
    )  # fmt: skip


class _Recency(dict[date | None, float]):
    """A tie-break below 1 by an event's day: nearer the middle of the window first (0 when open).

    Looked up as `recency[day]`; each day is computed once per article.
    """

    def __init__(self, geo: Geography) -> None:
        super().__init__()
        self.start, self.end = geo.window

    def __missing__(self, day: date | None) -> float:
        value = 0.0
        if day is not None and self.start and self.end:
            middle = self.start + (self.end - self.start) / 2
            span = max((self.end - self.start).days / 2, 1)
            value = round(max(0.0, 1 - abs((day - middle).days) / span) * 0.5, 4)
        self[day] = value
        return value


def _automatic(link: Any) -> bool:
    """A link no editor has touched: automatic refreshes may change or remove it."""
    return link.origin == "auto" and not link.pinned and not link.hidden


def events_for_article(
    session: Session, *, article_id: int, limit: int = 100
) -> list[tuple[ArticleEventLink, ConflictEvent]]:
    """Visible linked events of an article: pinned first, then strongest reason and nearest date."""
    query = (
        select(ArticleEventLink, ConflictEvent)
        .join(ConflictEvent, col(ConflictEvent.id) == ArticleEventLink.event_id)
        .where(ArticleEventLink.article_id == article_id, col(ArticleEventLink.hidden).is_(False))
        .order_by(col(ArticleEventLink.pinned).desc(), col(ArticleEventLink.score).desc(),
                  col(ConflictEvent.date).desc().nulls_last(), col(ConflictEvent.id))
        .limit(limit)
    )  # fmt: skip
    return [(link, event) for link, event in session.exec(query).all()]


@dataclass
class ContextGroup:
    """Events of one bulletin paragraph, one claimant and one action, shown as one line."""

    claimant: str
    day: date | None
    action: str
    region_code: str | None
    bulletin_id: int
    items: list[tuple[ArticleEventLink, ConflictEvent]]

    @property
    def pinned(self) -> bool:
        """True when an editor pinned any of its events."""
        return any(link.pinned for link, _ in self.items)


def context_groups(linked: Sequence[tuple[ArticleEventLink, ConflictEvent]]) -> list[ContextGroup]:
    """Linked events grouped by claimant, day, bulletin paragraph and action, in the order given."""
    groups: dict[tuple[Any, ...], ContextGroup] = {}
    for link, event in linked:
        key = (event.claimant, event.date, event.bulletin_id, event.paragraph_index, event.action, event.region_code)
        group = groups.get(key)
        if group is None:
            group = groups[key] = ContextGroup(
                event.claimant, event.date, event.action, event.region_code, event.bulletin_id, []
            )
        group.items.append((link, event))
    return list(groups.values())


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
