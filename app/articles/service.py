"""Articles: publish drafts as revisions, read what is live."""

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, delete, select

from app.articles import rendering
from app.articles.content import ArticleDraft
from app.articles.models import (
    Article,
    ArticleCountry,
    ArticlePlace,
    ArticleRegion,
    ArticleRevision,
    ArticleStatus,
    ArticleTopic,
)
from app.db import utcnow
from app.errors import NotFound
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


def publish(session: Session, *, draft: ArticleDraft, author: str = "") -> PublishOutcome:
    """Save a draft as a new revision when it changed and make it the live state."""
    article = session.exec(select(Article).where(Article.slug == draft.slug)).first()
    content_hash = draft.content_hash()
    if article is not None and article.live_revision_id is not None:
        live = session.get(ArticleRevision, article.live_revision_id)
        if live is not None and live.content_hash == content_hash:
            assert article.id is not None
            return PublishOutcome(draft.slug, "unchanged", live.number, article.id)
    action = "updated" if article else "created"
    article = article or Article(slug=draft.slug, title=draft.title)
    _apply(article, draft)
    session.add(article)
    session.flush()
    assert article.id is not None
    number = (
        session.exec(select(func.max(ArticleRevision.number)).where(ArticleRevision.article_id == article.id)).one()
        or 0
    ) + 1
    revision = ArticleRevision(
        article_id=article.id, number=number, content_hash=content_hash,
        snapshot=draft.snapshot(), created_by=author or draft.author,
    )  # fmt: skip
    session.add(revision)
    session.flush()
    article.live_revision_id = revision.id
    _replace_tags(session, article.id, draft)
    outbox.enqueue(session, entity="article", entity_id=article.id)
    session.commit()
    return PublishOutcome(draft.slug, action, number, article.id)


def _apply(article: Article, draft: ArticleDraft) -> None:
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
    article.origin_path = draft.origin_path
    now = utcnow()
    if draft.status == ArticleStatus.published:
        article.first_published_at = article.first_published_at or now
        article.last_published_at = now
    article.status = draft.status
    article.updated_at = now


def _replace_tags(session: Session, article_id: int, draft: ArticleDraft) -> None:
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
    if article is None or (published_only and article.status != ArticleStatus.published):
        raise NotFound(f"no published article '{slug}'")
    return article


def list_published(
    session: Session, *, topic: str | None = None, region: str | None = None,
    limit: int = 50, offset: int = 0,
) -> tuple[list[Article], int]:  # fmt: skip
    """Published articles, newest first, optionally for one topic or region."""
    query = select(Article).where(Article.status == ArticleStatus.published)
    if topic:
        query = query.where(
            col(Article.id).in_(select(ArticleTopic.article_id).where(ArticleTopic.topic_slug == topic))
        )
    if region:
        query = query.where(
            col(Article.id).in_(select(ArticleRegion.article_id).where(ArticleRegion.region_code == region))
        )
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(
        query.order_by(col(Article.published).desc(), col(Article.title)).offset(offset).limit(limit)
    ).all()
    return list(rows), int(total)


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
