"""JSON API for articles."""

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from sqlmodel import Session

from app.articles import service, workflow
from app.articles.models import Article, ArticleRevision
from app.articles.schemas import ArticleDetail, ArticlePublic
from app.deps import SearchDep, SessionDep
from app.errors import InputError, NotFound
from app.events.api import event_public
from app.events.params import FilterError
from app.links import service as links_service
from app.params import Limit, Offset, Slug, next_url
from app.places import regions as regions_table
from app.schemas import WRITE_ERRORS, Page, utc
from app.topics import service as topics_service
from app.users.service import Forbidden
from app.users.web import ArticleWriter, reader_is_editor

router = APIRouter(tags=["articles"])
WRITE_STATES = ("draft", "in_review", "published")


def article_public(session: Session, article: Article, *, full: bool = False) -> dict[str, Any]:
    """An article as the API shows it."""
    assert article.id is not None
    data: dict[str, Any] = {
        "slug": article.slug, "title": article.title, "summary": article.summary,
        "source": article.source or None, "source_url": article.source_url or None,
        "author": article.author or None, "published": article.published,
        "status": article.status, "updated_at": utc(article.updated_at),
        "topics": [t.slug for t in service.topics_of(session, article_id=article.id)],
        "regions": [r.region_code for r in service.regions_of(session, article_id=article.id)],
        "places": [{"as_written": p.name_as_written, "id": p.place_code}
                   for p in service.places_of(session, article_id=article.id)],
        "context": {"from": article.context_from, "to": article.context_to},
        "url": f"/articles/{article.slug}",
    }  # fmt: skip
    if full:
        data["body"] = article.body
        data["html"] = article.body_html
        data["revisions"] = len(service.revisions_of(session, article_id=article.id))
        data["linked_events"] = [
            {**event_public(session, event, with_figures=False),
             "link": {"reason": link.reason, "origin": link.origin, "score": link.score}}
            for link, event in links_service.events_for_article(session, article_id=article.id)
        ]  # fmt: skip
    return data


@router.get("/articles", response_model=Page[ArticlePublic])
def list_articles(
    request: Request, session: SessionDep,
    topic: str | None = Query(None, max_length=100, description="Topic slug"),
    region: str | None = Query(None, max_length=100, description="Region code or name in any spelling"),
    limit: Limit = 50, offset: Offset = 0,
) -> dict[str, Any]:  # fmt: skip
    """Published articles, newest first, optionally by topic or region (any spelling); unknown values are 400."""
    if topic and topic not in topics_service.known_slugs(session):
        raise FilterError(f"topic: '{topic}' is not a topic slug we know")
    region_code = None
    if region:
        found = regions_table.resolve(region)
        if found is None:
            raise FilterError(f"region: '{region}' is not a region we know (try a name in any spelling or an ISO code)")
        region_code = found.code
    items, total = service.list_published(session, topic=topic, region=region_code, limit=limit, offset=offset)
    return {"items": [article_public(session, a) for a in items], "total": total, "limit": limit, "offset": offset,
            "next": next_url(request, offset=offset, limit=limit, total=total)}  # fmt: skip


@router.get("/articles/{slug}", response_model=ArticleDetail)
def get_article(session: SessionDep, slug: Slug) -> dict[str, Any]:
    """One published article with its body and linked events (each with its reason)."""
    return article_public(session, service.get_by_slug(session, slug=slug), full=True)


def revision_public(revision: ArticleRevision, *, full: bool = False) -> dict[str, Any]:
    """A revision as the API shows it (full: with its front matter and body)."""
    data: dict[str, Any] = {
        "number": revision.number, "created_by": revision.created_by, "created_at": utc(revision.created_at),
        "origin": revision.origin, "title": revision.snapshot.get("title", ""),
    }  # fmt: skip
    if full:
        data["article"] = {k: v for k, v in revision.snapshot.items() if k not in {"origin_path", "status"}}
    return data


def _visible_revisions(session: Session, request: Request, slug: str) -> tuple[Article, int | None]:
    """The article and the newest revision number this caller may read (None: all)."""
    if reader_is_editor(request, session):
        return workflow.get_article(session, slug=slug), None
    article = service.get_by_slug(session, slug=slug)
    return article, workflow.live_number(session, article=article)


@router.get("/articles/{slug}/revisions")
def list_revisions(
    request: Request, session: SessionDep, slug: Slug, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    """Revisions, newest first (readers see those up to the live one; editors see all)."""
    article, newest = _visible_revisions(session, request, slug)
    assert article.id is not None
    items = [r for r in service.revisions_of(session, article_id=article.id) if newest is None or r.number <= newest]
    page_items = items[offset : offset + limit]
    return {"items": [revision_public(r) for r in page_items], "total": len(items), "limit": limit, "offset": offset,
            "next": next_url(request, offset=offset, limit=limit, total=len(items))}  # fmt: skip


@router.get("/articles/{slug}/revisions/{number}")
def get_revision(
    request: Request, session: SessionDep, slug: Slug, number: Annotated[int, Path(ge=1, le=2**31 - 1)]
) -> dict[str, Any]:
    """One revision with its front matter and body."""
    article, newest = _visible_revisions(session, request, slug)
    assert article.id is not None
    if newest is not None and number > newest:
        raise NotFound(f"no revision {number} of '{slug}'")
    return revision_public(workflow.get_revision(session, article_id=article.id, number=number), full=True)


@router.put("/articles/{slug}", responses={201: {"description": "Created"}, **WRITE_ERRORS})
def put_article(
    session: SessionDep, search: SearchDep, slug: Slug, payload: Annotated[dict[str, Any], Body()],
    actor: ArticleWriter,
) -> JSONResponse:  # fmt: skip
    """Create or edit an article: front-matter fields, body and status, with the web's rules and revisions."""
    fields = dict(payload)
    body, status, base = fields.pop("body", ""), fields.pop("status", "draft"), fields.pop("base_revision", None)
    if not isinstance(body, str):
        raise InputError("'body' must be Markdown text")
    if status not in WRITE_STATES:
        raise InputError(f"'status' must be one of {', '.join(WRITE_STATES)}")
    if base is not None and (not isinstance(base, int) or isinstance(base, bool) or not 0 < base < 2**31):
        raise InputError("'base_revision' must be a revision number")
    if status == "published" and not actor.is_admin:
        raise Forbidden(
            "Only an admin's token publishes directly: send status 'in_review' and let a second editor approve."
        )
    checked = workflow.validate(session, slug=slug, fields=fields, body=body)
    if checked.errors:
        field, problem = next(iter(checked.errors.items()))
        error = {"code": "invalid", "message": f"field '{field}': {problem}", "field": field}
        return JSONResponse({"error": error, "errors": checked.errors}, status_code=422)
    created = not workflow.exists(session, slug=slug)
    revision = workflow.save(session, draft=checked.draft, actor=actor, base_revision=base, origin="api")
    article = workflow.get_article(session, slug=slug)
    if status in {"in_review", "published"} and workflow.state(article) == "draft":
        workflow.submit(session, article=article, actor=actor)
    if status == "published" and workflow.state(article) == "in_review":
        workflow.publish(session, article=article, actor=actor)
    search.notify()
    data = {"slug": slug, "revision": revision.number, "status": workflow.state(article), "url": f"/articles/{slug}"}
    return JSONResponse(jsonable_encoder(data), status_code=201 if created else 200)
