"""Index declarations: uid, primary key and settings valid on Meilisearch 1.21."""

from dataclasses import dataclass, field
from typing import Any

# English stop words. Meilisearch 1.21 compares stop words case-sensitively, so "What" or
# "Is" at the start of a question would become required words: every word is listed in lower
# case, Capitalised and UPPER case (queries are also lower-cased before they are sent).
_STOP = [
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is",
    "it", "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there",
    "these", "they", "this", "to", "was", "will", "with", "what", "how", "which", "who",
    "does", "do", "can", "should", "when", "where", "why", "whom", "whose", "would", "could",
    "did", "been", "has", "have", "had", "were", "its", "from", "about", "any", "some",
    # words of a question that never say what it is about
    "happen", "happens", "happened", "please", "tell",
]  # fmt: skip
STOP_WORDS = sorted({form for word in _STOP for form in (word, word.capitalize(), word.upper())})
# The six rules of 1.21 (attributeRank/wordPosition only exist from 1.36), with "attribute"
# before "proximity": in long articles a word in the title or summary says more than two words
# that happen to stand close together somewhere in the body (measured on tests/search/judged.yml).
BASE_RANKING = ["words", "typo", "attribute", "proximity", "sort", "exactness"]


def embedder_settings() -> dict[str, Any] | None:
    """The userProvided embedder when the model is loaded; None when it is not (keyword search only)."""
    from search.embedder import EMBEDDER, load_embedder

    embedder = load_embedder()
    if embedder is None:
        return None
    return {EMBEDDER: {"source": "userProvided", "dimensions": embedder.dimensions}}


@dataclass(frozen=True)
class IndexSpec:
    """One logical index: its name, primary key and settings (synonyms added at apply time)."""

    name: str
    primary_key: str
    settings: dict[str, Any] = field(default_factory=dict)
    semantic: bool = False  # documents carry vectors and queries are hybrid

    def full_settings(self, synonyms: dict[str, list[str]]) -> dict[str, Any]:
        """The settings to apply, with the synonyms and the embedder merged in."""
        return {**self.settings, "synonyms": synonyms, "embedders": embedder_settings() if self.semantic else None}


def _filterable(equality: list[str], comparison: list[str]) -> list[dict[str, Any]]:
    return [
        {
            "attributePatterns": equality,
            "features": {"facetSearch": True, "filter": {"equality": True, "comparison": False}},
        },
        {
            "attributePatterns": comparison,
            "features": {"facetSearch": False, "filter": {"equality": True, "comparison": True}},
        },
    ]


_COMMON: dict[str, Any] = {
    "stopWords": STOP_WORDS,
    "typoTolerance": {
        "enabled": True,
        "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9},
        "disableOnNumbers": True,
    },
    "faceting": {"maxValuesPerFacet": 100, "sortFacetValuesBy": {"*": "count"}},
    "pagination": {"maxTotalHits": 500},
    "searchCutoffMs": 1000,
}

ARTICLES = IndexSpec(
    name="articles",
    primary_key="id",
    semantic=True,
    settings={
        **_COMMON,
        "searchableAttributes": [
            "title", "summary", "topic_names", "region_names", "places", "body", "source",
        ],
        "displayedAttributes": ["*"],
        "filterableAttributes": _filterable(
            ["type", "topics", "regions", "place_codes", "source"], ["published_ts"]
        ),
        "sortableAttributes": ["published_ts"],
        "rankingRules": [*BASE_RANKING, "published_ts:desc"],
        "proximityPrecision": "byWord",
    },
)  # fmt: skip

# Events stay keyword only (measured on tests/search/judged.yml: vectors on events changed no
# score, and a one-line event is mostly its place and region, so every event of a region came
# back for any of its towns).
EVENTS = IndexSpec(
    name="events",
    primary_key="id",
    settings={
        **_COMMON,
        "searchableAttributes": [
            "title", "place_as_written", "place_name", "place_variants", "region_name",
            "region_as_written", "group", "action_label", "claimant", "quote",
        ],
        "displayedAttributes": ["*"],
        "filterableAttributes": _filterable(
            ["type", "topics", "regions", "place_code", "group", "action", "claimant",
             "bulletin_id"],
            ["date_ts"],
        ),
        "sortableAttributes": ["date_ts"],
        "rankingRules": [*BASE_RANKING, "date_ts:desc"],
        "proximityPrecision": "byAttribute",
    },
)  # fmt: skip

ALL = (ARTICLES, EVENTS)
