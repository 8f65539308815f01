"""One federated search over articles and events, with facets and safe highlights."""

import html
import os
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from meilisearch.errors import MeilisearchApiError, MeilisearchError
from requests import RequestException

from app.config import get_settings
from app.places import regions as regions_table
from search.analysis import Analysis
from search.answers import AnswerCache, answer_key, index_stamps
from search.breaker import breaker_for
from search.client import SearchTarget, make_client
from search.embedder import EMBEDDER, load_embedder
from search.errors import SearchUnavailable
from search.indexes import ALL, STOP_WORDS

# Highlight markers that cannot occur in our text; escaped HTML then gets <mark> tags.
_PRE, _POST = "\x02", "\x03"
WEIGHTS = {"articles": 1.0, "events": 0.8}
# Tuned on tests/search/judged.yml with `dkb search evaluate --tune` (see README).
SEMANTIC_RATIO = 0.5
# Questions ("why did…", "is it legal…?") are where words and documents differ most.
QUESTION_RATIO = 0.55
QUESTION_WORDS = {"what", "why", "how", "when", "where", "who", "which", "is", "are", "can", "could", "does",
                  "do", "did", "should", "must", "may", "will", "would", "whom", "whose"}  # fmt: skip
SEMANTIC_INDEXES = tuple(spec.name for spec in ALL if spec.semantic)
# Hybrid hits below this score are dropped (keyword hits the frequency query finds stay): without
# it, every document is some distance from every query and "morning" would list the whole corpus.
SEMANTIC_THRESHOLD = 0.65
# The second query of each index drops the rarest-first words (matchingStrategy "frequency"), so
# a query whose first word no document has still finds the documents that have the others;
# weighted below the main query so full matches stay first.
FREQUENCY_WEIGHT = 0.7
# Articles about the region of a place the query names, below every direct match: "Bakhmut"
# finds the Donetsk oblast article even though no document names the town yet.
REGION_WEIGHT = 0.5
_STOP_WORDS = {word.lower() for word in STOP_WORDS}
SEARCH_TIMEOUT = 2  # seconds; a frozen server costs this once, then the circuit breaker answers
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
    sort: str = "relevance"  # relevance / newest


SORT_FIELDS = {"articles": "published_ts", "events": "date_ts"}


@dataclass
class SearchPage:
    """One page of merged results."""

    query: str
    total: int
    hits: list[dict[str, Any]] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    processing_ms: int = 0
    semantic: bool = False


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
    hit["score"] = round(float(raw.get("_federation", {}).get("weightedRankingScore", 0.0)), 4)
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


def is_question(typed: str) -> bool:
    """True for a natural-language question: ends with '?' or starts with a question word."""
    words = typed.strip().lower().split()
    return typed.strip().endswith("?") or (len(words) >= 3 and words[0] in QUESTION_WORDS)


def semantic_ratio(typed: str = "") -> float:
    """The share of semantic ranking in hybrid search: tuned values, or DKB_SEMANTIC_RATIO /
    DKB_QUESTION_RATIO."""
    question = is_question(typed)
    name, default = ("DKB_QUESTION_RATIO", QUESTION_RATIO) if question else ("DKB_SEMANTIC_RATIO", SEMANTIC_RATIO)
    try:
        return min(1.0, max(0.0, float(os.environ.get(name, default))))
    except ValueError:
        return default


@lru_cache(maxsize=2048)
def query_vector(text: str) -> tuple[float, ...] | None:
    """The query's vector (None when the model is not loaded); repeated queries are not re-embedded."""
    embedder = load_embedder()
    if embedder is None or not text.strip():
        return None
    return tuple(embedder.embed([text])[0])


def federated_queries(
    target: SearchTarget, analysis: Analysis, filters: SearchFilters, *, semantic: bool = True
) -> tuple[list[dict[str, Any]], bool]:
    """The multi-search queries for one reader's search, and whether they are hybrid."""
    indexes = [name for name in WEIGHTS if not filters.type or name == f"{filters.type}s"]
    newest = filters.sort == "newest"
    # Newest first orders by date across both indexes; semantic ranking has nothing to add to that.
    # Nor to a query of place names only: a name carries no meaning for the model to match (on
    # tests/search/judged.yml place and renamed-place queries score the same or better by keywords),
    # and the hybrid threshold makes Meilisearch score every document near the name's vector.
    wanted = semantic and not newest and not analysis.names_only
    vector = query_vector(analysis.semantic_text) if wanted else None
    several_words = len([w for w in analysis.keywords.split() if w.lower() not in _STOP_WORDS]) > 1
    ratio = semantic_ratio(analysis.typed)
    semantic_indexes = os.environ.get("DKB_SEMANTIC_INDEXES", ",".join(SEMANTIC_INDEXES)).split(",")
    queries: list[dict[str, Any]] = []
    for name in indexes:
        base = {
            "indexUid": target.uid(name),
            "q": analysis.keywords,
            "filter": _filter(name, filters),
            "attributesToHighlight": HIGHLIGHTED[name],
            "attributesToCrop": ["body"] if name == "articles" else [],
            "cropLength": 40,
            "highlightPreTag": _PRE,
            "highlightPostTag": _POST,
            "showRankingScore": True,
        }
        if newest:
            base["sort"] = [f"{SORT_FIELDS[name]}:desc"]
        main = {**base, "federationOptions": {"weight": WEIGHTS[name]}}
        if vector is not None and ratio > 0 and name in semantic_indexes:
            main |= {
                "vector": list(vector),
                "hybrid": {"embedder": EMBEDDER, "semanticRatio": ratio},
                "rankingScoreThreshold": float(os.environ.get("DKB_SEMANTIC_THRESHOLD", SEMANTIC_THRESHOLD)),
            }
        # Events are searched by keywords only, in one query that drops the rarest words first:
        # the same judged-set scores as two queries (main, then "frequency"), one search less.
        single = name == "events" and "hybrid" not in main
        if single and several_words:
            main["matchingStrategy"] = "frequency"
        queries.append(main)
        if not single and analysis.keywords.strip() and (several_words or "hybrid" in main):
            # Also keeps weak keyword hits the hybrid threshold drops; one word cannot drop any.
            queries.append(
                {**base, "matchingStrategy": "frequency",
                 "federationOptions": {"weight": WEIGHTS[name] * FREQUENCY_WEIGHT}}
            )  # fmt: skip
    if "articles" in indexes:
        names = {r.code: r.name for r in regions_table.all_regions()}
        for code in [c for c in analysis.regions if c in names][:3]:
            queries.append(  # a placeholder query cannot be ranked against the others: use the name
                {"indexUid": target.uid("articles"), "q": names[code], "filter": [*_filter("articles", filters),
                 f"regions = {_quote(code)}"], "showRankingScore": True,
                 "federationOptions": {"weight": REGION_WEIGHT},
                 **({"sort": [f"{SORT_FIELDS['articles']}:desc"]} if newest else {})}
            )  # fmt: skip
    return queries, vector is not None and ratio > 0


_CACHES: dict[int, AnswerCache] = {}


def _answers() -> AnswerCache:
    """This process's answer cache, of the configured size (0: off)."""
    size = get_settings().search_cache_size
    if size not in _CACHES:
        _CACHES[size] = AnswerCache(size)
    return _CACHES[size]


def search(
    target: SearchTarget, analysis: Analysis | str, filters: SearchFilters, *, limit: int = 20, offset: int = 0,
    semantic: bool = True,
) -> SearchPage:  # fmt: skip
    """Search articles and events at once; raise SearchUnavailable when Meilisearch fails or is cut off."""
    if isinstance(analysis, str):
        analysis = Analysis(analysis, analysis, analysis)
    breaker = breaker_for(target)
    if not breaker.allow():
        raise SearchUnavailable(f"search is cut off after a failure: {breaker.last_error}")
    queries, hybrid = federated_queries(target, analysis, filters, semantic=semantic)
    uids = sorted({q["indexUid"] for q in queries})
    federation = {
        "limit": limit,
        "offset": offset,
        "facetsByIndex": dict.fromkeys(uids, FACETS),
        "mergeFacets": {"maxValuesPerFacet": 100},
    }
    client = make_client(target, timeout=SEARCH_TIMEOUT)
    cache = _answers()
    try:
        stamps = index_stamps(client, uids) if cache.size > 0 else None
        key = answer_key(queries, federation, target.url + stamps) if stamps is not None else ""
        response = cache.get(key) if key else None
        if response is None:
            response = dict(client.multi_search(queries, federation=federation))
            if key:
                cache.put(key, response)
    except MeilisearchApiError as error:
        raise SearchUnavailable(str(error)) from error  # the server answered: no reason to cut it off
    except (MeilisearchError, RequestException) as error:
        breaker.failed(str(error))
        raise SearchUnavailable(str(error)) from error
    breaker.succeeded()
    distribution = response.get("facetDistribution", {})
    return SearchPage(
        query=analysis.typed,
        total=int(response.get("estimatedTotalHits", 0)),
        hits=[_hit(raw) for raw in response.get("hits", [])],
        facets={name: dict(distribution.get(name, {})) for name in FACETS},
        processing_ms=int(response.get("processingTimeMs", 0)),
        semantic=hybrid,
    )
