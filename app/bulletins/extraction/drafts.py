"""What extraction produces: drafts the ingestion flow turns into rows."""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Span:
    """A character range [start, end) in the bulletin's raw text."""

    start: int
    end: int


@dataclass(frozen=True)
class ParseHints:
    """What is known about a bulletin besides its text (where it came from, dates from metadata)."""

    url: str = ""  # the URL it was fetched from, or the feed entry's link
    known_date: date | None = None  # an operator's `--date`, a feed entry's date, a date in the URL
    http_date: date | None = None  # the HTTP Last-Modified (or Date) header
    title: str = ""  # a feed entry's or an HTML page's title


@dataclass
class EventDraft:
    """One claimed action at one place, before place resolution."""

    action: str
    place_as_written: str
    place_span: Span
    region_as_written: str
    group_name: str
    group_as_written: str
    quote_span: Span
    paragraph_index: int
    paragraph_truncated: bool
    neighbours: tuple[tuple[str, str], ...] = ()  # other (place, region as written) of the sentence
    actor: str = ""  # who acted, as the parser understands the claim
    target_actor: str = ""  # who was acted upon
    event_date: date | None = None  # when the sentence dates the action; else the bulletin's date
    date_precision: str = "day"  # day / day-of-year-unknown / month
    country: str = ""  # ISO 3166-1 alpha-2 of the place; empty: the bulletin's country
    region_code: str = ""  # region the extractor inferred when the text writes none (ISO 3166-2)


@dataclass
class FigureDraft:
    """One number the bulletin states."""

    category: str
    value: int
    qualifier: str
    unit: str
    scope: str
    span: Span
    quote_span: Span
    group_name: str = ""
    since: str = ""
    check_status: str = ""
    check_detail: str = ""
    delta: int | None = None  # the daily increase a loss table gives, "tanks – 8,123 (+7)"


@dataclass
class ParsedBulletin:
    """Everything a parser found in one bulletin text."""

    format: str
    parser_version: str
    issuer: str = ""
    issuer_slug: str = ""  # ru_mod / ua_general_staff / ocha / unhcr / ... / unknown
    reporter: str = ""  # who reproduced it (TASS, Ukrinform, ...), when not the issuer
    language: str = "en"
    country: str = ""  # ISO 3166-1 alpha-2 the bulletin is about; empty means Ukraine
    title: str = ""
    published_on: date | None = None
    date_precision: str = "day"  # day / day-of-year-unknown (then published_on is None)
    as_of: date | None = None
    window_start: date | None = None
    window_end: date | None = None
    body_start: int = 0
    body_end: int = 0
    completeness: str = "complete"
    events: list[EventDraft] = field(default_factory=list)
    figures: list[FigureDraft] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
