"""The article form as posted by a browser, and its conversion to front-matter fields."""

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.articles.content import ArticleDraft


class ArticleForm(BaseModel):
    """Every field of the editor's article form (other posted fields, like the CSRF token, are ignored)."""

    model_config = ConfigDict(extra="ignore")

    slug: str = Field(default="", max_length=200)
    title: str = Field(default="", max_length=2000)
    summary: str = Field(default="", max_length=5000)
    source: str = Field(default="", max_length=2000)
    source_url: str = Field(default="", max_length=5000)
    author: str = Field(default="", max_length=2000)
    published: str = Field(default="", max_length=100)
    topics: list[str] = Field(default_factory=list, max_length=200)
    regions: str = Field(default="", max_length=10000)
    countries: str = Field(default="", max_length=10000)
    places: str = Field(default="", max_length=10000)
    context_from: str = Field(default="", max_length=100)
    context_to: str = Field(default="", max_length=100)
    body: str = Field(default="", max_length=1_000_000)
    base_revision: str = Field(default="", max_length=20)
    action: str = Field(default="save", max_length=20)

    def names(self, value: str) -> list[str]:
        """One name per line (commas also separate)."""
        return [part.strip() for part in re.split(r"[\n,;]", value) if part.strip()]

    def fields(self) -> dict[str, Any]:
        """The front-matter fields the shared validator checks."""
        data: dict[str, Any] = {
            "title": self.title, "summary": self.summary, "source": self.source, "source_url": self.source_url,
            "author": self.author, "published": self.published.strip(), "topics": list(self.topics),
            "regions": self.names(self.regions), "countries": self.names(self.countries),
            "places": self.names(self.places),
        }  # fmt: skip
        if self.context_from.strip() or self.context_to.strip():
            data["context"] = {"from": self.context_from.strip() or None, "to": self.context_to.strip() or None}
        return data

    def base(self) -> int | None:
        """The revision the form was opened on (None for a new article)."""
        return int(self.base_revision) if self.base_revision.strip().isdigit() else None

    @classmethod
    def from_draft(cls, draft: ArticleDraft, *, base_revision: int | None) -> "ArticleForm":
        """The form filled from a revision."""
        return cls(
            slug=draft.slug, title=draft.title, summary=draft.summary, source=draft.source,
            source_url=draft.source_url, author=draft.author,
            published=draft.published.isoformat() if draft.published else "", topics=list(draft.topics),
            regions="\n".join(draft.regions), countries="\n".join(draft.countries), places="\n".join(draft.places),
            context_from=draft.context_from.isoformat() if draft.context_from else "",
            context_to=draft.context_to.isoformat() if draft.context_to else "",
            body=draft.body, base_revision=str(base_revision or ""),
        )  # fmt: skip
