"""Articles: publish drafts as revisions, read what is live."""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, delete, select

from app.articles import rendering
from app.articles.content import ArticleDraft, ContentError
from app.articles.models import (
    Article,
    ArticleCountry,
    ArticlePlace,
    ArticleRegion,
    ArticleRevision,
    ArticleStatus,
    ArticleTopic,
)
from app.db import begin_write, retry_write_conflicts, utcnow
from app.errors import AppError, NotFound
from app.places import countries as countries_table
from app.places import regions as regions_table
from app.places import resolver
from app.places import service as places_service
from app.topics.models import Topic
from search import outbox


@dataclass(frozen=True)
class PublishOutcome:
    """What publishing one draft did: created, updated or unchanged."""

    slug: str
    action: str
    revision: int
    article_id: int


class Gone(AppError):
    """An article that was public and has been withdrawn."""

    status_code = 410


def publish(session: Session, *, draft: ArticleDraft, author: str = "", force: bool = False) -> PublishOutcome:
    """Save a file's draft as a new revision when it changed and make it the article's state.

    A file never silently overwrites web work: when the newest revision was made on the web or
    through the API and the file differs from it, it is refused unless force is given.
    """
    # Concurrent publishes of one slug: the loser retries and finds the winner's revision.
    return retry_write_conflicts(session, lambda: _publish_once(session, draft=draft, author=author, force=force))


def _publish_once(session: Session, *, draft: ArticleDraft, author: str, force: bool) -> PublishOutcome:
    begin_write(session)
    article = session.exec(select(Article).where(Article.slug == draft.slug).with_for_update()).first()
    content_hash = draft.content_hash()
    latest = None
    if article is not None:
        latest = session.exec(
            select(ArticleRevision).where(ArticleRevision.article_id == article.id)
            .order_by(col(ArticleRevision.number).desc()).limit(1)
        ).first()  # fmt: skip
    if article is not None and latest is not None:
        assert article.id is not None
        current = article.pending_status or article.status.value
        same = {k: v for k, v in latest.snapshot.items() if k not in {"origin_path", "status"}} == {
            k: v for k, v in draft.snapshot().items() if k not in {"origin_path", "status"}
        }
        if same and current == draft.status.value:
            session.commit()  # nothing to write: let go of the write lock taken above
            return PublishOutcome(draft.slug, "unchanged", latest.number, article.id)
        if latest.origin != "file" and not force:
            raise ContentError(
                draft.origin_path,
                f"the web holds a newer revision ({latest.number}, by {latest.created_by or 'unknown'}) of "
                f"'{draft.slug}'; run `dkb content export DIR` to get it, or publish with --force to overwrite it",
            )
    action = "updated" if article else "created"
    article = article or Article(slug=draft.slug, title=draft.title)
    apply_draft(article, draft)
    article.pending_status, article.submitted_by = "", ""
    session.add(article)
    session.flush()
    assert article.id is not None
    number = (latest.number if latest else 0) + 1
    revision = ArticleRevision(
        article_id=article.id, number=number, content_hash=content_hash,
        snapshot=draft.snapshot(), created_by=author or draft.author, origin="file",
    )  # fmt: skip
    session.add(revision)
    session.flush()
    if draft.status == ArticleStatus.published:
        article.live_revision_id = revision.id
    replace_tags(session, article.id, draft)
    outbox.enqueue(session, entity="article", entity_id=article.id)
    session.commit()
    return PublishOutcome(draft.slug, action, number, article.id)


def apply_draft(article: Article, draft: ArticleDraft) -> None:
    """Copy a draft's fields onto the article row (its state included)."""
    article.title, article.summary, article.body = draft.title, draft.summary, draft.body
    article.body_html = rendering.to_html(draft.body)
    article.body_text = rendering.to_text(draft.body)
    article.source, article.source_url, article.author = (
        draft.source,
        draft.source_url,
        draft.author,
    )
    article.published = draft.published
    article.context_from, article.context_to = draft.context_from, draft.context_to
    article.origin_path = draft.origin_path or article.origin_path
    now = utcnow()
    if draft.status == ArticleStatus.published:
        article.first_published_at = article.first_published_at or now
        article.last_published_at = now
    article.status = draft.status
    article.updated_at = now


def replace_tags(session: Session, article_id: int, draft: ArticleDraft) -> None:
    """Replace an article's topic, region, country and place rows with the draft's."""
    for table in (ArticleTopic, ArticleRegion, ArticleCountry, ArticlePlace):
        session.exec(delete(table).where(col(table.article_id) == article_id))
    for slug in dict.fromkeys(draft.topics):
        session.add(ArticleTopic(article_id=article_id, topic_slug=slug))
    codes: list[str] = []
    for name in draft.regions:
        region = regions_table.resolve(name)
        if region and region.code not in codes:
            codes.append(region.code)
            session.add(ArticleRegion(article_id=article_id, region_code=region.code, name_as_written=name))
    countries: dict[str, str] = {}
    for name in draft.countries:
        country = countries_table.resolve(name)
        if country:
            countries.setdefault(country, name)
    for country, name in countries.items():
        session.add(ArticleCountry(article_id=article_id, country_code=country, name_as_written=name))
    known = places_service.corrections(session)
    for name in dict.fromkeys(draft.places):
        others = [p for p in draft.places if p != name]
        match = _resolve_article_place(session, name, codes, others, known)
        session.add(ArticlePlace(article_id=article_id, name_as_written=name, place_code=match))


def _resolve_article_place(
    session: Session, name: str, region_codes: list[str], context: list[str], known: dict[tuple[str, str], str | None]
) -> str | None:
    codes: list[str | None] = list(region_codes) or [None]
    for code in codes:
        match = places_service.resolve_place(
            session, name=name, region_code=code, context=context, known_corrections=known
        )
        if match.code:
            return match.code
    return None


def place_problem(name: str, region_names: list[str], context: list[str]) -> str | None:
    """Why an article's place name does not resolve within its regions (None when it does)."""
    codes: list[str | None] = [r.code for r in map(regions_table.resolve, region_names) if r] or [None]
    for code in codes:
        if resolver.resolve(name, region_code=code, context=context).place is not None:
            return None
    where = f" within {', '.join(region_names)}" if region_names else ""
    return f"place '{name}' does not resolve to a settlement{where}"


def get_by_slug(session: Session, *, slug: str, published_only: bool = True) -> Article:
    """An article by slug (only a published one unless asked otherwise)."""
    article = session.exec(select(Article).where(Article.slug == slug)).first()
    if article is None:
        raise NotFound(f"no article '{slug}'" if not published_only else f"no published article '{slug}'")
    if published_only and article.status != ArticleStatus.published:
        if article.first_published_at is not None:
            raise Gone(f"The article '{slug}' was withdrawn by its editors and is no longer published.")
        raise NotFound(f"no published article '{slug}'")
    return article


def list_published(
    session: Session, *, topic: str | None = None, region: str | None = None,
    limit: int = 50, offset: int = 0,
) -> tuple[list[Article], int]:  # fmt: skip
    """Published articles, newest first, optionally for one topic or region."""
    # Counted and ordered over narrow columns; only the page's rows (with their long bodies) are read.
    query = select(Article.id).where(Article.status == ArticleStatus.published)
    if topic:
        query = query.where(
            col(Article.id).in_(select(ArticleTopic.article_id).where(ArticleTopic.topic_slug == topic))
        )
    if region:
        query = query.where(
            col(Article.id).in_(select(ArticleRegion.article_id).where(ArticleRegion.region_code == region))
        )
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    ordered = query.order_by(col(Article.published).desc().nulls_last(), col(Article.title))
    page = list(session.exec(ordered.offset(offset).limit(limit)).all())
    loaded = {article.id: article for article in session.exec(select(Article).where(col(Article.id).in_(page)))}
    return [loaded[article_id] for article_id in page if article_id in loaded], int(total)


def topics_of(session: Session, *, article_id: int) -> list[Topic]:
    """The topics an article is tagged with."""
    query = select(Topic).join(ArticleTopic).where(ArticleTopic.article_id == article_id)
    return list(session.exec(query.order_by(col(Topic.position))).all())


def regions_of(session: Session, *, article_id: int) -> list[ArticleRegion]:
    """The regions an article is about."""
    return list(session.exec(select(ArticleRegion).where(ArticleRegion.article_id == article_id)).all())


def places_of(session: Session, *, article_id: int) -> list[ArticlePlace]:
    """The places an article is about."""
    return list(session.exec(select(ArticlePlace).where(ArticlePlace.article_id == article_id)).all())


def revisions_of(session: Session, *, article_id: int) -> list[ArticleRevision]:
    """Every revision of an article, newest first."""
    query = select(ArticleRevision).where(ArticleRevision.article_id == article_id)
    return list(session.exec(query.order_by(col(ArticleRevision.number).desc())).all())


@dataclass(frozen=True)
class TagCheck:
    """A region or place name as written, and what it resolves to or why it does not."""

    kind: str  # region / place
    name: str
    resolved: str = ""
    problem: str = ""


def describe_tags(*, regions: list[str], places: list[str], countries: Sequence[str] = ()) -> list[TagCheck]:
    """What every region, country and place name of a draft resolves to, for the editor's form."""
    checks: list[TagCheck] = []
    for name in countries:
        code = countries_table.resolve(name)
        if code is None:
            checks.append(TagCheck("country", name, problem=f"unknown country '{name}'"))
        else:
            checks.append(TagCheck("country", name, resolved=f"{countries_table.name(code)} ({code})"))
    codes: list[str | None] = []
    for name in regions:
        region = regions_table.resolve(name)
        if region is None:
            checks.append(TagCheck("region", name, problem=f"unknown region '{name}'"))
        else:
            codes.append(region.code)
            checks.append(TagCheck("region", name, resolved=f"{region.name} ({region.code})"))
    for name in places:
        context = [p for p in places if p != name]
        found = None
        for code in codes or [None]:
            found = resolver.resolve(name, region_code=code, context=context).place
            if found is not None:
                break
        if found is None:
            problem = place_problem(name, regions, context) or f"place '{name}' does not resolve"
            checks.append(TagCheck("place", name, problem=problem))
        else:
            region = regions_table.get(found.region_code)
            where = f"{found.raion} raion, {region.name if region else found.region_code}"
            checks.append(TagCheck("place", name, resolved=f"{found.name} ({where}; KATOTTG {found.code})"))
    return checks
