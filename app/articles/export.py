"""Write articles back out as Markdown files with front matter."""

from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session, select

from app.articles import service
from app.articles.models import Article


def front_matter(session: Session, article: Article) -> dict[str, Any]:
    """The front matter an article would be published from."""
    assert article.id is not None
    data: dict[str, Any] = {"title": article.title, "summary": article.summary}
    for key in ("source", "source_url", "author"):
        if getattr(article, key):
            data[key] = getattr(article, key)
    if article.published:
        data["published"] = article.published
    data["topics"] = [t.slug for t in service.topics_of(session, article_id=article.id)]
    regions = [r.name_as_written for r in service.regions_of(session, article_id=article.id)]
    places = [p.name_as_written for p in service.places_of(session, article_id=article.id)]
    if regions:
        data["regions"] = regions
    if places:
        data["places"] = places
    if article.context_from or article.context_to:
        data["context"] = {"from": article.context_from, "to": article.context_to}
    data["status"] = article.status.value
    return data


def export_all(session: Session, *, directory: Path) -> int:
    """Write one file per article into directory; return how many."""
    directory.mkdir(parents=True, exist_ok=True)
    articles = session.exec(select(Article)).all()
    for article in articles:
        header = yaml.safe_dump(front_matter(session, article), sort_keys=False, allow_unicode=True)
        (directory / f"{article.slug}.md").write_text(f"---\n{header}---\n{article.body}\n", encoding="utf-8")
    return len(articles)
