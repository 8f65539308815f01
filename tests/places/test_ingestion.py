"""Issue acceptance through real ingestion: every seed mention resolved within its region, or left for review."""

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from app.bulletins.flows import ingest_sources
from app.events.models import ConflictEvent
from app.places.models import Place
from tests.conftest import wait_for_sync
from tests.paths import SEED

EXPECTED_NAMES = {
    "Konstantinovka": "Kostiantynivka", "Slavyansk": "Sloviansk", "Orekhov": "Orikhiv", "Zolochev": "Zolochiv",
    "Grishino": "Hryshyne", "Dobropolye": "Dobropillia", "Volchanskiye Khutora": "Vovchanski Khutory",
}  # fmt: skip


def _events(session: Session) -> list[ConflictEvent]:
    return list(session.exec(select(ConflictEvent).order_by(ConflictEvent.place_start)).all())


def test_seed_mentions_resolve_within_their_region(session: Session) -> None:
    ingest_sources(session, sources_=[str(SEED)])
    events = _events(session)
    places = {p.code: p for p in session.exec(select(Place)).all()}
    for event in events:
        if event.place_code:
            assert places[event.place_code].region_code == event.region_code, event.place_as_written
    names = {e.place_as_written: places[e.place_code].name for e in events if e.place_code}
    for written, official in EXPECTED_NAMES.items():
        assert names[written] == official
    novopavlovkas = [e for e in events if e.place_as_written == "Novopavlovka"]
    assert [e.region_code for e in novopavlovkas] == ["UA-14", "UA-12"]
    assert novopavlovkas[0].place_code and novopavlovkas[1].place_code
    assert novopavlovkas[0].place_code != novopavlovkas[1].place_code
    rubtsov = next(e for e in events if e.place_as_written == "Rubtsov")
    assert (rubtsov.place_code, rubtsov.place_status, rubtsov.geo_precision) == (None, "unresolved", "region")
    resolved = [e for e in events if e.place_code]
    assert len(resolved) >= 33, [e.place_as_written for e in events if not e.place_code]


def test_renamed_places_are_found_under_their_current_name(client: TestClient, engine: Engine, tmp_path: Path) -> None:
    bulletin = tmp_path / "renamed.txt"
    bulletin.write_text(
        "Russian Defence Ministry on progress of special military operation as of 9 January 2026\n\n"
        "The Tsentr Group of Forces inflicted losses on units of the AFU near Krasnoarmeysk (DPR).\n\n"
        "The Yug Group of Forces inflicted losses on units of the AFU near Artemovsk and Dzerzhinsk (DPR).\n\n"
        "The Zapad Group of Forces inflicted losses on units of the AFU near Krasny Liman (Donetsk "
        "People's Republic) and Kupyansk (Kharkov region).\n",
        encoding="utf-8",
    )
    with Session(engine) as session:
        report = ingest_sources(session, sources_=[str(bulletin)])
        assert report.errors == []
        places = {p.code: p.name for p in session.exec(select(Place)).all()}
        resolved = {e.place_as_written: places.get(e.place_code or "") for e in _events(session)}
    assert resolved == {
        "Krasnoarmeysk": "Pokrovsk", "Artemovsk": "Bakhmut", "Dzerzhinsk": "Toretsk", "Krasny Liman": "Lyman",
        "Kupyansk": "Kupiansk",
    }  # fmt: skip
    wait_for_sync(engine)
    hits = client.get("/api/v1/search", params={"q": "Pokrovsk", "type": "event"}).json()["hits"]
    assert [h["place_as_written"] for h in hits] == ["Krasnoarmeysk"]
    place = client.get("/api/v1/places", params={"q": "Pokrov", "region": "UA-14"}).json()["items"]
    assert "Pokrovsk" in [p["name"] for p in place]
