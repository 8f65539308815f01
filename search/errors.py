"""Our own error types for everything that can go wrong with Meilisearch."""


class SearchUnavailable(RuntimeError):
    """Meilisearch did not answer or refused the request; callers degrade gracefully."""
