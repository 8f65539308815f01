"""Articles, their revisions and their topic, region and place tags."""

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.db import utcnow


class ArticleStatus(StrEnum):
    """Editorial state; only published articles are public and searchable."""

    draft = "draft"
    in_review = "in_review"
    published = "published"
    archived = "archived"


class Article(SQLModel, table=True):
    """A curated article; its fields mirror the live revision."""

    # Lists count and order articles through this index, never through rows whose long bodies
    # (stored before these columns) would have to be read past.
    __table_args__ = (Index("ix_article_status_published", "status", "published", "title"),)

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True, index=True, max_length=200)
    title: str = Field(max_length=300)
    summary: str = Field(default="", max_length=1000)
    body: str = Field(default="", sa_column=Column(Text, nullable=False))
    body_html: str = Field(default="", sa_column=Column(Text, nullable=False))
    body_text: str = Field(default="", sa_column=Column(Text, nullable=False))
    source: str = Field(default="", max_length=300)
    source_url: str = Field(default="", max_length=1000)
    author: str = Field(default="", max_length=300)
    published: date | None = None
    context_from: date | None = None
    context_to: date | None = None
    status: ArticleStatus = Field(default=ArticleStatus.draft, max_length=20)
    origin_path: str = Field(default="", max_length=500)
    live_revision_id: int | None = None
    # A published article edited on the web keeps its live fields; the newer revision waits here.
    pending_status: str = Field(default="", max_length=20)  # "" / draft / in_review
    submitted_by: str = Field(default="", max_length=254)
    first_published_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    last_published_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))


class ArticleRevision(SQLModel, table=True):
    """A full snapshot of an article's front matter and body."""

    __table_args__ = (UniqueConstraint("article_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    number: int
    content_hash: str = Field(max_length=64)
    snapshot: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_by: str = Field(default="", max_length=200)
    origin: str = Field(default="file", max_length=10)  # file / web / api
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))


class ArticleTopic(SQLModel, table=True):
    """An article tagged with a topic."""

    article_id: int = Field(foreign_key="article.id", primary_key=True)
    topic_slug: str = Field(foreign_key="topic.slug", primary_key=True, max_length=100)


class ArticleRegion(SQLModel, table=True):
    """An article about a region, with the name the author wrote."""

    article_id: int = Field(foreign_key="article.id", primary_key=True)
    region_code: str = Field(foreign_key="region.code", primary_key=True, max_length=8)
    name_as_written: str = Field(default="", max_length=200)


class ArticleCountry(SQLModel, table=True):
    """An article about a whole country (ISO 3166-1 alpha-2), for country-level conflict context."""

    article_id: int = Field(foreign_key="article.id", primary_key=True)
    country_code: str = Field(primary_key=True, max_length=2, index=True)
    name_as_written: str = Field(default="", max_length=200)


class ArticlePlace(SQLModel, table=True):
    """An article about a place; place_code is null while the name is unresolved."""

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    name_as_written: str = Field(max_length=200)
    place_code: str | None = Field(default=None, foreign_key="place.code", max_length=32)
