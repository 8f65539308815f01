"""Files read, parsed and resolved in worker processes come out as they do in this one."""

import os
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, delete, select, update

from app.articles.flows import publish_paths
from app.bulletins import flows
from app.events import claims
from app.events import service as events_service
from app.events.models import ConflictEvent
from app.links import service as links_service
from app.links.models import ArticleEventLink
from app.places.resolver import name_key
from bench import corpus
from tests.paths import ROOT, SEED

GENERAL_STAFF = ROOT / "tests" / "bulletins" / "fixtures" / "2026-01-04-ua-general-staff-test.txt"


def _prepared(directory: Path, workers: int, known: dict[tuple[str, str], str | None]) -> list[flows._Ready]:
    items = sorted(directory.iterdir())
    assert len(items) >= flows._PARALLEL_FROM  # enough files for worker processes
    with flows._Parsers(workers, None, None, known) as parsers:
        prepared = [ready for _, ready in parsers.prepare(items)]
    assert all(isinstance(ready, flows._Ready) for ready in prepared)
    return prepared  # type: ignore[return-value]


def test_workers_resolve_places_as_this_process_does_with_the_editors_corrections(tmp_path: Path) -> None:
    corpus.write(tmp_path, events=400, articles=0)  # ten MoD bulletins
    bulletins = tmp_path / "bulletins"
    here = _prepared(bulletins, 1, {})
    event = next(row for ready in here for row in ready.rows.events if row["place_code"])
    # An editor decided this name in this region is not a place: workers must know it.
    known: dict[tuple[str, str], str | None] = {(name_key(event["place_as_written"]), event["region_code"]): None}
    for workers in (1, 2):
        there = _prepared(bulletins, workers, known)
        assert [r.digest for r in there] == [r.digest for r in here]
        corrected = [row for ready in there for row in ready.rows.events
                     if row["place_as_written"] == event["place_as_written"]
                     and row["region_code"] == event["region_code"]]  # fmt: skip
        assert corrected and {(row["place_code"], row["place_method"]) for row in corrected} == {(None, "correction")}
        others = [
            (row["place_as_written"], row["place_code"], row["region_code"])
            for ready in there for row in ready.rows.events if row not in corrected
        ]  # fmt: skip
        expected = [
            (row["place_as_written"], row["place_code"], row["region_code"])
            for ready in here for row in ready.rows.events
            if (row["place_as_written"], row["region_code"]) != (event["place_as_written"], event["region_code"])
        ]  # fmt: skip
        assert others == expected
        assert [r.rows.figures for r in there] == [r.rows.figures for r in here]


def test_a_directory_ingested_with_workers_in_batches_reports_each_bulletin(session: Session, tmp_path: Path) -> None:
    corpus.write(tmp_path, events=400, articles=0)
    bulletins = sorted((tmp_path / "bulletins").iterdir())
    copy = tmp_path / "bulletins" / "zz-same-text-again.txt"  # a duplicate inside the same batch
    copy.write_text(bulletins[0].read_text(encoding="utf-8"), encoding="utf-8")
    seen: list[tuple[int, int]] = []
    report = flows.ingest_sources(
        session,
        sources_=[str(tmp_path / "bulletins")],
        workers=2,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert report.errors == []
    assert [entry["duplicate"] for entry in report.bulletins] == [False] * len(bulletins) + [True]
    assert report.bulletins[-1]["id"] == report.bulletins[0]["id"]
    assert report.bulletins[-1]["events"] == report.bulletins[0]["events"] > 0
    stored = session.exec(select(ConflictEvent)).all()
    assert len(stored) == sum(entry["events"] for entry in report.bulletins[:-1])
    assert seen[-1] == (len(bulletins) + 1, len(bulletins) + 1)
    again = flows.ingest_sources(session, sources_=[str(tmp_path / "bulletins")], workers=2)
    assert [entry["duplicate"] for entry in again.bulletins] == [True] * (len(bulletins) + 1)
    assert [(e["id"], e["events"], e["figures"]) for e in again.bulletins] == [
        (e["id"], e["events"], e["figures"]) for e in report.bulletins
    ]


def test_a_batch_that_fails_is_written_one_by_one(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus.write(tmp_path, events=120, articles=0)  # three bulletins: one batch
    real = events_service.insert_rows
    calls: list[int] = []

    def fail_first(session: Session, *, rows: Any) -> Any:
        calls.append(len(rows))
        if len(calls) == 1:
            raise OperationalError("INSERT", {}, Exception("database is locked"))
        return real(session, rows=rows)

    monkeypatch.setattr(events_service, "insert_rows", fail_first)
    report = flows.ingest_sources(session, sources_=[str(tmp_path / "bulletins")])
    assert report.errors == []
    assert calls == [3, 1, 1, 1]  # the batch, then each bulletin in its own transaction
    assert [entry["duplicate"] for entry in report.bulletins] == [False, False, False]
    assert len(session.exec(select(ConflictEvent)).all()) == sum(e["events"] for e in report.bulletins) > 0


def test_claims_compared_in_a_worker_match_those_compared_here(session: Session, tmp_path: Path) -> None:
    corpus.write(tmp_path, events=400, articles=0)  # enough files for worker processes
    directory = tmp_path / "bulletins"
    for fixture in (SEED, GENERAL_STAFF):  # the same day from both sides: contested and corroborated places
        (directory / fixture.name).write_text(fixture.read_text(encoding="utf-8"), encoding="utf-8")
    report = flows.ingest_sources(session, sources_=[str(directory)], workers=2)
    assert report.errors == []

    def statuses() -> dict[int, str]:
        query = select(ConflictEvent.id, ConflictEvent.claim_status).where(ConflictEvent.claim_status != "claimed")
        return dict(session.exec(query).all())

    compared_there = statuses()
    podoly = session.exec(select(ConflictEvent).where(ConflictEvent.place_as_written == "Podoly")).all()
    assert len(podoly) == 2 and {compared_there.get(event.id or 0) for event in podoly} == {"contested"}
    session.exec(update(ConflictEvent).values(claim_status="claimed"))  # compared again, in this process
    claims.refresh_claims(session, event_ids=list(session.exec(select(ConflictEvent.id)).all()))
    session.commit()
    assert statuses() == compared_there


def test_links_computed_in_workers_match_those_computed_here(session: Session, tmp_path: Path) -> None:
    corpus.write(tmp_path, events=400, articles=60)  # enough articles for the in-memory event pool
    assert not publish_paths(session, paths=[tmp_path / "articles"]).errors
    flows.ingest_sources(session, sources_=[str(tmp_path / "bulletins")], workers=2)

    def links() -> list[tuple[int, int, str, float]]:
        link = ArticleEventLink
        query = select(link.article_id, link.event_id, link.reason, link.score).order_by(link.article_id, link.event_id)
        return [tuple(row) for row in session.exec(query)]  # type: ignore[misc]

    computed_there = links()
    assert len({article_id for article_id, *_ in computed_there}) >= links_service._POOL_FROM
    session.exec(delete(ArticleEventLink))  # computed again, in this process
    session.commit()
    links_service.refresh_auto_links(session)
    assert links() == computed_there


def test_end_of_run_work_a_worker_fails_is_done_here(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus.write(tmp_path, events=400, articles=60)
    assert not publish_paths(session, paths=[tmp_path / "articles"]).errors
    here = os.getpid()

    def failing_in_workers(function: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            if os.getpid() != here:  # workers fork after this patch, and so carry it
                raise RuntimeError("worker lost")
            return function(*args, **kwargs)

        return run

    monkeypatch.setattr(links_service, "candidates_elsewhere", failing_in_workers(links_service.candidates_elsewhere))
    monkeypatch.setattr(events_service, "compare_claims", failing_in_workers(events_service.compare_claims))
    report = flows.ingest_sources(session, sources_=[str(tmp_path / "bulletins")], workers=2)
    assert report.errors == [] and len(report.bulletins) == 10
    linked = session.exec(select(ArticleEventLink.article_id).distinct()).all()
    assert len(linked) >= links_service._POOL_FROM  # every article's links, computed here after all
