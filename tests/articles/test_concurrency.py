"""Concurrent writers and undated rows behave the same on SQLite and PostgreSQL."""

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, select

from app.articles import service
from app.articles.content import parse_article
from app.articles.flows import publish_paths
from app.articles.models import ArticleRevision
from app.bulletins.flows import ingest_sources
from app.topics import service as topics_service
from tests.paths import SEED, WILSON

DATED = """---
title: A dated article
summary: Dated, so it sorts before the undated one.
published: 2024-05-17
topics: [forced-displacement]
status: published
---
Body text.
"""


def _together(count: int, work: Callable[[Session], Any], engine: Engine) -> list[Any]:
    """Run `work` in `count` threads released at once, each with its own session."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(index: int) -> None:
        with Session(engine) as session:
            barrier.wait()
            try:
                results[index] = work(session)
            except Exception as error:  # noqa: BLE001  (the test reports what each thread saw)
                results[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _draft(session: Session, text: str) -> Any:
    known = topics_service.known_slugs(session)
    return parse_article(text, path=str(WILSON), known_topics=known, place_check=service.place_problem)


def test_identical_concurrent_publishes_make_one_revision(engine: Engine) -> None:
    text = WILSON.read_text()
    first = _together(4, lambda s: service.publish(s, draft=_draft(s, text)), engine)
    assert not [r for r in first if isinstance(r, Exception)], first
    assert sorted(r.action for r in first) == ["created", "unchanged", "unchanged", "unchanged"]
    edited = text.replace("status: published", "status: published\nauthor: Someone Else")
    assert edited != text
    second = _together(4, lambda s: service.publish(s, draft=_draft(s, edited)), engine)
    assert not [r for r in second if isinstance(r, Exception)], second
    assert sorted(r.action for r in second) == ["unchanged", "unchanged", "unchanged", "updated"]
    with Session(engine) as session:
        numbers = sorted(r.number for r in session.exec(select(ArticleRevision)).all())
    assert numbers == [1, 2]


def test_concurrent_ingest_of_one_bulletin_reports_duplicates(engine: Engine) -> None:
    reports = _together(3, lambda s: ingest_sources(s, sources_=[str(SEED)]), engine)
    assert not [r for r in reports if isinstance(r, Exception)], reports
    assert [r.errors for r in reports] == [[], [], []]
    entries = [r.bulletins[0] for r in reports]
    assert sorted(e["duplicate"] for e in entries) == [False, True, True]
    assert len({e["id"] for e in entries}) == 1


def test_undated_articles_sort_last(session: Session, tmp_path: Path) -> None:
    dated = tmp_path / "dated.md"
    dated.write_text(DATED)
    report = publish_paths(session, paths=[WILSON, dated])
    assert not report.errors, report.errors
    articles, total = service.list_published(session)
    assert total == 2
    assert [a.published is None for a in articles] == [False, True]
