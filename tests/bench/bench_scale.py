"""Scale benchmark: a generated corpus of MoD-style bulletins and articles, then the figures side by side.

Run with `make bench-scale` (or `.venv/bin/python tests/bench/bench_scale.py --events 100000
--articles 2000`). It builds a fresh data dir (SQLite unless DKB_DATABASE_URL is set, embedded
Meilisearch unless DKB_MEILI_URL is set), prints one table and asserts nothing.

The corpus uses real gazetteer settlements under their Russian-style spellings, grouped in the
regions the Russian MoD reports name, in the report's own sentence shapes; articles name the
same regions and places so that article pages carry many linked events.
"""

import argparse
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REGIONS = {  # ISO code -> how the MoD report writes the region
    "UA-59": "Sumy region", "UA-63": "Kharkov region", "UA-14": "Donetsk People's Republic",
    "UA-23": "Zaporozhye region", "UA-12": "Dnepropetrovsk region", "UA-65": "Kherson region",
}  # fmt: skip
GROUPS = ["Sever", "Zapad", "Yuzhnaya", "Tsentr", "Vostok", "Dnepr"]
TOPICS = ["forced-displacement", "armed-conflict", "evacuation", "internally-displaced-persons"]
EVENTS_PER_NAME_LIST = 5
PARAGRAPHS = 7  # 7 paragraphs x 5 names = 35 events per bulletin, as the real daily report


def _names(rng: random.Random) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Per region, Russian-style ASCII spellings of real settlements, and their official names."""
    from app.places.gazetteer import load

    gazetteer = load()
    names: dict[str, list[str]] = {}
    official: dict[str, list[str]] = {}
    for code in REGIONS:
        pairs = []
        settlements = gazetteer.in_region(code)
        counts = Counter(place.name for place in settlements)
        for place in settlements:
            if counts[place.name] > 1:  # namesakes in one region need more than a name
                continue
            ascii_variants = [v for v in place.variants if v.isascii() and v.replace(" ", "").isalpha()]
            if ascii_variants and (place.population or 0) > 300:
                pairs.append((ascii_variants[0], place.name))
        rng.shuffle(pairs)
        names[code] = [variant for variant, _ in pairs[:400]]
        official[code] = [name for _, name in pairs[:60]]
    return names, official


def bulletin_text(day: date, serial: int, rng: random.Random, names: dict[str, list[str]]) -> str:
    """One MoD-style daily report naming 35 settlements."""
    lines = [day.strftime("%B %-d, %Y"), "", "Russian Defence Ministry on progress of special military operation "
             f"as of {day.day} {day.strftime('%B %Y')} (report {serial})", ""]  # fmt: skip
    for paragraph in range(PARAGRAPHS):
        code = rng.choice(list(REGIONS))
        picked = rng.sample(names[code], EVENTS_PER_NAME_LIST)
        group = GROUPS[paragraph % len(GROUPS)]
        listed = ", ".join(picked[:-1]) + f", and {picked[-1]}"
        lines.append(
            f"💥 Units of the {group} Group of Forces inflicted losses on formations of one mechanised brigade "
            f"of the AFU near {listed} ({REGIONS[code]})."
        )
        lines.append(f"▪️ The AFU losses amounted to up to {rng.randint(20, 240)} troops and {rng.randint(1, 9)} "
                     "motor vehicles.")  # fmt: skip
        lines.append("")
    return "\n".join(lines) + "\n"


def article_text(number: int, rng: random.Random, names: dict[str, list[str]]) -> str:
    """One curated-style article about one region and a few of its places."""
    code = rng.choice(list(REGIONS))
    places = rng.sample(names[code], 3)
    topics = rng.sample(TOPICS, 2)
    published = date(2026, 1, 1) + timedelta(days=rng.randint(0, 300))
    return (
        f"---\ntitle: Displacement report {number} on {REGIONS[code]}\n"
        f"summary: Generated article {number} about displacement around {places[0]}.\n"
        f"published: {published.isoformat()}\ntopics: [{', '.join(topics)}]\nregions: [{code}]\n"
        f"places: [{', '.join(places)}]\ncontext: {{from: 2026-01-01, to: 2026-12-31}}\nstatus: published\n---\n"
        f"People left {places[0]} and {places[1]} as shelling continued; aid groups in {places[2]} "
        f"registered new arrivals (article {number}).\n"
    )


def _timed(action: Callable[[], Any]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, int(round(q * len(ordered))) - 1))]


def _peak_rss_mb(pid: int | None = None) -> float:
    if pid is None:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:  # noqa: C901  (one linear script)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=2_000)
    parser.add_argument("--rounds", type=int, default=50)
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="dkb-scalebench-"))
    os.environ["DKB_DATA_DIR"] = str(work)
    os.environ.setdefault("DKB_RELAY_INTERVAL", "0.2")

    from fastapi.testclient import TestClient
    from sqlmodel import Session, func, select

    from app.articles.flows import publish_paths
    from app.bootstrap import reference_data
    from app.bulletins.flows import ingest_sources
    from app.db import get_engine
    from app.links.models import ArticleEventLink
    from app.main import create_app
    from app.migrate import upgrade
    from search.client import make_client
    from search.documents import ENTITIES
    from search.maintenance import rebuild
    from search.outbox import pending_count
    from search.query import FACETS, WEIGHTS

    rng = random.Random(20261201)
    names, official = _names(rng)
    bulletins_dir, articles_dir = work / "bulletins", work / "articles"
    bulletins_dir.mkdir()
    articles_dir.mkdir()
    count = max(1, options.events // (PARAGRAPHS * EVENTS_PER_NAME_LIST))
    for serial in range(count):
        day = date(2026, 1, 1) + timedelta(days=serial % 360)
        (bulletins_dir / f"{serial:06d}.txt").write_text(bulletin_text(day, serial, rng, names))
    for number in range(options.articles):
        (articles_dir / f"generated-{number:05d}.md").write_text(article_text(number, rng, official))

    engine = get_engine()
    upgrade(engine)
    rows: list[tuple[str, str]] = []
    with Session(engine) as session:
        reference_data(session)
        start = time.perf_counter()
        published = publish_paths(session, paths=[articles_dir])
        seconds = time.perf_counter() - start
        rows.append(("publish articles", f"{len(published.outcomes):,} in {seconds:.1f} s "
                     f"({len(published.errors)} errors)"))  # fmt: skip
        files = sorted(bulletins_dir.iterdir())
        report = None

        def ingest() -> None:
            nonlocal report
            report = ingest_sources(session, sources_=[str(bulletins_dir)])

        seconds = _timed(ingest)
        assert report is not None
        events = sum(b["events"] for b in report.bulletins)
        rows.append(("ingest", f"{len(files) / seconds:.1f} bulletins/s ({len(files):,} bulletins, "
                     f"{events:,} events, {len(report.errors)} errors, {seconds:.1f} s)"))  # fmt: skip
        one = work / "one-more.txt"
        one.write_text(bulletin_text(date(2026, 12, 31), 999_999, rng, names))
        seconds = _timed(lambda: ingest_sources(session, sources_=[str(one)]))
        rows.append(("ingest one bulletin into the full database", f"{seconds * 1000:.0f} ms"))
        links = session.exec(
            select(ArticleEventLink.article_id, func.count()).group_by(ArticleEventLink.article_id)
            .order_by(func.count().desc()).limit(1)
        ).first()  # fmt: skip

    with TestClient(create_app()) as client:
        runtime = client.app.state.search  # type: ignore[attr-defined]
        target = runtime.target
        raw = make_client(target, timeout=120)
        start = time.perf_counter()
        while True:
            with Session(engine) as session:
                if pending_count(session) == 0:
                    break
            time.sleep(0.2)
        rows.append(("relay drain of the initial outbox", f"{time.perf_counter() - start:.1f} s"))

        runtime.relay.stop()  # the reindex is measured alone
        reindex = _timed(lambda: rebuild(engine, make_client(target, timeout=120), target, runtime.synonyms()))
        documents = []
        with Session(engine) as session:
            for entity in ENTITIES.values():
                ids = entity.all_ids(session)
                loaded, _ = entity.load(session, ids)
                documents.append((entity, loaded))

        def raw_bulk() -> None:
            tasks = []
            for entity, loaded in documents:
                index = raw.index(target.uid(entity.spec.name) + "_rawbench")
                tasks += [index.add_documents(loaded[i : i + 10_000], primary_key=entity.spec.primary_key)
                          for i in range(0, len(loaded), 10_000)]  # fmt: skip
            for task in tasks:
                raw.wait_for_task(task.task_uid, timeout_in_ms=600_000, interval_in_ms=50)

        raw_seconds = _timed(raw_bulk)
        rows.append(("full reindex vs raw add_documents",
                     f"{reindex:.1f} s vs {raw_seconds:.1f} s ({reindex / raw_seconds:.2f}x)"))  # fmt: skip

        queries = ["Kharkiv", "Kharkov", "Zaporozhye", "displacment", "forced displacement", "Pokrovsk",
                   "evacuation", "Sumy region", "Харків", "brigade"]  # fmt: skip
        app_ms, raw_ms, page_ms = [], [], []
        for _ in range(max(1, options.rounds // len(queries))):
            for q in queries:
                federated = [{"indexUid": target.uid(n), "q": q, "federationOptions": {"weight": w}}
                             for n, w in WEIGHTS.items()]  # fmt: skip
                federation = {"limit": 20, "facetsByIndex": {target.uid(n): FACETS for n in WEIGHTS},
                              "mergeFacets": {}}  # fmt: skip
                raw_ms.append(_timed(lambda: raw.multi_search(federated, federation=federation)) * 1000)  # noqa: B023
                app_ms.append(_timed(lambda: client.get("/api/v1/search", params={"q": q})) * 1000)  # noqa: B023
                page_ms.append(_timed(lambda: client.get("/search", params={"q": q})) * 1000)  # noqa: B023
        app50, raw50 = statistics.median(app_ms), statistics.median(raw_ms)
        rows.append(("/api/v1/search p50 vs raw multi-search", f"{app50:.1f} ms vs {raw50:.1f} ms "
                     f"({app50 / raw50:.2f}x)"))  # fmt: skip
        rows.append(("/search HTML p95", f"{_percentile(page_ms, 0.95):.1f} ms"))

        if links:
            article_id, linked = links
            from app.articles.models import Article

            with Session(engine) as session:
                article = session.get(Article, article_id)
                assert article is not None
                slug = article.slug
            samples = [_timed(lambda: client.get(f"/articles/{slug}")) * 1000 for _ in range(options.rounds)]
            rows.append((f"article page with {linked:,} linked events p95", f"{_percentile(samples, 0.95):.1f} ms"))
        samples = [_timed(lambda: client.get("/api/v1/events", params={"limit": 500})) * 1000 for _ in range(20)]
        rows.append(("/api/v1/events?limit=500 p95", f"{_percentile(samples, 0.95):.1f} ms"))
        deep = max(0, events - 600)
        response = client.get("/api/v1/events", params={"limit": 500, "offset": deep})
        samples = [_timed(lambda: client.get("/api/v1/events", params={"limit": 500, "offset": deep})) * 1000
                   for _ in range(20)]  # fmt: skip
        rows.append((f"/api/v1/events offset={deep:,} p95", f"{_percentile(samples, 0.95):.1f} ms "
                     f"(status {response.status_code})"))  # fmt: skip
        meili_rss = _peak_rss_mb(runtime.server.process.pid) if runtime.server and runtime.server.process else 0.0

    # Publish -> searchable, with a running relay (a fresh app: the one above had its relay stopped).
    with TestClient(create_app()) as client:
        samples = []
        for attempt in range(10):
            word = f"zqx{attempt}word{rng.randint(0, 10**9)}"
            path = articles_dir / "generated-00000.md"
            path.write_text(article_text(0, random.Random(0), official).replace("(article 0)", f"({word})"))
            start = time.perf_counter()
            with Session(engine) as session:
                outcome = publish_paths(session, paths=[path])
            assert not outcome.errors, outcome.errors
            client.app.state.search.notify()  # type: ignore[attr-defined]
            while client.get("/api/v1/search", params={"q": word}).json()["total"] == 0:
                time.sleep(0.02)
                if time.perf_counter() - start > 60:
                    break
            samples.append(time.perf_counter() - start)
        rows.append(("publish -> searchable p95", f"{_percentile(samples, 0.95) * 1000:.0f} ms"))
    rows.append(("peak RSS: app / Meilisearch", f"{_peak_rss_mb():.0f} MB / {meili_rss:.0f} MB"))

    width = max(len(name) for name, _ in rows)
    print(f"scale benchmark: {options.events:,} events requested, {options.articles:,} articles, "
          f"database {engine.dialect.name}, data in {work}")  # fmt: skip
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
