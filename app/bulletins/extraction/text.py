"""Text helpers that keep character offsets into the raw text."""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from app.bulletins.extraction.drafts import Span

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n")
_LINE_BREAK = re.compile(r"\n")
# A sentence ends at . ! ? followed by space and a capital, a digit or an opening symbol.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“(]?[A-ZА-ЯІЇЄҐ0-9])")
_ABBREVIATIONS = ("U.S.", "U.K.", "e.g.", "i.e.", "No.", "St.", "Mr.", "Dr.")

_UNITS = {
    "zero": 0, "one": 1, "a": 1, "an": 1, "single": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
NUMBER_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|"
    r"five|six|seven|eight|nine))?|zero|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
)
NUMBER = rf"(?:\d{{1,3}}(?:[,\u00a0 ]\d{{3}})+|\d+(?:\.\d+)?|{NUMBER_WORD})"
_SCALE = {"thousand": 1_000, "million": 1_000_000}
_THREE_DIGITS = re.compile(r"\d{3}")
_DECIMAL = re.compile(r"\d+(\.\d+)?")


@dataclass(frozen=True)
class Paragraph:
    """A block of text between blank lines, with its span and first letter's offset."""

    index: int
    span: Span
    content_start: int
    text: str


def paragraphs(text: str, start: int = 0, end: int | None = None, *, by_line: bool = False) -> list[Paragraph]:
    """Split text[start:end] into paragraphs at blank lines (or at every line break), keeping offsets."""
    end = len(text) if end is None else end
    result: list[Paragraph] = []
    edges = [start]
    for match in (_LINE_BREAK if by_line else _PARAGRAPH_BREAK).finditer(text, start, end):
        edges.extend((match.start(), match.end()))
    edges.append(end)
    bounds = list(zip(edges[::2], edges[1::2], strict=True))
    for block_start, block_end in bounds:
        block = text[block_start:block_end]
        stripped = block.strip()
        if not stripped:
            continue
        lead = block_start + (len(block) - len(block.lstrip()))
        tail = block_start + len(block.rstrip())
        content = next((lead + i for i, ch in enumerate(text[lead:tail]) if ch.isalnum()), tail)
        result.append(Paragraph(len(result), Span(lead, tail), content, text[lead:tail]))
    return result


def sentences(text: str, span: Span) -> Iterator[Span]:
    """Sentence spans inside a span of text (a simple splitter aware of a few abbreviations)."""
    chunk = text[span.start : span.end]
    cursor = 0
    for match in _SENTENCE_END.finditer(chunk):
        if any(chunk[: match.start()].endswith(abbr) for abbr in _ABBREVIATIONS):
            continue
        yield _trimmed(text, span.start + cursor, span.start + match.start())
        cursor = match.end()
    if chunk[cursor:].strip():
        yield _trimmed(text, span.start + cursor, span.end)


def _trimmed(text: str, start: int, end: int) -> Span:
    while start < end and not (text[start].isalnum() or text[start] in '"“('):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def parse_number(token: str) -> int | None:
    """The integer a numeral or number phrase means ('1,220', 'three', '21.6 thousand')."""
    words = token.strip().lower().replace("\u00a0", " ").split()
    if not words:
        return None
    scale = _SCALE.get(words[-1], 1) if len(words) > 1 else 1
    head = words[0] if scale == 1 else " ".join(words[:-1])
    if scale == 1 and len(words) > 1 and all(_THREE_DIGITS.fullmatch(w) for w in words[1:]):
        head = "".join(words)
    digits = head.replace(",", "").replace(" ", "")
    if _DECIMAL.fullmatch(digits):
        return round(float(digits) * scale)
    if head in _UNITS:
        return _UNITS[head] * scale
    tens, _, unit = head.partition("-")
    if tens in _TENS and (not unit or unit in _UNITS):
        return (_TENS[tens] + _UNITS.get(unit, 0)) * scale
    return None
