"""Per-bulletin size and time budget: a hostile or huge text is extracted in part, never for minutes."""

import time
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TypeVar

MAX_CHARS = 400_000  # text beyond this is stored but not extracted
MAX_SECONDS = 20.0  # extraction of one bulletin stops (keeping what it found) after this
MAX_LIST_ITEMS = 400  # items of one place or figure list taken from one sentence

T = TypeVar("T")


@dataclass
class Budget:
    """A deadline for one bulletin, and whether extraction had to stop early."""

    deadline: float
    exhausted: bool = False
    notes: list[str] = field(default_factory=list)

    def expired(self) -> bool:
        """Whether time is up (and remember that it was)."""
        if not self.exhausted and time.monotonic() > self.deadline:
            self.exhausted = True
            self.notes.append(f"Extraction stopped after {MAX_SECONDS:.0f} s: the rest of the text was not extracted.")
        return self.exhausted


_CURRENT: ContextVar[Budget | None] = ContextVar("extraction_budget", default=None)


def start(seconds: float = MAX_SECONDS) -> Budget:
    """Start the budget for one bulletin (used by registry.parse)."""
    budget = Budget(time.monotonic() + seconds)
    _CURRENT.set(budget)
    return budget


def current() -> Budget:
    """The running budget, or a fresh one when a parser is called directly."""
    budget = _CURRENT.get()
    return budget if budget is not None else start()


def each(items: Iterable[T]) -> Iterator[T]:
    """Iterate until the current budget's time is up."""
    budget = current()
    for item in items:
        if budget.expired():
            return
        yield item
