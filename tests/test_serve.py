"""`dkb serve --workers 2` in embedded mode: one Meilisearch, its key off the command line."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from app.articles.flows import publish_paths
from search.server import free_port
from tests.paths import WILSON


def _processes_mentioning(text: str) -> list[tuple[int, str, str]]:
    """(pid, command line, environment) of live processes whose command line contains text."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            environ = (proc / "environ").read_bytes().replace(b"\0", b"\n").decode(errors="replace")
        except OSError:
            continue
        if text in cmdline:
            found.append((int(proc.name), cmdline, environ))
    return found


def test_two_workers_share_one_meilisearch_and_one_relay(env: Path, engine: Engine) -> None:
    port = free_port()
    dkb = Path(sys.executable).parent / "dkb"
    server = subprocess.Popen([str(dkb), "serve", "--port", str(port), "--workers", "2"], env=os.environ.copy())
    try:
        health: dict[str, object] = {}
        for _ in range(600):
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).json()
                if health.get("search") == "ok":
                    break
            except httpx.HTTPError:
                pass
            assert server.poll() is None, "dkb serve exited"
            time.sleep(0.1)
        assert health.get("search") == "ok", health
        meili = _processes_mentioning(str(env / "meili" / "data.ms"))
        assert len(meili) == 1, [m[1] for m in meili]
        key = (env / "meili_master_key").read_text().strip()
        _pid, cmdline, environ = meili[0]
        assert key not in cmdline and f"MEILI_MASTER_KEY={key}" in environ
        assert health["relay"]["mode"] == "external"  # type: ignore[index]  (the supervisor runs the relay)

        # kill -9 the one Meilisearch, write while it is down: the supervisor restarts it, nothing is lost.
        os.kill(meili[0][0], signal.SIGKILL)
        with Session(engine) as session:
            assert not publish_paths(session, paths=[WILSON]).errors
        found = 0
        for _ in range(600):
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/api/v1/search", params={"q": "Wilson"}, timeout=5).json()
                found = 0 if answer["degraded"] else answer["total"]  # only Meilisearch's answer counts
            except httpx.HTTPError:
                pass
            if found:
                break
            time.sleep(0.1)
        restarted = _processes_mentioning(str(env / "meili" / "data.ms"))
        assert found >= 1 and len(restarted) == 1 and restarted[0][0] != meili[0][0]
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)
    assert _processes_mentioning(str(env / "meili" / "data.ms")) == []


def test_db_upgrade_never_prints_the_password(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner
    from sqlalchemy import make_url

    from app.cli import main
    from app.config import get_settings
    from app.db import get_engine

    url = make_url(os.environ["DKB_DATABASE_URL"])
    if url.get_backend_name() == "postgresql":  # the test cluster trusts local users: any password works
        monkeypatch.setenv("DKB_DATABASE_URL", url.set(password="s3cret-pass").render_as_string(hide_password=False))
        get_settings.cache_clear()
        get_engine.cache_clear()
    result = CliRunner().invoke(main, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "database ready: " in result.output and "s3cret-pass" not in result.output
