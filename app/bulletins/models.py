"""Bulletins: raw texts as ingested, with where they came from, and the feeds that are followed."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.db import utcnow

# Bulletin.status: what extraction made of the stored text.
EXTRACTED = "extracted"
NOT_EXTRACTED = "not_extracted"  # a language the extractors do not read; the text is kept
EXTRACTION_FAILED = "extraction_failed"
STATUS_LABELS = {EXTRACTED: "extracted", NOT_EXTRACTED: "not extracted", EXTRACTION_FAILED: "extraction failed"}


class BulletinSource(SQLModel, table=True):
    """Where bulletins come from: a file location, a URL or a feed that is polled."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=300)
    kind: str = Field(default="file", max_length=20)  # file / url / feed
    location: str = Field(unique=True, max_length=1000)
    format: str = Field(default="", max_length=50)
    issuer: str = Field(default="", max_length=300)
    interval_seconds: int = 3600  # between polls of a feed
    etag: str = Field(default="", max_length=500)
    last_modified: str = Field(default="", max_length=100)
    last_checked: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))
    last_success: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))
    last_error: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


class Bulletin(SQLModel, table=True):
    """One bulletin's raw text; the same text ingested twice is one bulletin."""

    id: int | None = Field(default=None, primary_key=True)
    sha256: str = Field(unique=True, max_length=64)
    source_id: int | None = Field(default=None, foreign_key="bulletinsource.id")
    origin: str = Field(default="", max_length=1000)
    title: str = Field(default="", max_length=500)
    issuer: str = Field(default="", max_length=300)
    issuer_slug: str = Field(default="", max_length=50)
    reporter: str = Field(default="", max_length=300)
    country: str = Field(default="", max_length=8)
    language: str = Field(default="", max_length=10)
    format: str = Field(max_length=50)
    requested_format: str = Field(default="", max_length=50)  # the --format given at ingest, if any
    parser_version: str = Field(default="", max_length=20)
    status: str = Field(default=EXTRACTED, max_length=20, index=True)
    extraction_error: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    published_on: date | None = Field(default=None, index=True)
    as_of: date | None = None
    window_start: date | None = None
    window_end: date | None = None
    text: str = Field(sa_column=Column(Text, nullable=False))
    raw_page: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # the HTML it came from
    content_type: str = Field(default="", max_length=200)
    hints: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}"))
    body_start: int = 0
    body_end: int = 0
    completeness: str = Field(default="complete", max_length=20)  # complete / truncated
    notes: list[Any] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    ingested_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))
    extracted_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))


class FeedEntry(SQLModel, table=True):
    """One entry of a followed feed or listing page: what became of its link."""

    __table_args__ = (UniqueConstraint("source_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="bulletinsource.id", index=True)
    key: str = Field(max_length=1000)  # the entry's id, else its link
    url: str = Field(max_length=1000)
    title: str = Field(default="", max_length=500)
    published_on: date | None = None
    bulletin_id: int | None = Field(default=None, foreign_key="bulletin.id")
    status: str = Field(default="new", max_length=20)  # ingested / duplicate / failed
    error: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    attempts: int = 0
    last_attempt: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))
