"""The ingestion entry points other domains call (the write API), and the bulletin list by status."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from app.bulletins import service
from app.errors import InputError
from app.events.models import FigureClaim
from tests.paths import SEED


def test_a_pasted_text_is_ingested_once(session: Session) -> None:
    entry = service.ingest_text(session, text=SEED.read_text(encoding="utf-8"), origin="editor paste")
    assert (entry["events"], entry["status"], entry["duplicate"]) == (35, "extracted", False)
    assert entry["figures"] == len(session.exec(select(FigureClaim)).all()) > 0
    again = service.ingest_text(session, text=SEED.read_text(encoding="utf-8"))
    assert again["duplicate"] is True and again["id"] == entry["id"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("   \n", "paste: the text is empty"),
        ("Report of 4 January 2026\x00", "paste: the text holds a NUL character"),
        ("Nothing that looks like a bulletin.", "paste: not a recognised bulletin format"),
    ],
)
def test_refused_texts_are_input_errors(session: Session, text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        service.ingest_text(session, text=text, origin="paste")


def test_a_url_to_a_private_address_is_refused(session: Session) -> None:
    with pytest.raises(InputError, match="refusing to fetch from 127.0.0.1"):
        service.ingest_url(session, url="http://127.0.0.1:9/report")


def test_bulletins_are_listed_by_status(client: TestClient, engine: Engine) -> None:
    with Session(engine) as session:
        service.ingest_text(session, text=SEED.read_text(encoding="utf-8"))
    assert client.get("/api/v1/bulletins", params={"status": "extracted"}).json()["total"] == 1
    assert client.get("/api/v1/bulletins", params={"status": "extraction failed"}).json()["total"] == 0
    wrong = client.get("/api/v1/bulletins", params={"status": "weird"})
    assert wrong.status_code == 400 and "unknown bulletin status 'weird'" in wrong.text
    detail = client.get("/api/v1/bulletins/1").json()
    assert (detail["status"], detail["error"], detail["has_raw_page"]) == ("extracted", None, False)
