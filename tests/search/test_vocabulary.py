"""The corpus vocabulary of a database: built once, then refreshed in the background when the corpus changes."""

import time

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from search import analysis
from tests.conftest import seed


def _fresh(engine: Engine, old: analysis.Vocabulary) -> analysis.Vocabulary:
    """The vocabulary once the background refresh has replaced `old` (an error after 60 s)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with Session(engine) as session:
            current = analysis.vocabulary(session)
        if current is not old:
            return current
        time.sleep(0.05)
    raise TimeoutError("the vocabulary was not rebuilt in the background")


def test_a_changed_corpus_is_read_in_the_background_while_searches_go_on(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Session(engine) as session:
        empty = analysis.vocabulary(session)
        assert "novopavlovka" not in empty.known
        seed(session)
        monkeypatch.setattr(analysis, "VOCABULARY_TTL", 0.0)
        assert analysis.vocabulary(session) is empty  # answered at once with what it had
    rebuilt = _fresh(engine, empty)
    assert {"novopavlovka", "displacement"} <= rebuilt.known  # a place of the seed bulletin, a word of the article
    with Session(engine) as session:  # nothing changed since: checked again, kept
        assert analysis.vocabulary(session) is rebuilt
    time.sleep(0.2)
    with Session(engine) as session:
        assert analysis.vocabulary(session) is rebuilt
