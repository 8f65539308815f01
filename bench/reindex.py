"""Reindex and relay benchmark on a kept scale corpus: rebuild vs raw add_documents, relay drain rate.

The fast loop for search/ work: `python -m bench.reindex --work DIR` builds the scale corpus once
in DIR (generate, publish, ingest, as `bench.scale` does) and reuses it on later runs, then times
only the full rebuild against raw `add_documents` of the same documents (bench.scale's measure),
with the CPU time of this process and of Meilisearch for each. `--profile FILE` writes a cProfile
of one rebuild; `--relay` also measures how fast the relay drains a backlog of every event into an
empty events index (new documents, as after a bulk ingest; a reindex refills it first).
"""

import argparse
import cProfile
import logging
import os
import time
from pathlib import Path
from typing import Any

from bench.scale import ROOT, Row, cpu_seconds, print_table, reindex_rows, relay_row, run_cli


def prepare(work: Path, *, events: int, articles: int) -> str:
    """The database URL of the corpus in work/, generated and ingested on the first run."""
    url = f"sqlite:///{work / 'bench.sqlite3'}"
    env = {**os.environ, "DKB_DATA_DIR": str(work / "data"), "DKB_DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    if (work / "bench.sqlite3").exists():
        return url
    from bench import corpus as corpus_module

    corpus_module.write(work / "corpus", events=events, articles=articles)
    run_cli(env, "db", "upgrade")
    run_cli(env, "content", "publish", str(work / "corpus" / "articles"), "--json")
    seconds, _, _ = run_cli(env, "bulletins", "ingest", str(work / "corpus" / "bulletins"), "--json")
    print(f"corpus ingested in {seconds:.1f} s", flush=True)
    return url


def profile_rebuild(meili: Any, path: Path) -> None:
    """One rebuild under cProfile, stats written to path."""
    from sqlmodel import Session

    from app.db import get_engine
    from search.client import SearchTarget, make_client
    from search.maintenance import rebuild
    from search.synonyms import all_synonyms

    engine = get_engine()
    target = SearchTarget(meili.url, meili.key)
    with Session(engine) as session:
        synonyms = all_synonyms(session)
    profiler = cProfile.Profile()
    start, cpu, meili_cpu = time.perf_counter(), time.process_time(), cpu_seconds(meili.process.pid)
    profiler.runcall(rebuild, engine, make_client(target, timeout=120), target, synonyms)
    print(
        f"profiled rebuild: {time.perf_counter() - start:.1f} s, {time.process_time() - cpu:.1f} s CPU here, "
        f"{cpu_seconds(meili.process.pid) - meili_cpu:.1f} s CPU in Meilisearch",
        flush=True,
    )
    profiler.dump_stats(str(path))


def main() -> None:
    """Prepare (once), then the measures asked for."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, required=True, help="kept corpus directory (created if missing)")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=2_000)
    parser.add_argument("--rounds", type=int, default=1, help="rebuild vs raw measures, back to back")
    parser.add_argument("--profile", type=Path, help="write a cProfile of one rebuild here")
    parser.add_argument("--relay", action="store_true", help="also measure the relay's drain rate")
    args = parser.parse_args()
    logging.getLogger("httpx").setLevel(logging.WARNING)
    args.work.mkdir(parents=True, exist_ok=True)
    url = prepare(args.work, events=args.events, articles=args.articles)
    from search.server import MeiliServer

    meili = MeiliServer(data_dir=args.work / "meili")
    meili.start(timeout=60)
    os.environ.update({"DKB_DATA_DIR": str(args.work / "data"), "DKB_DATABASE_URL": url,
                       "DKB_MEILI_URL": meili.url, "DKB_MEILI_KEY": meili.key})  # fmt: skip
    from app.config import get_settings

    get_settings.cache_clear()
    rows: list[Row] = []
    try:
        if args.profile:
            profile_rebuild(meili, args.profile)
        for _ in range(args.rounds):
            rows += reindex_rows(meili)
        if args.relay:
            # An empty events index: the backlog is of new documents, as after a bulk ingest.
            from search.client import SearchTarget, make_client

            client = make_client(SearchTarget(meili.url, meili.key), timeout=60)
            client.wait_for_task(client.delete_index("events").task_uid, timeout_in_ms=60_000)
            rows.append(relay_row(meili, enqueue_events=True))
    finally:
        meili.stop()
    load = os.getloadavg()
    print(f"load average: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} on {os.cpu_count()} cores")
    print_table(rows)


if __name__ == "__main__":
    main()
