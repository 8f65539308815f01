"""Editing from the web and the API: revisions, review states, optimistic locking and restore."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.articles import content, service
from app.articles.content import ArticleDraft
from app.articles.models import Article, ArticleRevision, ArticleStatus
from app.errors import AppError, NotFound
from app.links import service as links_service
from app.topics import service as topics_service
from app.users import service as users_service
from app.users.service import Actor, Forbidden
from search import outbox


class RevisionConflict(AppError):
    """Someone saved a newer revision since this form was opened."""

    status_code = 409

    def __init__(self, latest: ArticleRevision) -> None:
        super().__init__(
            f"Revision {latest.number} was saved by {latest.created_by or 'someone'} after you opened this article. "
            "Your text is kept below: compare it with theirs, then save again to make it the newest revision."
        )
        self.latest = latest


class StateError(AppError):
    """A review step that does not apply to the article's current state."""

    status_code = 409


@dataclass
class Validation:
    """A checked draft and its problems, first problem per field."""

    draft: ArticleDraft
    errors: dict[str, str] = field(default_factory=dict)


def state(article: Article) -> str:
    """The editorial state shown to editors: a pending revision's state, else the article's."""
    return article.pending_status or article.status.value


def latest_revision(session: Session, *, article_id: int) -> ArticleRevision | None:
    """The newest revision of an article."""
    query = select(ArticleRevision).where(ArticleRevision.article_id == article_id)
    return session.exec(query.order_by(col(ArticleRevision.number).desc()).limit(1)).first()


def get_revision(session: Session, *, article_id: int, number: int) -> ArticleRevision:
    """One revision by its number."""
    query = select(ArticleRevision).where(ArticleRevision.article_id == article_id, ArticleRevision.number == number)
    revision = session.exec(query).first()
    if revision is None:
        raise NotFound(f"no revision {number} of this article")
    return revision


def get_article(session: Session, *, slug: str) -> Article:
    """Any article by slug, whatever its state (editors only)."""
    return service.get_by_slug(session, slug=slug, published_only=False)


def live_number(session: Session, *, article: Article) -> int:
    """The number of the revision readers see (0 when none is live)."""
    live = session.get(ArticleRevision, article.live_revision_id) if article.live_revision_id else None
    return live.number if live else 0


def exists(session: Session, *, slug: str) -> bool:
    """True when an article (in any state) has this slug."""
    return session.exec(select(Article.id).where(Article.slug == slug)).first() is not None


def draft_from_snapshot(snapshot: dict[str, Any]) -> ArticleDraft:
    """The draft a revision stored."""
    data = dict(snapshot)
    for key in ("published", "context_from", "context_to"):
        data[key] = date.fromisoformat(data[key]) if data.get(key) else None
    data["status"] = ArticleStatus(data.get("status") or "draft")
    known = set(ArticleDraft.__dataclass_fields__)
    return ArticleDraft(**{k: v for k, v in data.items() if k in known})


def same_content(snapshot: dict[str, Any], draft: ArticleDraft) -> bool:
    """True when a revision holds what this draft says (where it came from and its state aside)."""
    ignore = {"origin_path", "status"}
    theirs = {k: v for k, v in snapshot.items() if k not in ignore}
    ours = {k: v for k, v in draft.snapshot().items() if k not in ignore}
    return theirs == ours


def validate(session: Session, *, slug: str, fields: dict[str, Any], body: str) -> Validation:
    """Check web or API fields with the same rules as content/ files."""
    # Unknown keys go through, so the validator names them; slug and state are not front matter here.
    data = {k: v for k, v in fields.items() if k not in {"slug", "status", "body"} and v not in (None, "", [])}
    data["slug"] = slug
    draft, errors = content.validate(
        data, body, path=f"article '{slug}'", known_topics=topics_service.known_slugs(session),
        place_check=service.place_problem, default_slug=slug,
    )  # fmt: skip
    draft.origin_path, draft.status = "", ArticleStatus.draft
    problems: dict[str, str] = {}
    for error in errors:
        problems.setdefault(error.field or "slug", error.problem)
    return Validation(draft, problems)


def save(
    session: Session, *, draft: ArticleDraft, actor: Actor, base_revision: int | None, origin: str = "web",
    action: str = "article.save",
) -> ArticleRevision:  # fmt: skip
    """Save a draft as the article's newest revision; refuse when base_revision is not the newest."""
    article = session.exec(select(Article).where(Article.slug == draft.slug)).first()
    latest = latest_revision(session, article_id=article.id) if article and article.id else None
    if latest is not None and base_revision is not None and latest.number != base_revision:
        raise RevisionConflict(latest)
    if article is not None and latest is not None and same_content(latest.snapshot, draft):
        return latest
    if article is None:
        article = Article(slug=draft.slug, title=draft.title)
        session.add(article)
        session.flush()
    assert article.id is not None
    number = (latest.number if latest else 0) + 1
    snapshot = {**draft.snapshot(), "status": ArticleStatus.draft.value}
    revision = ArticleRevision(
        article_id=article.id, number=number, content_hash=draft.content_hash(), snapshot=snapshot,
        created_by=actor.email, origin=origin,
    )  # fmt: skip
    session.add(revision)
    if article.status == ArticleStatus.published:
        article.pending_status = ArticleStatus.draft.value
    else:
        _show(session, article, draft, ArticleStatus.draft)
    article.submitted_by = ""
    users_service.audit(session, actor=actor.email, action=action, target=draft.slug, detail=f"revision {number}")
    try:
        session.commit()
    except IntegrityError:
        # Another worker saved the same revision number (or slug) a moment earlier: answer as for a stale form.
        session.rollback()
        raise _conflict_after_race(session, draft.slug) from None
    session.refresh(revision)
    return revision


def _conflict_after_race(session: Session, slug: str) -> AppError:
    article = session.exec(select(Article).where(Article.slug == slug)).first()
    newest = latest_revision(session, article_id=article.id) if article and article.id else None
    if newest is None:
        return AppError(f"'{slug}' was being saved by someone else at the same moment; try again.", 409)
    return RevisionConflict(newest)


def _show(session: Session, article: Article, draft: ArticleDraft, status: ArticleStatus) -> None:
    """Copy a draft onto a non-public (or newly published) article's fields and tags."""
    assert article.id is not None
    shown = draft_from_snapshot(draft.snapshot())
    shown.status, shown.origin_path = status, draft.origin_path or article.origin_path
    service.apply_draft(article, shown)
    service.replace_tags(session, article.id, shown)


def _require(article: Article, *allowed: str) -> None:
    if state(article) not in allowed:
        names = " or ".join(a.replace("_", " ") for a in allowed)
        raise StateError(f"This step needs the article to be {names}; it is {state(article).replace('_', ' ')}.")


def submit(session: Session, *, article: Article, actor: Actor) -> None:
    """Send the newest revision for review."""
    _require(article, "draft")
    if article.status == ArticleStatus.published:
        article.pending_status = ArticleStatus.in_review.value
    else:
        article.status = ArticleStatus.in_review
    article.submitted_by = actor.email
    _done(session, article, actor, "article.submit")


def can_approve(session: Session, *, article: Article, actor: Actor) -> str | None:
    """Why this account may not publish the article now (None when it may)."""
    if actor.is_admin:
        return None if state(article) in {"draft", "in_review"} else "only drafts and articles in review are published"
    if state(article) != "in_review":
        return "an editor publishes only articles submitted for review"
    assert article.id is not None
    latest = latest_revision(session, article_id=article.id)
    if actor.email in {article.submitted_by, latest.created_by if latest else ""}:
        return "you wrote or submitted this revision: a second editor or an admin must approve it"
    return None


def publish(session: Session, *, article: Article, actor: Actor) -> None:
    """Make the newest revision live (approval by a second editor, or an admin)."""
    problem = can_approve(session, article=article, actor=actor)
    if problem:
        raise Forbidden(f"You cannot publish this article: {problem}.")
    assert article.id is not None
    latest = latest_revision(session, article_id=article.id)
    assert latest is not None
    _show(session, article, draft_from_snapshot(latest.snapshot), ArticleStatus.published)
    article.live_revision_id, article.pending_status, article.submitted_by = latest.id, "", ""
    outbox.enqueue(session, entity="article", entity_id=article.id)
    _done(session, article, actor, "article.publish", f"revision {latest.number}")
    links_service.refresh_auto_links(session, article_ids=[article.id])


def reject(session: Session, *, article: Article, actor: Actor) -> None:
    """Send a revision in review back to draft."""
    _require(article, "in_review")
    if article.status == ArticleStatus.published:
        article.pending_status = ArticleStatus.draft.value
    else:
        article.status = ArticleStatus.draft
    article.submitted_by = ""
    _done(session, article, actor, "article.reject")


def unpublish(session: Session, *, article: Article, actor: Actor, action: str = "article.unpublish") -> None:
    """Archive: off the public pages (410) and out of search at once."""
    _require(article, "published", "draft", "in_review")
    assert article.id is not None
    latest = latest_revision(session, article_id=article.id)
    if latest is not None:
        _show(session, article, draft_from_snapshot(latest.snapshot), ArticleStatus.archived)
    article.status, article.pending_status, article.submitted_by = ArticleStatus.archived, "", ""
    outbox.enqueue(session, entity="article", entity_id=article.id)
    _done(session, article, actor, action)


def reopen(session: Session, *, article: Article, actor: Actor) -> None:
    """Bring an archived article back as a draft."""
    _require(article, "archived")
    article.status = ArticleStatus.draft
    _done(session, article, actor, "article.reopen")


def restore(session: Session, *, article: Article, number: int, actor: Actor) -> ArticleRevision:
    """Make an old revision the new draft (a new revision with its content)."""
    assert article.id is not None
    old = get_revision(session, article_id=article.id, number=number)
    latest = latest_revision(session, article_id=article.id)
    draft = draft_from_snapshot(old.snapshot)
    draft.slug = article.slug
    revision = save(
        session, draft=draft, actor=actor, base_revision=latest.number if latest else None,
        action="article.restore",
    )  # fmt: skip
    return revision


def revision_count(session: Session, *, article_id: int) -> int:
    """How many revisions an article has."""
    query = select(func.count()).select_from(ArticleRevision).where(ArticleRevision.article_id == article_id)
    return int(session.exec(query).one())


def _done(session: Session, article: Article, actor: Actor, action: str, detail: str = "") -> None:
    users_service.audit(session, actor=actor.email, action=action, target=article.slug, detail=detail)
    session.add(article)
    session.commit()


def dashboard(session: Session) -> dict[str, list[tuple[Article, ArticleRevision | None]]]:
    """Every article grouped by editorial state, each with its newest revision (author, time)."""
    groups: dict[str, list[tuple[Article, ArticleRevision | None]]] = {s.value: [] for s in ArticleStatus}
    newest = (
        select(ArticleRevision.article_id, func.max(ArticleRevision.number).label("number"))
        .group_by(col(ArticleRevision.article_id))
        .subquery()
    )
    rows = session.exec(
        select(Article, ArticleRevision)
        .outerjoin(newest, col(newest.c.article_id) == Article.id)
        .outerjoin(
            ArticleRevision,
            (col(ArticleRevision.article_id) == Article.id) & (col(ArticleRevision.number) == newest.c.number),
        )
        .order_by(col(Article.updated_at).desc())
    ).all()
    for article, revision in rows:
        groups[state(article)].append((article, revision))
    return groups
