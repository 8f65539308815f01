"""Kept search answers: served again while the indexes are unchanged, never after a write."""

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from app.articles import service as articles_service
from app.articles.content import parse_article
from app.topics import service as topics_service
from search import query
from search.answers import index_stamps
from search.client import SearchTarget, make_client
from tests.conftest import seed, wait_for_sync

ARTICLE = """---
title: "Kharkiv shelters in the cold months"
slug: kharkiv-shelters
summary: "Collective centres in Kharkiv before the cold months."
published: 2026-01-05
topics: [armed-conflict]
regions: [UA-63]
status: published
---

Collective centres in Kharkiv prepared beds for families leaving front-line villages.
"""


def _slugs(client: TestClient, q: str) -> list[str]:
    body = client.get("/api/v1/search", params={"q": q}).json()
    return [hit.get("slug") or hit["id"] for hit in body["hits"]]


def test_an_answer_is_kept_until_an_index_changes(client: TestClient, engine: Engine, meili: SearchTarget) -> None:
    with Session(engine) as session:
        seed(session)
    wait_for_sync(engine)
    cache = query._answers()
    first = _slugs(client, "Kharkiv")
    hits = cache.hits
    assert _slugs(client, "Kharkiv") == first and cache.hits == hits + 1  # the same indexes: the kept answer
    with Session(engine) as session:
        draft = parse_article(ARTICLE, path="kharkiv-shelters.md", known_topics=topics_service.known_slugs(session))
        articles_service.publish(session, draft=draft)
    wait_for_sync(engine)
    assert "kharkiv-shelters" in _slugs(client, "Kharkiv")  # a write changed the index: asked again


def test_an_index_the_server_does_not_list_is_never_keyed(meili: SearchTarget) -> None:
    assert index_stamps(make_client(meili), ["no-such-index"]) is None  # nothing to tell a change by: not kept
