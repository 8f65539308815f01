"""Cross-party claims: another claimant at the same place within a day corroborates or contests."""

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.bulletins.flows import ingest_sources
from app.events import claims
from app.events.models import ConflictEvent
from app.events.wording import event_title
from tests.conftest import seed
from tests.paths import SEED

GENERAL_STAFF = "General Staff of the Armed Forces of Ukraine"


def _seed_event(session: Session, place: str) -> ConflictEvent:
    return session.exec(select(ConflictEvent).where(ConflictEvent.place_as_written == place)).one()


def _other_side(session: Session, like: ConflictEvent, *, action: str) -> ConflictEvent:
    event = ConflictEvent(
        bulletin_id=like.bulletin_id, date=like.date, claimant=GENERAL_STAFF, action=action,
        place_as_written=like.place_as_written, place_start=0, place_end=1, region_code=like.region_code,
        place_code=like.place_code, quote="test", quote_start=0, quote_end=1,
    )  # fmt: skip
    session.add(event)
    session.commit()
    claims.refresh_claims(session, event_ids=[event.id or 0])
    session.commit()
    return event


def test_a_gain_against_a_repelled_attack_is_contested_both_ways(session: Session) -> None:
    ingest_sources(session, sources_=[str(SEED)])
    podoly = _seed_event(session, "Podoly")
    assert podoly.action == "took_control" and podoly.claim_status == "claimed"
    repelled = _other_side(session, podoly, action="repelled")
    session.refresh(podoly)
    assert (podoly.claim_status, repelled.claim_status) == ("contested", "contested")
    assert [e.id for e in claims.counterparts(session, event=podoly)] == [repelled.id]
    assert [e.id for e in claims.counterparts(session, event=repelled)] == [podoly.id]


def test_activity_reported_by_both_sides_is_corroborated(session: Session) -> None:
    ingest_sources(session, sources_=[str(SEED)])
    zolochev = _seed_event(session, "Zolochev")
    other = _other_side(session, zolochev, action="attack")
    session.refresh(zolochev)
    assert (zolochev.claim_status, other.claim_status) == ("corroborated", "corroborated")


def test_a_neighbour_left_alone_at_its_place_is_claimed_again(session: Session) -> None:
    ingest_sources(session, sources_=[str(SEED)])
    zolochev = _seed_event(session, "Zolochev")
    other = _other_side(session, zolochev, action="attack")
    session.refresh(zolochev)
    assert zolochev.claim_status == "corroborated"
    podoly = _seed_event(session, "Podoly")
    other.place_code, other.region_code = podoly.place_code, podoly.region_code  # moved off Zolochev
    same_side = ConflictEvent.model_validate({**zolochev.model_dump(exclude={"id"}), "action": "strike"})
    session.add_all([other, same_side])
    session.commit()
    changed = claims.refresh_claims(session, event_ids=[other.id or 0, same_side.id or 0])
    session.commit()
    session.refresh(zolochev)
    assert zolochev.claim_status == "claimed" and zolochev.id in changed


def test_the_same_claimant_twice_is_not_corroboration(session: Session) -> None:
    ingest_sources(session, sources_=[str(SEED)])
    zolochev = _seed_event(session, "Zolochev")
    assert claims.counterparts(session, event=zolochev) == []
    assert claims.status_of(zolochev, []) == "claimed"


def test_titles_name_the_claimant_and_read_as_claims(session: Session) -> None:
    ingest_sources(session, sources_=[str(SEED)])
    zolochev = _seed_event(session, "Zolochev")
    title = event_title(zolochev, place_name="Zolochiv", region_name="Kharkiv")
    assert title == "Russian MoD claims losses inflicted near Zolochiv (Zolochev), Kharkiv"


def test_the_api_lists_the_other_claimant(client: TestClient, session: Session) -> None:
    seed(session)
    podoly = _seed_event(session, "Podoly")
    repelled = _other_side(session, podoly, action="repelled")
    body = client.get(f"/api/v1/events/{podoly.id}").json()
    assert body["claim_status"] == "contested"
    assert [other["id"] for other in body["also_reported_by"]] == [repelled.id]
    assert body["title"].startswith("Russian MoD claims control taken of Podoly")
    page = client.get(f"/events/{repelled.id}").text
    assert "Also reported by" in page and f"/events/{podoly.id}" in page
