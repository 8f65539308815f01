"""Links between articles and the conflict events around them."""

from datetime import datetime

from sqlalchemy import Column, DateTime, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.db import utcnow


class ArticleEventLink(SQLModel, table=True):
    """An article linked to an event, automatically or by an editor, with the reason."""

    # The unique (article_id, event_id) index also serves lookups by article: no index of its own.
    __table_args__ = (UniqueConstraint("article_id", "event_id"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id")
    event_id: int = Field(foreign_key="conflictevent.id", index=True)
    origin: str = Field(default="auto", max_length=10)  # auto / manual
    reason: str = Field(max_length=500)
    score: float = 0.0
    pinned: bool = False
    hidden: bool = False
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))
