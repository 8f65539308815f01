"""Measure the resolver on a labelled set of mentions: coverage, precision and speed."""

import csv
import time
from dataclasses import dataclass, field
from pathlib import Path

from app.places import regions
from app.places.resolver import Resolution, resolve

LABELS_FILE = Path(__file__).resolve().parents[2] / "tests" / "places" / "data" / "labelled_mentions.tsv"


@dataclass(frozen=True)
class Mention:
    """One labelled mention: the name and region as written, context and the expected code."""

    name: str
    region: str
    context: tuple[str, ...]
    expected: str | None
    kind: str


@dataclass
class Report:
    """Evaluation figures and the mentions that went wrong."""

    total: int = 0
    resolvable: int = 0
    resolved: int = 0
    accepted: int = 0
    correct: int = 0
    lookups_per_second: float = 0.0
    errors: list[tuple[Mention, Resolution]] = field(default_factory=list)

    @property
    def auto_resolved(self) -> float:
        """Share of resolvable mentions that were resolved (right or wrong)."""
        return self.resolved / self.resolvable if self.resolvable else 0.0

    @property
    def precision(self) -> float:
        """Share of accepted matches that are the expected place."""
        return self.correct / self.accepted if self.accepted else 1.0


def read_labels(path: Path = LABELS_FILE) -> list[Mention]:
    """Read a labelled-mentions TSV (comment lines start with #)."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return [
        Mention(
            name=row["name"],
            region=row["region"],
            context=tuple(c for c in row["context"].split("|") if c),
            expected=row["expected"] or None,
            kind=row["kind"],
        )
        for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    ]


def region_code(written: str) -> str | None:
    """The ISO code of a region as written, or None if it is not a Ukrainian region."""
    found = regions.resolve(written) if written else None
    return found.code if found else None


def run(mentions: list[Mention]) -> tuple[list[Resolution], float]:
    """Resolve every mention once; return the resolutions and the seconds taken."""
    start = time.perf_counter()
    out = [resolve(m.name, region_code=region_code(m.region), context=m.context) for m in mentions]
    return out, time.perf_counter() - start


def evaluate(mentions: list[Mention], *, repeats: int = 5) -> Report:
    """Score the resolver on labelled mentions and time it (best of several runs)."""
    results, _ = run(mentions)  # warm-up: loads the gazetteer and builds region indexes
    best = min(run(mentions)[1] for _ in range(repeats))
    report = Report(total=len(mentions), lookups_per_second=len(mentions) / best)
    for mention, result in zip(mentions, results, strict=True):
        got = result.place.code if result.place else None
        report.resolvable += mention.expected is not None
        report.resolved += mention.expected is not None and got is not None
        report.accepted += got is not None
        report.correct += got is not None and got == mention.expected
        if got != mention.expected:
            report.errors.append((mention, result))
    return report
