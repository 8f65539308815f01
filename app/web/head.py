"""HEAD for every GET route (FastAPI routes answer GET only): the GET answer's headers without its body."""

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadAsGet:
    """ASGI middleware: run HEAD as GET and drop the body; advertise HEAD beside GET in a 405's Allow header."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"

        async def patched(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 405:
                message = {**message, "headers": [_with_head(k, v) for k, v in message.get("headers", [])]}
            elif head and message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return  # the rest of a streamed body is not sent for HEAD
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"} if head else scope, receive, patched)


def _with_head(name: bytes, value: bytes) -> tuple[bytes, bytes]:
    if name.lower() != b"allow":
        return name, value
    methods = [m.strip() for m in value.decode("latin-1").split(",") if m.strip()]
    if "GET" in methods and "HEAD" not in methods:
        methods.insert(methods.index("GET") + 1, "HEAD")
    return name, ", ".join(methods).encode("latin-1")
