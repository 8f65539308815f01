"""The topic taxonomy: load it from content/topics.yml, list and read topics."""

from pathlib import Path

import yaml
from sqlalchemy import func
from sqlmodel import Session, col, select

from app.articles.models import Article, ArticleStatus, ArticleTopic
from app.errors import InputError, NotFound
from app.topics.models import Topic


def load_taxonomy(session: Session, *, path: Path) -> int:
    """Upsert every topic of the YAML file; return how many there are."""
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except yaml.YAMLError as error:
        raise InputError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(entries, list):
        raise InputError(f"{path}: expected a list of topics")
    slugs = [str(e.get("slug", "")) for e in entries if isinstance(e, dict)]
    for position, entry in enumerate(entries):
        if not isinstance(entry, dict) or not entry.get("slug") or not entry.get("name"):
            raise InputError(f"{path}: topic #{position + 1} needs a slug and a name")
        parent = entry.get("parent")
        if parent and parent not in slugs:
            raise InputError(f"{path}: topic '{entry['slug']}' has unknown parent '{parent}'")
    # Parents first, so the foreign key always points at an existing row.
    ordered = sorted(enumerate(entries), key=lambda pair: bool(pair[1].get("parent")))
    for position, entry in ordered:
        topic = session.get(Topic, entry["slug"]) or Topic(slug=entry["slug"], name=entry["name"])
        topic.name = entry["name"]
        topic.description = entry.get("description") or ""
        topic.parent_slug = entry.get("parent") or None
        topic.position = position
        session.add(topic)
        session.flush()
    session.commit()
    return len(entries)


def list_topics(session: Session) -> list[Topic]:
    """All topics in taxonomy order."""
    return list(session.exec(select(Topic).order_by(col(Topic.position))).all())


def known_slugs(session: Session) -> set[str]:
    """Slugs of every topic."""
    return set(session.exec(select(Topic.slug)).all())


def get(session: Session, *, slug: str) -> Topic:
    """The topic with this slug."""
    topic = session.get(Topic, slug)
    if topic is None:
        raise NotFound(f"no topic '{slug}'")
    return topic


def article_counts(session: Session) -> dict[str, int]:
    """Published articles per topic slug."""
    query = (
        select(ArticleTopic.topic_slug, func.count())
        .join(Article, col(Article.id) == ArticleTopic.article_id)
        .where(Article.status == ArticleStatus.published)
        .group_by(col(ArticleTopic.topic_slug))
    )
    return {str(slug): int(n) for slug, n in session.exec(query).all()}
