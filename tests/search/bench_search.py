"""Benchmark: /api/v1/search end to end vs the raw Meilisearch federated query, same run, same data.

Run with `make bench` (or `.venv/bin/python tests/search/bench_search.py`). Prints figures; asserts nothing.
"""

import statistics
import tempfile
import time
from pathlib import Path

QUERIES = ["Kharkiv", "Kharkov", "Zaporizhzhia", "displacment", "forced displacement", "Rule 129",
           "non-refoulement", "protection of civilians", "Харків", "Pokrovsk"]  # fmt: skip
ROUNDS = 30


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]


def main() -> None:
    import os

    work = Path(tempfile.mkdtemp(prefix="dkb-bench-"))
    os.environ["DKB_DATA_DIR"] = str(work)
    from fastapi.testclient import TestClient
    from sqlmodel import Session

    from app.articles.flows import publish_paths
    from app.bootstrap import reference_data
    from app.bulletins.flows import ingest_sources
    from app.config import PROJECT_ROOT
    from app.db import get_engine
    from app.main import create_app
    from app.migrate import upgrade
    from search.client import make_client
    from search.outbox import pending_count
    from search.query import FACETS, WEIGHTS, SearchFilters, search

    upgrade(get_engine())
    with Session(get_engine()) as session:
        reference_data(session)
        publish_paths(session, paths=[PROJECT_ROOT / "content" / "articles"])
        ingest_sources(session, sources_=[str(PROJECT_ROOT / "content" / "bulletins")])
    with TestClient(create_app()) as client:
        runtime = client.app.state.search  # type: ignore[attr-defined]
        while True:
            with Session(get_engine()) as session:
                if pending_count(session) == 0:
                    break
            time.sleep(0.2)
        target = runtime.target
        raw_client = make_client(target)
        app_ms: list[float] = []
        raw_ms: list[float] = []
        for _ in range(ROUNDS):
            for q in QUERIES:
                queries = [
                    {"indexUid": target.uid(n), "q": q, "federationOptions": {"weight": w}} for n, w in WEIGHTS.items()
                ]
                federation = {"limit": 20, "facetsByIndex": {target.uid(n): FACETS for n in WEIGHTS}, "mergeFacets": {}}
                start = time.perf_counter()
                raw_client.multi_search(queries, federation=federation)
                raw_ms.append((time.perf_counter() - start) * 1000)
                start = time.perf_counter()
                assert client.get("/api/v1/search", params={"q": q}).status_code == 200
                app_ms.append((time.perf_counter() - start) * 1000)
        search(target, "Kharkiv", SearchFilters())
    app_p50, app_p95 = _percentiles(app_ms)
    raw_p50, raw_p95 = _percentiles(raw_ms)
    print(f"{len(app_ms)} searches over {len(QUERIES)} queries")
    print(f"raw Meilisearch federated query: p50 {raw_p50:.1f} ms, p95 {raw_p95:.1f} ms")
    print(f"/api/v1/search end to end:       p50 {app_p50:.1f} ms, p95 {app_p95:.1f} ms")
    print(f"ratio app/raw: p50 {app_p50 / raw_p50:.2f}x, p95 {app_p95 / raw_p95:.2f}x")


if __name__ == "__main__":
    main()
