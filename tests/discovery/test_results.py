"""Search results that fit the page: one result per bulletin sentence, date sort, place pages, encoded links."""

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from app.articles.flows import publish_paths
from app.discovery.service import group_sentences
from tests.conftest import seed, wait_for_sync


def test_events_of_one_sentence_come_back_as_one_result(client: TestClient, engine: Engine) -> None:
    with Session(engine) as session:
        seed(session)
    wait_for_sync(engine)
    hits = client.get("/api/v1/search", params={"q": "Kharkov", "type": "event", "limit": 50}).json()["hits"]
    grouped = group_sentences(hits)
    quotes = [(h["bulletin_id"], h["quote"]) for h in grouped]
    assert len(quotes) == len(set(quotes)) < len(hits), "one result per bulletin sentence"
    sentence = next(h for h in grouped if "Zolochev" in h["quote"])
    assert {p["as_written"] for p in sentence["places"]} >= {"Zolochev", "Zhukov Yar"}
    page = client.get("/search", params={"q": "Kharkov", "type": "event"}).text
    assert "places in this sentence" in page and "Zolochiv (Zolochev)" in page
    assert page.count(">Zolochiv (Zolochev)</a>") == 1


def test_newest_first_orders_by_date(client: TestClient, engine: Engine, tmp_path: Path) -> None:
    for year in (2019, 2025, 2022):
        (tmp_path / f"note-{year}.md").write_text(
            f"---\ntitle: Zebrafinch report {year}\npublished: {year}-03-01\n---\nThe zebrafinch survey of {year}.\n"
        )
    with Session(engine) as session:
        assert publish_paths(session, paths=[tmp_path]).errors == []
    wait_for_sync(engine)
    newest = client.get("/api/v1/search", params={"q": "zebrafinch", "sort": "newest"}).json()["hits"]
    assert [h["title"][-4:] for h in newest] == ["2025", "2022", "2019"]
    assert client.get("/api/v1/search", params={"q": "zebrafinch", "sort": "oldest-first"}).status_code == 422
    page = client.get("/search", params={"q": "zebrafinch", "sort": "newest", "date_from": "2020-01-01"}).text
    assert "report 2025" in page and "report 2019" not in page


def test_a_place_name_offers_the_place_page(client: TestClient, engine: Engine) -> None:
    body = client.get("/api/v1/search", params={"q": "Artemovsk"}).json()
    assert [p["name"] for p in body["place_pages"]][:1] == ["Bakhmut"]
    page = client.get("/search", params={"q": "Vorzel"}).text
    assert "names a place" in page and "/places/UA32" in page


def test_facet_and_page_links_keep_the_query_encoded(client: TestClient, engine: Engine) -> None:
    with Session(engine) as session:
        seed(session)
    wait_for_sync(engine)
    page = client.get("/search", params={"q": "Kharkov & Sumy", "type": "event"}).text
    assert "q=Kharkov+%26+Sumy" in page or "q=Kharkov%20%26%20Sumy" in page
    assert "q=Kharkov & Sumy" not in page and "q=Kharkov+&+Sumy" not in page
