"""Public shapes of events, figure claims and timelines in the JSON API."""

from datetime import date

from pydantic import BaseModel, Field


class Span(BaseModel):
    """Character offsets into the bulletin's text."""

    start: int
    end: int


class FigureCheck(BaseModel):
    """Whether a figure agrees with the bulletin's other figures."""

    status: str
    detail: str


class FigurePublic(BaseModel):
    """A number a bulletin states, always with who claims it and the sentence it comes from."""

    id: int
    category: str
    value: int
    qualifier: str = Field(description="exact, up to, more than, about ...")
    unit: str
    scope: str
    group: str | None
    since: str | None
    claimant: str
    quote: str
    span: Span
    check: FigureCheck | None


class Counterpart(BaseModel):
    """Another claimant's event at the same place within a day."""

    id: int
    claimant: str
    action: str
    date: str | None
    claim_status: str
    url: str


class EventPlace(BaseModel):
    """The settlement a name as written was resolved to."""

    id: str
    name: str
    name_uk: str
    method: str
    score: float
    same_name_count: int


class PlaceResolution(BaseModel):
    """How the name as written was (or was not) resolved."""

    status: str
    method: str
    same_name_count: int


class EventRegion(BaseModel):
    """The region of an event."""

    code: str
    name: str
    method: str


class EventPublic(BaseModel):
    """One claimed action at one place on one day, traced to its bulletin sentence."""

    id: int
    bulletin_id: int
    title: str = Field(description="Worded as a claim: 'Russian MoD claims losses inflicted near ...'")
    also_reported_by: list[Counterpart]
    date: str | None
    date_precision: str
    claimant: str
    claim_status: str = Field(description="claimed, corroborated or contested")
    actor: str | None
    target_actor: str | None
    group: str
    group_as_written: str | None
    action: str
    place_as_written: str
    place_span: Span
    region_as_written: str | None
    place: EventPlace | None
    place_resolution: PlaceResolution
    region: EventRegion | None
    geo_precision: str
    paragraph_truncated: bool
    quote: str
    span: Span
    figures: list[FigurePublic]
    url: str


class LinkReason(BaseModel):
    """Why an event is linked to an article."""

    reason: str
    origin: str
    score: float


class LinkedEvent(EventPublic):
    """An event in an article's context, with why it is linked."""

    link: LinkReason


class TimelineBucket(BaseModel):
    """One bar of a timeline: its first day and events per claimant."""

    start: date
    label: str
    counts: dict[str, int]
    total: int


class TimelinePublic(BaseModel):
    """Claimed events per day, week or month per claimant over a window."""

    unit: str = Field(description="day, week or month")
    start: date
    end: date
    claimants: list[str]
    total: int
    undated: int
    buckets: list[TimelineBucket]


class CountedValue(BaseModel):
    """A value and how many events have it."""

    value: str
    events: int
