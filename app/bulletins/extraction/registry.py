"""Every bulletin format behind one interface; detection picks the most confident parser."""

from collections.abc import Callable
from types import ModuleType

from app.bulletins.extraction import generic, ru_mod
from app.bulletins.extraction.drafts import ParsedBulletin, ParseHints

PARSERS: dict[str, ModuleType] = {module.NAME: module for module in (ru_mod, generic)}


class UnknownFormatError(ValueError):
    """The text matches no bulletin format and nothing could be extracted from it."""


def detect(text: str) -> str:
    """The name of the parser most confident about this text."""
    scores = {name: module.detect(text) for name, module in PARSERS.items()}
    return max(scores, key=lambda name: scores[name])


def parse(text: str, *, format: str | None = None, hints: ParseHints | None = None) -> ParsedBulletin:
    """Parse text with the named format, or the detected one; raise when nothing is found."""
    del hints  # metadata dates and URLs: used by the extraction pipeline (issue 7)
    if format is not None and format not in PARSERS:
        known = ", ".join(sorted(PARSERS))
        raise UnknownFormatError(f"unknown bulletin format {format!r} (known formats: {known})")
    name = format or detect(text)
    parse_text: Callable[[str], ParsedBulletin] = PARSERS[name].parse
    result = parse_text(text)
    if not (result.events or result.figures or result.published_on):
        raise UnknownFormatError(
            "not a recognised bulletin format: no known format matched, and no date, place "
            "or figure was found in the text"
        )
    return result
