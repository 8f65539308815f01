"""Regex scans that skip text cheaply, with exactly the results of the plain pattern.

A pattern with many alternatives, or one that starts with a word boundary, is tried at every
character; on a long bulletin most of that work finds nothing. `Guarded` first looks for words
every match must contain (a fast literal search) and `Anchored` tries the pattern only where a
match can start. Both answer `search` and `finditer` as the pattern itself would.
"""

import re
import re._casefix as sre_casefix  # the stdlib regex's extra case pairs ('ı' ~ 'i')
import re._constants as sre_constants  # the stdlib regex's own parser and its opcodes
import re._parser as sre_parse
from collections.abc import Iterable, Iterator
from typing import Any, Protocol


class Scanner(Protocol):
    """What extraction asks of a compiled pattern, or of a faster stand-in for one."""

    def search(self, text: str, pos: int = 0, endpos: int = ...) -> re.Match[str] | None:
        """The leftmost match in text[pos:endpos]."""

    def finditer(self, text: str, pos: int = 0, endpos: int = ...) -> Iterator[re.Match[str]]:
        """Every non-overlapping match in text[pos:endpos]."""


class Guarded:
    """A pattern searched only where its required words are all present in the range searched."""

    def __init__(self, pattern: re.Pattern[str], *needles: re.Pattern[str]) -> None:
        self.pattern, self.needles = pattern, needles

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """As `pattern.search`."""
        end = len(text) if endpos is None else endpos
        return self.pattern.search(text, pos, end) if _present(self.needles, text, pos, end) else None

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
        """As `pattern.finditer`."""
        end = len(text) if endpos is None else endpos
        return self.pattern.finditer(text, pos, end) if _present(self.needles, text, pos, end) else iter(())


class Anchored:
    """A pattern tried only where `starts` matches (every match must begin at such a position).

    Optional needles, as for `Guarded`, are looked for first. For patterns that never match the
    empty string (finditer goes on from one match's end).
    """

    def __init__(self, pattern: re.Pattern[str], starts: re.Pattern[str], *needles: re.Pattern[str]) -> None:
        self.pattern, self.starts, self.needles = pattern, starts, needles

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """As `pattern.search`: the leftmost match, tried at each possible start in turn."""
        end = len(text) if endpos is None else endpos
        return self._search(text, pos, end) if _present(self.needles, text, pos, end) else None

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
        """As `pattern.finditer`."""
        end = len(text) if endpos is None else endpos
        if not _present(self.needles, text, pos, end):
            return
        while (match := self._search(text, pos, end)) is not None:
            yield match
            pos = max(match.end(), match.start() + 1)

    def _search(self, text: str, pos: int, end: int) -> re.Match[str] | None:
        while (start := self.starts.search(text, pos, end)) is not None:
            if (match := self.pattern.match(text, start.start(), end)) is not None:
                return match
            pos = start.start() + 1
        return None


def _present(needles: Iterable[re.Pattern[str]], text: str, pos: int, end: int) -> bool:
    return all(needle.search(text, pos, end) is not None for needle in needles)


def word_starts(words: Iterable[str]) -> re.Pattern[str]:
    """Where one of these words starts after a word boundary (ignoring case): a start pattern for `Anchored`."""
    return literal_starts(words, boundary=True)


def literal_starts(words: Iterable[str], *, boundary: bool = False, digits: bool = False) -> re.Pattern[str]:
    """Where one of these strings starts, ignoring case (after a word boundary, when asked; or a digit).

    Written as a character class that spells out every case of the first letters, which the
    regex engine skips through fast (it cannot when the whole pattern ignores case), then the
    rest of each word, ignoring case: '[jJmM](?<!\\w.)(?i:(?<=j)(?:une|an)|(?<=m)(?:ay))'.
    """
    rests: dict[str, set[str]] = {}
    for word in words:
        rests.setdefault(word[0].lower(), set()).add(word[1:].lower())
    alternatives = "|".join(
        f"(?<={re.escape(first)})(?:{'|'.join(re.escape(r) for r in sorted(rest, key=len, reverse=True))})"
        for first, rest in sorted(rests.items())
    )
    firsts = "".join(re.escape(ch) for first in sorted(rests) for ch in sorted(case_variants(first)))
    after_boundary = r"(?<!\w.)" if boundary else ""
    if digits:
        return re.compile(f"[\\d{firsts}](?:(?<=\\d)|{after_boundary}(?i:{alternatives}))")
    return re.compile(f"[{firsts}]{after_boundary}(?i:{alternatives})")


# Characters the regex engine takes for these lower-case letters, ignoring case, that neither
# their upper case nor the engine's extra pairs give (their own lower case is the letter).
_LOWERING_TO = {"i": "\u0130", "k": "\u212a"}


def case_variants(letter: str) -> set[str]:
    """Every character a pattern ignoring case matches for this lower-case letter ('s' -> s, S, ſ)."""
    variants = {letter, letter.upper(), *_LOWERING_TO.get(letter, "")}
    variants |= {chr(code) for code in sre_casefix._EXTRA_CASES.get(ord(letter), ())}
    return {v for v in variants if len(v) == 1}


# A digit that starts a word: where a pattern beginning `\b\d` can match.
DIGIT_STARTS = re.compile(r"\d(?<!\w\d)")
# The first character of a word, or any non-ASCII character: where a pattern whose every
# alternative begins `\b` and a letter, or with a non-Latin word, can match.
WORD_STARTS_OR_NON_ASCII = re.compile(r"\w(?<!\w\w)|[^\x00-\x7f]")


def anchored(pattern: re.Pattern[str]) -> Scanner:
    """The pattern tried only where its first words start, when it begins with words after `\\b`; else itself."""
    words = first_words(pattern)
    return Anchored(pattern, word_starts(words)) if words else pattern


def first_words(pattern: re.Pattern[str]) -> set[str] | None:
    """The words every match starts with, right after a word boundary ('\\b(?:Russian|Russia's)\\s' -> Russian, Russia).

    None when the pattern does not start so (or has flags that change what a word is).
    """
    if pattern.flags & (re.ASCII | re.LOCALE):
        return None
    items = list(sre_parse.parse(pattern.pattern, pattern.flags))
    if items and items[0] == (sre_constants.AT, sre_constants.AT_BOUNDARY):
        words = _prefixes(items[1:])
    elif len(items) == 1 and items[0][0] is sre_constants.BRANCH:
        branches = [list(branch) for branch in items[0][1][1]]
        if not all(b and b[0] == (sre_constants.AT, sre_constants.AT_BOUNDARY) for b in branches):
            return None
        found = [_prefixes(branch[1:]) for branch in branches]
        words = set().union(*found) if all(found) else None  # type: ignore[arg-type]
    else:
        return None
    if not words or not all(_WORD_CHAR.match(w) and len(w.lower()) == len(w) for w in words):
        return None  # a boundary before a non-word character means something else
    return words


_WORD_CHAR = re.compile(r"\w")


def _prefixes(items: list[Any]) -> set[str] | None:
    """The literal text a parsed sequence starts with, one per alternative of its first branch."""
    run = ""
    for index, (op, value) in enumerate(items):
        if op is sre_constants.LITERAL:
            run += chr(value)
            continue
        inner: list[list[Any]] | None = None
        if op is sre_constants.BRANCH:
            inner = [list(branch) for branch in value[1]]
        elif op is sre_constants.SUBPATTERN and not value[1] and not value[2]:
            inner = [list(value[3])]
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT) and value[:2] == (0, 1):
            rest = items[index + 1 :]  # '(?:the\s+)?AFU': a match starts with 'the' or with 'AFU'
            inner = [list(value[2]) + rest, rest]
        if inner is not None:
            found = [_prefixes(branch) for branch in inner]
            if all(found):
                return {run + tail for tails in found for tail in tails}  # type: ignore[union-attr]
        break
    return {run} if run else None
