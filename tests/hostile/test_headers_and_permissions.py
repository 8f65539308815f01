"""Browser-facing security headers on every response; private modes on the data dir and database."""

import stat
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.config import get_settings
from app.db import get_engine
from app.migrate import upgrade


@pytest.mark.parametrize("path", ["/", "/api/v1/articles", "/healthz", "/no-such-page", "/api/v1/events/999"])
def test_every_response_carries_the_security_headers(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy and "script-src 'self'" in policy


def test_data_dir_and_database_are_private(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir = env / "fresh" / "var"
    monkeypatch.setenv("DKB_DATA_DIR", str(data_dir))
    monkeypatch.delenv("DKB_DATABASE_URL")
    get_settings.cache_clear()
    get_engine.cache_clear()
    engine = get_engine()
    upgrade(engine)
    engine.dispose()
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    database = data_dir / "dkb.sqlite3"
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    for extra in data_dir.glob("dkb.sqlite3-*"):
        assert stat.S_IMODE(extra.stat().st_mode) == 0o600, extra
