"""Sign in and sign out."""

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.deps import SessionDep
from app.users import security, service
from app.users.service import LoginRefused, TooManyAttempts
from app.users.web import SESSION_COOKIE, UserDep, check_csrf, page, secure_cookies

router = APIRouter()


def _safe_next(target: str) -> str:
    # Only same-site paths: "//host" and "/\host" would leave the site.
    if target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/editor"


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, user: UserDep, next: str = "/editor") -> HTMLResponse:
    """The sign-in form."""
    return page(request, "editor/login.html", {"next": _safe_next(next), "error": "", "email": ""})


@router.post("/login", response_class=HTMLResponse, dependencies=[Depends(check_csrf)])
def login(
    request: Request, session: SessionDep,
    email: Annotated[str, Form(max_length=254)], password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str, Form(max_length=2000)] = "/editor",
) -> Response:  # fmt: skip
    """Check the password (rate-limited), start a server-side session and set its cookie."""
    address = request.client.host if request.client else "unknown"
    try:
        user = service.authenticate(session, email=email, password=password, address=address)
    except (LoginRefused, TooManyAttempts) as error:
        context = {"next": _safe_next(next), "error": error.message, "email": email}
        return page(request, "editor/login.html", context, status_code=error.status_code)
    key = service.start_session(session, user=user)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE, security.sign("session", key), max_age=int(service.SESSION_LIFETIME.total_seconds()),
        httponly=True, samesite="lax", secure=secure_cookies(request), path="/",
    )  # fmt: skip
    return response


@router.post("/logout", dependencies=[Depends(check_csrf)])
def logout(request: Request, session: SessionDep) -> Response:
    """End the session on the server and drop the cookie."""
    raw = request.cookies.get(SESSION_COOKIE)
    key = security.unsign("session", raw) if raw else None
    if key:
        service.end_session(session, key=key)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
