"""Score search on judged queries: recall@3, nDCG@10 and MRR per query class and in all."""

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sqlmodel import Session

from search.client import SearchTarget

JUDGED_FILE = Path(__file__).resolve().parents[1] / "tests" / "search" / "judged.yml"
CLASSES = ["topic", "place", "typo", "acronym", "renamed", "question", "mixed"]


@dataclass(frozen=True)
class Judged:
    """One query with the documents that must be in the top 3 and those that may be in the top 10."""

    q: str
    kind: str
    top3: tuple[str, ...]
    top10: tuple[str, ...]


@dataclass
class Scores:
    """Mean recall@3, nDCG@10 and MRR over some queries."""

    recall3: float = 0.0
    ndcg10: float = 0.0
    mrr: float = 0.0
    queries: int = 0
    misses: list[str] = field(default_factory=list)


def load_judged(path: Path = JUDGED_FILE) -> list[Judged]:
    """The judged queries of a YAML file."""
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Judged(r["q"], r["class"], tuple(r["top3"]), tuple(r.get("top10") or ())) for r in rows]


def hit_ids(hit: dict[str, Any]) -> set[str]:
    """The ids a judged file may use for a search hit."""
    if hit.get("type") == "article":
        return {f"article:{hit.get('slug')}"}
    place = hit.get("place_as_written", "")
    regions = hit.get("regions") or [""]
    return {f"event:{place}", *(f"event:{place}@{code}" for code in regions)}


def _position(ranked: list[set[str]], doc: str) -> int | None:
    for rank, ids in enumerate(ranked, start=1):
        if doc in ids:
            return rank
    return None


def score_one(judged: Judged, ranked: list[set[str]]) -> tuple[float, float, float]:
    """recall@3, nDCG@10 and reciprocal rank of one query's ranked hit ids."""
    must = set(judged.top3)
    top3 = ranked[:3]
    recall = sum(1 for doc in must if _position(top3, doc)) / min(len(must), 3)
    gains = dict.fromkeys(judged.top10, 1.0) | dict.fromkeys(judged.top3, 2.0)
    dcg = 0.0
    credited: set[str] = set()
    for rank, ids in enumerate(ranked[:10], start=1):
        for doc in ids & (set(gains) - credited):
            dcg += gains[doc] / math.log2(rank + 1)
            credited.add(doc)
            break
    ideal = sum(g / math.log2(i + 2) for i, g in enumerate(sorted(gains.values(), reverse=True)[:10]))
    ranks = [r for r in (_position(ranked[:10], doc) for doc in must) if r]
    return recall, dcg / ideal if ideal else 0.0, 1 / min(ranks) if ranks else 0.0


def evaluate(judged: list[Judged], run: Callable[[str], list[dict[str, Any]]]) -> dict[str, Scores]:
    """Scores per class and under 'all' for a search function returning ranked hits."""
    sums: dict[str, Scores] = defaultdict(Scores)
    for item in judged:
        ranked = [hit_ids(hit) for hit in run(item.q)[:10]]
        recall, ndcg, rr = score_one(item, ranked)
        for key in (item.kind, "all"):
            scores = sums[key]
            scores.recall3 += recall
            scores.ndcg10 += ndcg
            scores.mrr += rr
            scores.queries += 1
            if recall < 1 and key == "all":
                scores.misses.append(f"{item.q!r} ({item.kind}): top 3 {[min(ids) for ids in ranked[:3]]}")
    for scores in sums.values():
        scores.recall3 /= scores.queries
        scores.ndcg10 /= scores.queries
        scores.mrr /= scores.queries
    return dict(sums)


def searcher(session: Session, target: SearchTarget, *, semantic: bool) -> Callable[[str], list[dict[str, Any]]]:
    """The reader's search pipeline (analysis, then the federated query), hybrid or keyword only."""
    from search import analysis, query

    def run(q: str) -> list[dict[str, Any]]:
        analysed = analysis.analyse(q, analysis.vocabulary(session))
        return query.search(target, analysed, query.SearchFilters(), limit=10, semantic=semantic).hits

    return run


def compare(session: Session, target: SearchTarget, judged: list[Judged]) -> dict[str, dict[str, Scores]]:
    """Scores with hybrid search on and with keyword search only, side by side."""
    return {
        "hybrid": evaluate(judged, searcher(session, target, semantic=True)),
        "keyword": evaluate(judged, searcher(session, target, semantic=False)),
    }


def table(results: dict[str, dict[str, Scores]]) -> str:
    """A plain-text table: one row per class, one column group per mode (e.g. hybrid, keyword)."""
    modes = list(results)
    header = f"{'class':10} {'n':>3}" + "".join(f" | {m + ' R@3':>13} {'nDCG@10':>7} {'MRR':>5}" for m in modes)
    lines = [header, "-" * len(header)]
    for kind in [*CLASSES, "all"]:
        first = results[modes[0]].get(kind)
        if first is None:
            continue
        row = f"{kind:10} {first.queries:>3}"
        for mode in modes:
            s = results[mode][kind]
            row += f" | {s.recall3:>13.3f} {s.ndcg10:>7.3f} {s.mrr:>5.3f}"
        lines.append(row)
    return "\n".join(lines)
