"""What extraction produces: drafts the ingestion flow turns into rows."""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Span:
    """A character range [start, end) in the bulletin's raw text."""

    start: int
    end: int


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


@dataclass
class ParsedBulletin:
    """Everything a parser found in one bulletin text."""

    format: str
    parser_version: str
    issuer: str = ""
    title: str = ""
    published_on: date | None = None
    as_of: date | None = None
    window_start: date | None = None
    window_end: date | None = None
    body_start: int = 0
    body_end: int = 0
    completeness: str = "complete"
    events: list[EventDraft] = field(default_factory=list)
    figures: list[FigureDraft] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
