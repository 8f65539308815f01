"""The search outbox: every searchable change, written in the same transaction."""

from datetime import datetime

from sqlalchemy import Column, DateTime, Text
from sqlmodel import Field, SQLModel

from app.db import utcnow


class SearchOutbox(SQLModel, table=True):
    """A pending sync of one entity to Meilisearch; the relay rebuilds it from the database."""

    id: int | None = Field(default=None, primary_key=True)
    entity: str = Field(max_length=20)  # article / event (no index: no query picks rows by entity alone)
    entity_id: str = Field(max_length=100)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))
    attempts: int = 0
    last_error: str = Field(default="", sa_column=Column(Text, nullable=False))
    next_attempt_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    processed_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True), index=True))
    # The relay holding this row (a lease) and until when; an expired lease may be taken over.
    claimed_by: str = Field(default="", max_length=100)
    claimed_until: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
