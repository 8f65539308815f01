"""Read-only overviews for the index pages: regions and places with their event and article counts, neighbours."""

import math
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.articles import service as articles_service
from app.articles.models import Article, ArticlePlace, ArticleRegion, ArticleStatus
from app.events import browse as events_browse
from app.events import figures as events_figures
from app.events import timeline as events_timeline
from app.events.models import ConflictEvent
from app.places import regions as regions_table
from app.places import service as places_service
from app.places import world_regions
from app.places.models import Place, Region

NEIGHBOUR_BOX = (1.0, 1.5)  # degrees of latitude, longitude searched first around a place (about 110 km)


@dataclass(frozen=True)
class RegionSummary:
    """A region with how many events are claimed there and how many articles are about it."""

    region: Region
    events: int
    articles: int


@dataclass(frozen=True)
class PlaceSummary:
    """A stored place with its event count (and distance in km when listed as a neighbour)."""

    place: Place
    events: int
    distance_km: float | None = None


def article_counts_by_region(session: Session) -> dict[str, int]:
    """Published articles per region code."""
    query = (
        select(ArticleRegion.region_code, func.count())
        .join(Article, col(Article.id) == ArticleRegion.article_id)
        .where(Article.status == ArticleStatus.published)
        .group_by(col(ArticleRegion.region_code))
    )
    return {str(code): int(n) for code, n in session.exec(query).all()}


def region_summaries(session: Session) -> list[RegionSummary]:
    """Every region with its event and article counts, by country then name."""
    events = events_browse.count_by(session, column="region_code")
    articles = article_counts_by_region(session)
    regions = session.exec(select(Region).order_by(col(Region.country), col(Region.name))).all()
    return [RegionSummary(r, events.get(r.code, 0), articles.get(r.code, 0)) for r in regions]


def region_summary(session: Session, *, region: Region) -> RegionSummary:
    """One region's counts."""
    events = session.exec(select(func.count()).where(ConflictEvent.region_code == region.code)).one()
    articles = article_counts_by_region(session).get(region.code, 0)
    return RegionSummary(region, int(events), articles)


def places_with_events(
    session: Session, *, region_code: str | None = None, limit: int = 50, offset: int = 0
) -> tuple[list[PlaceSummary], int]:
    """Places that events were resolved to, most events first, and how many there are."""
    counted = select(ConflictEvent.place_code, func.count().label("n")).where(
        col(ConflictEvent.place_code).is_not(None)
    )
    if region_code:
        counted = counted.where(ConflictEvent.region_code == region_code)
    counts = counted.group_by(col(ConflictEvent.place_code)).subquery()
    total = session.exec(select(func.count()).select_from(counts)).one()
    query = (
        select(Place, counts.c.n)
        .join(counts, counts.c.place_code == Place.code)
        .order_by(counts.c.n.desc(), col(Place.name))
        .offset(offset)
        .limit(limit)
    )
    return [PlaceSummary(place, int(n)) for place, n in session.exec(query).all()], int(total)


def event_counts(session: Session, *, codes: list[str]) -> dict[str, int]:
    """Events per place code, for these codes."""
    if not codes:
        return {}
    query = (
        select(ConflictEvent.place_code, func.count())
        .where(col(ConflictEvent.place_code).in_(codes))
        .group_by(col(ConflictEvent.place_code))
    )
    return {str(code): int(n) for code, n in session.exec(query).all()}


def article_count_for_place(session: Session, *, code: str) -> int:
    """Published articles naming this place."""
    query = (
        select(func.count())
        .select_from(ArticlePlace)
        .join(Article, col(Article.id) == ArticlePlace.article_id)
        .where(ArticlePlace.place_code == code, Article.status == ArticleStatus.published)
    )
    return int(session.exec(query).one())


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, a)))


def neighbours(session: Session, *, place: Place, limit: int = 8) -> list[PlaceSummary]:
    """The nearest other places with events, by coordinates (a box around the place, widened until enough)."""
    if place.lat is None or place.lon is None:
        return []
    with_events = select(ConflictEvent.place_code).where(col(ConflictEvent.place_code).is_not(None)).distinct()
    lat_box, lon_box = NEIGHBOUR_BOX
    found: list[Place] = []
    for scale in (1, 3, 9):
        query = (
            select(Place)
            .where(col(Place.code).in_(with_events), Place.code != place.code)
            .where(col(Place.lat).between(place.lat - lat_box * scale, place.lat + lat_box * scale))
            .where(col(Place.lon).between(place.lon - lon_box * scale, place.lon + lon_box * scale))
        )
        found = list(session.exec(query).all())
        if len(found) >= limit:
            break
    ranked = sorted(
        ((distance_km(place.lat, place.lon, p.lat or 0, p.lon or 0), p) for p in found if p.lat is not None),
        key=lambda pair: (pair[0], pair[1].code),
    )[:limit]
    counts = event_counts(session, codes=[p.code for _, p in ranked])
    return [PlaceSummary(p, counts.get(p.code, 0), round(km, 1)) for km, p in ranked]


def region_variants(code: str) -> list[str]:
    """Every name of a region, Ukrainian (curated table) or elsewhere (world regions)."""
    entry = regions_table.get(code)
    return regions_table.name_variants(entry) if entry else world_regions.name_variants(code)


@dataclass
class RegionOverview:
    """Everything a region page and its API twin show."""

    summary: RegionSummary
    variants: list[str]
    timeline: events_timeline.Timeline | None
    top_places: list[PlaceSummary]
    claimants: list[tuple[str, int]]
    articles: list[Article]
    articles_total: int
    figures: list[events_figures.RegionFigure]


def region_overview(session: Session, *, code: str, articles_limit: int = 50) -> RegionOverview:
    """A region's timeline, most-mentioned places, claimants, linked articles and humanitarian figures."""
    region = places_service.get_region(session, code=code)
    filters = events_browse.EventFilters(region=region.code)
    top, _ = places_with_events(session, region_code=region.code, limit=10)
    articles, articles_total = articles_service.list_published(session, region=region.code, limit=articles_limit)
    return RegionOverview(
        summary=region_summary(session, region=region),
        variants=region_variants(region.code),
        timeline=events_timeline.timeline(session, filters=filters),
        top_places=top,
        claimants=events_browse.top_values(session, filters=filters, column="claimant", limit=20),
        articles=articles,
        articles_total=articles_total,
        figures=events_figures.for_region(session, region_code=region.code),
    )


@dataclass
class PlaceOverview:
    """Everything a place page and its API twin show."""

    place: Place
    variants: list[str]
    events: int
    timeline: events_timeline.Timeline | None
    claimants: list[tuple[str, int]]
    neighbours: list[PlaceSummary]
    articles: list[Article]


def place_overview(session: Session, *, code: str) -> PlaceOverview:
    """A place's names, its events over time by claimant, its nearest places with events and its articles."""
    place = places_service.get_place(session, code=code)
    filters = events_browse.EventFilters(place=place.code)
    return PlaceOverview(
        place=place,
        variants=places_service.place_variants(code=place.code),
        events=event_counts(session, codes=[place.code]).get(place.code, 0),
        timeline=events_timeline.timeline(session, filters=filters),
        claimants=events_browse.top_values(session, filters=filters, column="claimant", limit=20),
        neighbours=neighbours(session, place=place),
        articles=places_service.articles_naming_place(session, code=place.code),
    )
