"""Bulletins: raw texts as ingested, with where they came from."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Text
from sqlmodel import Field, SQLModel

from app.db import utcnow


class BulletinSource(SQLModel, table=True):
    """Where bulletins come from: a file location, a URL or a feed."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=300)
    kind: str = Field(default="file", max_length=20)  # file / url / feed
    location: str = Field(unique=True, max_length=1000)
    format: str = Field(default="", max_length=50)
    issuer: str = Field(default="", max_length=300)


class Bulletin(SQLModel, table=True):
    """One bulletin's raw text; the same text ingested twice is one bulletin."""

    id: int | None = Field(default=None, primary_key=True)
    sha256: str = Field(unique=True, max_length=64)
    source_id: int | None = Field(default=None, foreign_key="bulletinsource.id")
    origin: str = Field(default="", max_length=1000)
    title: str = Field(default="", max_length=500)
    issuer: str = Field(default="", max_length=300)
    format: str = Field(max_length=50)
    parser_version: str = Field(default="", max_length=20)
    published_on: date | None = Field(default=None, index=True)
    as_of: date | None = None
    window_start: date | None = None
    window_end: date | None = None
    text: str = Field(sa_column=Column(Text, nullable=False))
    body_start: int = 0
    body_end: int = 0
    completeness: str = Field(default="complete", max_length=20)  # complete / truncated
    notes: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    ingested_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))
