"""Recent search answers, kept for as long as the indexes they came from are unchanged.

The key is the exact multi-search body plus the identity of every index it reads (uid, created
and last updated time, as Meilisearch reports them). Any write to an index, by this process or by
any other relay or worker, changes its `updatedAt`, so a kept answer can never be older than the
index; reading the stamps costs one small request instead of the search.
"""

import json
import threading
from collections import OrderedDict
from typing import Any

from meilisearch import Client


class AnswerCache:
    """A small thread-safe LRU of search responses."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: str) -> dict[str, Any] | None:
        """The kept answer for this key, or None."""
        with self._lock:
            answer = self._entries.get(key)
            if answer is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return answer

    def put(self, key: str, answer: dict[str, Any]) -> None:
        """Keep an answer, forgetting the least recently used beyond the size."""
        if self.size <= 0:
            return
        with self._lock:
            self._entries[key] = answer
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        """Forget every answer."""
        with self._lock:
            self._entries.clear()


def index_stamps(client: Client, uids: list[str]) -> str | None:
    """The identity of these indexes now (uid, createdAt and updatedAt of each); None when one is
    not listed (missing, or beyond the first 1,000 indexes of a shared server): nothing to key on."""
    page: Any = client.get_raw_indexes({"limit": 1000})  # typed as a list; the server answers a page
    listed: list[dict[str, Any]] = page.get("results", []) if isinstance(page, dict) else page
    known = {entry["uid"]: f"{entry.get('createdAt')}/{entry.get('updatedAt')}" for entry in listed}
    if any(uid not in known for uid in uids):
        return None
    return "|".join(f"{uid}={known[uid]}" for uid in sorted(uids))


def answer_key(queries: list[dict[str, Any]], federation: dict[str, Any], stamps: str) -> str:
    """The cache key of one multi-search against indexes in this state."""
    return json.dumps([queries, federation, stamps], sort_keys=True, ensure_ascii=False)
