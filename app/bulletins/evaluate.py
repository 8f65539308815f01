"""Score extraction against the development set (tests/bulletins/corpus): per format family, dev and holdout.

Places: recall and precision over unique (name as written, region code) pairs. Fragments: emitted
names that are cut-off words or listed not-places. Figures: recall over (value, qualifier class).
Dates: published_on right / missing / wrong (a missing year is not wrong, a wrong year is).
Issuer: issuer_slug right. Truncation: flagged exactly when labelled. Each file's `metadata.date`
is passed like an operator's `--date`.
"""

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from app.bulletins.extraction import registry
from app.bulletins.extraction.drafts import EventDraft, ParsedBulletin, ParseHints
from app.bulletins.extraction.figures import qualifier_class
from app.places import service as places_service

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "tests" / "bulletins" / "corpus"
FAMILIES = ("ru_mod", "ua_general_staff", "analyst", "humanitarian")


@dataclass
class FileScore:
    """How extraction did on one bulletin of the set."""

    stem: str
    family: str
    holdout: bool
    places_expected: int = 0
    places_found: int = 0
    places_matched: int = 0
    fragments: int = 0
    figures_expected: int = 0
    figures_matched: int = 0
    date_status: str = "right"  # right / missing / wrong
    issuer_right: bool = False
    truncation_right: bool = True  # flagged truncated exactly when labelled `truncated: true`
    error: str = ""
    missed_places: list[str] = field(default_factory=list)
    extra_places: list[str] = field(default_factory=list)
    fragment_names: list[str] = field(default_factory=list)
    missed_figures: list[str] = field(default_factory=list)
    got_date: str = ""
    got_issuer: str = ""


@dataclass
class FamilyScore:
    """Totals for one format family in one split (dev or holdout)."""

    family: str
    split: str
    files: int = 0
    places_expected: int = 0
    places_found: int = 0
    places_matched: int = 0
    fragments: int = 0
    figures_expected: int = 0
    figures_matched: int = 0
    dates: Counter[str] = field(default_factory=Counter)
    issuer_right: int = 0
    truncation_right: int = 0
    errors: int = 0

    @property
    def place_recall(self) -> float:
        """Share of expected places found (1.0 when none were expected)."""
        return self.places_matched / self.places_expected if self.places_expected else 1.0

    @property
    def place_precision(self) -> float:
        """Share of emitted places that were expected (1.0 when none were emitted)."""
        return self.places_matched / self.places_found if self.places_found else 1.0

    @property
    def figure_recall(self) -> float:
        """Share of expected figures found (1.0 when none were expected)."""
        return self.figures_matched / self.figures_expected if self.figures_expected else 1.0

    def as_dict(self) -> dict[str, Any]:
        """A JSON-friendly summary."""
        return {
            "family": self.family, "split": self.split, "files": self.files,
            "place_recall": round(self.place_recall, 4), "place_precision": round(self.place_precision, 4),
            "places_expected": self.places_expected, "places_found": self.places_found,
            "fragments": self.fragments, "figure_recall": round(self.figure_recall, 4),
            "figures_expected": self.figures_expected, "dates": dict(self.dates),
            "issuer_right": self.issuer_right, "truncation_right": self.truncation_right, "errors": self.errors,
        }  # fmt: skip


def load_spec(path: Path) -> dict[str, Any]:
    """One expectation file."""
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(spec, dict) or "expected" not in spec:
        raise ValueError(f"{path.name}: not an expectation file (no 'expected')")
    return spec


def region_code(draft: EventDraft, parsed: ParsedBulletin) -> str | None:
    """The region code a draft resolves to: as written, else the extractor's, else a notable city's."""
    if draft.region_code and not draft.region_as_written:
        return draft.region_code
    found = places_service.resolve_region(
        region_as_written=draft.region_as_written, place_as_written=draft.place_as_written,
        country=draft.country or parsed.country,
    )  # fmt: skip
    if found is not None:
        return found.code
    return draft.region_code or None


def evaluate_file(txt: Path, spec: dict[str, Any]) -> FileScore:
    """Score extraction of one bulletin against its expectation."""
    metadata = spec.get("metadata") or {}
    expected = spec.get("expected") or {}
    score = FileScore(txt.stem, str(spec.get("family", "")), bool(spec.get("holdout", False)))
    known = metadata.get("date")
    hints = ParseHints(known_date=known if isinstance(known, date) else None)
    text = txt.read_text(encoding="utf-8")
    want_places = {(_name(p["name"]), p.get("region")) for p in expected.get("places") or []}
    want_figures = Counter(
        (int(f["value"]), qualifier_class(f.get("qualifier", "exact"))) for f in expected.get("figures") or []
    )
    score.places_expected = len(want_places)
    score.figures_expected = sum(want_figures.values())
    try:
        parsed = registry.parse(text, hints=hints)
    except Exception as error:  # noqa: BLE001 - a parser failure is this file's score, not the run's end
        score.error = f"{type(error).__name__}: {error}"
        score.date_status = "missing" if expected.get("published_on") else "right"
        score.missed_places = sorted(f"{n} ({r})" for n, r in want_places)
        return score
    got_places = {(_name(e.place_as_written), region_code(e, parsed)) for e in parsed.events}
    score.places_found = len(got_places)
    score.places_matched = len(got_places & want_places)
    score.missed_places = sorted(f"{n} ({r})" for n, r in want_places - got_places)
    score.extra_places = sorted(f"{n} ({r})" for n, r in got_places - want_places)
    fragments = _fragments(text, parsed, [str(n) for n in expected.get("not_places") or []])
    score.fragments, score.fragment_names = len(fragments), sorted(fragments)
    got_figures = Counter((f.value, qualifier_class(f.qualifier)) for f in parsed.figures)
    matched = want_figures & got_figures
    score.figures_matched = sum(matched.values())
    score.missed_figures = sorted(f"{v} {q}" for (v, q), n in (want_figures - got_figures).items() for _ in range(n))
    score.date_status = _date_status(expected.get("published_on"), parsed.published_on)
    score.got_date = parsed.published_on.isoformat() if parsed.published_on else ""
    score.got_issuer = parsed.issuer_slug
    score.issuer_right = parsed.issuer_slug == spec.get("issuer")
    labelled = bool(spec.get("truncated") or expected.get("truncated"))
    score.truncation_right = (parsed.completeness == "truncated") == labelled
    return score


def _name(name: str) -> str:
    return " ".join(str(name).replace("’", "'").split())


def _date_status(want: Any, got: date | None) -> str:
    if got is None:
        return "right" if want is None else "missing"
    return "right" if isinstance(want, date) and want == got else "wrong"


def _fragments(text: str, parsed: ParsedBulletin, not_places: list[str]) -> set[str]:
    """Emitted names that are cut-off words, or lie inside a phrase labelled as not a place."""
    covered: list[tuple[int, int]] = []
    for phrase in not_places:
        covered += [(m.start(), m.end()) for m in re.finditer(re.escape(phrase), text)]
    out: set[str] = set()
    for event in parsed.events:
        start, end = event.place_span.start, event.place_span.end
        cut = (end < len(text) and text[end].isalnum()) or (start > 0 and text[start - 1].isalnum())
        inside = any(a <= start and end <= b for a, b in covered)
        if cut or inside or event.place_as_written in not_places:
            out.add(event.place_as_written)
    return out


def evaluate(directory: Path = DEFAULT_DIR) -> list[FileScore]:
    """Score every bulletin of a development set directory."""
    scores = []
    for yml in sorted(directory.glob("*.yml")):
        txt = yml.with_suffix(".txt")
        if not txt.exists():
            continue
        scores.append(evaluate_file(txt, load_spec(yml)))
    return scores


def summarise(scores: Iterable[FileScore]) -> list[FamilyScore]:
    """Totals per (family, split), dev before holdout."""
    table: dict[tuple[str, str], FamilyScore] = {}
    for s in scores:
        split = "holdout" if s.holdout else "dev"
        row = table.setdefault((s.family, split), FamilyScore(s.family, split))
        row.files += 1
        row.places_expected += s.places_expected
        row.places_found += s.places_found
        row.places_matched += s.places_matched
        row.fragments += s.fragments
        row.figures_expected += s.figures_expected
        row.figures_matched += s.figures_matched
        row.dates[s.date_status] += 1
        row.issuer_right += int(s.issuer_right)
        row.truncation_right += int(s.truncation_right)
        row.errors += int(bool(s.error))
    order = {name: i for i, name in enumerate(FAMILIES)}
    return sorted(table.values(), key=lambda r: (r.split != "dev", order.get(r.family, 99), r.family))


def render(rows: list[FamilyScore]) -> str:
    """The evaluation table as text."""
    header = (
        f"{'family':17} {'split':8} {'files':>5} {'place R':>8} {'place P':>8} {'frag':>5} "
        f"{'figure R':>9} {'date ok/miss/WRONG':>19} {'issuer':>7} {'trunc':>7} {'errors':>6}"
    )
    lines = [header, "-" * len(header)]
    for r in rows:
        dates = f"{r.dates['right']}/{r.dates['missing']}/{r.dates['wrong']}"
        lines.append(
            f"{r.family:17} {r.split:8} {r.files:5d} {r.place_recall:8.1%} {r.place_precision:8.1%} {r.fragments:5d} "
            f"{r.figure_recall:9.1%} {dates:>19} {r.issuer_right:>3d}/{r.files:<3d} "
            f"{r.truncation_right:>3d}/{r.files:<3d} {r.errors:6d}"
        )
    return "\n".join(lines)


def details(scores: Iterable[FileScore]) -> str:
    """What each development file missed or added (never for holdout files)."""
    lines = []
    for s in scores:
        if s.holdout:
            continue
        lines.append(
            f"{s.stem}: places {s.places_matched}/{s.places_expected} (emitted {s.places_found}), "
            f"figures {s.figures_matched}/{s.figures_expected}, date {s.date_status} {s.got_date}, "
            f"issuer {'ok' if s.issuer_right else 'WRONG ' + s.got_issuer}"
            f"{'' if s.truncation_right else ', truncation WRONG'}"
        )
        for label, items in (("missed", s.missed_places), ("extra", s.extra_places), ("fragments", s.fragment_names),
                             ("missed figures", s.missed_figures)):  # fmt: skip
            if items:
                lines.append(f"    {label}: {', '.join(items)}")
        if s.error:
            lines.append(f"    error: {s.error}")
    return "\n".join(lines)
