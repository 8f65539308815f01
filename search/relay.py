"""The relay loop: drains the outbox for as long as it runs, whatever goes wrong on the way.

It runs as a thread inside the app (embedded mode) or in the foreground of
`dkb search sync --watch` (external mode). Every failure is logged, counted, shown on /healthz
and retried with back-off; the loop itself never ends until it is stopped.
"""

import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from meilisearch.errors import MeilisearchApiError
from sqlalchemy import Engine

from app.db import utcnow
from search.client import SearchTarget, is_healthy, make_client
from search.indexes import ALL
from search.maintenance import ensure_indexes
from search.outbox import BATCH, LEASE_SECONDS, RelayResult, has_due, purge_done, relay_name, relay_once
from search.server import MeiliServer

log = logging.getLogger(__name__)

SETTINGS_CHECK_SECONDS = 30.0
DUE_POLL_SECONDS = 0.1
PURGE_EVERY_SECONDS = 3600.0
MAX_ERROR_BACKOFF_SECONDS = 30.0


@dataclass
class RelayState:
    """What /healthz and `dkb search status` say about a relay."""

    name: str
    state: str = "starting"  # running | idle | waiting for search | error | stopped
    passes: int = 0
    pushed_rows: int = 0
    pushed_documents: int = 0
    errors: int = 0
    last_error: str = ""
    last_error_at: datetime | None = None
    last_pass_at: datetime | None = None
    consecutive_errors: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return {
            "name": self.name, "state": self.state, "passes": self.passes,
            "pushed_rows": self.pushed_rows, "pushed_documents": self.pushed_documents,
            "errors": self.errors, "last_error": self.last_error,
            "last_error_at": self.last_error_at.isoformat() if self.last_error_at else None,
            "last_pass_at": self.last_pass_at.isoformat() if self.last_pass_at else None,
        }  # fmt: skip


class RelayLoop:
    """One relay: pass after pass, no pause while there is a backlog, back-off after errors."""

    def __init__(
        self, *, engine: Engine, target: SearchTarget, synonyms: Callable[[], dict[str, list[str]]],
        interval: float = 1.0, server: MeiliServer | None = None, batch: int = BATCH,
        settings_check_seconds: float = SETTINGS_CHECK_SECONDS, lease_seconds: float = LEASE_SECONDS,
        retention: timedelta = timedelta(days=7),
        on_loaded: Callable[[str, list[str]], None] | None = None,
        report: Callable[[str], None] | None = None,
    ) -> None:  # fmt: skip
        self.engine, self.target, self.synonyms = engine, target, synonyms
        self.interval, self.server, self.batch = interval, server, batch
        self.settings_check_seconds, self.retention = settings_check_seconds, retention
        self.on_loaded, self.report, self.lease_seconds = on_loaded, report, lease_seconds
        self.state = RelayState(name=relay_name())
        self.last = RelayResult()
        self._wake = threading.Event()
        self._stop_event = threading.Event()
        self._settings_checked_at = float("-inf")
        self._synonyms_digest = ""
        self._places_may_have_changed = True
        self._purged_at = float("-inf")
        self._indexes_ready = False

    @property
    def indexes_ready(self) -> bool:
        """True once the indexes exist with the settings in the code."""
        return self._indexes_ready

    def notify(self) -> None:
        """Run a pass now (after a write)."""
        self._wake.set()

    def stop(self) -> None:
        """End the loop after the current pass."""
        self._stop_event.set()
        self._wake.set()

    @property
    def stopped(self) -> bool:
        """True once stop() was called."""
        return self._stop_event.is_set()

    def run_forever(self) -> None:
        """Pass after pass until stopped; nothing that goes wrong in a pass ends the loop."""
        while not self._stop_event.is_set():
            try:
                delay = self.step()
            except BaseException as error:  # noqa: BLE001  (the loop must survive anything but stop)
                if isinstance(error, KeyboardInterrupt | SystemExit):
                    raise
                delay = self._failed(error)
            if delay > 0:
                self._pause(delay)
        self.state.state = "stopped"

    def _pause(self, delay: float) -> None:
        """Wait until the next pass is due, a write notifies us, or another process enqueued a row.

        Writes from other processes (the CLI, other web workers) cannot notify this thread, so a
        cheap read looks for due rows every DUE_POLL_SECONDS; the full pass (health, settings,
        claim) still runs at least every `delay`.
        """
        deadline = time.monotonic() + delay
        while (left := deadline - time.monotonic()) > 0:
            if self._wake.wait(min(DUE_POLL_SECONDS, left)):
                break
            if self.state.state in {"idle", "running"} and self._due():
                break
        self._wake.clear()

    def _due(self) -> bool:
        try:
            return has_due(self.engine)
        except Exception:  # noqa: BLE001  (the full pass reports database trouble)
            return False

    def step(self) -> float:
        """One pass; returns how long to wait before the next one (0 while a backlog remains)."""
        if self.server and not self.server.is_running():
            log.warning("embedded Meilisearch is not running; restarting it")
            self.server.start()
            self._settings_checked_at = float("-inf")
        if not is_healthy(self.target):
            self._settings_checked_at = float("-inf")
            self.last = RelayResult(error="Meilisearch is not reachable")
            self.state.state = "waiting for search"
            self.state.last_pass_at = utcnow()
            return self.interval
        client = make_client(self.target, timeout=30)
        self._maybe_apply_settings(client)
        result = relay_once(
            self.engine, client, self.target, relay=self.state.name, batch=self.batch,
            lease_seconds=self.lease_seconds, on_loaded=self.on_loaded,
        )  # fmt: skip
        self.last = result
        self.state.passes += 1
        self.state.last_pass_at = utcnow()
        self.state.pushed_rows += result.processed
        self.state.pushed_documents += result.documents
        self._places_may_have_changed = self._places_may_have_changed or "event" in result.entities
        if result.processed and self.report:
            self.report(f"pushed {result.processed}" + (f", failed {result.failed}" if result.failed else ""))
        if result.failed:
            # A failed push may mean a deleted index: check settings before the retry.
            self._settings_checked_at = float("-inf")
            delay = self._failed(RuntimeError(result.error), counted_rows=result.failed)
            if not result.processed:
                return delay
            # Other rows went through: the failed ones wait out their own back-off, the rest go on.
        else:
            self.state.consecutive_errors = 0
        self._maybe_purge()
        if result.processed + result.failed >= self.batch:
            self.state.state = "running"
            return 0.0
        self.state.state = "running" if result.processed else "idle"
        return self.interval

    def _failed(self, error: BaseException, *, counted_rows: int = 0) -> float:
        self.state.errors += 1
        self.state.consecutive_errors += 1
        self.state.last_error = f"{type(error).__name__}: {error}"[:2000] if not counted_rows else str(error)[:2000]
        self.state.last_error_at = utcnow()
        self.state.state = "error"
        self.last = RelayResult(failed=counted_rows, error=self.state.last_error)
        self._settings_checked_at = float("-inf")
        log.warning("search relay pass failed (%d in a row): %s", self.state.consecutive_errors, error)
        if self.report:
            self.report(f"error: {self.state.last_error}")
        return float(min(MAX_ERROR_BACKOFF_SECONDS, self.interval * 2 ** min(self.state.consecutive_errors, 6)))

    def _maybe_apply_settings(self, client: Any) -> None:
        """Index settings as in the code: at start, every so often, and when synonyms changed."""
        due = time.monotonic() - self._settings_checked_at >= self.settings_check_seconds
        if not due:
            # One cheap call per pass: a deleted index must not come back without its settings
            # (adding documents to a missing index creates it bare).
            due = not all(_index_exists(client, self.target.uid(spec.name)) for spec in ALL)
        if not due and not self._places_may_have_changed:
            return
        synonyms = self.synonyms()
        self._places_may_have_changed = False
        digest = hashlib.sha256(json.dumps(synonyms, sort_keys=True).encode()).hexdigest()
        if due or digest != self._synonyms_digest:
            ensure_indexes(client, self.target, synonyms)
            self._indexes_ready = True
            self._settings_checked_at = time.monotonic()
            self._synonyms_digest = digest

    def _maybe_purge(self) -> None:
        if time.monotonic() - self._purged_at >= PURGE_EVERY_SECONDS:
            self._purged_at = time.monotonic()
            removed = purge_done(self.engine, older_than=self.retention)
            if removed:
                log.info("search relay purged %d done outbox rows", removed)


def _index_exists(client: Any, uid: str) -> bool:
    try:
        client.get_raw_index(uid)
    except MeilisearchApiError as error:
        if error.code == "index_not_found":
            return False
        raise
    return True


class Relay(threading.Thread):
    """The relay loop on a daemon thread (embedded mode)."""

    def __init__(self, **options: Any) -> None:
        super().__init__(name="search-relay", daemon=True)
        self.loop = RelayLoop(**options)

    @property
    def last(self) -> RelayResult:
        """The last pass's result."""
        return self.loop.last

    @property
    def state(self) -> RelayState:
        """Counters and the last error."""
        return self.loop.state

    @property
    def indexes_ready(self) -> bool:
        """True once the indexes exist with the settings in the code."""
        return self.loop.indexes_ready

    def notify(self) -> None:
        """Run a pass now (after a write)."""
        self.loop.notify()

    def stop(self) -> None:
        """Stop after the current pass."""
        self.loop.stop()
        self.join(timeout=15)

    def run(self) -> None:
        self.loop.run_forever()
