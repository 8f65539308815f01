"""Context pages at scale: 100,000 generated events in six regions over two years, then page timings.

Run with `.venv/bin/python tests/events/bench_context.py [--events 100000]`. It copies nothing from
var/: a fresh SQLite database in a temp dir, migrated, with gazetteer places (real coordinates)
and events inserted in bulk. It prints one table (median and p95 of each page) and asserts nothing.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

REGIONS = ["UA-59", "UA-63", "UA-14", "UA-23", "UA-12", "UA-65"]
CLAIMANTS = [
    "Russian Ministry of Defence",
    "General Staff of the Armed Forces of Ukraine",
    "Institute for the Study of War",
]
ACTIONS = ["losses_inflicted", "took_control", "repelled", "advanced", "strike"]


def main() -> None:
    """Build the corpus, then time the region, place, index and timeline answers."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="dkb-bench-context-"))
    os.environ.update({"DKB_DATA_DIR": str(data_dir), "DKB_RELAY": "off", "DKB_MEILI_URL": "http://127.0.0.1:9"})
    from sqlmodel import Session

    from app.bootstrap import reference_data
    from app.db import get_engine
    from app.migrate import upgrade

    engine = get_engine()
    upgrade(engine)
    with Session(engine) as session:
        reference_data(session)
    started = time.perf_counter()
    place_codes = _fill(engine, args.events)
    print(
        f"corpus: {args.events:,} events, {len(place_codes):,} places, built in {time.perf_counter() - started:.1f} s"
    )
    _time_pages(place_codes, args.repeat)


def _fill(engine: object, count: int) -> list[str]:
    from sqlalchemy import insert
    from sqlmodel import Session

    from app.bulletins.models import Bulletin
    from app.db import utcnow
    from app.events.models import ConflictEvent, FigureClaim
    from app.places.gazetteer import load
    from app.places.models import Place

    rng = random.Random(7)
    gazetteer = load()
    places: dict[str, list[str]] = {}
    with Session(engine) as session:  # type: ignore[arg-type]
        rows = []
        for code in REGIONS:
            located = [p for p in gazetteer.in_region(code) if p.lat is not None][:300]
            places[code] = [p.code for p in located]
            rows += [
                {
                    "code": p.code,
                    "name": p.name,
                    "name_uk": p.name_uk,
                    "category": p.category,
                    "region_code": code,
                    "raion": p.raion,
                    "hromada": p.hromada,
                    "lat": p.lat,
                    "lon": p.lon,
                    "population": p.population,
                }
                for p in located
            ]
        session.execute(insert(Place), rows)
        start = date(2024, 1, 1)
        days = 730
        bulletins = [
            {
                "sha256": f"{i:064x}",
                "title": f"Report {i}",
                "issuer": "bench",
                "format": "ru_mod",
                "text": "x" * 200,
                "notes": [],
                "ingested_at": utcnow(),
                "published_on": start + timedelta(days=i % days),
            }
            for i in range(days * 2)
        ]
        session.execute(insert(Bulletin), bulletins)
        events = []
        for _i in range(count):
            region = rng.choice(REGIONS)
            events.append(
                {
                    "bulletin_id": 1 + rng.randrange(days * 2),
                    "date": start + timedelta(days=rng.randrange(days)),
                    "claimant": rng.choice(CLAIMANTS),
                    "action": rng.choice(ACTIONS),
                    "group_name": "Sever",
                    "place_as_written": "Name",
                    "place_start": 0,
                    "place_end": 4,
                    "region_code": region,
                    "place_code": rng.choice(places[region]),
                    "quote": "Quote",
                    "quote_start": 0,
                    "quote_end": 5,
                    "place_status": "resolved",
                    "geo_precision": "settlement",
                }
            )
            if len(events) == 10_000:
                session.execute(insert(ConflictEvent), events)
                events = []
        if events:
            session.execute(insert(ConflictEvent), events)
        figures = [
            {
                "bulletin_id": 1 + i,
                "category": "displaced",
                "value": 1000 + i,
                "unit": "people",
                "scope": "bulletin",
                "claimant": "OCHA",
                "quote": f"{1000 + i} people displaced in Kharkiv Oblast",
                "start": 0,
                "end": 10,
            }
            for i in range(200)
        ]
        session.execute(insert(FigureClaim), figures)
        session.commit()
    return [code for codes in places.values() for code in codes]


def _time_pages(place_codes: list[str], repeat: int) -> None:
    from fastapi.testclient import TestClient

    from app.main import create_app

    paths = {
        "/regions": "/regions",
        "/regions/UA-63 (page)": "/regions/UA-63",
        "/api/v1/regions/UA-63": "/api/v1/regions/UA-63",
        "/places/{id} (page)": f"/places/{place_codes[400]}",
        "/api/v1/places/{id}": f"/api/v1/places/{place_codes[400]}",
        "/places?q=Kupyansk": "/places?q=Kupyansk",
        "/api/v1/timeline?region=Kharkov": "/api/v1/timeline?region=Kharkov",
        "/api/v1/timeline (all, 2 years)": "/api/v1/timeline",
    }
    client = TestClient(create_app())
    print(f"{'answer':36} {'median ms':>10} {'p95 ms':>8}")
    for label, path in paths.items():
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (path, response.status_code, response.text[:300])
        timings.sort()
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        print(f"{label:36} {statistics.median(timings):10.1f} {p95:8.1f}")


if __name__ == "__main__":
    main()
