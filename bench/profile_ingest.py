"""Profile `dkb bulletins ingest DIR` on the scale corpus: CPU per bulletin, and where the time goes.

`.venv/bin/python -m bench.profile_ingest [--events N] [--articles N] [--profile]`. The corpus and a
SQLite database with the articles published are made once per size (kept in a cache directory) and
copied for each run; the ingest runs in this process (cProfile of the main process with --profile),
its worker processes' CPU is counted from the children's resource usage. Prints figures, asserts nothing.
"""

import argparse
import cProfile
import json
import os
import pstats
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DKB = str(Path(sys.executable).parent / "dkb")


def prepared(cache: Path, events: int, articles: int) -> tuple[Path, Path]:
    """(bulletins dir, database with the articles published), made once per size."""
    base = cache / f"e{events}-a{articles}"
    database = base / "published.sqlite3"
    if not database.exists():
        from bench import corpus

        base.mkdir(parents=True, exist_ok=True)
        corpus.write(base / "corpus", events=events, articles=articles)
        env = {**os.environ, "DKB_DATA_DIR": str(base / "data"), "DKB_DATABASE_URL": f"sqlite:///{base / 'db.sqlite3'}"}
        subprocess.run([DKB, "db", "upgrade"], env=env, check=True, cwd=ROOT)
        subprocess.run([DKB, "content", "publish", str(base / "corpus" / "articles")], env=env, check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        with sqlite3.connect(base / "db.sqlite3") as connection:  # the publish may leave its pages in the WAL file
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.execute("PRAGMA journal_mode=DELETE")
        shutil.move(base / "db.sqlite3", database)
    return base / "corpus" / "bulletins", database


def _timed(module: Any, name: str, into: list[float]) -> None:
    """Add the wall and CPU seconds of every call of module.name into `into`."""
    function = getattr(module, name)

    def timed(*args: Any, **kwargs: Any) -> Any:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            into[0] += time.perf_counter() - wall
            into[1] += time.process_time() - cpu

    setattr(module, name, timed)


def _cli(bulletins: Path, work: Path) -> None:
    """The bench's measure: the CLI in a child process, its wall time and its (and its workers') CPU."""
    start = time.perf_counter()
    proc = subprocess.run([DKB, "bulletins", "ingest", str(bulletins), "--json"], env=os.environ, cwd=ROOT,
                          capture_output=True, text=True, check=False)  # fmt: skip
    wall = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    stored = [b for b in report["bulletins"] if not b["duplicate"]]
    print(f"CLI: {len(stored)} bulletins, {len(report['errors'])} errors in {wall:.1f} s = "
          f"{len(stored) / wall:.1f} bulletins/s; CPU {cpu:.1f} s = "
          f"{cpu / max(len(stored), 1) * 1000:.1f} ms/bulletin; "
          f"load {os.getloadavg()[0]:.1f}")  # fmt: skip
    shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    """Ingest the corpus into a copy of the published database; print rate and CPU."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--profile", action="store_true", help="cProfile the main process")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--cli", action="store_true", help="run `dkb bulletins ingest DIR --json` as the bench does")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/dkb-profile-ingest"))
    args = parser.parse_args()
    bulletins, published = prepared(args.cache, args.events, args.articles)
    work = Path(tempfile.mkdtemp(prefix="dkb-prof-"))
    shutil.copy(published, work / "db.sqlite3")
    os.environ.update({"DKB_DATA_DIR": str(work / "data"), "DKB_DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}"})
    if args.cli:
        _cli(bulletins, work)
        return
    from sqlmodel import Session

    from app.bootstrap import reference_data
    from app.bulletins.flows import ingest_sources
    from app.config import get_settings
    from app.db import get_engine
    from app.places.gazetteer import load

    get_settings.cache_clear()
    load()
    from app.bulletins import flows
    from app.events import service as events_service

    spent = {name: [0.0, 0.0] for name in ("write", "links")}
    _timed(flows, "_write_batch", spent["write"])
    _timed(events_service, "refresh_links", spent["links"])
    profiler = cProfile.Profile() if args.profile else None
    wall, cpu = time.perf_counter(), time.process_time()
    with Session(get_engine()) as session:
        reference_data(session)
        if profiler:
            profiler.enable()
        report = ingest_sources(session, sources_=[str(bulletins)], workers=os.cpu_count() or 1)
        if profiler:
            profiler.disable()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    child_cpu = children.ru_utime + children.ru_stime
    stored = [b for b in report.bulletins if not b["duplicate"]]
    n = max(len(stored), 1)
    print(f"{len(stored)} bulletins, {sum(b['events'] for b in stored)} events, {len(report.errors)} errors")
    print(f"wall {wall:.1f} s = {len(stored) / wall:.1f} bulletins/s; "
          f"main CPU {cpu:.1f} s ({cpu / n * 1000:.1f} ms/b), "
          f"workers CPU {child_cpu:.1f} s ({child_cpu / n * 1000:.1f} ms/b), "
          f"total {(cpu + child_cpu) / n * 1000:.1f} ms/b; load {os.getloadavg()[0]:.1f}")  # fmt: skip
    for name, (seconds, cpu_seconds) in spent.items():
        print(f"  {name}: {seconds:.1f} s wall, {cpu_seconds:.1f} s CPU in the main process")
    if profiler:
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
