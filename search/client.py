"""Meilisearch client construction and health checks."""

from dataclasses import dataclass

import meilisearch
from meilisearch.errors import MeilisearchError
from requests import RequestException


@dataclass(frozen=True)
class SearchTarget:
    """Where the indexes live: server URL, API key and the index-uid prefix."""

    url: str
    key: str
    prefix: str = ""

    def uid(self, name: str) -> str:
        """The full index uid for a logical index name ('articles' -> 'test1_articles')."""
        return f"{self.prefix}{name}"


def make_client(target: SearchTarget, *, timeout: int = 5) -> meilisearch.Client:
    """A client for the target; requests time out after `timeout` seconds."""
    return meilisearch.Client(target.url, target.key or None, timeout=timeout)


def is_healthy(target: SearchTarget) -> bool:
    """True when the server answers /health; an answer also closes the search circuit breaker."""
    from search.breaker import breaker_for

    try:
        make_client(target, timeout=2).health()
    except (MeilisearchError, RequestException):
        return False
    breaker_for(target).succeeded()
    return True
