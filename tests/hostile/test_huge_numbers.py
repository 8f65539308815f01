"""Ids and offsets beyond 64 bits on every GET route answer 4xx, never 500."""

import re

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from tests.conftest import seed

HUGE = str(2**70)
NUMBERS = [HUGE, "-" + HUGE, "9223372036854775808", "1e309"]
QUERY_NUMBERS = ("offset", "limit", "page", "bulletin", "id")


def test_no_route_answers_500_to_huge_numbers(client: TestClient, engine: Engine) -> None:
    with Session(engine) as session:
        seed(session)
    paths = [path for path, operations in client.get("/openapi.json").json()["paths"].items() if "get" in operations]
    assert len(paths) > 20 and "/events/{event_id}" in paths
    failures = []
    quiet = TestClient(client.app, raise_server_exceptions=False)
    for route_path in paths:
        for number in NUMBERS:
            path = re.sub(r"\{[^}]+\}", number, route_path)
            urls = [path] + [f"{path}?{name}={number}" for name in QUERY_NUMBERS]
            for url in urls:
                status = quiet.get(url).status_code
                if status >= 500:
                    failures.append(f"{url} -> {status}")
    assert failures == [], "\n".join(failures)
