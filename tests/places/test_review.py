"""The review list of unresolved names, and corrections remembered for the next bulletin."""

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from app.bulletins.flows import ingest_sources
from app.events.models import ConflictEvent
from app.places import review
from app.places.models import PlaceCorrection
from app.users import service as users_service
from tests.accounts import login, make_user
from tests.conftest import seed
from tests.paths import SEED


def _event(session: Session, name: str) -> ConflictEvent:
    return session.exec(select(ConflictEvent).where(ConflictEvent.place_as_written == name)).one()


def test_a_name_with_no_real_match_waits_for_review(session: Session) -> None:
    ingest_sources(session, sources_=[str(SEED)])
    mentions = {(m.name, m.region_code): m for m in review.unresolved(session)}
    rubtsov = mentions[("Rubtsov", "UA-14")]
    assert rubtsov.count == 1 and rubtsov.event_ids == [_event(session, "Rubtsov").id]
    assert _event(session, "Rubtsov").geo_precision == "region"


def test_a_correction_is_applied_and_remembered(session: Session, tmp_path: Path) -> None:
    ingest_sources(session, sources_=[str(SEED)])
    [candidate, *_] = next(m for m in review.unresolved(session) if m.name == "Rubtsov").candidates
    assert review.correct(session, name="Rubtsov", region_code="UA-14", place_code=candidate.code) == 1
    event = _event(session, "Rubtsov")
    assert (event.place_code, event.place_status, event.place_method) == (candidate.code, "corrected", "correction")
    assert "Rubtsov" not in {m.name for m in review.unresolved(session)}
    later = tmp_path / "later.txt"
    later.write_text(
        SEED.read_text(encoding="utf-8").replace("January 4, 2026", "January 5, 2026").replace("4 January", "5 January")
    )
    ingest_sources(session, sources_=[str(later)])
    resolved = session.exec(select(ConflictEvent).where(ConflictEvent.place_as_written == "Rubtsov")).all()
    assert [(e.place_code, e.place_method) for e in resolved][-1] == (candidate.code, "correction")


def test_not_a_settlement_keeps_the_event_at_region_level(session: Session) -> None:
    ingest_sources(session, sources_=[str(SEED)])
    review.correct(session, name="Rubtsov", region_code="UA-14", place_code=None)
    event = _event(session, "Rubtsov")
    assert (event.place_code, event.place_status, event.region_code) == (None, "not_a_place", "UA-14")


def test_the_review_page_needs_a_signed_in_editor_and_records_who_decided(client: TestClient, engine: Engine) -> None:
    with Session(engine) as session:
        seed(session)
    assert client.get("/editor/places/review", follow_redirects=False).headers["location"].startswith("/login")
    form = {"name": "Rubtsov", "region": "UA-14", "place": "-"}
    assert client.post("/editor/places/review", data=form, follow_redirects=False).status_code == 401
    make_user(engine, "reviewer@example.org")
    token = login(client, "reviewer@example.org")
    page = client.get("/editor/places/review")
    assert page.status_code == 200 and "Rubtsov" in page.text
    assert client.post("/editor/places/review", data=form, follow_redirects=False).status_code == 403  # no CSRF
    response = client.post("/editor/places/review", data={**form, "csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303
    with Session(engine) as session:
        assert _event(session, "Rubtsov").place_status == "not_a_place"
        [correction] = session.exec(select(PlaceCorrection)).all()
        assert correction.decided_by == "reviewer@example.org"
        assert users_service.recent_audit(session)[0].action == "place.decide"


def test_automatic_matches_among_namesakes_can_be_revisited(client: TestClient, engine: Engine) -> None:
    with Session(engine) as session:
        seed(session)
        matches = {(m.name, m.region_code): m for m in review.ambiguous(session)}
    dobropolye = matches[("Dobropolye", "UA-14")]
    assert dobropolye.candidates[0].code == dobropolye.place_code and len(dobropolye.candidates) >= 2
    other = dobropolye.candidates[1].code
    make_user(engine, "reviewer@example.org")
    token = login(client, "reviewer@example.org")
    page = client.get("/editor/places/review")
    assert "Dobropolye" in page.text and "current match" in page.text
    form = {"name": "Dobropolye", "region": "UA-14", "place": other, "csrf_token": token}
    assert client.post("/editor/places/review", data=form, follow_redirects=False).status_code == 303
    with Session(engine) as session:
        event = _event(session, "Dobropolye")
        assert (event.place_code, event.place_method) == (other, "correction")
        assert ("Dobropolye", "UA-14") not in {(m.name, m.region_code) for m in review.ambiguous(session)}
