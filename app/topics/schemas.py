"""Public shapes of topics in the JSON API."""

from pydantic import BaseModel

from app.events.schemas import TimelinePublic
from app.places.schemas import ArticleRef


class TopicPublic(BaseModel):
    """A topic of the taxonomy with its published article count."""

    slug: str
    name: str
    description: str
    parent: str | None
    articles: int
    url: str


class TopicDetail(TopicPublic):
    """A topic with its subtopics, its articles and the events linked to them over time."""

    children: list[TopicPublic]
    linked_articles: list[ArticleRef]
    timeline: TimelinePublic | None
    events_url: str
