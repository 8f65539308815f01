"""The event list at scale: a constant number of queries per page, and a clear error for deep offsets."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi.testclient import TestClient
from sqlalchemy import Engine, event
from sqlmodel import Session

from app.events.browse import MAX_OFFSET
from tests.conftest import seed


@contextmanager
def counted(engine: Engine) -> Iterator[list[str]]:
    """Every SQL statement the engine runs inside the block (the search relay's own thread aside)."""
    statements: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        if threading.current_thread().name != "search-relay":
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_a_page_of_events_costs_the_same_queries_at_any_size(
    client: TestClient, session: Session, engine: Engine
) -> None:
    seed(session)
    with counted(engine) as small:
        assert len(client.get("/api/v1/events", params={"limit": 2}).json()["items"]) == 2
    with counted(engine) as large:
        page = client.get("/api/v1/events", params={"limit": 35}).json()
    assert len(page["items"]) == 35
    assert sum(1 for item in page["items"] if item["place"]) > 20  # places and regions are filled in
    assert len(large) == len(small)


def test_an_offset_beyond_the_cap_is_a_clear_400(client: TestClient, session: Session) -> None:
    seed(session)
    assert client.get("/api/v1/events", params={"offset": MAX_OFFSET}).status_code == 200
    deep = client.get("/api/v1/events", params={"offset": MAX_OFFSET + 1})
    assert deep.status_code == 400
    error = deep.json()["error"]
    assert error["field"] == "offset" and str(MAX_OFFSET) in error["message"] and "events.csv" in error["message"]
    page = client.get("/events", params={"page": MAX_OFFSET})  # the HTML twin answers the same way
    assert page.status_code == 400 and "narrow the list" in page.text
