"""Analyst assessments in the style of the Institute for the Study of War.

'Ukrainian forces liberated X', 'Russian forces advanced near Y', 'Russian milbloggers claimed
that Russian forces seized Z', 'geolocated footage published on March 4 indicates ...': each
place an event with its actor, and the sentence's own date when it gives one.
"""

import re

from app.bulletins.extraction import common, generic
from app.bulletins.extraction.drafts import ParsedBulletin, ParseHints
from app.bulletins.extraction.prefilter import Cue, fold

NAME = "analyst"
VERSION = "2"
RUSSIAN = "Russian forces"
UKRAINIAN = "Ukrainian forces"

_CUES = [
    (r"\bInstitute\s+for\s+the\s+Study\s+of\s+War\b|\bISW\b", 0.4),
    (r"\bKey\s+Takeaways\b", 0.3),
    (r"\bgeolocated\s+footage\b", 0.3),
    (r"\bmilbloggers?\b", 0.2),
    (
        r"\b(?:Russian|Ukrainian)\s+forces\s+(?:recently\s+)?(?:advanced|liberated|seized|recaptured|attacked|continued)\b",
        0.2,
    ),
    (r"\bOffensive\s+Campaign\s+Assessment\b", 0.4),
]
_CUE_PATTERNS = [(Cue(re.compile(pattern, re.I)), weight) for pattern, weight in _CUES]
_CLAIM = re.compile(r"\b(?:claimed|claims|claiming|reported|stated|asserted)\b", re.I)
_RUSSIAN_SOURCE = re.compile(
    r"\bRussian\s+(?:milbloggers?|sources|(?:Ministry\s+of\s+Defen[cs]e|MoD)|war\s?correspondents?)\b", re.I
)
_VERBS = [
    ("liberated", re.compile(r"\b(?:liberated|recaptured|retook|regained)\b", re.I)),
    ("seized", re.compile(r"\b(?:seized|captured|took\s+control|occupied)\b", re.I)),
    ("advanced", re.compile(r"\b(?:advanced|advancing|advance|gains?|progress)\b", re.I)),
    ("attacked", re.compile(r"\b(?:attack\w{0,3}|assault\w{0,3}|offensive\s+operations|counterattack\w{0,3})\b", re.I)),
    ("struck", re.compile(r"\b(?:struck|strikes?|shell\w{0,4}|glide\s+bombs?|drones?|missiles?)\b", re.I)),
    ("fighting", re.compile(r"\b(?:fighting|clashes|combat|positions|infiltrat\w{0,5})\b", re.I)),
]


def detect(text: str) -> float:
    """How sure we are that text is an analyst assessment (0 to 1)."""
    head = text[:30000]
    folded = fold(head)
    return min(1.0, sum(weight for cue, weight in _CUE_PATTERNS if cue.possible(folded) and cue.scanner.search(head)))


def parse(raw: str, *, hints: ParseHints | None = None) -> ParsedBulletin:
    """Extract dated events with actors and counts from an assessment."""
    prepared = common.prepare(raw, hints, issuer_prior="isw")
    result = common.new_result(NAME, VERSION, prepared)
    generic.add_sentences(result, prepared, classify=_classify, weak_cues=True)
    return result


def _classify(chunk: str) -> tuple[str, str, str]:
    action = next((name for name, pattern in _VERBS if pattern.search(chunk)), "mentioned")
    ukrainian = re.search(r"\bUkrainian\s+(?:forces|troops|units|defenders)\b", chunk, re.I)
    russian = re.search(r"\bRussian\s+(?:forces|troops|units)\b", chunk, re.I)
    if (
        ukrainian
        and (not russian or ukrainian.start() < russian.start())
        and action in ("liberated", "advanced", "attacked")
    ):
        actor, target = UKRAINIAN, RUSSIAN
    elif russian or action in ("seized", "struck"):
        actor, target = RUSSIAN, UKRAINIAN
    else:
        actor, target = "", ""
    if _RUSSIAN_SOURCE.search(chunk) and _CLAIM.search(chunk):
        action = f"claimed_{action}"
    return action, actor, target
