"""Atom feeds (valid for feedparser, no bozo flag), the sitemap and the citations."""

import xml.etree.ElementTree as ElementTree

import feedparser
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.articles.flows import publish_paths
from tests.conftest import seed
from tests.paths import ROOT


def test_article_feed_is_valid_atom_and_filters_by_topic_and_region(client: TestClient, session: Session) -> None:
    assert publish_paths(session, paths=[ROOT / "content" / "articles"]).errors == []
    response = client.get("/feeds/articles.atom")
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.text)
    assert not feed.bozo, feed.get("bozo_exception")
    assert len(feed.entries) == 26
    by_region = feedparser.parse(client.get("/feeds/articles.atom", params={"region": "Kharkov"}).text)
    assert [e.link.rsplit("/", 1)[-1] for e in by_region.entries] == ["kharkiv-oblast-displacement"]
    by_topic = feedparser.parse(client.get("/feeds/articles.atom", params={"topic": "ihl"}).text)
    assert by_topic.entries and len(by_topic.entries) < 26
    assert client.get("/feeds/articles.atom", params={"region": "Atlantis"}).status_code == 400
    assert client.get("/feeds/articles.atom", params={"topic": "no-such-topic"}).status_code == 404


def test_event_feed_words_events_as_claims(client: TestClient, session: Session) -> None:
    seed(session)
    feed = feedparser.parse(client.get("/feeds/events.atom", params={"region": "UA-63"}).text)
    assert not feed.bozo, feed.get("bozo_exception")
    assert len(feed.entries) == 9
    assert all(e.title.startswith("Russian MoD claims") for e in feed.entries)
    assert all(e.author == "Russian Ministry of Defence" for e in feed.entries)


def test_sitemap_lists_articles_and_events(client: TestClient, session: Session) -> None:
    seed(session)
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)
    locations = [loc.text or "" for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert any(loc.endswith("/articles/wilson-center-forced-displacement") for loc in locations)
    assert sum("/events/" in loc for loc in locations) == 35


def test_articles_and_events_offer_a_citation_with_a_permanent_url(client: TestClient, session: Session) -> None:
    seed(session)
    article = client.get("/articles/wilson-center-forced-displacement").text
    assert (
        "Cite this" in article and "http://testserver/articles/wilson-center-forced-displacement (accessed" in article
    )
    event_id = client.get("/api/v1/events", params={"limit": 1}).json()["items"][0]["id"]
    event = client.get(f"/events/{event_id}").text
    assert f"http://testserver/events/{event_id} (accessed" in event and "claim by Russian Ministry of Defence" in event
