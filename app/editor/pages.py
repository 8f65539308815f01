"""The editor: dashboard, article form with preview, review steps, revisions and link curation."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from app.articles import diff, rendering, workflow
from app.articles import service as articles_service
from app.articles.models import Article
from app.deps import SearchDep, SessionDep
from app.editor.forms import ArticleForm
from app.errors import AppError
from app.links import service as links_service
from app.topics import service as topics_service
from app.users import service as users_service
from app.users.models import User
from app.users.service import Actor
from app.users.web import EditorDep, page, require_editor

router = APIRouter(prefix="/editor", dependencies=[Depends(require_editor)])
MAX_ID = 2**31 - 1  # ids and revision numbers a client sends stay within what every database stores

STATE_ACTIONS = {
    "submit": workflow.submit, "publish": workflow.publish, "reject": workflow.reject,
    "unpublish": workflow.unpublish, "reopen": workflow.reopen,
}  # fmt: skip


def _actor(user: User) -> Actor:
    return Actor(user, "session")


@router.get("", response_class=HTMLResponse)
@router.get("/articles", response_class=HTMLResponse)
def dashboard(request: Request, session: SessionDep, user: EditorDep) -> HTMLResponse:
    """Drafts, articles in review, published and archived, with authors and last change."""
    return page(request, "editor/dashboard.html", {"groups": workflow.dashboard(session)})


def _article_page(
    request: Request, session: Session, *, article: Article | None, form: ArticleForm,
    errors: dict[str, str] | None = None, notice: str = "", preview: bool = False, q: str = "",
    status_code: int = 200, conflict: dict[str, Any] | None = None,
) -> HTMLResponse:  # fmt: skip
    fields = form.fields()
    context: dict[str, Any] = {
        "article": article, "form": form, "errors": errors or {}, "notice": notice,
        "topics": topics_service.list_topics(session), "conflict": conflict,
        "tags": articles_service.describe_tags(
            regions=fields["regions"], places=fields["places"], countries=fields["countries"]
        ),
        "preview_html": rendering.to_html(form.body) if preview or form.body else "",
        "state": workflow.state(article) if article else "new", "links": [], "found": [], "q": q,
    }  # fmt: skip
    if article is not None and article.id is not None:
        context["links"] = links_service.all_links(session, article_id=article.id)
        context["found"] = links_service.find_events(session, q=q) if q else []
        context["approve_problem"] = workflow.can_approve(session, article=article, actor=_actor(request.state.user))
        context["revision"] = workflow.latest_revision(session, article_id=article.id)
        context["reasons"] = sorted({link.reason for link, _ in context["links"]})
    return page(request, "editor/article.html", context, status_code=status_code)


@router.get("/articles/new", response_class=HTMLResponse)
def new_article(request: Request, session: SessionDep, user: EditorDep) -> HTMLResponse:
    """An empty article form."""
    return _article_page(request, session, article=None, form=ArticleForm(author=""))


@router.post("/articles/new", response_class=HTMLResponse)
def create_article(
    request: Request, session: SessionDep, user: EditorDep, form: Annotated[ArticleForm, Form()]
) -> Response:
    """Create the article as its first draft revision (or show what must be fixed)."""
    slug = form.slug.strip().lower()
    if slug and workflow.exists(session, slug=slug):
        return _article_page(request, session, article=None, form=form, status_code=409,
                             errors={"slug": f"'{slug}' is taken: open it from the dashboard"})  # fmt: skip
    return _save(request, session, user, None, form, slug)


@router.get("/articles/{slug}", response_class=HTMLResponse)
def edit_article(request: Request, session: SessionDep, user: EditorDep, slug: str, q: str = "") -> HTMLResponse:
    """The newest revision in the form, its review state, and its conflict context."""
    article = workflow.get_article(session, slug=slug)
    assert article.id is not None
    latest = workflow.latest_revision(session, article_id=article.id)
    draft = workflow.draft_from_snapshot(latest.snapshot) if latest else None
    form = ArticleForm.from_draft(draft, base_revision=latest.number if latest else None) if draft else ArticleForm()
    return _article_page(request, session, article=article, form=form, q=q[:200])


@router.post("/articles/{slug}", response_class=HTMLResponse)
def save_article(
    request: Request, session: SessionDep, user: EditorDep, slug: str, form: Annotated[ArticleForm, Form()]
) -> Response:
    """Save a new revision (or just preview it when the Preview button was pressed)."""
    article = workflow.get_article(session, slug=slug)
    return _save(request, session, user, article, form, slug)


def _save(
    request: Request, session: Session, user: User, article: Article | None, form: ArticleForm, slug: str
) -> Response:
    checked = workflow.validate(session, slug=slug or "new-article", fields=form.fields(), body=form.body)
    errors = dict(checked.errors)
    if not slug:
        errors["slug"] = "is required (lower-case letters, digits and hyphens)"
    if form.action == "preview" or errors:
        status = 422 if errors and form.action != "preview" else 200
        notice = "" if form.action == "preview" else "Nothing was saved: fix the fields marked below."
        return _article_page(request, session, article=article, form=form, errors=errors, preview=True,
                             notice=notice, status_code=status)  # fmt: skip
    try:
        revision = workflow.save(session, draft=checked.draft, actor=_actor(user), base_revision=form.base())
    except workflow.RevisionConflict as conflict:
        theirs = conflict.latest
        form.base_revision = str(theirs.number)
        changes = diff.compare(theirs.snapshot, checked.draft.snapshot())
        return _article_page(request, session, article=article, form=form, notice=conflict.message,
                             conflict={"revision": theirs, "diff": changes}, status_code=409)  # fmt: skip
    return RedirectResponse(f"/editor/articles/{slug}?saved={revision.number}", status_code=303)


@router.post("/preview", response_class=HTMLResponse)
def preview(user: EditorDep, body: Annotated[str, Form(max_length=1_000_000)] = "") -> HTMLResponse:
    """The body rendered by the public page's sanitising renderer (for the live preview)."""
    return HTMLResponse(rendering.to_html(body))


@router.post("/articles/{slug}/state")
def change_state(
    session: SessionDep, search: SearchDep, user: EditorDep, slug: str, action: Annotated[str, Form(max_length=20)]
) -> Response:
    """Submit, publish (approve), send back, unpublish or reopen."""
    step = STATE_ACTIONS.get(action)
    if step is None:
        raise AppError(f"unknown step '{action}'", 400)
    step(session, article=workflow.get_article(session, slug=slug), actor=_actor(user))
    search.notify()  # publishing and unpublishing reach the index at once, not at the next relay tick
    return RedirectResponse(f"/editor/articles/{slug}?done={action}", status_code=303)


@router.get("/articles/{slug}/revisions", response_class=HTMLResponse)
def revisions(
    request: Request, session: SessionDep, user: EditorDep, slug: str,
    a: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None, b: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> HTMLResponse:  # fmt: skip
    """Every revision with author and time, and the difference between any two."""
    article = workflow.get_article(session, slug=slug)
    assert article.id is not None
    items = articles_service.revisions_of(session, article_id=article.id)
    context: dict[str, Any] = {"article": article, "revisions": items, "a": a, "b": b, "diff": None}
    if items:
        b = b or items[0].number
        a = a or max(1, b - 1)
        old = workflow.get_revision(session, article_id=article.id, number=a)
        new = workflow.get_revision(session, article_id=article.id, number=b)
        context.update(a=a, b=b, diff=diff.compare(old.snapshot, new.snapshot))
    return page(request, "editor/revisions.html", context)


@router.post("/articles/{slug}/restore")
def restore(session: SessionDep, user: EditorDep, slug: str, number: Annotated[int, Form(ge=1, le=MAX_ID)]) -> Response:
    """Make an old revision the new draft."""
    revision = workflow.restore(session, article=workflow.get_article(session, slug=slug), number=number,
                                actor=_actor(user))  # fmt: skip
    return RedirectResponse(f"/editor/articles/{slug}?restored={number}&saved={revision.number}", status_code=303)


@router.post("/articles/{slug}/links")
def curate_links(
    session: SessionDep, user: EditorDep, slug: str, action: Annotated[str, Form(max_length=20)],
    event_id: Annotated[int | None, Form(ge=1, le=MAX_ID)] = None, reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:  # fmt: skip
    """Pin, unpin, hide or unhide a linked event, add one by hand, or hide every link of one reason."""
    article = workflow.get_article(session, slug=slug)
    assert article.id is not None
    if action == "hide_reason":
        links_service.hide_reason(session, article_id=article.id, reason=reason, by=user.email, target=slug)
    elif event_id is None:
        raise AppError("choose an event", 422)
    elif action == "add":
        links_service.add_manual(
            session, article_id=article.id, event_id=event_id, reason=reason, by=user.email, target=slug
        )
    else:
        links_service.curate(session, article_id=article.id, event_id=event_id, action=action, by=user.email,
                             target=slug)  # fmt: skip
    return RedirectResponse(f"/editor/articles/{slug}?done={action}#conflict-context", status_code=303)


@router.get("/audit", response_class=HTMLResponse)
def audit(request: Request, session: SessionDep, user: EditorDep) -> HTMLResponse:
    """The latest editorial actions: who did what, when."""
    return page(request, "editor/audit.html", {"entries": users_service.recent_audit(session)})
