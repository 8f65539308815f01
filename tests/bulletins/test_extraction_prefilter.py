"""Needle prefilters: a pattern is skipped only on texts it cannot match."""

import re
from pathlib import Path

import pytest

from app.bulletins.extraction import analyst, country, humanitarian, issuer, ru_mod, ua_general_staff
from app.bulletins.extraction.prefilter import Cue, fold, needles

HERE = Path(__file__).parent
TEXTS = sorted([*HERE.glob("corpus/*.txt"), *HERE.glob("fixtures/**/*.txt")])
CUES = [
    *(cue for cues in issuer._ISSUER_CUES.values() for cue, _ in cues),
    *country._PATTERNS.values(),
    *(cue for cue, _ in analyst._CUE_PATTERNS),
    *(cue for cue, _ in ua_general_staff._CUE_PATTERNS),
    humanitarian._CUES,
    humanitarian._MILITARY,
    *humanitarian._BODY_CUES,
    *(getattr(ru_mod, name) for name in dir(ru_mod) if isinstance(getattr(ru_mod, name), Cue)),
]


def test_needles_are_literals_every_match_holds() -> None:
    assert needles(re.compile(r"\bOCHA\b", re.I)) == ("ocha",)
    assert needles(re.compile(r"\b(?:the\s+)?AFU\b", re.I)) == ("afu",)
    assert needles(re.compile(r"\bcombat\s+(?:engagements|clashes)\b", re.I)) == ("clashes", "engagements")
    assert needles(re.compile(r"\bDonbas+|Kyiv", re.I)) == ("donba", "kyiv")
    assert needles(re.compile(r"\(\s*\+\s*\d+\)")) is None  # nothing of three letters is required
    assert needles(re.compile(r"\bUN\b|\bOCHA\b")) is None  # one branch requires nothing worth testing


def test_case_insensitive_matches_are_never_skipped() -> None:
    cue = Cue(re.compile(r"\bMinistry\b", re.I))
    for text in ("MINISTRY said", "the ministry", "the Mınıstry (dotless i)"):
        assert cue.pattern.search(text) and cue.possible(fold(text)), text
    assert not cue.possible(fold("the General Staff"))


@pytest.mark.parametrize("path", TEXTS, ids=lambda path: path.name)
def test_no_cue_that_matches_a_real_bulletin_is_skipped(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    folded = fold(text)
    missed = [cue.pattern.pattern for cue in CUES if cue.pattern.search(text) and not cue.possible(folded)]
    assert missed == []
