"""A full rebuild against a real Meilisearch: the swap, and what a refused document leaves behind."""

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from app.articles.flows import publish_paths
from search import documents
from search.client import SearchTarget, make_client
from search.maintenance import rebuild
from tests.conftest import seed, wait_for_sync


def _uids(target: SearchTarget) -> set[str]:
    return {i.uid for i in make_client(target).get_indexes({"limit": 1000})["results"]}


def test_a_refused_document_leaves_the_live_indexes_as_they_were(
    client: TestClient, engine: Engine, meili: SearchTarget, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Session(engine) as session:
        seed(session)
    wait_for_sync(engine)
    events = documents.ENTITIES["event"]

    def with_a_bad_id(session: Session, size: int) -> Iterator[list[dict[str, Any]]]:
        for batch in events.batches(session, size):
            yield [*batch, {**batch[0], "id": "not a valid id!"}]  # Meilisearch refuses this id

    monkeypatch.setitem(documents.ENTITIES, "event", replace(events, batches=with_a_bad_id))
    with pytest.raises(RuntimeError, match="invalid_document_id|document identifier"):
        rebuild(engine, make_client(meili, timeout=60), meili, {})
    assert not [uid for uid in _uids(meili) if uid.startswith(meili.prefix) and "_next_" in uid]
    live = make_client(meili).index(meili.uid("events"))
    assert live.get_stats().number_of_documents == 35  # the relay's documents, untouched


def test_a_rebuild_indexes_published_articles_only(
    client: TestClient, engine: Engine, meili: SearchTarget, tmp_path: Path
) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text('---\ntitle: "A draft"\nsummary: "Unpublished."\nstatus: draft\n---\nDraft body.\n')
    with Session(engine) as session:
        seed(session)
        assert publish_paths(session, paths=[draft]).errors == []
    wait_for_sync(engine)
    counts = rebuild(engine, make_client(meili, timeout=60), meili, {})
    assert counts == {"articles": 1, "events": 35}
    articles = make_client(meili).index(meili.uid("articles"))
    assert [hit["slug"] for hit in articles.search("")["hits"]] == ["wilson-center-forced-displacement"]
