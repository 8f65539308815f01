"""Conflict events and figure claims extracted from bulletins."""

import datetime as dt

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel


class ConflictEvent(SQLModel, table=True):
    """One action at one place on one day, as claimed by the bulletin's issuer."""

    # Newest events of a region or place (links, claims, browsing) read in index order, no sort.
    # They also serve every lookup by region or place, so those columns have no index of their own.
    __table_args__ = (
        Index("ix_conflictevent_region_date", "region_code", "date", "id"),
        Index("ix_conflictevent_place_date", "place_code", "date", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    bulletin_id: int = Field(foreign_key="bulletin.id", index=True)
    date: dt.date | None = Field(default=None, index=True)
    date_precision: str = Field(default="day", max_length=30)  # "day-of-year-unknown" is 19
    claimant: str = Field(max_length=300)
    actor: str = Field(default="", max_length=300)
    target_actor: str = Field(default="", max_length=300)
    action: str = Field(max_length=40)  # losses_inflicted / took_control / advanced
    group_name: str = Field(default="unknown", max_length=100)
    group_as_written: str = Field(default="", max_length=200)
    place_as_written: str = Field(max_length=200)
    place_start: int
    place_end: int
    region_as_written: str = Field(default="", max_length=200)
    region_code: str | None = Field(default=None, foreign_key="region.code")
    region_method: str = Field(default="", max_length=20)  # as_written / capital / none
    place_code: str | None = Field(default=None, foreign_key="place.code")
    place_method: str = Field(default="unresolved", max_length=20)
    place_score: float = 0.0
    place_same_name_count: int = 0
    place_status: str = Field(default="unresolved", max_length=20)
    geo_precision: str = Field(default="region", max_length=20)  # settlement / region / none
    paragraph_index: int = 0
    paragraph_truncated: bool = False
    quote: str = Field(sa_column=Column(Text, nullable=False))
    quote_start: int
    quote_end: int
    claim_status: str = Field(default="claimed", max_length=20)
    confidence: float = 0.5


class FigureClaim(SQLModel, table=True):
    """A number a bulletin states, with qualifier, unit, scope and who claims it."""

    id: int | None = Field(default=None, primary_key=True)
    bulletin_id: int = Field(foreign_key="bulletin.id", index=True)
    category: str = Field(max_length=40)
    value: int
    qualifier: str = Field(default="exact", max_length=20)  # exact / up to / more than / about
    unit: str = Field(max_length=200)
    scope: str = Field(max_length=20)  # group / bulletin / since_start
    group_name: str = Field(default="", max_length=100)
    since: str = Field(default="", max_length=200)
    claimant: str = Field(max_length=300)
    quote: str = Field(sa_column=Column(Text, nullable=False))
    start: int
    end: int
    check_status: str = Field(default="", max_length=20)  # consistent / inconsistent
    check_detail: str = Field(default="", max_length=500)
