"""The app's search side: an embedded or external server, its target and the relay."""

import fcntl
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from search.breaker import breaker_for
from search.client import SearchTarget, is_healthy
from search.embedder import load_embedder, load_error
from search.models import SearchOutbox
from search.outbox import backlog
from search.relay import Relay
from search.server import MeiliServer, SearchServerError, running_embedded_url
from search.synonyms import gazetteer_spellings

log = logging.getLogger(__name__)


@dataclass
class SearchConfig:
    """How to reach (or start) Meilisearch."""

    data_dir: Path
    url: str = ""
    key: str = ""
    binary: str = ""
    prefix: str = ""
    relay_interval: float = 1.0
    start_timeout: float = 30.0
    relay: str = "embedded"  # embedded | external | off
    relay_retention_days: float = 7.0


class SearchRuntime:
    """Starts what search needs for a running app and stops it again."""

    def __init__(self, config: SearchConfig, *, engine: Engine, synonyms: Callable[[], dict[str, list[str]]]) -> None:
        self.config, self.engine, self.synonyms = config, engine, synonyms
        self.server: MeiliServer | None = None
        self.relay: Relay | None = None
        self.startup_error = ""
        self._lock_fd: int | None = None
        self._backlog_mark: int | None = None  # last outbox id written before start
        self._ready = False
        if config.url:
            self.target = SearchTarget(config.url.rstrip("/"), config.key, config.prefix)
        else:
            self.server = MeiliServer(data_dir=config.data_dir, binary=config.binary)
            self.target = SearchTarget(self.server.url, self.server.key, config.prefix)

    def _owns_embedded_server(self) -> bool:
        """Take the data dir's lock: only one process per data dir runs Meilisearch and the relay."""
        path = self.config.data_dir / "embedded.lock"
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._lock_fd = fd
        return True

    def _attach_to_running_server(self) -> None:
        """Another process of ours runs the embedded server: use it, and leave the relay to it."""
        assert self.server is not None
        deadline = time.monotonic() + self.config.start_timeout
        url = running_embedded_url(self.config.data_dir)
        while url is None and time.monotonic() < deadline:
            time.sleep(0.2)
            url = running_embedded_url(self.config.data_dir)
        if url is None:
            self.startup_error = "the process that owns the embedded Meilisearch has not started it"
            log.error("search is degraded: %s", self.startup_error)
        self.target = SearchTarget(url or self.target.url, self.server.key, self.config.prefix)
        self.server = None
        self.config.relay = "external"

    def start(self) -> None:
        """Start the embedded server (if any) and the relay; failures leave search degraded."""
        if self.server and not self._owns_embedded_server():
            self._attach_to_running_server()
        with Session(self.engine) as session:
            self._backlog_mark = session.exec(select(func.max(SearchOutbox.id))).one() or 0
        if self.server:
            try:
                self.server.start(timeout=self.config.start_timeout)
            except SearchServerError as error:
                self.startup_error = str(error)
                log.error("search is degraded: %s", error)
        load_embedder()  # a fraction of a second; the first search should not pay it
        threading.Thread(target=gazetteer_spellings, name="spellings-warm-up", daemon=True).start()
        if self.config.relay != "embedded":
            log.info("search relay: %s (this process runs none)", self.config.relay)
            return
        self.relay = Relay(
            engine=self.engine, target=self.target, synonyms=self.synonyms,
            interval=self.config.relay_interval, server=self.server,
            retention=timedelta(days=self.config.relay_retention_days),
        )  # fmt: skip
        self.relay.start()

    def stop(self) -> None:
        """Stop the relay and the embedded server."""
        if self.relay:
            self.relay.stop()
        if self.server:
            self.server.stop()
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def notify(self) -> None:
        """Ask the relay to push the outbox now."""
        if self.relay:
            self.relay.notify()

    def relay_report(self, session: Session) -> dict[str, Any]:
        """The relay's mode, state, last error, backlog and the age of the oldest pending row."""
        pending = backlog(session)
        report: dict[str, Any] = {
            "mode": self.config.relay,
            "backlog": pending.pending,
            "oldest_pending_seconds": round(pending.oldest_seconds, 1) if pending.oldest_seconds is not None else None,
        }
        if self.relay:
            report.update(self.relay.state.as_dict(), alive=self.relay.is_alive())
        return report

    def healthy(self) -> bool:
        """True when Meilisearch answers (False at once while the circuit breaker is open)."""
        breaker = breaker_for(self.target)
        if breaker.is_open:
            breaker.allow()  # schedules a background probe when one is due
            return False
        if is_healthy(self.target):
            return True
        breaker.failed("Meilisearch did not answer /health")
        return False

    def semantic(self) -> dict[str, object]:
        """Whether hybrid search is on, with which model, or why not."""
        embedder = load_embedder()
        return {"enabled": embedder is not None, "model": embedder.model_id if embedder else None,
                "error": load_error() or None}  # fmt: skip

    def state(self) -> str:
        """'starting' until the indexes exist with their settings and the backlog found at start is
        pushed; then 'ok', or 'unavailable' when Meilisearch does not answer."""
        if not self.healthy():
            return "unavailable"
        if not self._ready:
            # An external relay (another process) makes the indexes; the backlog tells its progress.
            relay_ready = self.relay.indexes_ready if self.relay else self.config.relay != "embedded"
            if not relay_ready or self._backlog_left():
                return "starting"
            self._ready = True
        return "ok"

    def _backlog_left(self) -> int:
        with Session(self.engine) as session:
            query = (
                select(func.count()).select_from(SearchOutbox)
                .where(col(SearchOutbox.processed_at).is_(None))
                .where(col(SearchOutbox.id) <= (self._backlog_mark or 0))
            )  # fmt: skip
            return int(session.exec(query).one())
