"""Public shapes of bulletins in the JSON API."""

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from app.events.schemas import FigurePublic, Span


class Window(BaseModel):
    """The reporting window a bulletin covers."""

    start: date | None
    end: date | None


class BulletinPublic(BaseModel):
    """A bulletin as ingested: who issued it, when, where it came from, how complete it is."""

    id: int
    title: str
    issuer: str
    format: str
    parser_version: str
    published_on: date | None
    as_of: date | None
    window: Window
    sha256: str
    origin: str
    completeness: str = Field(description="complete or truncated")
    notes: list[Any]
    body: Span
    status: str = Field(description="extracted, not extracted or extraction failed")
    error: str | None
    language: str | None
    issuer_slug: str | None
    reporter: str | None
    country: str | None
    content_type: str | None
    has_raw_page: bool
    url: str


class BulletinDetail(BulletinPublic):
    """A bulletin with its stored raw text (spans index into it) and every figure it states."""

    text: str
    figures: list[FigurePublic]


class SourcePublic(BaseModel):
    """Where bulletins come from; for a feed, when it was last polled and what failed."""

    id: int
    name: str
    kind: str = Field(description="file, url or feed")
    location: str
    format: str | None
    issuer: str | None
    interval_seconds: int | None
    last_checked: datetime | None
    last_success: datetime | None
    last_error: str | None
    etag: str | None
    last_modified: str | None
    entries: dict[str, int]
