"""Who is asking: session cookies, CSRF checks, Bearer tokens and the editor page renderer."""

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from app.deps import SessionDep
from app.errors import AppError
from app.users import security, service
from app.users.models import User
from app.users.service import Actor, Forbidden, Unauthorized
from app.web.templating import render

SESSION_COOKIE = "dkb_session"
CSRF_COOKIE = "dkb_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class LoginRequired(AppError):
    """An editor page asked for without a session: answered with a redirect to /login."""

    status_code = 401


def current_user(request: Request, session: SessionDep) -> User | None:
    """The signed-in account of this request, or None."""
    if hasattr(request.state, "user"):
        cached: User | None = request.state.user
        return cached
    user = None
    raw = request.cookies.get(SESSION_COOKIE)
    key = security.unsign("session", raw) if raw else None
    if key:
        user = service.user_for_session(session, key=key)
    request.state.user = user
    return user


UserDep = Annotated[User | None, Depends(current_user)]


async def check_csrf(request: Request) -> None:
    """Refuse a cookie-authenticated write whose form field or header does not echo the CSRF cookie."""
    if request.method in SAFE_METHODS:
        return
    submitted = request.headers.get(CSRF_HEADER)
    if submitted is None and "form" in request.headers.get("content-type", ""):
        value = (await request.form()).get(CSRF_FIELD)
        submitted = value if isinstance(value, str) else None
    if not security.csrf_matches(request.cookies.get(CSRF_COOKIE), submitted, _session_cookie(request)):
        raise Forbidden("The form's security token is missing or out of date. Reload the page and try again.")


async def require_editor(request: Request, user: UserDep) -> User:
    """Router guard for /editor: pages redirect to login, writes answer 401, forms need CSRF."""
    if user is None:
        if request.method in SAFE_METHODS:
            raise LoginRequired("Sign in to use the editor.")
        raise Unauthorized("Sign in first: this needs an editor's session.")
    await check_csrf(request)
    return user


EditorDep = Annotated[User, Depends(require_editor)]


def api_writer(scope: str) -> Any:
    """A dependency for a write endpoint: a Bearer token with this scope, or a session plus CSRF header."""

    async def dependency(request: Request, session: SessionDep, user: UserDep) -> Actor:
        header = request.headers.get("authorization", "")
        if header:
            kind, _, token = header.partition(" ")
            actor = service.actor_for_token(session, token=token.strip()) if kind.lower() == "bearer" else None
            if actor is None:
                raise Unauthorized("The Bearer token is not valid (unknown, revoked, or its account is disabled).")
            if actor.via != scope:
                raise Forbidden(f"This token's scope is {actor.via}; this endpoint needs {scope}.")
            return actor
        if user is None:
            raise Unauthorized(f"Writes need 'Authorization: Bearer TOKEN' (scope {scope}) or an editor's session.")
        if request.headers.get(CSRF_HEADER) is None or not security.csrf_matches(
            request.cookies.get(CSRF_COOKIE), request.headers.get(CSRF_HEADER), _session_cookie(request)
        ):
            raise Forbidden("A session-authenticated write needs the X-CSRF-Token header.")
        return Actor(user, "session")

    return Depends(dependency)


def csrf_token(request: Request) -> str:
    """This browser's CSRF token (the cookie's, or a new one that page() will set)."""
    if not hasattr(request.state, "csrf"):
        existing, session = request.cookies.get(CSRF_COOKIE), _session_cookie(request)
        valid = existing and security.csrf_matches(existing, existing, session)
        request.state.csrf = existing if valid else security.new_csrf_token(session)
    token: str = request.state.csrf
    return token


def _session_cookie(request: Request) -> str:
    """The session cookie CSRF tokens are bound to ("" when not signed in)."""
    return request.cookies.get(SESSION_COOKIE) or ""


def secure_cookies(request: Request) -> bool:
    """Cookies are Secure when the app is reached over https (directly or via a proxy)."""
    return request.url.scheme == "https"


def with_csrf_cookie(request: Request, response: Response) -> Response:
    """Make sure the browser holds the CSRF cookie the page's forms echo."""
    token = csrf_token(request)
    if request.cookies.get(CSRF_COOKIE) != token:
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="lax", secure=secure_cookies(request), path="/")
    return response


def page(request: Request, name: str, context: dict[str, Any], *, status_code: int = 200) -> HTMLResponse:
    """Render an editor page with the account and CSRF token in its context."""
    context = {**context, "user": getattr(request.state, "user", None), "csrf_token": csrf_token(request)}
    response = render(request, name, context, status_code=status_code)
    with_csrf_cookie(request, response)
    return response


def install(app: FastAPI) -> None:
    """Register the login redirect and the WWW-Authenticate header for 401s under /api."""

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, error: LoginRequired) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)

    @app.exception_handler(Unauthorized)
    async def unauthorized(request: Request, error: Unauthorized) -> Response:
        if request.url.path.startswith("/api/"):
            body = {"error": {"code": "unauthorized", "message": error.message, "field": None}}
            return JSONResponse(body, status_code=401, headers={"WWW-Authenticate": "Bearer"})
        response = render(request, "error.html", {"status": 401, "message": error.message}, status_code=401)
        return response


def reader_is_editor(request: Request, session: SessionDep) -> bool:
    """True when a read comes from a signed-in editor or carries a valid token (drafts become visible)."""
    header = request.headers.get("authorization", "")
    kind, _, token = header.partition(" ")
    if kind.lower() == "bearer" and service.actor_for_token(session, token=token.strip()) is not None:
        return True
    return current_user(request, session) is not None


ArticleWriter = Annotated[Actor, api_writer("articles:write")]
BulletinWriter = Annotated[Actor, api_writer("bulletins:write")]
