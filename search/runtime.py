"""The app's search side: an embedded or external server, its target and the relay."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from search.client import SearchTarget, is_healthy
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
        self.relay = Relay(
            engine=self.engine, target=self.target, synonyms=self.synonyms,
            interval=self.config.relay_interval, server=self.server,
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

    def healthy(self) -> bool:
        """True when Meilisearch answers."""
        return is_healthy(self.target)
