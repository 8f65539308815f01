"""Benchmark and evaluation of search on one fresh instance (the project's corpus and seed bulletin).

Run with `make bench` (or `.venv/bin/python tests/search/bench_search.py`). Prints figures; asserts nothing:
- the judged-set table (tests/search/judged.yml): recall@3, nDCG@10, MRR per class, hybrid and keyword only;
- /api/v1/search end to end vs the raw Meilisearch federated hybrid query the app sends, with the same
  vector, same run, same data (p50/p95 and their ratio);
- embedding time per query, the size of the synonym table and the time Meilisearch takes to apply it.
"""

import os
import statistics
import tempfile
import time
from pathlib import Path

QUERIES = ["Kharkiv", "Kharkov", "Zaporizhzhia", "displacment", "forced displacement", "Rule 129",
           "non-refoulement", "protection of civilians", "Харків", "Pokrovsk", "Артемовск",
           "Is it legal to order civilians to leave?", "what happens to people who flee Sudan"]  # fmt: skip
ROUNDS = 20


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]


def main() -> None:
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
    from search import analysis, evaluate, query
    from search.client import make_client
    from search.embedder import load_embedder
    from search.indexes import ARTICLES
    from search.outbox import pending_count
    from search.synonyms import all_synonyms, measure

    upgrade(get_engine())
    with Session(get_engine()) as session:
        reference_data(session)
        publish_paths(session, paths=[PROJECT_ROOT / "content" / "articles"])
        ingest_sources(session, sources_=[str(PROJECT_ROOT / "content" / "bulletins")])
    with TestClient(create_app()) as client:
        runtime = client.app.state.search  # type: ignore[attr-defined]
        while client.get("/healthz").json()["search"] != "ok":
            time.sleep(0.2)
        with Session(get_engine()) as session:
            assert pending_count(session) == 0
            results = evaluate.compare(session, runtime.target, evaluate.load_judged())
            size = measure(session)
            synonyms = all_synonyms(session)
            vocab = analysis.vocabulary(session)
        print("Judged set (tests/search/judged.yml)")
        print(evaluate.table(results))
        print()

        target = runtime.target
        raw_client = make_client(target)
        start = time.perf_counter()
        settings = {k: v for k, v in ARTICLES.full_settings(synonyms).items() if v is not None}
        task = raw_client.index(target.uid("bench_settings")).update_settings(settings)
        raw_client.wait_for_task(task.task_uid, timeout_in_ms=120_000, interval_in_ms=20)
        settings_s = time.perf_counter() - start
        print(f"synonyms: {size['keys']} keys, {size['values']} values, {size['json_bytes'] / 1024:.0f} KiB; "
              f"built in {size['build_seconds']} s; settings update (fresh index) {settings_s:.2f} s")  # fmt: skip

        embedder = load_embedder()
        if embedder is not None:
            start = time.perf_counter()
            for n in range(200):
                embedder.embed([f"what happens to people who flee country number {n}"])
            print(f"embedding one query (uncached): {(time.perf_counter() - start) / 200 * 1000:.2f} ms")

        app_ms: list[float] = []
        raw_ms: list[float] = []
        for _ in range(ROUNDS):
            for q in QUERIES:
                analysed = analysis.analyse(q, vocab)
                queries, _ = query.federated_queries(target, analysed, query.SearchFilters())
                uids = sorted({item["indexUid"] for item in queries})
                federation = {"limit": 20, "offset": 0, "facetsByIndex": dict.fromkeys(uids, query.FACETS),
                              "mergeFacets": {"maxValuesPerFacet": 100}}  # fmt: skip
                start = time.perf_counter()
                raw_client.multi_search(queries, federation=federation)
                raw_ms.append((time.perf_counter() - start) * 1000)
                start = time.perf_counter()
                body = client.get("/api/v1/search", params={"q": q}).json()
                app_ms.append((time.perf_counter() - start) * 1000)
                assert body["degraded"] is False and body["semantic"] is (embedder is not None)
    app_p50, app_p95 = _percentiles(app_ms)
    raw_p50, raw_p95 = _percentiles(raw_ms)
    print(f"{len(app_ms)} searches over {len(QUERIES)} queries (hybrid: {embedder is not None})")
    print(f"raw Meilisearch federated hybrid query, same vector: p50 {raw_p50:.1f} ms, p95 {raw_p95:.1f} ms")
    print(f"/api/v1/search end to end:                          p50 {app_p50:.1f} ms, p95 {app_p95:.1f} ms")
    print(f"ratio app/raw: p50 {app_p50 / raw_p50:.2f}x, p95 {app_p95 / raw_p95:.2f}x")


if __name__ == "__main__":
    main()
