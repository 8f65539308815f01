"""Editor page: review unresolved place names and confirm or correct them."""

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.config import get_settings
from app.deps import SessionDep
from app.errors import AppError
from app.places import review
from app.web.templating import render

router = APIRouter(prefix="/editor")


def _check_token(token: str) -> None:
    expected = get_settings().editor_token
    if not expected:
        raise AppError("Editing is switched off on this server: set DKB_EDITOR_TOKEN to enable it.", 403)
    if not secrets.compare_digest(token.encode(), expected.encode()):
        raise AppError("The editor token is not right.", 403)


@router.get("/places/review", response_class=HTMLResponse)
def review_page(request: Request, session: SessionDep, done: str = "") -> HTMLResponse:
    """Unresolved place names with candidate settlements."""
    return render(request, "places/review.html", {
        "mentions": review.unresolved(session), "done": done, "editing": bool(get_settings().editor_token),
    })  # fmt: skip


@router.post("/places/review")
def review_submit(
    session: SessionDep,
    name: Annotated[str, Form(max_length=200)],
    region: Annotated[str, Form(max_length=8)],
    token: Annotated[str, Form(max_length=200)],
    place: Annotated[str, Form(max_length=32)] = "",
) -> Response:
    """Record a decision: a settlement code, or '-' for 'not a settlement'."""
    _check_token(token)
    changed = review.correct(
        session, name=name, region_code=region, place_code=None if place == "-" else place, decided_by="editor"
    )
    return RedirectResponse(f"/editor/places/review?done={name}:{changed}", status_code=303)
