"""Write articles back out as Markdown files with front matter (what the web holds)."""

from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session, col, select

from app.articles.content import ArticleDraft
from app.articles.models import Article
from app.articles.workflow import draft_from_snapshot, latest_revision, state


def front_matter(draft: ArticleDraft, status: str) -> dict[str, Any]:
    """The front matter a draft would be published from."""
    data: dict[str, Any] = {"title": draft.title, "summary": draft.summary}
    for key in ("source", "source_url", "author"):
        if getattr(draft, key):
            data[key] = getattr(draft, key)
    if draft.published:
        data["published"] = draft.published
    data["topics"] = list(draft.topics)
    if draft.regions:
        data["regions"] = list(draft.regions)
    if draft.countries:
        data["countries"] = list(draft.countries)
    if draft.places:
        data["places"] = list(draft.places)
    if draft.context_from or draft.context_to:
        data["context"] = {"from": draft.context_from, "to": draft.context_to}
    data["status"] = status
    return data


def export_all(session: Session, *, directory: Path) -> int:
    """Write one file per article (its newest revision and current state) into directory."""
    directory.mkdir(parents=True, exist_ok=True)
    articles = session.exec(select(Article).order_by(col(Article.slug))).all()
    for article in articles:
        assert article.id is not None
        revision = latest_revision(session, article_id=article.id)
        if revision is None:
            continue
        draft = draft_from_snapshot(revision.snapshot)
        header = yaml.safe_dump(front_matter(draft, state(article)), sort_keys=False, allow_unicode=True)
        (directory / f"{article.slug}.md").write_text(f"---\n{header}---\n{draft.body}\n", encoding="utf-8")
    return len(articles)
