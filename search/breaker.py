"""A circuit breaker: after Meilisearch fails once, searches fall back at once until a probe says it is back."""

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from search.client import SearchTarget

COOL_DOWN = 2.0  # seconds between background probes while the circuit is open


class CircuitBreaker:
    """Closed: requests go through. Open: they fail fast; a background probe closes it again."""

    def __init__(self, probe: Callable[[], bool], *, cool_down: float = COOL_DOWN) -> None:
        self._probe = probe
        self.cool_down = cool_down
        self._open_since: float | None = None
        self._probing = False
        self._lock = threading.Lock()
        self.last_error = ""

    @property
    def is_open(self) -> bool:
        """True while requests should not be sent."""
        return self._open_since is not None

    def allow(self) -> bool:
        """True if a request may go to the server now; while open, starts a probe when one is due."""
        with self._lock:
            if self._open_since is None:
                return True
            if not self._probing and time.monotonic() - self._open_since >= self.cool_down:
                self._probing = True
                threading.Thread(target=self._run_probe, name="search-probe", daemon=True).start()
            return False

    def failed(self, error: str) -> None:
        """A request failed: open the circuit (readers get the fallback without waiting)."""
        with self._lock:
            self.last_error = error
            if self._open_since is None:
                self._open_since = time.monotonic()

    def succeeded(self) -> None:
        """A request (or probe) succeeded: close the circuit."""
        with self._lock:
            self._open_since = None
            self.last_error = ""

    def _run_probe(self) -> None:
        try:
            healthy = self._probe()
        except Exception:  # noqa: BLE001  (a probe that raises means still down)
            healthy = False
        with self._lock:
            self._probing = False
            if healthy:
                self._open_since = None
                self.last_error = ""
            elif self._open_since is not None:
                self._open_since = time.monotonic()


_breakers: dict[str, CircuitBreaker] = {}
_registry_lock = threading.Lock()


def breaker_for(target: "SearchTarget") -> CircuitBreaker:
    """The process-wide breaker of one server URL."""
    from search.client import is_healthy

    with _registry_lock:
        breaker = _breakers.get(target.url)
        if breaker is None:
            breaker = _breakers[target.url] = CircuitBreaker(lambda: is_healthy(target))
        return breaker
