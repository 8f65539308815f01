"""Search quality on the project's corpus, against a real Meilisearch: acceptance queries and judged floors."""

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from app.articles.flows import publish_paths
from app.bulletins.flows import ingest_sources
from search import embedder, query
from search.client import SearchTarget
from search.evaluate import CLASSES, compare, load_judged
from tests.conftest import wait_for_sync
from tests.paths import ROOT, SEED

# Floors for tests/search/judged.yml (measured: hybrid 0.994 in all, every class >= 0.944;
# keyword only 0.966). They guard against regressions; `dkb search evaluate` prints the table.
HYBRID_RECALL3_ALL = 0.95
HYBRID_RECALL3_CLASS = 0.90
HYBRID_NDCG10_ALL = 0.88
KEYWORD_RECALL3_ALL = 0.90


def _corpus(engine: Engine) -> None:
    with Session(engine) as session:
        assert not publish_paths(session, paths=[ROOT / "content" / "articles"]).errors
        assert not ingest_sources(session, sources_=[str(SEED)]).errors
    wait_for_sync(engine, timeout=120)


def _first(client: TestClient, q: str, *, hybrid: bool = True, **params: str) -> list[str]:
    """Slugs (or event places) in rank order; a query of place names alone is keyword only by design."""
    body = client.get("/api/v1/search", params={"q": q, **params}).json()
    assert body["degraded"] is False and body["semantic"] is hybrid, body
    return [h.get("slug") or f"event:{h['place_as_written']}" for h in body["hits"]]


def test_readers_questions_and_spellings_find_the_fitting_documents(
    client: TestClient, engine: Engine, meili: SearchTarget
) -> None:
    _corpus(engine)
    legal = _first(client, "Is it legal to order civilians to leave?")
    fitting = {
        "evacuation-versus-forcible-transfer",
        "rule-129-prohibition-of-forced-displacement",
        "gaza-displacement",
    }
    assert legal[0] in fitting and set(legal[:3]) == fitting
    assert _first(client, "what happens to people who flee Sudan")[0] == "sudan-displacement-crisis"
    assert _first(client, "Харьков", hybrid=False)[0] == "kharkiv-oblast-displacement"
    assert _first(client, "evacuees from Kharkiv")[0] == "kharkiv-oblast-displacement"
    # Bakhmut: no document names the town yet; its region's article comes first, and the reader
    # is told which place the Russian name means.
    body = client.get("/api/v1/search", params={"q": "Артемовск"}).json()
    assert body["hits"][0]["slug"] == "donetsk-oblast-displacement"
    assert body["did_you_mean"] == [{"as_typed": "артемовск", "name": "Bakhmut", "name_uk": "Бахмут"}]
    assert _first(client, "Bakhmut", hybrid=False)[0] == "donetsk-oblast-displacement"
    # A question longer than Meilisearch's ten words keeps the word that matters, even at the end.
    long = ("Could you please tell me what the rules of international law say about sending people back to a "
            "country where they would face danger, which lawyers call refoulement?")  # fmt: skip
    body = client.get("/api/v1/search", params={"q": long}).json()
    assert "refoulement" in body["searched_for"] and body["hits"][0]["slug"] == "non-refoulement"
    page = client.get("/search", params={"q": "Артемовск"})
    assert page.status_code == 200 and "is a name of" in page.text and "Bakhmut" in page.text


def test_judged_queries_hold_their_floors(client: TestClient, engine: Engine, meili: SearchTarget) -> None:
    _corpus(engine)
    with Session(engine) as session:
        results = compare(session, meili, load_judged())
    hybrid, keyword = results["hybrid"], results["keyword"]
    assert hybrid["all"].recall3 >= HYBRID_RECALL3_ALL, hybrid["all"].misses
    assert hybrid["all"].ndcg10 >= HYBRID_NDCG10_ALL
    for kind in CLASSES:
        assert hybrid[kind].queries >= 5, kind
        assert hybrid[kind].recall3 >= HYBRID_RECALL3_CLASS, (kind, hybrid["all"].misses)
    assert keyword["all"].recall3 >= KEYWORD_RECALL3_ALL, keyword["all"].misses
    assert hybrid["all"].queries >= 60


@pytest.fixture
def model_off(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The embedding model cannot be used (as if it failed to load)."""
    monkeypatch.setenv("DKB_SEMANTIC", "off")
    embedder.load_embedder.cache_clear()
    query.query_vector.cache_clear()
    yield
    embedder.load_embedder.cache_clear()
    query.query_vector.cache_clear()


def test_without_the_model_search_is_keyword_only_and_says_so(
    model_off: None, client: TestClient, engine: Engine, meili: SearchTarget
) -> None:
    _corpus(engine)
    body: dict[str, Any] = client.get("/api/v1/search", params={"q": "Kharkov"}).json()
    assert body["degraded"] is False and body["semantic"] is False
    assert body["hits"][0]["slug"] == "kharkiv-oblast-displacement"
    health = client.get("/healthz").json()
    assert health["semantic"]["enabled"] is False and "DKB_SEMANTIC" in health["semantic"]["error"]
