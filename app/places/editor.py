"""Editor page: review unresolved place names and automatic matches among namesakes."""

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.deps import SessionDep
from app.places import review
from app.users import service as users_service
from app.users.web import EditorDep, page, require_editor

router = APIRouter(prefix="/editor", dependencies=[Depends(require_editor)])


@router.get("/places/review", response_class=HTMLResponse)
def review_page(request: Request, session: SessionDep, user: EditorDep, done: str = "") -> HTMLResponse:
    """Unresolved place names with candidate settlements, then matches that had several candidates."""
    return page(request, "places/review.html", {
        "mentions": review.unresolved(session), "ambiguous": review.ambiguous(session), "done": done[:300],
    })  # fmt: skip


@router.post("/places/review")
def review_submit(
    session: SessionDep,
    user: EditorDep,
    name: Annotated[str, Form(max_length=200)],
    region: Annotated[str, Form(max_length=8)],
    place: Annotated[str, Form(max_length=32)] = "",
) -> Response:
    """Record a decision (a settlement code, or '-' for 'not a settlement') and who made it."""
    place_code = None if place in {"", "-"} else place
    changed = review.correct(session, name=name, region_code=region, place_code=place_code, decided_by=user.email)
    users_service.audit(
        session, actor=user.email, action="place.decide", target=f"{name} [{region or 'no region'}]",
        detail=f"{place_code or 'not a settlement'}; {changed} events",
    )  # fmt: skip
    session.commit()
    return RedirectResponse(f"/editor/places/review?done={name}:{changed}", status_code=303)
