"""Counts in bulletin sentences: value, qualifier, unit, category and a daily delta.

'up to 140 troops', 'more than 2,400 people were evacuated', 'tanks – 8,123 (+7)',
'approximately 890,940 (+1,130) personnel', '14.2 thousand', '3.7 million', 'three tanks'.
Never figures: '155-mm', '72nd brigade', years, percentages, money, and the '372' of '4,372'.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from app.bulletins.extraction.drafts import FigureDraft, Span
from app.bulletins.extraction.scan import Anchored, literal_starts
from app.bulletins.extraction.text import NUMBER_WORD, parse_number

QUALIFIERS = (
    "up to", "more than", "over", "about", "approximately", "roughly", "around", "almost",
    "nearly", "at least", "some", "an estimated", "estimated", "close to", "no fewer than",
    "not less than", "less than", "fewer than", "under", "at most", "exceeded", "exceeding", "exceeds",
    "in excess of", "upwards of",
)  # fmt: skip
_CANONICAL = {
    "some": "about", "an estimated": "about", "estimated": "about", "close to": "nearly",
    "no fewer than": "at least", "not less than": "at least", "fewer than": "up to",
    "less than": "up to", "under": "up to", "at most": "up to", "exceeded": "more than",
    "exceeding": "more than", "exceeds": "more than", "in excess of": "more than", "upwards of": "more than",
}  # fmt: skip
# Qualifier classes the scorer compares: a bound from above, from below, or approximate.
QUALIFIER_CLASS = {
    "exact": "exact", "up to": "at_most", "almost": "at_most", "nearly": "at_most",
    "more than": "at_least", "over": "at_least", "at least": "at_least",
    "about": "approx", "approximately": "approx", "roughly": "approx", "around": "approx",
}  # fmt: skip
_QUALIFIER = (
    r"(?P<qualifier>" + "|".join(q.replace(" ", r"\s") for q in sorted(QUALIFIERS, key=len, reverse=True)) + r")"
)
# Digits with separators first, so '4,372' is never read as '4' and '372'.
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:[\u00a0 ]\d{3})+(?![\d,])|\d+(?:\.\d+)?)"
_NUMBER = (
    rf"(?P<number>(?<![\d,.\-/])(?:{_DIGITS})(?:\s(?:thousand|million|mln|k)\b)?"
    rf"|\b{NUMBER_WORD}\b(?:\s(?:thousand|million)\b)?)"
)
_DELTA = r"(?:\s{0,3}\(\s{0,2}\+\s{0,2}(?P<delta>\d{1,3}(?:[, ]\d{3})*|\d+)\s{0,2}\))?"
_UNIT_WORDS = r"(?P<unit>(?:(?:\d{2,3}-?mm|[A-Za-z][\w\-’'./]{0,30})\s){0,4}[A-Za-z][\w\-’']{0,30})"

# Unit nouns (last word of the unit, or a phrase) -> category.
_CATEGORY_BY_WORD = [
    (r"internally displaced|IDPs?\b|displaced", "displaced"),
    (r"refugees?", "refugees"),
    (r"returnees?", "returnees"),
    (r"evacuees|evacuated", "evacuated"),
    (r"households?|families", "households"),
    (r"children|child|kids|boys|girls", "children"),
    (r"aid workers?|humanitarian workers?|health workers?|staff members?", "aid_workers"),
    (
        r"troops|servicemen|servicepeople|service\s?members|soldiers|personnel|militants|fighters|military|occupiers|invaders"
        r"|Ukrainian casualties|casualties",
        "troops",
    ),
    (r"tanks?", "tanks"),
    (r"armou?red|APCs?|IFVs?|personnel carriers?|fighting vehicles?|combat vehicles?", "armoured_vehicles"),
    (r"MLRS|multiple launch rocket|rocket launchers?", "mlrs"),
    (r"artillery|howitzers?|guns?|mortars?", "artillery"),
    (r"air defen[cs]e|anti-aircraft|SAMs?\b", "air_defence"),
    (r"helicopters?", "helicopters"),
    (r"aircraft|planes?|jets?", "aircraft"),
    (r"drones?|UAVs?|unmanned aerial vehicles?|unmanned aircraft", "drones"),
    (r"missiles?|bombs?|rockets?", "missiles"),
    (r"ships?|boats?|vessels?|warships?", "ships"),
    (r"special equipment", "special_equipment"),
    (r"vehicles?|trucks?|cars?|pickups?|fuel tanks?|automotive", "vehicles"),
    (r"killed|dead|deaths?|fatalities|lives|death\s+toll", "casualties_killed"),
    (r"injured|wounded|injuries", "casualties_injured"),
    (r"people|persons|civilians|residents|individuals|inhabitants|men|women", "people"),
]
_CATEGORY_PATTERNS = [(re.compile(rf"\b(?:{pattern})", re.I), category) for pattern, category in _CATEGORY_BY_WORD]
_NOT_COUNT_AFTER = re.compile(
    r"^(?:-?\s?(?:mm|cm|km|m|kg|kt|per\s?cent|percent|%|st|nd|rd|th|year|years|-year|yo|am|pm|a\.m|p\.m|hours?|minutes?"
    r"|UAH|USD|EUR|dollars?|euros?|hryvnias?|rubles?|roubles?|km²|sq)\b|[-–]\s?(?:mm|year|day|km)|%|:\d)",
    re.IGNORECASE,
)
_NOT_COUNT_BEFORE = re.compile(r"(?:\$|€|£|UAH\s|USD\s|No\.\s?|#|[Pp]age\s|[Uu]nit\s|Article\s|\b[Rr]esolution\s|\+)$")
_VERB_AFTER = re.compile(
    r"\s{1,3}(?:(?:were|have\s+been|had\s+been|was|are|being|been|reportedly)\s{1,3}){0,2}"
    r"(?P<what>killed|injured|wounded|displaced|evacuated|returned|affected|reached|assisted)\b",
    re.IGNORECASE,
)
_COUNT = re.compile(rf"(?:\b{_QUALIFIER}\s{{1,3}})?{_NUMBER}{_DELTA}\s{{1,3}}{_UNIT_WORDS}", re.IGNORECASE)
# Where a number can start (a digit, or a number word after a word boundary): the number of a
# _COUNT or _ELLIPSIS match starts there, at most _LEAD characters after the match does. Written
# as one character class first (the regex engine then skips other characters fast), then the
# rest of the number words of NUMBER_WORD by their first letter.
_NUMBER_START = literal_starts(
    ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "zero", "one", "two", "three",
     "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
     "sixteen", "seventeen", "eighteen", "nineteen"],
    boundary=True, digits=True,
)  # fmt: skip
_LEAD = max(len(q) for q in QUALIFIERS) + 3  # the longest qualifier and the spaces after it
_TOTAL = Anchored(
    re.compile(
        rf"(?:(?P<unit>death\stoll|toll|losses|casualties|total)\s(?:[^.\n]{{0,40}}?\s)?(?:rises|rose|reache[sd]|reach"
        rf"|stands|stood|climbs|climbed|tops|topped|totals?|totalled|amount(?:ed|s)?|to)"
        rf"|\b(?:bringing|taking|raising|pushing|brings|takes|raises)\s[^.\n]{{0,100}}?)"
        rf"\s(?:at\s|to\s)?(?:{_QUALIFIER}\s)?{_NUMBER}",
        re.IGNORECASE,
    ),
    # where its first word can start: 'toll', 'losses', ... anywhere, 'bringing', 'takes', ... after a word boundary
    # (each case of the first letters spelt out: a class ignoring case is not skipped through fast)
    re.compile(
        r"[dDtTlLcCbBrRpP](?i:(?<=d)eath\stoll|(?<=t)oll|(?<=l)osses|(?<=c)asualties|(?<=t)otal"
        r"|(?<!\w.)(?:(?<=b)ring(?:ing|s)|(?<=t)ak(?:ing|es)|(?<=r)ais(?:ing|es)|(?<=p)ushing))"
    ),
    _NUMBER_START,
)
_ELLIPSIS = re.compile(
    rf"(?:\b{_QUALIFIER}\s{{1,3}})?{_NUMBER}(?=\s(?:from|in|on|at|near|of\sthem|of\swhom|each)\b)", re.IGNORECASE
)
_TABLE_ROW = re.compile(
    rf"(?P<unit>[A-Za-z][\w ’'/().\-]{{1,60}}?)\s{{0,3}}[–—:-]{{1,2}}\s{{0,3}}(?:{_QUALIFIER}\s{{1,3}})?"
    rf"(?P<number>{_DIGITS})(?:\s(?P<scale>thousand|million))?{_DELTA}",
    re.IGNORECASE,
)
_STOP_UNIT = re.compile(
    r"^(?:of|and|or|in|on|at|to|the|a|from|since|per|by|for|with|as|near|have|has|had|were|was|are|is|been|be|days?|percent|per\s?cent|years?|months?|weeks?"
    r"|hours?|am|pm|jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*)$",
    re.I,
)
_YEAR = re.compile(r"(?:19|20)\d{2}")
_MLN = re.compile(r"\s(?:mln)\b")
_K = re.compile(r"\s(?:k)\b")
_CALIBRE = re.compile(r"\d{2,3}-?mm")
_DIGIT_FIRST = re.compile(r"^\d")


@dataclass(frozen=True)
class Count:
    """One count found in text: value, canonical qualifier, unit as written, category and delta."""

    value: int
    qualifier: str
    unit: str
    category: str
    span: Span
    delta: int | None = None


def qualifier_class(qualifier: str) -> str:
    """The class a qualifier belongs to (exact, at_most, at_least, approx)."""
    return QUALIFIER_CLASS.get(canonical_qualifier(qualifier), "exact")


def canonical_qualifier(qualifier: str) -> str:
    """A qualifier as the labelling rules spell it ('some' -> 'about', '' -> 'exact')."""
    text = " ".join(qualifier.lower().split()) or "exact"
    return _CANONICAL.get(text, text)


@lru_cache(maxsize=4096)
def category_of(unit: str, *, what: str = "") -> str:
    """The category of a unit phrase ('tanks and other armoured vehicles' -> 'tanks')."""
    for pattern, category in _CATEGORY_PATTERNS:
        if what and pattern.search(what):
            return category if category != "people" else "other"
    for pattern, category in _CATEGORY_PATTERNS:
        if pattern.search(unit):
            return category
    return "other"


def find_counts(text: str, start: int, end: int) -> list[Count]:
    """Every count 'N unit' (with qualifier and delta) in text[start:end]."""
    counts: list[Count] = []
    position = start
    while (match := _search_counted(_COUNT, text, position, end)) is not None:
        position = match.end("number")  # the unit's trailing words may hold the next count
        if not _is_count(text, match.start("number"), match.end("number")):
            continue
        value = _value(match.group("number"))
        unit = _trim_unit(match.group("unit"))
        if value is None or not unit:
            continue
        unit_end = match.start("unit") + len(unit)
        position = unit_end
        verb = _VERB_AFTER.match(text, unit_end, end)
        what = verb.group("what") if verb else ""
        category = category_of(unit, what=what)
        if category == "people" and what:
            category = _people_category(what)
        span_start = match.start("qualifier") if match.group("qualifier") else match.start("number")
        counts.append(
            Count(value, canonical_qualifier(match.group("qualifier") or ""), unit, category,
                  Span(span_start, unit_end), _int(match.group("delta")))
        )  # fmt: skip
    if counts:
        # "More than 5,800 militants ..., including 1,427 from Poland, 466 from the US": the same unit
        position = counts[0].span.end
        while (match := _search_counted(_ELLIPSIS, text, position, end)) is not None:
            position = match.end()
            taken = any(c.span.start <= match.start("number") < c.span.end for c in counts)
            value = _value(match.group("number"))
            if taken or value is None or not _is_count(text, match.start("number"), match.end("number")):
                continue
            previous = max((c for c in counts if c.span.start < match.start()), key=lambda c: c.span.start)
            first = match.start("qualifier") if match.group("qualifier") else match.start("number")
            qualifier = canonical_qualifier(match.group("qualifier") or "")
            counts.append(Count(value, qualifier, previous.unit, previous.category, Span(first, match.end("number"))))
    for total in find_totals(text, start, end):
        if not any(c.span.start < total.span.end and total.span.start < c.span.end for c in counts):
            counts.append(total)
    return counts


def _search_counted(pattern: re.Pattern[str], text: str, position: int, end: int) -> re.Match[str] | None:
    """`pattern.search(text, position, end)` for a number-led pattern, skipping text with no number cheaply."""
    first = _NUMBER_START.search(text, position, end)
    if first is None:
        return None  # the pattern needs a number in range
    return pattern.search(text, max(position, first.start() - _LEAD), end)


def find_totals(text: str, start: int, end: int) -> list[Count]:
    """Totals written as 'the death toll rises to 440,790' or 'losses reached about 890,000'."""
    out: list[Count] = []
    for match in _TOTAL.finditer(text, start, end):
        value = _value(match.group("number"))
        if value is None or not _is_count(text, match.start("number"), match.end("number")):
            continue
        unit = match.group("unit") or "total"
        span = Span(match.start(), match.end("number"))
        qualifier = canonical_qualifier(match.group("qualifier") or "")
        out.append(Count(value, qualifier, unit, category_of(unit), span))
    return out


def find_table_rows(text: str, start: int, end: int) -> list[Count]:
    """Loss-table rows 'tanks – 8,123 (+7)' or 'personnel — about 890,000 (+1,130) persons'."""
    rows: list[Count] = []
    for match in _TABLE_ROW.finditer(text, start, end):
        value = parse_number(match.group("number") + (" " + match.group("scale") if match.group("scale") else ""))
        unit = match.group("unit").strip(" .,;:")
        unit = re.sub(r"^(?:and|the|of)\s+", "", unit, flags=re.I)
        if value is None or not unit or _STOP_UNIT.match(unit.split()[-1]):
            continue
        span = Span(match.start("unit") + match.group("unit").index(unit.split()[0]), match.end())
        rows.append(
            Count(value, canonical_qualifier(match.group("qualifier") or ""), unit, category_of(unit), span,
                  _int(match.group("delta")))
        )  # fmt: skip
    return rows


def to_draft(
    count: Count, *, quote: Span, scope: str, group: str = "", since: str = "", category: str = ""
) -> FigureDraft:
    """A FigureDraft for a count."""
    return FigureDraft(
        category or count.category, count.value, count.qualifier, count.unit, scope, count.span, quote,
        group_name=group, since=since, delta=count.delta,
    )  # fmt: skip


def _people_category(what: str) -> str:
    what = what.lower()
    return {
        "killed": "casualties_killed", "injured": "casualties_injured", "wounded": "casualties_injured",
        "displaced": "displaced", "evacuated": "evacuated", "returned": "returnees",
        "reached": "people_reached", "assisted": "people_reached",
    }.get(what, "other")  # fmt: skip


def _is_count(text: str, start: int, end: int) -> bool:
    after = text[end : end + 12]
    before = text[max(0, start - 12) : start]
    if _NOT_COUNT_AFTER.match(after) or _NOT_COUNT_BEFORE.search(before):
        return False
    token = text[start:end]
    return not _YEAR.fullmatch(token)  # a year


def _value(token: str) -> int | None:
    token = _MLN.sub(" million", token)
    token = _K.sub(" thousand", token)
    return parse_number(token)


def _trim_unit(unit: str) -> str:
    """The unit up to the first word that is not part of it ('troops in the area' -> 'troops')."""
    words = unit.split()
    if len(words) > 2 and words[0].lower() == "of" and words[1].lower() in ("its", "their", "the", "his", "her"):
        words = words[2:]  # "12,000 of its troops"
    kept: list[str] = []
    for word in words:
        if _CALIBRE.fullmatch(word):
            kept.append(word)  # "2,650,000 155-mm shells": a calibre inside the unit
            continue
        if _STOP_UNIT.match(word) or _DIGIT_FIRST.match(word):
            break
        kept.append(word)
        if category_of(word) != "other":
            break
    return " ".join(kept).rstrip(".,;:")


def _int(token: str | None) -> int | None:
    if not token:
        return None
    digits = re.sub(r"[, ]", "", token)
    return int(digits) if digits.isdigit() else None
