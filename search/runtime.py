"""The app's search side: an embedded or external server, its target and the relay."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from search.client import SearchTarget, is_healthy
from search.outbox import backlog
from search.relay import Relay
from search.server import MeiliServer, SearchServerError

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
        if config.url:
            self.target = SearchTarget(config.url.rstrip("/"), config.key, config.prefix)
        else:
            self.server = MeiliServer(data_dir=config.data_dir, binary=config.binary)
            self.target = SearchTarget(self.server.url, self.server.key, config.prefix)

    def start(self) -> None:
        """Start the embedded server (if any) and the relay; failures leave search degraded."""
        if self.server:
            try:
                self.server.start(timeout=self.config.start_timeout)
            except SearchServerError as error:
                self.startup_error = str(error)
                log.error("search is degraded: %s", error)
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
        """True when Meilisearch answers."""
        return is_healthy(self.target)
