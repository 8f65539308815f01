"""Every bulletin format behind one interface; detection picks the most confident parser.

A parser is a module (or any object) with NAME, VERSION, `detect(text) -> float` (0..1) and
`parse(text, *, hints=None) -> ParsedBulletin`. Parsers written before hints existed
(`parse(text)`) still plug in. Language is detected first: only English is run through a
parser, and the Russian and Ukrainian originals of the two military reports through `originals`;
any other language is stored and reported "not extracted".
"""

import importlib
import inspect
from collections.abc import Callable
from typing import Any, Protocol, cast

from app.bulletins.extraction import (
    analyst,
    budget,
    common,
    generic,
    language,
    originals,
    places,
    ru_mod,
    ua_general_staff,
)
from app.bulletins.extraction.drafts import ParsedBulletin, ParseHints


class Parser(Protocol):
    """What a bulletin format provides."""

    NAME: str
    VERSION: str

    def detect(self, text: str) -> float:
        """Confidence (0 to 1) that text is in this format."""

    def parse(self, text: str, *, hints: ParseHints | None = None) -> ParsedBulletin:
        """Events, figures and dates of a bulletin in this format."""


PARSERS: dict[str, Any] = {}


def register(parser: Any) -> None:
    """Add a parser (a module or object with NAME, VERSION, detect, parse) under its NAME."""
    for attribute in ("NAME", "VERSION", "detect", "parse"):
        if not hasattr(parser, attribute):
            raise TypeError(f"parser {parser!r} has no {attribute}")
    PARSERS[parser.NAME] = parser


for _module in (ru_mod, ua_general_staff, analyst, originals, generic):
    register(_module)
try:  # the humanitarian parser (OCHA, UNHCR, UNICEF, IOM) lives on its own branch until merged
    register(importlib.import_module("app.bulletins.extraction.humanitarian"))
except ModuleNotFoundError:
    pass


class UnknownFormatError(ValueError):
    """The text matches no bulletin format and nothing could be extracted from it."""


def scores(text: str) -> dict[str, float]:
    """Every parser's confidence for this text."""
    return {name: float(cast(Parser, module).detect(text)) for name, module in PARSERS.items()}


def detect(text: str) -> str:
    """The name of the parser most confident about this text (the first one, on a tie).

    Confidences are at most 1, so a parser sure of the text ends the search: no later one can
    beat it (what `max` over every score would pick, without running the other detectors).
    """
    best, best_key = "", (-1.0, False)
    for name, module in PARSERS.items():
        score = float(cast(Parser, module).detect(text))
        key = (score, name != "generic")
        if key > best_key:
            best, best_key = name, key
        if key >= (1.0, True):
            break
    return best


def parse(text: str, *, format: str | None = None, hints: ParseHints | None = None) -> ParsedBulletin:
    """Parse text with the named format, or the detected one; raise when nothing is found."""
    if format is not None and format not in PARSERS:
        known = ", ".join(sorted(PARSERS))
        raise UnknownFormatError(f"unknown bulletin format {format!r} (known formats: {known})")
    run = budget.start()
    lang = language.detect(text[: budget.MAX_CHARS])
    original = lang in originals.LANGUAGES and originals.detect(text) >= 0.5
    if lang not in language.EXTRACTED and lang != "und" and not original:
        return _not_extracted(text, lang, hints)
    name = format or (originals.NAME if original else detect(text[: budget.MAX_CHARS]))
    result = _call(PARSERS[name].parse, text, hints)
    places.settle_regions([e for e in result.events if (e.country or result.country or "UA") == "UA"])
    if run.notes:
        result.notes.extend(run.notes)
        result.completeness = "partial"
    if not (result.events or result.figures or result.published_on):
        raise UnknownFormatError(
            "not a recognised bulletin format: no known format matched, and no date, place "
            "or figure was found in the text"
        )
    return result


def _call(function: Callable[..., ParsedBulletin], text: str, hints: ParseHints | None) -> ParsedBulletin:
    if "hints" in inspect.signature(function).parameters:
        return function(text, hints=hints)
    return function(text)


def _not_extracted(text: str, lang: str, hints: ParseHints | None) -> ParsedBulletin:
    """A bulletin in a language the extractor does not read: dates and issuer only, no events."""
    prepared = common.prepare(text, hints)
    result = common.new_result("generic", generic.VERSION, prepared)
    result.language = lang
    result.completeness = "not extracted"
    result.notes.append(f"Language '{lang}': stored, not extracted (only English bulletins are extracted).")
    return result
