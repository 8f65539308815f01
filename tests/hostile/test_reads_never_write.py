"""A GET never writes: every table's row count is the same before and after reading every route."""

import re

from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlmodel import Session

from app.db import metadata
from tests.conftest import seed

KHARKIV = "UA63120270010096107"  # a gazetteer settlement no event or article has stored
VALUES = {
    "slug": "wilson-center-forced-displacement", "event_id": "1", "bulletin_id": "1",
    "code": KHARKIV, "id": "1",
}  # fmt: skip


def _counts(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        return {
            t.name: int(session.execute(select(func.count()).select_from(t)).scalar_one())
            for t in metadata.sorted_tables
        }


def test_get_routes_leave_the_database_unchanged(client: TestClient, engine: Engine) -> None:
    with Session(engine) as session:
        seed(session)
    before = _counts(engine)
    paths = [path for path, operations in client.get("/openapi.json").json()["paths"].items() if "get" in operations]
    extra = [f"/places/{KHARKIV}", f"/api/v1/places/{KHARKIV}", "/regions/UA-63", "/api/v1/regions/UA-63"]
    statuses = {}
    for path in paths + extra:
        url = re.sub(r"\{([^}]+)\}", lambda m: VALUES.get(m.group(1), "1"), path)
        statuses[url] = client.get(url).status_code
    assert statuses[f"/api/v1/places/{KHARKIV}"] == 200 and statuses[f"/places/{KHARKIV}"] == 200
    assert client.get(f"/api/v1/places/{KHARKIV}").json()["name"] == "Kharkiv"
    assert _counts(engine) == before
