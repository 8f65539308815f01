"""Pages and JSON API over the seeded data (real database, real Meilisearch)."""

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from tests.conftest import seed, wait_for_sync


def _soup(client: TestClient, path: str) -> BeautifulSoup:
    response = client.get(path)
    assert response.status_code == 200, (path, response.text[:500])
    return BeautifulSoup(response.text, "html.parser")


def test_article_page_shows_provenance_and_conflict_context(client: TestClient, engine: Engine) -> None:
    with Session(engine) as session:
        seed(session)
    soup = _soup(client, "/articles/wilson-center-forced-displacement")
    assert soup.h1 and "Forced displacement" in soup.h1.text
    assert "Wilson Center" in soup.select_one(".provenance").text  # type: ignore[union-attr]
    panel = soup.select_one("#conflict-context")
    assert panel is not None
    # The piece is about displacement in general: no bulletin's events are its context by topic alone.
    assert panel.select(".linked-events li") == []
    assert "No conflict events are linked" in panel.text
    api = client.get("/api/v1/articles/wilson-center-forced-displacement").json()
    assert api["linked_events"] == []


def test_event_page_shows_claimant_and_quote_in_its_paragraph(client: TestClient, engine: Engine) -> None:
    with Session(engine) as session:
        seed(session)
    events = client.get("/api/v1/events", params={"limit": 500}).json()
    assert events["total"] == 35
    podoly = next(e for e in events["items"] if e["place_as_written"] == "Podoly")
    detail = client.get(f"/api/v1/events/{podoly['id']}").json()
    assert detail["claimant"] == "Russian Ministry of Defence" and detail["action"] == "took_control"
    assert detail["region"]["code"] == "UA-63" and detail["group"] == "Zapad"
    text = client.get(f"/api/v1/bulletins/{detail['bulletin_id']}").json()["text"]
    assert text[detail["span"]["start"] : detail["span"]["end"]] == detail["quote"]
    assert [f["value"] for f in detail["figures"] if f["category"] == "personnel_losses"] == [180]
    soup = _soup(client, f"/events/{podoly['id']}")
    assert "Claimed by Russian Ministry of Defence: this is that party's claim" in soup.select_one(".claim-banner").text  # type: ignore[union-attr]
    assert soup.select_one("mark.quote").text == detail["quote"]  # type: ignore[union-attr]
    assert "Zapad Group of Forces" in soup.select_one("blockquote.paragraph").text  # type: ignore[union-attr]


def test_bulletin_page_marks_every_extracted_span(client: TestClient, engine: Engine) -> None:
    with Session(engine) as session:
        seed(session)
    soup = _soup(client, "/bulletins/1")
    assert len(soup.select("pre.bulletin-text mark.place")) == 35
    assert len(soup.select("pre.bulletin-text mark.figure")) >= 39
    assert "Wilson Center" in soup.select_one("pre.bulletin-text .outside").text  # type: ignore[union-attr]
    assert "starts mid-word" in soup.select_one(".notice").text  # type: ignore[union-attr]


def test_search_page_lists_highlighted_hits_with_facets(client: TestClient, engine: Engine) -> None:
    with Session(engine) as session:
        seed(session)
    wait_for_sync(engine)
    soup = _soup(client, "/search?q=Kharkov")
    hits = soup.select("ol.results li.hit")
    assert len(hits) >= 9 and soup.select("ol.results mark")
    assert "Kharkov region" in hits[0].text
    facet_text = soup.select_one(".facets").text  # type: ignore[union-attr]
    assert "Kharkiv" in facet_text and "Conflict events" in facet_text


def test_topic_region_and_home_pages(client: TestClient, engine: Engine) -> None:
    with Session(engine) as session:
        seed(session)
    assert "Wilson Center" not in _soup(client, "/topics/ihl").select_one("h1").text  # type: ignore[union-attr]
    assert _soup(client, "/topics/political-change").select(".cards a")
    region = _soup(client, "/regions/UA-63")
    assert "Kharkov" in region.text and len(region.select("li.event")) == 9
    home = _soup(client, "/")
    assert home.select('a[href="/articles/wilson-center-forced-displacement"]')
    regions = client.get("/api/v1/regions").json()
    assert regions["total"] == 27
    topics = client.get("/api/v1/topics").json()
    assert {"forced-displacement", "ihl", "conflict-triggers", "advocacy"} <= {t["slug"] for t in topics["items"]}


def test_missing_things_are_404_pages_not_500s(client: TestClient) -> None:
    for path in [
        "/articles/nope",
        "/events/999999",
        "/bulletins/999",
        "/topics/nope",
        "/regions/XX-99",
    ]:
        response = client.get(path)
        assert response.status_code == 404 and "<h1>Not found</h1>" in response.text, path
    missing = client.get("/api/v1/events/999999").json()
    assert missing == {"error": {"code": "not_found", "message": "no event 999999", "field": None}}
    assert client.get("/api/v1/events/abc").status_code == 422
    assert client.get("/healthz").json()["status"] in {"ok", "starting"}  # "starting" until the indexes exist
