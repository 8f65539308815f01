"""The `dkb` commands as a user runs them."""

import json
from pathlib import Path

from click.testing import CliRunner
from sqlmodel import Session, select

from app.cli import main
from app.events.models import ConflictEvent
from search.client import SearchTarget
from tests.paths import SEED, WILSON


def test_ingest_json_reports_bulletins_and_errors(env: Path, tmp_path: Path) -> None:
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01")
    runner = CliRunner()
    result = runner.invoke(main, ["bulletins", "ingest", str(SEED), str(tmp_path / "binary.txt"), "--json"])
    assert result.exit_code == 1  # an error was reported, the good bulletin still went in
    report = json.loads(result.stdout)
    [entry] = report["bulletins"]
    assert set(entry) >= {"id", "source", "sha256", "duplicate", "events", "figures"}
    assert (entry["events"], entry["duplicate"]) == (35, False)
    assert "binary.txt: this is a binary file" in report["errors"][0]
    again = json.loads(runner.invoke(main, ["bulletins", "ingest", str(SEED), "--json"]).stdout)
    assert again == {"bulletins": [{**entry, "duplicate": True}], "errors": []}


def test_publish_then_sync_search_and_status(meili: SearchTarget, engine) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    published = runner.invoke(main, ["content", "publish", str(WILSON)])
    assert published.exit_code == 0, published.output
    assert "created   wilson-center-forced-displacement (revision 1)" in published.output
    assert "unchanged" in runner.invoke(main, ["content", "publish", str(WILSON)]).output
    assert runner.invoke(main, ["bulletins", "ingest", str(SEED)]).exit_code == 0
    synced = runner.invoke(main, ["search", "sync"])
    assert synced.exit_code == 0, synced.output
    assert "pushed 36" in synced.output, synced.output
    status = json.loads(runner.invoke(main, ["search", "status"]).stdout)
    assert status["indexes"] == {"articles": 1, "events": 35} and status["outbox_pending"] == 0
    assert status["version"] == "1.21.0"
    reindexed = runner.invoke(main, ["search", "reindex"])
    assert "articles: 1 documents, events: 35 documents" in reindexed.output
    with Session(engine) as session:
        assert len(session.exec(select(ConflictEvent)).all()) == 35


def test_export_writes_publishable_files(env: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    runner.invoke(main, ["content", "publish", str(WILSON)])
    out = tmp_path / "export"
    assert runner.invoke(main, ["content", "export", str(out)]).exit_code == 0
    exported = out / "wilson-center-forced-displacement.md"
    assert "source: Wilson Center" in exported.read_text()
    assert "unchanged" in runner.invoke(main, ["content", "publish", str(exported)]).output
