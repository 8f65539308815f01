"""Another process holding the write lock for a while: publish waits and succeeds, the relay survives."""

import threading
from pathlib import Path

from sqlalchemy import Engine, text
from sqlmodel import Session

from app.articles.flows import publish_paths
from app.places.service import search_synonyms
from search.client import SearchTarget
from search.relay import RelayLoop
from tests.conftest import wait_for_sync
from tests.paths import WILSON


def _hold_write_lock(engine: Engine, held: threading.Event, release: threading.Event) -> None:
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.execute(text("LOCK TABLE article, searchoutbox IN EXCLUSIVE MODE"))
        held.set()
        release.wait(30)
        connection.rollback()


def test_publish_and_relay_wait_out_a_held_write_lock(engine: Engine, meili: SearchTarget, tmp_path: Path) -> None:
    def synonyms() -> dict[str, list[str]]:
        with Session(engine) as session:
            return search_synonyms(session)

    relay = RelayLoop(engine=engine, target=meili, synonyms=synonyms, interval=0.05)
    relay_thread = threading.Thread(target=relay.run_forever)
    relay_thread.start()
    held, release = threading.Event(), threading.Event()
    locker = threading.Thread(target=_hold_write_lock, args=(engine, held, release))
    locker.start()
    try:
        assert held.wait(30)
        threading.Timer(2.0, release.set).start()  # the lock is let go while publish waits on it
        with Session(engine) as session:
            report = publish_paths(session, paths=[WILSON])
        assert report.errors == [] and [o.action for o in report.outcomes] == ["created"]
        wait_for_sync(engine, timeout=60)
        assert relay_thread.is_alive() and relay.state.pushed_rows == 1
    finally:
        release.set()
        locker.join(timeout=30)
        relay.stop()
        relay_thread.join(timeout=30)
