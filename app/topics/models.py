"""The topic taxonomy (content/topics.yml)."""

from sqlmodel import Field, SQLModel


class Topic(SQLModel, table=True):
    """A topic; parent is null for a top-level topic."""

    slug: str = Field(primary_key=True, max_length=100)
    name: str = Field(max_length=200)
    description: str = Field(default="", max_length=1000)
    parent_slug: str | None = Field(default=None, foreign_key="topic.slug", max_length=100)
    position: int = 0
