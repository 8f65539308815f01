"""A parser that raises fails only its own bulletin; the same text ingested concurrently is one bulletin."""

import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine
from sqlmodel import Session, select

from app.bulletins import flows, reextraction, sources
from app.bulletins.extraction import registry
from app.bulletins.extraction.drafts import ParsedBulletin
from app.bulletins.models import EXTRACTION_FAILED, Bulletin
from app.cli import main
from app.events.models import ConflictEvent
from tests.paths import SEED


class ExplodingParser:
    """A parser with a bug: it claims texts that carry its marker, then raises."""

    NAME = "exploding"
    VERSION = "1"

    @staticmethod
    def detect(text: str) -> float:
        return 1.0 if "EXPLODING-PARSER-MARKER" in text else 0.0

    @staticmethod
    def parse(text: str, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("list index out of range in section 3")


@pytest.fixture
def exploding(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(registry.PARSERS, ExplodingParser.NAME, ExplodingParser)


@pytest.mark.usefixtures("exploding")
def test_a_raising_parser_fails_its_bulletin_and_the_batch_goes_on(session: Session, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a-bad.txt").write_text("Report of 5 January 2026. EXPLODING-PARSER-MARKER near Kupiansk.")
    (inbox / "b-seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    report = flows.ingest_sources(session, sources_=[str(inbox)])
    bad, good = report.bulletins
    assert (good["events"], good["status"]) == (35, "extracted")
    assert (bad["events"], bad["status"]) == (0, "extraction failed")
    assert "RuntimeError: list index out of range in section 3" in bad["error"]
    [message] = report.errors
    assert "a-bad.txt: extraction failed (RuntimeError" in message and f"bulletin #{bad['id']}" in message
    stored = session.get(Bulletin, bad["id"])
    assert stored is not None and stored.status == EXTRACTION_FAILED
    assert "EXPLODING-PARSER-MARKER" in stored.text, "the raw text is kept"
    assert [b.id for b in reextraction.failed(session)] == [bad["id"]]


@pytest.mark.usefixtures("exploding")
def test_dkb_bulletins_failed_lists_it_and_reextract_recovers_it(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    runner = CliRunner()
    ingest = runner.invoke(main, ["bulletins", "ingest", str(bad), "--format", ExplodingParser.NAME])
    assert ingest.exit_code == 1 and "extraction failed" in ingest.output
    listed = runner.invoke(main, ["bulletins", "failed"])
    assert listed.exit_code == 0
    assert "bad.txt: RuntimeError: list index out of range" in listed.output
    assert "1 bulletins failed extraction" in listed.output
    monkeypatch.delitem(registry.PARSERS, ExplodingParser.NAME)  # the faulty parser is withdrawn
    again = runner.invoke(main, ["bulletins", "reextract", "--stale"])
    assert again.exit_code == 0, again.output
    assert "35 new, 0 kept, 0 removed events" in again.output
    with Session(engine) as session:
        assert reextraction.failed(session) == []
        [bulletin] = session.exec(select(Bulletin)).all()
        assert (bulletin.status, bulletin.extraction_error, bulletin.format) == ("extracted", "", "ru_mod")
        assert len(session.exec(select(ConflictEvent)).all()) == 35


def test_a_text_stored_by_someone_else_meanwhile_is_a_duplicate(
    engine: Engine, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = sources.RawBulletin("first", "text", SEED.read_text(encoding="utf-8"))
    real_parse = registry.parse
    raced = []

    def parse_while_another_process_stores_it(text: str, **kwargs: Any) -> Any:
        if not raced:  # between our duplicate check and our insert, another session stores the same text
            raced.append(True)
            with Session(engine) as other:
                flows.ingest_raw(other, raw=sources.RawBulletin("second", "text", text))
        return real_parse(text, **kwargs)

    monkeypatch.setattr(registry, "parse", parse_while_another_process_stores_it)
    outcome = flows.ingest_raw(session, raw=raw)
    assert outcome.entry["duplicate"] is True and outcome.error == ""
    assert len(session.exec(select(Bulletin)).all()) == 1
    assert len(session.exec(select(ConflictEvent)).all()) == 35


def test_two_threads_ingesting_the_same_text_make_one_bulletin(engine: Engine) -> None:
    text = SEED.read_text(encoding="utf-8")
    barrier = threading.Barrier(2)
    outcomes: list[dict[str, Any]] = []
    failures: list[BaseException] = []

    def ingest(origin: str) -> None:
        try:
            with Session(engine) as session:
                barrier.wait(timeout=30)
                outcomes.append(flows.ingest_raw(session, raw=sources.RawBulletin(origin, "text", text)).entry)
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)

    threads = [threading.Thread(target=ingest, args=(f"worker-{n}",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    assert sorted(o["duplicate"] for o in outcomes) == [False, True]
    assert len({o["id"] for o in outcomes}) == 1
    with Session(engine) as session:
        assert len(session.exec(select(ConflictEvent)).all()) == 35


class FrenchOnlyParser:
    """A parser that recognises a French bulletin and, like the pipeline, does not extract from it."""

    NAME = "french_only"
    VERSION = "1"

    @staticmethod
    def detect(text: str) -> float:
        return 1.0 if "Rapport de situation" in text else 0.0

    @staticmethod
    def parse(text: str, *args: Any, **kwargs: Any) -> ParsedBulletin:
        return ParsedBulletin(
            format="french_only", parser_version="1", language="fr", issuer="OCHA",
            issuer_slug="ocha", reporter="ReliefWeb", country="CD", published_on=date(2026, 1, 5),
        )  # fmt: skip


def test_a_bulletin_in_another_language_is_stored_as_not_extracted(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(registry.PARSERS, FrenchOnlyParser.NAME, FrenchOnlyParser)
    raw = sources.RawBulletin("rapport.txt", "file", "Rapport de situation, 5 janvier 2026. Déplacements à Goma.")
    outcome = flows.ingest_raw(session, raw=raw)
    assert (outcome.entry["status"], outcome.entry["events"], outcome.error) == ("not extracted", 0, "")
    bulletin = session.get(Bulletin, outcome.entry["id"])
    assert bulletin is not None
    assert (bulletin.language, bulletin.issuer_slug, bulletin.reporter, bulletin.country) == (
        "fr",
        "ocha",
        "ReliefWeb",
        "CD",
    )
