"""A humanitarian report ingested end to end: camps and towns outside Ukraine stored with their country."""

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from app.bulletins.flows import ingest_sources
from app.events.models import ConflictEvent
from app.places.models import Place, Region

ZAMZAM = Path(__file__).resolve().parents[1] / "bulletins" / "corpus" / "humanitarian-ocha-2025-04-15-1.txt"


def test_a_sudan_flash_update_resolves_camps_and_towns(session: Session) -> None:
    report = ingest_sources(session, sources_=[str(ZAMZAM)])
    assert report.errors == [] and report.bulletins[0]["format"] == "humanitarian"
    events = session.exec(select(ConflictEvent)).all()
    by_name = {(e.place_as_written, e.place_code) for e in events if e.region_code == "SD-DN"}
    assert ("Zamzam", "CAMP-zamzam") in by_name
    assert ("Um Kadadah", "GN-364933") in by_name  # GeoNames: Umm Kaddadah, North Darfur
    jebel_marra = next(e for e in events if e.place_as_written == "Jebel Marra")
    assert (jebel_marra.region_code, jebel_marra.place_code, jebel_marra.place_status) == ("SD-DC", None, "unresolved")
    camp = session.get(Place, "CAMP-zamzam")
    assert camp is not None and (camp.country, camp.region_code, camp.category) == ("SD", "SD-DN", "camp")
    region = session.get(Region, "SD-DN")
    assert region is not None and (region.name, region.country) == ("North Darfur", "SD")


def test_world_places_have_pages(client: TestClient, engine: Engine) -> None:
    with Session(engine) as session:
        ingest_sources(session, sources_=[str(ZAMZAM)])
    page = client.get("/places/GN-364933")
    assert page.status_code == 200 and "Umm Kaddadah" in page.text and "GeoNames" in page.text
    assert "Um Kadadah" in page.text  # the claimed event, as written
    region = client.get("/regions/SD-DN")
    assert region.status_code == 200 and "North Darfur" in region.text and "Northern Darfur" in region.text


def test_unresolved_names_abroad_are_reviewed_with_candidates_of_their_country(session: Session) -> None:
    from app.places import review

    ingest_sources(session, sources_=[str(ZAMZAM)])
    mentions = {(m.name, m.region_code): m for m in review.unresolved(session)}
    jebel_marra = mentions[("Jebel Marra", "SD-DC")]
    assert all(not c.code.startswith("UA") and not c.code[0].isdigit() for c in jebel_marra.candidates)
    changed = review.correct(session, name="Jebel Marra", region_code="SD-DC", place_code=None, note="a massif")
    assert changed >= 1
    assert ("Jebel Marra", "SD-DC") not in {(m.name, m.region_code) for m in review.unresolved(session)}
