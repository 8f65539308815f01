"""Public shapes of bulletins in the JSON API."""

from datetime import date
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
    url: str


class BulletinDetail(BulletinPublic):
    """A bulletin with its stored raw text (spans index into it) and every figure it states."""

    text: str
    figures: list[FigurePublic]
