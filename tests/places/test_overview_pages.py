"""Index pages and the region and place pages: counts, timeline, figures with their source, locator map, neighbours."""

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.articles.flows import publish_paths
from app.bulletins.flows import ingest_sources
from app.events import figures as events_figures
from app.links.service import refresh_auto_links
from tests.conftest import seed
from tests.paths import ROOT

OCHA_KHARKIV = ROOT / "tests" / "bulletins" / "corpus" / "humanitarian-ocha-2024-05-12-1.txt"
KHARKIV_ARTICLE = ROOT / "content" / "articles" / "kharkiv-oblast-displacement.md"


def test_regions_index_counts_events_and_articles(client: TestClient, session: Session) -> None:
    seed(session)
    publish_paths(session, paths=[KHARKIV_ARTICLE])
    soup = BeautifulSoup(client.get("/regions").text, "html.parser")
    rows = {row.find("code").text: [td.text.strip() for td in row.find_all("td")] for row in soup.select("tbody tr")}
    assert len(rows) == 27  # Ukraine's 24 oblasts, Crimea, Kyiv and Sevastopol
    assert rows["UA-63"][2:] == ["9", "1"]  # 9 claimed events in Kharkiv region, one article about it
    for code in ("UA-59", "UA-14", "UA-23"):  # Sumy, Donetsk, Zaporizhzhia: as many as the filtered list
        assert rows[code][2] == str(client.get("/api/v1/events", params={"region": code}).json()["total"])
    assert sum(int(r[2].replace(",", "")) for r in rows.values()) <= 35
    nav = [a["href"] for a in soup.select("header nav a")]
    assert {"/events", "/regions", "/places", "/topics", "/bulletins"} <= set(nav)


def test_region_page_has_timeline_places_claimants_and_articles(client: TestClient, session: Session) -> None:
    seed(session)
    publish_paths(session, paths=[KHARKIV_ARTICLE])
    soup = BeautifulSoup(client.get("/regions/UA-63").text, "html.parser")
    chart = soup.select_one("svg.timeline")
    assert chart is not None and chart["role"] == "img"
    assert "9 claimed events" in chart.find("desc").text and len(chart.select("rect.bar")) == 1
    assert len(soup.select("ol.top-places li")) == 9  # nine distinct places, one event each
    assert [a.text for a in soup.select("ul.claimants a")] == ["Russian MoD"]
    assert "kharkiv-oblast-displacement" in str(soup.select("aside a"))
    assert client.get("/regions/Kharkov").status_code == 404


def test_region_figures_are_each_a_claim_with_their_bulletin(client: TestClient, session: Session) -> None:
    seed(session)
    assert not ingest_sources(session, sources_=[str(OCHA_KHARKIV)]).errors
    found = events_figures.for_region(session, region_code="UA-63")
    # The highlight and the body both state it: two claims, listed apart, never added up.
    assert [f.figure.value for f in found] == [4000, 4000]
    assert {f.how for f in found} == {"heading"}  # the headline names Kharkivska Oblast, the sentence "the oblast"
    assert all(events_figures.is_humanitarian(f.figure.category) for f in found)
    assert events_figures.for_region(session, region_code="UA-59") == []  # Sumy: nothing stated about it
    soup = BeautifulSoup(client.get("/regions/UA-63").text, "html.parser")
    row = soup.select_one("table.region-figures tbody tr")
    assert row is not None and "more than 4,000 civilians" in row.text
    assert row.find("a")["href"].startswith(f"/bulletins/{found[0].bulletin_id}")
    # Dated figures become points on a chart; undated ones (no date in the bulletin) stay in the table only.
    points = soup.select("svg.figure-chart circle.figure-point")
    assert len(points) == sum(1 for f in found if f.day is not None)
    assert all("4,000" in p.find("title").text for p in points)


def test_places_index_finds_any_spelling_and_lists_places_with_events(client: TestClient, session: Session) -> None:
    seed(session)
    soup = BeautifulSoup(client.get("/places", params={"q": "Zolochev"}).text, "html.parser")
    first = soup.select_one("ul.places-found li")
    assert first is not None and first.find("a").text == "Zolochiv"
    assert "Kharkiv" in first.text and "1 event" in first.text  # the Zolochiv with events before Lviv's
    listed = BeautifulSoup(client.get("/places").text, "html.parser").select("table tbody tr")
    assert len(listed) > 20 and all(row.find("a")["href"].startswith("/places/") for row in listed)


def test_place_page_has_locator_map_and_neighbours(client: TestClient, session: Session) -> None:
    seed(session)
    code = client.get("/api/v1/places", params={"q": "Zolochev", "region": "UA-63"}).json()["items"][0]["id"]
    soup = BeautifulSoup(client.get(f"/places/{code}").text, "html.parser")
    locator = soup.select_one("svg.locator")
    assert locator is not None and locator["role"] == "img" and "Zolochiv" in locator.find("title").text
    assert len(locator.select("circle.context")) > 50 and locator.select("circle.place")
    neighbours = soup.select("ol.neighbours li")
    assert neighbours and all("km" in li.text for li in neighbours)
    distances = [float(li.select_one(".muted").text.split(" km")[0]) for li in neighbours]
    assert distances == sorted(distances)
    assert soup.select_one("svg.timeline") is not None
    assert client.get("/places/" + "9" * 40).status_code == 422
    assert client.get("/places/UA00000000000000000").status_code == 404


def test_topics_index_and_topic_timeline(client: TestClient, session: Session) -> None:
    seed(session)
    assert publish_paths(session, paths=[ROOT / "content" / "articles"]).errors == []
    refresh_auto_links(session)
    soup = BeautifulSoup(client.get("/topics").text, "html.parser")
    assert soup.select("ul.taxonomy > li") and "article" in soup.select_one("ul.taxonomy > li").text
    topics = client.get("/api/v1/topics").json()["items"]
    totals = {t["slug"]: client.get("/api/v1/events", params={"topic": t["slug"]}).json()["total"] for t in topics}
    with_events = [slug for slug, total in totals.items() if total]
    assert with_events, "the Kharkiv article's topics have linked events"
    page = BeautifulSoup(client.get(f"/topics/{with_events[0]}").text, "html.parser")
    assert page.select_one("svg.timeline rect.bar") is not None
    assert client.get("/api/v1/events", params={"topic": "no-such-topic"}).status_code == 400
