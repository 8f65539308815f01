"""HEAD for every GET route (FastAPI routes answer GET only), and a 405's Allow header naming every method.

Starlette answers 405 with the methods of the first route whose path matched; a path served by two
routes (GET and PUT /api/v1/articles/{slug}) would then advertise only one of them.
"""

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

ORDER = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


class HeadAsGet:
    """ASGI middleware: run HEAD as GET and drop the body; list every allowed method on a 405."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"

        async def patched(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 405:
                allow = ", ".join(allowed_methods(scope)).encode("latin-1")
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"allow"]
                message = {**message, "headers": [*headers, (b"allow", allow)]}
            elif head and message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return  # the rest of a streamed body is not sent for HEAD
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"} if head else scope, receive, patched)


def allowed_methods(scope: Scope) -> list[str]:
    """Every method some route serves at this path (HEAD wherever GET is), in a fixed order."""
    methods: set[str] = set()
    for path, route_methods in _routes(getattr(scope.get("app"), "routes", [])):
        if route_methods and compile_path(path)[0].match(scope["path"]):
            methods |= set(route_methods)
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods, key=lambda m: (ORDER.index(m) if m in ORDER else len(ORDER), m))


def _routes(routes: Sequence[Any]) -> Iterator[tuple[str, set[str] | None]]:
    """(path, methods) of every route, through included routers (FastAPI keeps them nested since 0.16x)."""
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # older FastAPI: included routes are flattened into app.routes
        contexts: Iterable[Any] = routes
    else:
        contexts = iter_route_contexts(routes)
    for route in contexts:
        path = getattr(route, "path", None)
        if isinstance(path, str):
            yield path, getattr(route, "methods", None)
