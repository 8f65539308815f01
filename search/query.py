"""One federated search over articles and events, with facets and safe highlights."""

import html
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from meilisearch.errors import MeilisearchError
from requests import RequestException

from search.client import SearchTarget, make_client
from search.errors import SearchUnavailable

# Highlight markers that cannot occur in our text; escaped HTML then gets <mark> tags.
_PRE, _POST = "\x02", "\x03"
WEIGHTS = {"articles": 1.0, "events": 0.8}
FACETS = ["type", "topics", "regions"]
HIGHLIGHTED = {"articles": ["title", "summary", "body"], "events": ["title", "quote"]}


@dataclass
class SearchFilters:
    """What a reader narrowed the search to."""

    type: str | None = None  # article / event
    topic: str | None = None
    region: str | None = None
    date_from: date | None = None
    date_to: date | None = None


@dataclass
class SearchPage:
    """One page of merged results."""

    query: str
    total: int
    hits: list[dict[str, Any]] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    processing_ms: int = 0


def marked(text: str) -> str:
    """HTML-escape highlighted text and turn the markers into <mark> tags."""
    return html.escape(text).replace(_PRE, "<mark>").replace(_POST, "</mark>")


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _ts(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


def _filter(index: str, filters: SearchFilters) -> list[str]:
    clauses = []
    if filters.topic:
        clauses.append(f"topics = {_quote(filters.topic)}")
    if filters.region:
        clauses.append(f"regions = {_quote(filters.region)}")
    field_name = "published_ts" if index == "articles" else "date_ts"
    if filters.date_from:
        clauses.append(f"{field_name} >= {_ts(filters.date_from)}")
    if filters.date_to:
        clauses.append(f"{field_name} <= {_ts(filters.date_to) + 86399}")
    return clauses


def _hit(raw: dict[str, Any]) -> dict[str, Any]:
    formatted = raw.get("_formatted", {})
    hit = {k: v for k, v in raw.items() if not k.startswith("_") and k != "body"}
    hit["index"] = raw.get("_federation", {}).get("indexUid", "")
    hit["title_html"] = marked(str(formatted.get("title", raw.get("title", ""))))
    if raw.get("type") == "article":
        snippet = formatted.get("summary") or ""
        body = str(formatted.get("body", ""))
        if _PRE in body and _PRE not in snippet:
            snippet = body
    else:
        snippet = formatted.get("quote", raw.get("quote", ""))
    hit["snippet_html"] = marked(re.sub(r"\s+", " ", str(snippet)))
    return hit


def search(target: SearchTarget, q: str, filters: SearchFilters, *, limit: int = 20, offset: int = 0) -> SearchPage:
    """Search articles and events at once; raise SearchUnavailable when Meilisearch fails."""
    indexes = [name for name in WEIGHTS if not filters.type or name == f"{filters.type}s"]
    queries = [
        {
            "indexUid": target.uid(name),
            "q": q,
            "filter": _filter(name, filters),
            "attributesToHighlight": HIGHLIGHTED[name],
            "attributesToCrop": ["body"] if name == "articles" else [],
            "cropLength": 40,
            "highlightPreTag": _PRE,
            "highlightPostTag": _POST,
            "federationOptions": {"weight": WEIGHTS[name]},
        }
        for name in indexes
    ]
    federation = {
        "limit": limit,
        "offset": offset,
        "facetsByIndex": {target.uid(name): FACETS for name in indexes},
        "mergeFacets": {"maxValuesPerFacet": 100},
    }
    try:
        response: dict[str, Any] = make_client(target, timeout=5).multi_search(queries, federation=federation)
    except (MeilisearchError, RequestException) as error:
        raise SearchUnavailable(str(error)) from error
    distribution = response.get("facetDistribution", {})
    return SearchPage(
        query=q,
        total=int(response.get("estimatedTotalHits", 0)),
        hits=[_hit(raw) for raw in response.get("hits", [])],
        facets={name: dict(distribution.get(name, {})) for name in FACETS},
        processing_ms=int(response.get("processingTimeMs", 0)),
    )
