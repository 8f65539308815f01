"""The API against a client nobody here wrote: schemathesis, every check, on a live server with real data."""

import subprocess
import sys
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from app.articles.flows import publish_paths
from app.bulletins.flows import ingest_sources
from search.client import SearchTarget
from tests.conftest import seed
from tests.live import serve
from tests.paths import ROOT

CONFIG = Path(__file__).with_name("schemathesis.toml")
HUMANITARIAN = ROOT / "tests" / "bulletins" / "corpus" / "humanitarian-ocha-2024-05-12-1.txt"
# Cases per operation and a fixed seed keep the run near a minute and a half (about 2,000 cases). One
# worker: schemathesis compiles code in its threads, which CPython 3.11.7 can fail at under load
# ("SystemError: AST constructor recursion depth mismatch").
MAX_EXAMPLES = 25


def test_schemathesis_finds_nothing(meili: SearchTarget, engine: Engine, tmp_path: Path) -> None:
    with Session(engine) as session:
        seed(session)
        assert publish_paths(session, paths=[ROOT / "content" / "articles"]).errors == []
        assert not ingest_sources(session, sources_=[str(HUMANITARIAN)]).errors
    with serve(engine) as url:
        command = [
            str(Path(sys.executable).with_name("schemathesis")), "--config-file", str(CONFIG),
            "run", f"{url}/openapi.json", "--checks", "all", "--max-examples", str(MAX_EXAMPLES),
            "--seed", "20261201", "--workers", "1", "--no-shrink", "--report", "junit",
            "--report-dir", str(tmp_path), "--warnings", "off",
            "--include-path-regex", "^/(api/|healthz$)",  # the JSON API; HTML pages answer people, not clients
        ]  # fmt: skip
        run = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False, cwd=tmp_path)
    summary = run.stdout[-6000:]
    assert run.returncode == 0, summary
    assert " passed" in summary and "failures" not in summary.split("SUMMARY")[-1].lower(), summary
