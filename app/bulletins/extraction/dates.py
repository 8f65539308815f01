"""Dates as bulletins write them: 'January 4, 2026', '4 January 2026', '04.01.2026', ISO."""

import re
from dataclasses import dataclass
from datetime import date

from app.bulletins.extraction.drafts import Span

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_PATTERNS = [
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(r"\b(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>(?:19|20)\d{2})\b"),
    re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
]
_AS_OF = re.compile(r"\bas\s+(?:of|at)\s+(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?,?\s*)?$", re.I)


@dataclass(frozen=True)
class FoundDate:
    """A date found in text, with its span and whether it was introduced by 'as of'."""

    value: date
    span: Span
    as_of: bool


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[FoundDate]:
    """Every valid date in text[start:end], in order of appearance."""
    end = len(text) if end is None else end
    found: dict[int, FoundDate] = {}
    for pattern in _PATTERNS:
        for match in pattern.finditer(text, start, end):
            if any(f.span.start <= match.start() < f.span.end for f in found.values()):
                continue
            month_text = match.group("month").lower().rstrip(".")
            month = int(month_text) if month_text.isdigit() else _MONTHS[month_text]
            try:
                value = date(int(match.group("year")), month, int(match.group("day")))
            except ValueError:
                continue
            before = text[max(start, match.start() - 30) : match.start()]
            found[match.start()] = FoundDate(value, Span(match.start(), match.end()), bool(_AS_OF.search(before)))
    return [found[key] for key in sorted(found)]
