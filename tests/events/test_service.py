"""The events domain writes events and figures, their search outbox rows and their links."""

from sqlmodel import Session, col, select

from app.bulletins.extraction import registry
from app.bulletins.models import Bulletin
from app.events import service
from app.events.models import ConflictEvent, FigureClaim
from app.links.models import ArticleEventLink
from search.models import SearchOutbox
from tests.conftest import seed
from tests.paths import SEED


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
    assert len(changes.created) == 35 and changes.figures == 39 and changes.regions
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
    changes = service.replace_from_drafts(session, bulletin=bulletin, parsed=registry.parse(bulletin.text))
    session.commit()
    assert (sorted(changes.updated), changes.created, changes.deleted) == (ids, [], [])
    assert len(session.exec(select(FigureClaim)).all()) == 39


def test_a_place_set_by_an_editor_reads_as_corrected(session: Session) -> None:
    seed(session)
    event = session.exec(select(ConflictEvent).where(ConflictEvent.place_as_written == "Rubtsov")).one()
    service.set_place_resolution(session, event=event, place_code=None)
    session.commit()
    assert (event.place_status, event.place_method, event.geo_precision) == ("not_a_place", "manual", "region")
    assert _outbox_ids(session)[-1] == str(event.id)
