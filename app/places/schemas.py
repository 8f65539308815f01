"""Public shapes of regions and places in the JSON API."""

from datetime import date

from pydantic import BaseModel, Field

from app.events.schemas import CountedValue, TimelinePublic


class RegionPublic(BaseModel):
    """A region with its names and counts."""

    code: str = Field(description="ISO 3166-2 code")
    name: str
    name_uk: str
    name_ru: str
    country: str
    variants: list[str]
    events: int
    articles: int
    url: str


class PlaceSummaryPublic(BaseModel):
    """A place with its event count (and distance, for neighbours)."""

    id: str
    name: str
    name_uk: str
    region: str
    lat: float | None
    lon: float | None
    events: int
    distance_km: float | None = None
    url: str


class ArticleRef(BaseModel):
    """An article in a list beside a region, place or topic."""

    slug: str
    title: str
    summary: str
    published: date | None
    url: str


class RegionFigurePublic(BaseModel):
    """A displacement or casualty figure about a region: one claim by one source, never summed."""

    id: int
    category: str
    value: int
    qualifier: str
    unit: str
    claimant: str
    quote: str
    date: date | None
    bulletin_id: int
    bulletin_title: str
    bulletin_url: str
    attached_by: str = Field(description="How it belongs to the region: sentence, paragraph, heading or bulletin")


class RegionDetail(RegionPublic):
    """A region with its timeline, most-mentioned places, claimants, articles and humanitarian figures."""

    timeline: TimelinePublic | None
    top_places: list[PlaceSummaryPublic]
    claimants: list[CountedValue]
    articles_total: int
    linked_articles: list[ArticleRef]
    figures: list[RegionFigurePublic]
    events_url: str


class PlaceHit(BaseModel):
    """A settlement found by name, in any spelling."""

    id: str
    name: str
    name_uk: str
    category: str
    region: str
    raion: str
    variants: list[str]
    events: int
    url: str


class PlaceDetail(BaseModel):
    """A settlement with its names, events over time, neighbours and articles."""

    id: str
    name: str
    name_uk: str
    category: str
    region: str
    country: str = Field(description="ISO 3166-1 alpha-2")
    raion: str
    hromada: str
    lat: float | None
    lon: float | None
    population: int | None
    variants: list[str]
    events: int
    timeline: TimelinePublic | None
    claimants: list[CountedValue]
    neighbours: list[PlaceSummaryPublic]
    articles: list[ArticleRef]
    events_url: str
    url: str
