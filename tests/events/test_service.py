"""The events domain writes events and figures, their search outbox rows and their links."""

from datetime import date

import pytest
from sqlalchemy import Table
from sqlmodel import Session, col, delete, select

from app.articles.flows import publish_paths
from app.bulletins.extraction import registry
from app.bulletins.extraction.drafts import EventDraft, ParsedBulletin, Span
from app.bulletins.flows import ingest_sources
from app.bulletins.models import Bulletin
from app.config import get_settings
from app.events import service
from app.events.models import ConflictEvent, FigureClaim
from app.links import service as links_service
from app.links.models import ArticleEventLink
from search.models import SearchOutbox
from tests.conftest import seed
from tests.paths import ROOT, SEED

GENERAL_STAFF = ROOT / "tests" / "bulletins" / "fixtures" / "2026-01-04-ua-general-staff-test.txt"


def _outbox_ids(session: Session) -> list[str]:
    rows = session.exec(select(SearchOutbox).where(SearchOutbox.entity == "event").order_by(col(SearchOutbox.id)))
    return [row.entity_id for row in rows]


def test_the_seed_becomes_35_events_and_39_figures_each_queued_for_search(session: Session) -> None:
    seed(session)
    events = session.exec(select(ConflictEvent)).all()
    assert len(events) == 35
    assert len(session.exec(select(FigureClaim)).all()) == 39
    assert set(map(int, _outbox_ids(session))) == {e.id for e in events}


def test_actor_target_and_date_come_from_the_drafts(session: Session) -> None:
    text = SEED.read_text(encoding="utf-8")
    bulletin = Bulletin(sha256="x" * 64, text=text, format="ru_mod")
    session.add(bulletin)
    session.flush()
    parsed = registry.parse(text)
    first = parsed.events[0]
    first.actor, first.target_actor = "Actor as the parser says", "Target as the parser says"
    first.event_date, first.date_precision = parsed.published_on, "day-of-year-unknown"
    changes = service.create_from_drafts(session, bulletin=bulletin, parsed=parsed)
    session.commit()
    assert len(changes.created) == 35 and changes.figures == len(parsed.figures) and changes.regions
    event = session.get(ConflictEvent, changes.created[0])
    assert event is not None
    assert (event.actor, event.target_actor, event.date_precision) == (
        "Actor as the parser says",
        "Target as the parser says",
        "day-of-year-unknown",
    )


def test_deleting_a_bulletins_events_queues_deletions_and_drops_their_links(session: Session) -> None:
    seed(session)
    bulletin = session.exec(select(Bulletin)).one()
    assert bulletin.id is not None
    queued_before = len(_outbox_ids(session))
    changes = service.delete_for_bulletin(session, bulletin_id=bulletin.id)
    session.commit()
    assert len(changes.deleted) == 35
    assert session.exec(select(ConflictEvent)).all() == []
    assert session.exec(select(FigureClaim)).all() == []
    assert session.exec(select(ArticleEventLink)).all() == []
    assert sorted(map(int, _outbox_ids(session)[queued_before:])) == sorted(changes.deleted)


def test_replacing_with_the_same_parse_keeps_every_event_id(session: Session) -> None:
    seed(session)
    bulletin = session.exec(select(Bulletin)).one()
    ids = sorted(e.id for e in session.exec(select(ConflictEvent)).all() if e.id)
    figures = len(session.exec(select(FigureClaim)).all())
    changes = service.replace_from_drafts(session, bulletin=bulletin, parsed=registry.parse(bulletin.text))
    session.commit()
    assert (sorted(changes.updated), changes.created, changes.deleted) == (ids, [], [])
    assert len(session.exec(select(FigureClaim)).all()) == figures


def test_a_place_set_by_an_editor_reads_as_corrected(session: Session) -> None:
    seed(session)
    event = session.exec(select(ConflictEvent).where(ConflictEvent.place_as_written == "Rubtsov")).one()
    service.set_place_resolution(session, event=event, place_code=None)
    session.commit()
    assert (event.place_status, event.place_method, event.geo_precision) == ("not_a_place", "manual", "region")
    assert _outbox_ids(session)[-1] == str(event.id)


def test_links_follow_an_event_moved_off_a_place(session: Session) -> None:
    seed(session)
    published = publish_paths(session, paths=[ROOT / "content" / "articles" / "kharkiv-oblast-displacement.md"])
    assert not published.errors
    by_place = session.exec(select(ArticleEventLink).where(col(ArticleEventLink.reason).startswith("Same place"))).all()
    assert by_place, "the Kharkiv article names places the seed reports"
    event = session.get(ConflictEvent, by_place[0].event_id)
    assert event is not None
    changes = service.set_place_resolution(session, event=event, place_code=None)
    session.commit()
    service.refresh_links(session, changes=changes)
    reasons = session.exec(select(ArticleEventLink.reason).where(ArticleEventLink.event_id == event.id)).all()
    assert reasons and not any(r.startswith("Same place") for r in reasons)


def test_a_place_abroad_never_takes_a_ukrainian_namesake(session: Session) -> None:
    text = "Situation report, 5 January 2026. Clashes were reported near Kherson and in Kharkiv."
    bulletin = Bulletin(sha256="s" * 64, text=text, format="test")
    session.add(bulletin)
    session.flush()

    def draft(name: str, country: str) -> EventDraft:
        start = text.index(name)
        span = Span(start, start + len(name))
        return EventDraft("clashes", name, span, "", "unknown", "", Span(0, len(text)), 0, False, country=country)

    parsed = ParsedBulletin(format="test", parser_version="1", country="SD", published_on=date(2026, 1, 5))
    parsed.events = [draft("Kherson", ""), draft("Kharkiv", "UA")]
    changes = service.create_from_drafts(session, bulletin=bulletin, parsed=parsed)
    session.commit()
    abroad, home = (session.get(ConflictEvent, i) for i in changes.created)
    assert abroad is not None and (abroad.place_code, abroad.region_code) == (None, None)
    assert home is not None and home.place_code is not None and home.region_code == "UA-63"


def test_a_bulk_load_refreshes_the_planner_statistics_of_events_and_links(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    analyzed: list[str] = []

    def record(_session: Session, tables: list[Table]) -> None:
        analyzed.extend(table.name for table in tables)

    monkeypatch.setattr(service, "analyze_after_bulk_load", record)
    monkeypatch.setattr(links_service, "analyze_after_bulk_load", record)
    publish_paths(session, paths=[get_settings().content_dir / "articles"])
    ingest_sources(session, sources_=[str(SEED)])  # 35 events and their links: below the thresholds
    assert analyzed == []
    monkeypatch.setattr(service, "BULK_LOAD", 1)
    ingest_sources(session, sources_=[str(GENERAL_STAFF)])
    assert analyzed == ["conflictevent", "figureclaim"]
    session.exec(delete(ArticleEventLink))
    session.commit()
    monkeypatch.setattr(links_service, "BULK_LOAD", 1)
    assert links_service.refresh_auto_links(session) > 0
    assert analyzed[2:] == ["articleeventlink"]
