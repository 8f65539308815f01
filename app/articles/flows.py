"""Publish a batch of Markdown files: one bad file never stops the others."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session, select

from app.articles import service, workflow
from app.articles.content import ContentError, parse_article, read_text_file
from app.articles.models import Article, ArticleStatus
from app.links import service as links_service
from app.topics import service as topics_service
from app.users.models import Role, User
from app.users.service import Actor

# Files are published by whoever runs the command; the audit log names the door.
CLI_ACTOR = Actor(User(email="cli (content/ files)", password_hash="", role=Role.admin), "cli")

log = logging.getLogger(__name__)


@dataclass
class PublishReport:
    """What happened to each file of a batch."""

    outcomes: list[service.PublishOutcome] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # "slug (path)" of articles whose file is gone
    archived: list[str] = field(default_factory=list)


def markdown_files(paths: Iterable[Path]) -> tuple[list[Path], list[str]]:
    """Expand directories to their *.md files; report paths that do not exist."""
    files: list[Path] = []
    missing: list[str] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.md") if p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            missing.append(f"{path}: no such file or directory")
    return files, missing


def publish_paths(
    session: Session, *, paths: Iterable[Path], author: str = "", force: bool = False, prune: bool = False
) -> PublishReport:
    """Validate and publish every Markdown file under the paths, then refresh links.

    Articles whose file under one of the given directories was deleted are reported, and
    archived only when prune is set.
    """
    paths = list(paths)
    files, errors = markdown_files(paths)
    report = PublishReport(errors=errors)
    known_topics = topics_service.known_slugs(session)
    seen: dict[str, Path] = {}
    changed: list[int] = []
    for path in files:
        try:
            draft = parse_article(
                read_text_file(path), path=str(path), known_topics=known_topics,
                place_check=service.place_problem,
            )  # fmt: skip
            if draft.slug in seen:
                raise ContentError(str(path), f"slug '{draft.slug}' is also used by {seen[draft.slug]}", "slug")
            seen[draft.slug] = path
            outcome = service.publish(session, draft=draft, author=author, force=force)
        except ContentError as error:
            session.rollback()
            report.errors.append(error.message)
            continue
        except Exception as error:  # noqa: BLE001  (one file's failure, whatever it is, is that file's error)
            session.rollback()
            log.exception("publishing %s failed", path)
            report.errors.append(f"{path}: could not be published ({type(error).__name__}: {error})"[:1000])
            continue
        report.outcomes.append(outcome)
        if outcome.action != "unchanged":
            changed.append(outcome.article_id)
    _deleted_files(session, report, [p for p in paths if p.is_dir()], set(seen), prune=prune)
    if changed:
        links_service.refresh_auto_links(session, article_ids=changed)
    session.commit()  # end the batch's transaction: an unchanged file's write lock is not kept open
    return report


def _deleted_files(
    session: Session, report: PublishReport, directories: list[Path], seen: set[str], *, prune: bool
) -> None:
    roots = [d.resolve() for d in directories]
    if not roots:
        return
    for article in session.exec(select(Article).where(Article.status != ArticleStatus.archived)).all():
        if not article.origin_path or article.slug in seen:
            continue
        origin = Path(article.origin_path).resolve()
        if origin.exists() or not any(origin.is_relative_to(root) for root in roots):
            continue
        report.missing.append(f"{article.slug} ({article.origin_path})")
        if prune:
            workflow.unpublish(session, article=article, actor=CLI_ACTOR, action="article.prune")
            report.archived.append(article.slug)
