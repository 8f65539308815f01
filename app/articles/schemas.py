"""Public shapes of articles in the JSON API."""

from datetime import date, datetime

from pydantic import BaseModel

from app.events.schemas import LinkedEvent


class ArticlePlaceRef(BaseModel):
    """A place an article names: as written, and its id when resolved."""

    as_written: str
    id: str | None


class ArticlePublic(BaseModel):
    """A published article's metadata."""

    slug: str
    title: str
    summary: str
    source: str | None
    source_url: str | None
    author: str | None
    published: date | None
    status: str
    updated_at: datetime
    topics: list[str]
    regions: list[str]
    places: list[ArticlePlaceRef]
    context: dict[str, date | None]
    url: str


class ArticleDetail(ArticlePublic):
    """An article with its body and its linked events, each with the reason it is linked."""

    body: str
    html: str
    revisions: int
    linked_events: list[LinkedEvent]
