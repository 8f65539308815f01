"""The app served by uvicorn on a free port in a thread, for tests that need a real HTTP server."""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from sqlalchemy import Engine

from search.server import free_port
from tests.conftest import wait_for_sync


@contextmanager
def serve(engine: Engine) -> Iterator[str]:
    """Serve the app until the block ends; yields its base URL once search has caught up."""
    from app.main import create_app

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    wait_for_sync(engine)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
