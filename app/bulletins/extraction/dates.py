"""Dates as bulletins write them, and which of them is the publication date.

Forms: 'January 4, 2026', '4 January 2026', '04.01.2026', '05.03.25', ISO, datelines without a
year ('MOSCOW, June 1.'), invasion-day ordinals ('the 1,106th day of the full-scale invasion').
The start of a range ('since 24 February 2022', 'from 24.02.22') and dates on photo-caption
lines are never the publication date; a date without a year takes its year from the hints or
stays month-day ('day-of-year-unknown'), never a guessed year.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from app.bulletins.extraction.drafts import ParseHints, Span
from app.bulletins.extraction.scan import DIGIT_STARTS, Anchored, word_starts

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
# Genitive month names of Ukrainian and Russian originals ("5 березня 2025", "5 марта 2025").
_MONTHS.update(
    {
        name: number
        for number, names in enumerate(
            [
                ("січня", "января"), ("лютого", "февраля"), ("березня", "марта"), ("квітня", "апреля"),
                ("травня", "мая"), ("червня", "июня"), ("липня", "июля"), ("серпня", "августа"),
                ("вересня", "сентября"), ("жовтня", "октября"), ("листопада", "ноября"), ("грудня", "декабря"),
            ],
            start=1,
        )
        for name in names
    }
)  # fmt: skip
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\b"
_YEAR = r"(?P<year>(?:19|20)\d{2})\b"
# Each tried only where it can start (a month name or a digit after a word boundary), so a
# long bulletin is not matched against every month name at every character.
_MONTH_STARTS = word_starts(_MONTHS)
_FULL = [
    Anchored(re.compile(rf"\b{_MONTH}\s{{1,3}}{_DAY}(?:,\s{{0,3}}|\s{{1,3}}){_YEAR}", re.IGNORECASE), _MONTH_STARTS),
    Anchored(re.compile(rf"\b{_DAY}\s{{1,3}}(?:of\s)?{_MONTH},?\s{{1,3}}{_YEAR}", re.IGNORECASE), DIGIT_STARTS),
    Anchored(re.compile(r"\b(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>(?:19|20)\d{2})\b"), DIGIT_STARTS),
    Anchored(re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})\b"), DIGIT_STARTS),
    Anchored(
        re.compile(r"(?<![\d.])(?P<day>\d{2})\.(?P<month>\d{2})\.(?P<year>\d{2})(?![\d.]\d)"), re.compile(r"\d\d\.")
    ),
]
_YEARLESS = [
    Anchored(
        re.compile(rf"\b{_MONTH}\s{{1,3}}{_DAY}(?!\s*,?\s*(?:19|20)\d{{2}})(?![\d,.:]\d)", re.IGNORECASE), _MONTH_STARTS
    ),
    Anchored(re.compile(rf"\b{_DAY}\s{{1,3}}(?:of\s)?{_MONTH}(?!,?\s*(?:19|20)\d{{2}})", re.IGNORECASE), DIGIT_STARTS),
]
_AS_OF = re.compile(
    r"(?:\b(?:станом|по\s+состоянию)\s+на\s+(?:\d{1,2}[:.]\d{2}\s+)?$)|\bas\s+(?:of|at)\s+(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?,?\s*)?(?:(?:on|of)\s+)?"
    r"(?:the\s+(?:morning|evening)\s+of\s+)?(?:\w+day,?\s+)?$",
    re.I,
)
# A date in a sentence about the start of the war or of an operation is background, never the bulletin's.
_BACKGROUND = re.compile(
    r"\b(?:launched|invaded|invasion\s+(?:began|started)|began|started|starting|beginning\s+of|since|anniversary)\b",
    re.I,
)
_RANGE_START = re.compile(
    r"\b(?:since|from|between|starting|beginning|began|begun|after|start\s+of|launched\s+on)\s+(?:the\s+)?(?:\w+\s+)?$",
    re.IGNORECASE,
)
# "from February 24 to May 4", "between 1 and 7 May": the end of a window whose start is written.
_RANGE_FROM = re.compile(
    r"\b(?:from|between)\s+(?:the\s+)?[^.;:\n]{0,24}?\d{1,4}(?:st|nd|rd|th)?,?\s+(?:to|until|till|through|and)\s+$",
    re.I,
)
_RANGE_END = re.compile(r"(?:\b(?:to|until|till|through|and)|[-–])\s*$", re.IGNORECASE)
_INVASION_DAY = re.compile(
    r"\b(?:(?P<n>\d{1,2},?\d{3}|\d{1,3})(?:st|nd|rd|th)\s+day\s+of\s+(?:the\s+)?(?:Russian\s+)?"
    r"(?:full[- ]scale\s+)?(?:Russian\s+)?(?:invasion|war|aggression)"
    r"|Day\s+(?P<m>\d{1,2},?\d{3}|\d{1,3})\s+of\s+(?:the\s+)?(?:Russian\s+)?(?:full[- ]scale\s+)?(?:invasion|war)"
    r"|\b(?:is|was|marks|marked)\s+(?:the\s+)?day\s+(?P<k>\d{1,2},?\d{3}|\d{3}))",
    re.IGNORECASE,
)
_URL_DATE = re.compile(r"(?<!\d)(?P<year>20\d{2})[/_-]?(?P<month>[01]\d)[/_-]?(?P<day>[0-3]\d)(?!\d)")
INVASION_START = date(2022, 2, 24)
_HEAD = 1500


@dataclass(frozen=True)
class FoundDate:
    """A date found in text: value (None when the year is unknown), month-day, span and role."""

    value: date | None
    span: Span
    as_of: bool
    month: int = 0
    day: int = 0
    role: str = "plain"  # plain / as_of / range_start / range_end / caption / invasion_day


@dataclass
class DateInfo:
    """The dates of a bulletin, kept apart."""

    published_on: date | None = None
    precision: str = "day"  # day / day-of-year-unknown
    month_day: tuple[int, int] | None = None
    as_of: date | None = None
    window_start: date | None = None
    window_end: date | None = None
    notes: list[str] = field(default_factory=list)


def _month(text: str) -> int:
    text = text.lower().rstrip(".")
    return int(text) if text.isdigit() else _MONTHS[text]


def _role(text: str, start: int, begin: int) -> str:
    before = text[max(begin, start - 40) : start]
    if _AS_OF.search(before):
        return "as_of"
    if _RANGE_START.search(before):
        return "range_start"
    sentence_start = max(text.rfind(".", begin, start), text.rfind("\n", begin, start)) + 1
    sentence_end = min((i for i in (text.find(".", start), text.find("\n", start)) if i >= 0), default=len(text))
    if _BACKGROUND.search(text[max(sentence_start, start - 200) : min(sentence_end, start + 200)]):
        return "background"
    if (
        re.search(r"[-–]\s*$", before)
        or _RANGE_FROM.search(before)
        or (_RANGE_END.search(before) and _RANGE_START.search(text[max(begin, start - 80) : start]))
    ):
        return "range_end"
    return "plain"


def find_dates(
    text: str,
    start: int = 0,
    end: int | None = None,
    *,
    yearless: bool = False,
    in_caption: Callable[[int], bool] | None = None,
) -> list[FoundDate]:
    """Every valid date in text[start:end], in order (with month-day-only dates when asked)."""
    end = len(text) if end is None else end
    found: dict[int, FoundDate] = {}

    def taken(position: int) -> bool:
        return any(f.span.start <= position < f.span.end for f in found.values())

    for pattern in _FULL:
        for match in pattern.finditer(text, start, end):
            if taken(match.start()):
                continue
            year = int(match.group("year"))
            year = year + 2000 if year < 100 else year
            try:
                value = date(year, _month(match.group("month")), int(match.group("day")))
            except ValueError:
                continue
            role = "caption" if in_caption and in_caption(match.start()) else _role(text, match.start(), start)
            found[match.start()] = FoundDate(
                value, Span(match.start(), match.end()), role == "as_of", value.month, value.day, role
            )
    if yearless:
        for pattern in _YEARLESS:
            for match in pattern.finditer(text, start, end):
                if taken(match.start()) or taken(match.end() - 1):
                    continue
                month, day = _month(match.group("month")), int(match.group("day"))
                try:
                    date(2024, month, day)  # a leap year: 29 February is a valid month-day
                except ValueError:
                    continue
                role = "caption" if in_caption and in_caption(match.start()) else _role(text, match.start(), start)
                found[match.start()] = FoundDate(
                    None, Span(match.start(), match.end()), role == "as_of", month, day, role
                )
    return [found[key] for key in sorted(found)]


def invasion_day(text: str, start: int = 0, end: int | None = None) -> tuple[date, Span] | None:
    """The date an invasion-day ordinal names ('the 1,106th day of the full-scale invasion')."""
    match = _INVASION_DAY.search(text, start, len(text) if end is None else end)
    if not match:
        return None
    number = int((match.group("n") or match.group("m") or match.group("k")).replace(",", ""))
    if not 1 <= number <= 20000:
        return None
    return INVASION_START + timedelta(days=number - 1), Span(match.start(), match.end())


def reference_date(hints: ParseHints | None) -> date | None:
    """The date metadata gives: the operator's or feed's date, else a date in the URL."""
    if hints is None:
        return None
    if hints.known_date:
        return hints.known_date
    return url_date(hints.url)


def url_date(url: str) -> date | None:
    """A date written in a URL path ('/2025/03/05/', '2025-03-05', '20250305'), else None."""
    for match in _URL_DATE.finditer(url or ""):
        try:
            return date(int(match.group("year")), int(match.group("month")), int(match.group("day")))
        except ValueError:
            continue
    return None


def with_year(month: int, day: int, reference: date | None) -> date | None:
    """The month-day in the year that puts it nearest the reference date, or None without one."""
    if reference is None:
        return None
    options = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            options.append(date(year, month, day))
        except ValueError:
            continue
    return min(options, key=lambda d: abs((d - reference).days)) if options else None


def bulletin_dates(
    text: str,
    *,
    body_start: int = 0,
    body_end: int | None = None,
    hints: ParseHints | None = None,
    in_caption: Callable[[int], bool] | None = None,
    as_of_is_issue: bool = True,
) -> DateInfo:
    """Publication date, 'as of' date and reporting window of a bulletin.

    A daily military report is issued on its 'as of' date (as_of_is_issue); a situation map or
    report 'as of' a date may be issued days later, so then only a dateline or the hints date it.
    """
    end = len(text) if body_end is None else body_end
    head_end = min(end, body_start + _HEAD)
    info = DateInfo()
    found = find_dates(text, body_start, head_end, yearless=True, in_caption=in_caption)
    reference = reference_date(hints)
    year_hint = reference or (hints.http_date if hints else None)
    as_of = next((f for f in found if f.role == "as_of"), None)
    # Only a dateline or an "as of" date dates the bulletin; a date in its prose dates an event.
    datelines = [
        f for f in found
        if (f.role == "as_of" and as_of_is_issue) or (f.role == "plain" and _is_dateline(text, f, body_start))
    ]  # fmt: skip
    ordinal = invasion_day(text, body_start, head_end)
    chosen = max((f for f in datelines if f.value is not None), key=lambda f: f.value or date.min, default=None)
    dateline = next((f for f in datelines if f.value is None), None)
    if chosen is not None and chosen.value is not None:
        info.published_on = chosen.value
    elif dateline is not None:
        info.month_day = (dateline.month, dateline.day)
        info.published_on = with_year(dateline.month, dateline.day, year_hint)
        if info.published_on is None:
            info.precision = "day-of-year-unknown"
            info.notes.append(
                f"Dated {dateline.day:02d}.{dateline.month:02d} with no year in the text or its metadata."
            )
    elif ordinal is not None:
        info.published_on = ordinal[0]
    elif reference is not None:
        info.published_on = reference
    if info.published_on is not None:
        window_ends = (
            [f.value for f in found if f.role == "range_end" and f.value is not None] if as_of_is_issue else []
        )
        info.published_on = _settle_conflict(
            info.published_on, found, reference=reference, ordinal=ordinal[0] if ordinal else None,
            window_ends=window_ends, notes=info.notes,
        )  # fmt: skip
        if info.published_on is None:
            info.month_day = None
    if as_of is not None:
        info.as_of = as_of.value or with_year(as_of.month, as_of.day, info.published_on or year_hint)
    if info.published_on and info.month_day is None:
        info.month_day = (info.published_on.month, info.published_on.day)
    anchor = info.as_of or info.published_on
    head = text[body_start:end][:20000]
    if anchor and re.search(
        r"\b(?:in|over|during)\s+the\s+(?:last|past)\s+(?:day|24\s+hours)\b|\bover\s+the\s+past\s+day\b", head, re.I
    ):
        info.window_start, info.window_end = anchor - timedelta(days=1), anchor
    elif anchor and re.search(r"\b(?:over|during|in)\s+the\s+(?:past\s+|last\s+)?week\b|\bweekly\b", head, re.I):
        info.window_start, info.window_end = anchor - timedelta(days=7), anchor
    return info


def _settle_conflict(
    chosen: date,
    found: list[FoundDate],
    *,
    reference: date | None,
    ordinal: date | None,
    window_ends: list[date],
    notes: list[str],
) -> date | None:
    """The publication date once the other cues agree with it; None when they conflict (never a wrong date).

    Cues: the metadata date, an invasion-day ordinal, the end of a daily report's cumulative
    window ('from February 24 to May 4'). A metadata date that some date of the text also gives
    (a caption stamp, the ordinal) wins over a dateline it contradicts: that dateline is page chrome.
    """
    # A feed or URL date may lag the dateline by days; an ordinal names the day itself.
    cues = [(cue, slack) for cue, slack in ((reference, 7), (ordinal, 1)) if cue is not None]
    cues += [(end, 2) for end in window_ends]
    if all(abs((cue - chosen).days) <= slack for cue, slack in cues):
        return chosen
    text_dates = [f.value for f in found if f.value is not None and f.role != "range_start"]
    if ordinal is not None:
        text_dates.append(ordinal)
    if reference is not None and any(abs((d - reference).days) <= 1 for d in text_dates):
        notes.append(f"Dated {reference.isoformat()} by its metadata, which the text confirms; {chosen} set aside.")
        return reference
    notes.append(f"Dates conflict ({chosen} and {', '.join(str(cue) for cue, _ in cues)}): no publication date.")
    return None


# A press-release dateline: "KHARTOUM 28 July 2020 – ...", "NEW YORK (June 6, 2024) – ..."
_CAPS_DATELINE = re.compile(r"[ \t]*[A-Z][A-Z'’.-]{2,25}(?:\s[A-Z][A-Z'’.-]{1,25}){0,2},?\s\(?")
_CITY_DATELINE = re.compile(
    r"[ \t]*(?:[ \t(]*(?!(?:Over|On|In|By|Since|Until|From|During|For|As|At|After|Before|Last|This|Next|Early|Late)\b)"
    r"(?!\w*day\b)(?:[A-Z][A-Za-z'’.-]{1,25}(?:\s[A-Z][A-Za-z'’.-]{1,25})?,\s){1,3})"
)
_MARKED = re.compile(r"\b(?:published|posted|updated|issued|date[d]?)\s*(?:on|:)?\s*(?:\w+day,?\s+)?$", re.I)
_HEAD_LINES = 8


def _is_dateline(text: str, found: FoundDate, body_start: int) -> bool:
    """A date that stands at the start or end of one of the first lines, after 'CITY,' or 'Published'."""
    line_start = text.rfind("\n", body_start, found.span.start) + 1
    line_end = text.find("\n", found.span.end)
    line_end = len(text) if line_end < 0 else line_end
    if text.count("\n", body_start, line_start) > 3 * _HEAD_LINES:
        return False
    lines_before = [line for line in text[body_start:line_start].split("\n") if line.strip()]
    before = text[line_start : found.span.start]
    after = text[found.span.end : line_end]
    if re.search(r"\d\s?[-–]\s?$", before):
        return False  # "19-20 October 2019": a window
    alone = not before.strip(" \t•*|-–—(") and not after.strip(" \t.|)")
    if alone and not any(_is_prose(line) for line in lines_before):
        return True  # a line that is only a date above the first paragraph, however much chrome precedes it
    if len(lines_before) >= _HEAD_LINES:
        return False
    if _MARKED.search(before) or _CITY_DATELINE.fullmatch(before):
        return True
    if _CAPS_DATELINE.fullmatch(before) and re.match(r"\s*\)?\s*[–—-]\s", after):
        return True
    at_start = not before.strip(" \t•*|-–—(") or re.fullmatch(r"[ \t]*(?:\w+day,?\s*)", before) is not None
    at_end = not after.strip(" \t.|)") or re.match(r"^\s*[|,–—-]?\s*\d{1,2}[:.]\d{2}", after) is not None
    # At the end of a title, not of a prose sentence ("... South Darfur on 1 August 2022.")
    if at_end and not at_start and len(before.strip()) > 90:
        return False
    return at_start or at_end


def _is_prose(line: str) -> bool:
    line = line.strip()
    return len(line) >= 100 or (line.endswith(".") and len(line.split()) >= 8)


def date_in_span(text: str, span: Span, reference: date | None) -> tuple[date | None, str]:
    """The date a sentence gives its action (not a range start), with its precision."""
    for found in find_dates(text, span.start, span.end, yearless=True):
        if found.role in ("range_start", "caption"):
            continue
        if found.value is not None:
            return found.value, "day"
        value = with_year(found.month, found.day, reference)
        if value is not None and reference is not None and value <= reference + timedelta(days=1):
            return value, "day"
        return None, "day-of-year-unknown"
    return None, "day"
