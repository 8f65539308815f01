"""Background relay: drains the outbox while the app runs and restarts an embedded server."""

import logging
import threading
from collections.abc import Callable

from meilisearch.errors import MeilisearchError
from requests import RequestException
from sqlalchemy import Engine

from search.client import SearchTarget, is_healthy, make_client
from search.maintenance import ensure_indexes
from search.outbox import RelayResult, relay_once
from search.server import MeiliServer, SearchServerError

log = logging.getLogger(__name__)


class Relay(threading.Thread):
    """Every `interval` seconds (or on notify), push the outbox to Meilisearch."""

    def __init__(
        self, *, engine: Engine, target: SearchTarget, synonyms: Callable[[], dict[str, list[str]]],
        interval: float = 1.0, server: MeiliServer | None = None,
    ) -> None:  # fmt: skip
        super().__init__(name="search-relay", daemon=True)
        self.engine, self.target, self.synonyms = engine, target, synonyms
        self.interval, self.server = interval, server
        self._wake = threading.Event()
        self._stop_event = threading.Event()
        self._indexes_ready = False
        self.last: RelayResult = RelayResult()

    @property
    def indexes_ready(self) -> bool:
        """True once the indexes exist with the settings in the code."""
        return self._indexes_ready

    def notify(self) -> None:
        """Run a pass now (after a write)."""
        self._wake.set()

    def stop(self) -> None:
        """Stop after the current pass."""
        self._stop_event.set()
        self._wake.set()
        self.join(timeout=15)

    def run(self) -> None:
        while not self._stop_event.is_set():
            self._pass()
            self._wake.wait(self.interval)
            self._wake.clear()

    def _pass(self) -> None:
        try:
            if self.server and not self.server.is_running():
                log.warning("embedded Meilisearch is not running; restarting it")
                self.server.start()
                self._indexes_ready = False
            if not is_healthy(self.target):
                self._indexes_ready = False
                self.last = RelayResult(error="Meilisearch is not reachable")
                return
            client = make_client(self.target, timeout=30)
            if not self._indexes_ready:
                ensure_indexes(client, self.target, self.synonyms())
                self._indexes_ready = True
            self.last = relay_once(self.engine, client, self.target)
            if self.last.processed:
                # New places may need new synonyms; this only writes when they changed.
                ensure_indexes(client, self.target, self.synonyms())
        except (MeilisearchError, RequestException, SearchServerError, OSError) as error:
            self._indexes_ready = False
            self.last = RelayResult(error=str(error))
            log.warning("search relay pass failed: %s", error)
