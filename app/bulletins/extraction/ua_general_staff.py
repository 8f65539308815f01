"""The General Staff of the Armed Forces of Ukraine daily report, as it and the media publish it.

Directions ('In the Pokrovsk direction, the occupiers attacked 42 times near A, B and C'),
attacks repelled near places, shelling, the loss table with daily deltas
('tanks – 8,123 (+7)', 'approximately 890,940 (+1,130) personnel') and invasion-day ordinals.
"""

import re

from app.bulletins.extraction import common, figures, generic, places
from app.bulletins.extraction.drafts import ParsedBulletin, ParseHints, Span
from app.bulletins.extraction.prefilter import Cue, fold
from app.places import resolver

NAME = "ua_general_staff"
VERSION = "2"
RUSSIAN = "Russian Armed Forces"
UKRAINIAN = "Defence Forces of Ukraine"

_NAME = r"[A-Z][\w’'-]{2,30}(?:[- ][A-Z][\w’'-]{2,30})?"
_DIRECTION = re.compile(
    rf"\b(?:[Ii]n|[Oo]n|of)\s+the\s+(?P<name>{_NAME})\s+(?:direction|axis|sector)\b"
    rf"|^\s*(?P<head>{_NAME})\s+(?:direction|axis|sector)\b",
    re.MULTILINE,
)
_ATTACK = re.compile(
    r"\b(?:attack\w{0,3}|assault\w{0,3}|stormed|offensive|tried\s+to\s+(?:advance|break)|advance|repel\w{0,4}|repuls\w{0,4}"
    r"|combat\s+(?:engagements|clashes)|clash\w{0,2}|fighting|battles?|push\s+our\s+units)\b",
    re.IGNORECASE,
)
_SHELLING = re.compile(
    r"\b(?:shell\w{0,4}|air\s?strikes?|airstrikes?|bombs?|KABs?|struck|strikes?|drones?|artillery)\b", re.I
)
_LOSSES_HEAD = re.compile(r"\b(?:combat\s+losses|losses\s+of\s+the\s+enemy|enemy\s+losses|total\s+losses|lost\b)", re.I)
_CUES = [
    (r"\bGeneral\s+Staff\b", 0.35),
    (r"\bcombat\s+losses\b|\blosses\s+of\s+the\s+enemy\b", 0.25),
    (r"\(\s*\+\s*\d[\d,]*\s*\)", 0.2),
    (r"\b(?:occupiers|invaders|aggressor)\b", 0.1),
    (r"\bcombat\s+(?:engagements|clashes)\b", 0.15),
    (r"\b(?:direction|axis)\b", 0.05),
    (r"\bDefen[cs]e\s+Forces\b", 0.1),
]
_ROW_START = re.compile(r"[\n;:]")
_CUE_PATTERNS = [(Cue(re.compile(pattern, re.I)), weight) for pattern, weight in _CUES]


def detect(text: str) -> float:
    """How sure we are that text is a General Staff report (0 to 1)."""
    head = text[:20000]
    folded = fold(head)
    score = sum(weight for cue, weight in _CUE_PATTERNS if cue.possible(folded) and cue.scanner.search(head))
    if re.search(r"\bGroup\s+of\s+Forces\b|\bbattle\s?group\b", head, re.I):
        score -= 0.4
    return max(0.0, min(score, 1.0))


def parse(raw: str, *, hints: ParseHints | None = None) -> ParsedBulletin:
    """Extract dates, direction events and the loss table from a General Staff report."""
    prepared = common.prepare(raw, hints, issuer_prior="ua_general_staff")
    slug = "ua_general_staff" if prepared.issuer.slug in ("unknown", "ua_general_staff") else prepared.issuer.slug
    if prepared.issuer.slug == "unknown" and prepared.issuer.scores.get("ua_general_staff", 0.0) < 0.5:
        slug = "unknown"
    result = common.new_result(NAME, VERSION, prepared, issuer_slug=slug)
    rows = _loss_table(result, prepared)
    taken = [f.span for f in result.figures]
    generic.add_sentences(result, prepared, classify=_classify, weak_cues=True, sectioner=_direction)
    # A table row already read is not counted again by the sentence pass.
    result.figures = result.figures[:rows] + [
        f for f in result.figures[rows:] if not any(_overlap(f.span, t) for t in taken)
    ]
    return result


def _classify(chunk: str) -> tuple[str, str, str]:
    if _ATTACK.search(chunk):
        return "attack_repelled", RUSSIAN, UKRAINIAN
    if _SHELLING.search(chunk):
        return "shelled", RUSSIAN, ""
    return "combat", RUSSIAN, UKRAINIAN


def _direction(paragraph: str) -> tuple[str, str] | None:
    """A direction a paragraph opens, and the region of the city it is named after ('Kupiansk' -> 'UA-63')."""
    match = _DIRECTION.search(paragraph[:200])
    if not match:
        return None
    name = match.group("name") or match.group("head")
    city = name.split("-")[0]
    regions = places.known_regions(city)
    if len(regions) == 1:
        return f"{name} direction", regions[0]
    return f"{name} direction", resolver.resolve_region_from_place(city) or ""


def _loss_table(result: ParsedBulletin, prepared: common.Prepared) -> int:
    """Rows of the loss table (one per line or in a list), each since the start with its delta."""
    text = prepared.text
    head = _LOSSES_HEAD.search(text, prepared.body_start, prepared.body_end)
    if head is None:
        return 0
    # A row with a delta, on its own line, or in a list run on with ';' ("aircraft – 194; helicopters – 155").
    rows = [
        row for row in figures.find_table_rows(text, head.start(), prepared.body_end)
        if row.delta is not None or _ROW_START.search(text, max(head.start(), row.span.start - 3), row.span.start + 1)
    ]  # fmt: skip
    for row in rows:
        line_start = text.rfind("\n", 0, row.span.start) + 1
        line_end = text.find("\n", row.span.end)
        quote = Span(line_start, line_end if line_end >= 0 else prepared.body_end)
        result.figures.append(figures.to_draft(row, quote=quote, scope="since_start", since="24 February 2022"))
    return len(rows)


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end
