"""Comma-and-'and' lists in bulletin sentences: place lists and figure lists."""

import re
from dataclasses import dataclass

from app.bulletins.extraction.drafts import Span
from app.bulletins.extraction.text import NUMBER, parse_number

_NAME = r"[A-ZА-ЯІЇЄҐ][\w’']{0,40}(?:[ \-][A-ZА-ЯІЇЄҐ][\w’']{0,40}){0,4}"
_PLACE_ITEM = re.compile(
    rf"\s*(?:and\s+)?(?P<name>{_NAME})(?:\s*\((?P<region>[^)]{{2,80}})\))?\s*(?P<next>,|\band\b|$)?"
)
_TRAILING_REGION = re.compile(r"\s+in\s+(?:the\s+)?(?P<region>[A-Z][\w’' ]+?\s+[Rr]egion)\b")
_QUALIFIER = r"(?P<qualifier>up to|more than|over|about|around|approximately|at least)"
_FIGURE_ITEM = re.compile(rf"^(?:{_QUALIFIER}\s+)?(?P<number>{NUMBER})\s+(?P<unit>\S.*)$", re.I)
# A list piece runs to the next comma, except a thousands separator ("2,850 soldiers" is one piece).
_PIECE = re.compile(r"(?:\d,(?=\d{3}(?!\d))|[^,])+")
_AND_NUMBER = re.compile(
    rf"\s+and\s+(?=(?:(?:up to|more than|over|about|around|approximately|at least|nearly|almost)\s+)?{NUMBER}\s)", re.I
)


@dataclass(frozen=True)
class PlaceItem:
    """A place name in a list, with the region written after it (or after its group)."""

    name: str
    span: Span
    region: str


@dataclass(frozen=True)
class FigureItem:
    """One 'N things' item of a figure list."""

    value: int
    qualifier: str
    unit: str
    span: Span


def place_list(text: str, span: Span) -> list[PlaceItem]:
    """Parse 'A, B (Region), C, and D (Region)' within span; a region covers the names before it."""
    chunk = text[span.start : span.end].rstrip(" .;:")
    trailing = _TRAILING_REGION.search(chunk)
    if trailing:
        chunk = chunk[: trailing.start()]
    items: list[PlaceItem] = []
    pending: list[tuple[str, Span]] = []
    cursor = 0
    while cursor < len(chunk):
        match = _PLACE_ITEM.match(chunk, cursor)
        if not match or match.end() == cursor or (match.group("next") is None and not match.group("region")):
            break
        name_span = Span(span.start + match.start("name"), span.start + match.end("name"))
        pending.append((match.group("name"), name_span))
        if match.group("region"):
            items.extend(PlaceItem(n, s, match.group("region").strip()) for n, s in pending)
            pending = []
        cursor = match.end()
        if match.group("next") is None:  # the list ended inside the sentence
            break
    last_region = trailing.group("region") if trailing else ""
    items.extend(PlaceItem(n, s, last_region) for n, s in pending)
    return items


def figure_list(text: str, span: Span) -> list[FigureItem]:
    """Parse 'up to 140 troops, three motor vehicles, and one gun' within span."""
    chunk = text[span.start : span.end]
    pieces: list[tuple[int, int]] = []
    for match in _PIECE.finditer(chunk):
        start = match.start()
        for separator in _AND_NUMBER.finditer(chunk, match.start(), match.end()):
            pieces.append((start, separator.start()))
            start = separator.end()
        pieces.append((start, match.end()))
    items: list[FigureItem] = []
    for start, end in pieces:
        piece = chunk[start:end]
        lead = len(piece) - len(piece.lstrip())
        body = piece.strip().rstrip(".;")
        body = re.sub(r"^and\s+", "", body)
        offset = start + lead + (len(piece.strip()) - len(piece.strip().removeprefix("and ")))
        item = _FIGURE_ITEM.match(body)
        value = parse_number(item.group("number")) if item else None
        if not item or value is None:
            continue
        qualifier = (item.group("qualifier") or "exact").lower()
        absolute = Span(span.start + offset, span.start + offset + len(body))
        items.append(FigureItem(value, qualifier, item.group("unit").strip(), absolute))
    return items
