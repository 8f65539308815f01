"""The seed (Russian MoD) and a General Staff report of the same day: also reported by, both ways."""

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.bulletins.flows import ingest_sources
from app.events.models import ConflictEvent
from tests.paths import ROOT, SEED

GENERAL_STAFF = ROOT / "tests" / "bulletins" / "fixtures" / "2026-01-04-ua-general-staff-test.txt"


MOD, GS = "Russian Ministry of Defence", "General Staff of the Armed Forces of Ukraine"


def _at(session: Session, place_as_written: str, claimant: str) -> ConflictEvent:
    query = select(ConflictEvent).where(
        ConflictEvent.place_as_written == place_as_written, ConflictEvent.claimant == claimant
    )
    return session.exec(query).one()


def test_both_claimants_show_each_other_and_contradictions_are_contested(client: TestClient, session: Session) -> None:
    report = ingest_sources(session, sources_=[str(SEED), str(GENERAL_STAFF)])
    assert report.errors == [] and [b["events"] > 0 for b in report.bulletins] == [True, True]
    mod_podoly, gs_podoly = _at(session, "Podoly", MOD), _at(session, "Podoly", GS)
    assert mod_podoly.place_code and mod_podoly.place_code == gs_podoly.place_code
    # The MoD claims Podoly taken; the General Staff claims attacks there repelled: a contradiction.
    assert (mod_podoly.action, gs_podoly.action) == ("took_control", "attack_repelled")
    assert (mod_podoly.claim_status, gs_podoly.claim_status) == ("contested", "contested")
    # Both sides report fighting near Zolochiv (Zolochev) that day: corroborated, not contested.
    mod_zolochiv, gs_zolochiv = _at(session, "Zolochev", MOD), _at(session, "Zolochiv", GS)
    assert mod_zolochiv.place_code == gs_zolochiv.place_code
    assert (mod_zolochiv.claim_status, gs_zolochiv.claim_status) == ("corroborated", "corroborated")
    for one, other in [(mod_podoly, gs_podoly), (gs_podoly, mod_podoly), (mod_zolochiv, gs_zolochiv)]:
        body = client.get(f"/api/v1/events/{one.id}").json()
        assert [e["id"] for e in body["also_reported_by"]] == [other.id]
        assert other.claimant in client.get(f"/events/{one.id}").text
    # A place only one side names stays a plain claim.
    assert _at(session, "Kondratovka", MOD).claim_status == "claimed"
