"""Re-extraction after a parser change: events, search documents and links follow, corrections stay."""

import inspect
from datetime import date
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.articles.flows import publish_paths
from app.bulletins import flows, sources
from app.bulletins.extraction import registry, ru_mod
from app.bulletins.extraction.drafts import ParsedBulletin, ParseHints
from app.bulletins.models import Bulletin
from app.bulletins.reextraction import reextract, select_for_reextraction
from app.cli import main
from app.events import service as events_service
from app.events.models import ConflictEvent, FigureClaim
from app.links.models import ArticleEventLink
from app.links.service import refresh_auto_links
from app.places import review
from search.client import SearchTarget, make_client
from tests.conftest import seed, wait_for_sync
from tests.paths import ROOT, SEED

DROPPED_GROUP = "Sever"
ARTICLES = ROOT / "content" / "articles"
REGIONAL = ("kharkiv", "donetsk", "sumy")


def _indexed_event_ids(meili: SearchTarget) -> set[int]:
    index = make_client(meili).index(meili.uid("events"))
    result = index.get_documents({"limit": 1000, "fields": ["id"]})
    return {int(doc.id) for doc in result.results}


def _events(session: Session) -> dict[int, ConflictEvent]:
    return {e.id: e for e in session.exec(select(ConflictEvent)).all() if e.id is not None}


def _improved_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    """The next version of the MoD parser: it no longer reports one group's events, and names the actor."""
    original = ru_mod.parse
    version = f"{ru_mod.VERSION}-next"

    def parse(text: str, *, hints: ParseHints | None = None) -> ParsedBulletin:
        takes_hints = "hints" in inspect.signature(original).parameters
        parsed = original(text, hints=hints) if takes_hints else original(text)
        parsed.parser_version = version
        parsed.events = [e for e in parsed.events if e.group_name != DROPPED_GROUP]
        for draft in parsed.events:
            draft.actor = f"Russian forces ({draft.group_name})"
        return parsed

    monkeypatch.setattr(ru_mod, "VERSION", version)
    monkeypatch.setattr(ru_mod, "parse", parse)


def test_reextract_all_after_a_parser_change(
    client: TestClient, engine: Engine, meili: SearchTarget, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Session(engine) as session:
        seed(session)
        published = publish_paths(session, paths=[ARTICLES / f"{name}-oblast-displacement.md" for name in REGIONAL])
        assert not published.errors
        refresh_auto_links(session)
        before = _events(session)
        figures_before = len(session.exec(select(FigureClaim)).all())
        linked_before = set(session.exec(select(ArticleEventLink.event_id)).all())
        assert linked_before & {i for i, e in before.items() if e.group_name == DROPPED_GROUP}
        assert len(before) == 35
        dropped = {i for i, e in before.items() if e.group_name == DROPPED_GROUP}
        assert dropped and not any(e.place_as_written == "Rubtsov" for e in before.values() if e.id in dropped)
        # Editors' work: a remembered correction, and one event pinned on a place by hand.
        rubtsov = next(e for e in before.values() if e.place_as_written == "Rubtsov")
        [candidate, *_] = next(m for m in review.unresolved(session) if m.name == "Rubtsov").candidates
        review.correct(session, name="Rubtsov", region_code="UA-14", place_code=candidate.code)
        manual = next(e for e in before.values() if e.id not in dropped and e.place_code and e.id != rubtsov.id)
        events_service.set_place_resolution(session, event=manual, place_code=None)
        session.commit()
        manual_id, rubtsov_id = manual.id, rubtsov.id
    wait_for_sync(engine)
    assert _indexed_event_ids(meili) == set(before)

    _improved_parser(monkeypatch)
    runner = CliRunner()
    stale = runner.invoke(main, ["bulletins", "reextract", "--stale", "--json"])
    assert stale.exit_code == 0, stale.output
    assert '"created": 0' in stale.output and f'"deleted": {len(dropped)}' in stale.output
    again = runner.invoke(main, ["bulletins", "reextract", "--all"])
    assert again.exit_code == 0 and f"0 new, {35 - len(dropped)} kept, 0 removed" in again.output

    wait_for_sync(engine)
    with Session(engine) as session:
        after = _events(session)
        assert set(after) == set(before) - dropped, "same ids for events found again, none duplicated"
        assert {e.actor for e in after.values()} == {f"Russian forces ({e.group_name})" for e in after.values()}
        kept = after[rubtsov_id]
        assert (kept.place_code, kept.place_status) == (candidate.code, "corrected")
        pinned = after[manual_id]
        assert (pinned.place_code, pinned.place_method, pinned.place_status) == (None, "manual", "not_a_place")
        bulletin = session.exec(select(Bulletin)).one()
        assert (bulletin.parser_version, bulletin.status) == (ru_mod.VERSION, "extracted")
        assert len(session.exec(select(FigureClaim)).all()) == figures_before
        linked = set(session.exec(select(ArticleEventLink.event_id)).all())
        assert linked and linked <= set(after)
        assert not session.exec(select(ArticleEventLink).where(col(ArticleEventLink.event_id).in_(dropped))).all()
    assert _indexed_event_ids(meili) == set(after)


def test_reextract_names_unknown_ids_and_needs_a_selection(engine: Engine) -> None:
    runner = CliRunner()
    missing = runner.invoke(main, ["bulletins", "reextract", "999"])
    assert missing.exit_code == 1 and "no bulletin 999" in missing.output
    nothing = runner.invoke(main, ["bulletins", "reextract"])
    assert nothing.exit_code == 2 and "give bulletin ids" in nothing.output


def _sitrep_parser(name: str, confidence: float) -> Any:
    class Sitrep:
        NAME, VERSION = name, "1"

        @staticmethod
        def detect(text: str) -> float:
            return confidence if "SITREP-TEST" in text else 0.0

        @staticmethod
        def parse(text: str, *, hints: ParseHints | None = None) -> ParsedBulletin:
            return ParsedBulletin(format=name, parser_version="1", published_on=date(2026, 1, 5))

    return Sitrep


def test_a_new_parser_that_claims_a_text_makes_it_stale(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(registry.PARSERS, "old_sitrep", _sitrep_parser("old_sitrep", 0.5))
    outcome = flows.ingest_raw(session, raw=sources.RawBulletin("s.txt", "file", "SITREP-TEST of 5 January 2026"))
    seed_entry = flows.ingest_raw(session, raw=sources.RawBulletin("seed.txt", "file", SEED.read_text("utf-8"))).entry
    assert outcome.entry["format"] == "old_sitrep"
    assert select_for_reextraction(session, stale=True) == []
    monkeypatch.setitem(registry.PARSERS, "new_sitrep", _sitrep_parser("new_sitrep", 0.9))
    assert select_for_reextraction(session, stale=True) == [outcome.entry["id"]]
    assert select_for_reextraction(session, every=True) == [outcome.entry["id"], seed_entry["id"]]
    assert select_for_reextraction(session, format="ru_mod") == [seed_entry["id"]]
    reextract(session, bulletin_ids=[outcome.entry["id"]])
    bulletin = session.get(Bulletin, outcome.entry["id"])
    assert bulletin is not None and bulletin.format == "new_sitrep"
