"""A cheap necessary condition for a regex: literal strings one of which every match contains.

Scanning a text for a case-insensitive pattern that starts with `\\b` costs the regex engine a
step per character, even when the text cannot match; `needle in text` is twenty times faster.
`Cue` runs its pattern only when one of its needles occurs in the (case-folded) text, so texts
without any of them cost a few substring tests. The needles are derived from the parsed pattern,
so they stay right when the pattern is edited.
"""

import re
import re._casefix as sre_casefix  # the stdlib regex's extra case pairs
import re._parser as sre_parse  # the stdlib's own regex parser
from functools import lru_cache
from typing import Any

from app.bulletins.extraction.scan import anchored

_MIN_NEEDLE = 3  # shorter literals are not worth testing for
# Characters the regex engine matches case-insensitively beyond case folding ('ı' ~ 'i', 'µ' ~ 'μ'):
# each folds to one representative, so a folded needle is found wherever the pattern matches.
_EXTRA = {code: min(code, *others) for code, others in sre_casefix._EXTRA_CASES.items()}


_HAS_EXTRA = re.compile("[" + "".join(re.escape(chr(code)) for code in _EXTRA) + "]")


@lru_cache(maxsize=8)
def fold(text: str) -> str:
    """Text folded for needle tests (case folding, then the regex engine's extra equivalences)."""
    folded = text.casefold()
    return folded.translate(_EXTRA) if _HAS_EXTRA.search(folded) else folded


def needles(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Case-folded strings one of which every match of the pattern contains (None: none is known)."""
    found = _of_sequence(list(sre_parse.parse(pattern.pattern, pattern.flags)))
    return tuple(sorted(found)) if found else None


def _of_sequence(items: list[tuple[Any, Any]]) -> set[str] | None:
    """The best needle set of a sequence: every element of it is required."""
    best: set[str] | None = None
    run = ""
    candidates: list[set[str]] = []
    for op, value in items:
        if op is sre_parse.LITERAL:
            run += chr(value)
            continue
        if run:
            candidates.append({run})
            run = ""
        inner = _of_item(op, value)
        if inner:
            candidates.append(inner)
    if run:
        candidates.append({run})
    for option in candidates:
        if all(len(needle) >= _MIN_NEEDLE for needle in option) and (
            best is None or min(map(len, option)) > min(map(len, best))
        ):
            best = option
    return {fold(needle) for needle in best} if best else None


def _of_item(op: Any, value: Any) -> set[str] | None:
    if op is sre_parse.SUBPATTERN:
        return _of_sequence(list(value[-1]))
    if op is sre_parse.BRANCH:
        options: set[str] = set()
        for branch in value[1]:
            inner = _of_sequence(list(branch))
            if not inner:
                return None  # a branch with no needle: nothing is required
            options |= inner
        return options
    if op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, sre_parse.POSSESSIVE_REPEAT) and value[0] >= 1:
        return _of_sequence(list(value[2]))
    return None


class Cue:
    """A compiled pattern that is only run on texts holding one of its needles."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.needles = needles(pattern)
        self.scanner = anchored(pattern)  # the pattern, tried only where its first words start

    def possible(self, folded: str) -> bool:
        """Whether the pattern may match a text, given the text case-folded."""
        if self.needles is None:
            return True
        for needle in self.needles:  # a plain loop: this runs a few hundred times per bulletin
            if needle in folded:
                return True
        return False

    def search(self, text: str) -> re.Match[str] | None:
        """The pattern's first match in text, or None at once when no needle occurs in it."""
        return self.scanner.search(text) if self.possible(fold(text)) else None
