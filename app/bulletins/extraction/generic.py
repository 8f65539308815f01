"""Fallback for unknown formats: dates, places with a named region, and counts of people."""

import re

from app.bulletins.extraction import common
from app.bulletins.extraction.drafts import EventDraft, FigureDraft, ParsedBulletin, Span
from app.bulletins.extraction.lists import place_list
from app.bulletins.extraction.text import NUMBER, paragraphs, parse_number, sentences

NAME = "generic"
VERSION = "1"

_PEOPLE = re.compile(
    rf"(?:(?P<qualifier>up to|more than|over|about|around|approximately|at least|nearly)\s+)?"
    rf"(?P<number>{NUMBER}(?:\s+(?:thousand|million))?)\s+(?P<unit>"
    r"(?:internally\s+displaced\s+(?:persons|people)|IDPs|refugees|people|persons|civilians"
    r"|households|families|children|evacuees))"
    r"(?:\s+(?:were\s+|have\s+been\s+)?(?P<what>killed|injured|wounded|displaced|evacuated))?",
    re.IGNORECASE,
)
_CATEGORY = {
    "killed": "civilian_deaths", "injured": "civilian_injuries", "wounded": "civilian_injuries",
    "displaced": "displaced", "evacuated": "evacuated",
}  # fmt: skip
_PLACE_CUE = re.compile(r"\b(?:in|near|around|from)\s+(?=[A-ZА-ЯІЇЄҐ][\w’'\-]+(?:[ \-][A-Z][\w’'\-]+)*\s*\()")


def detect(text: str) -> float:
    """The generic parser accepts anything, with the lowest confidence."""
    return 0.01


def parse(text: str) -> ParsedBulletin:
    """Extract what any bulletin has: dates, 'X (Region)' place mentions, counts of people."""
    end = common.body_end(text)
    result = ParsedBulletin(format=NAME, parser_version=VERSION, body_end=end)
    common.fill_dates(result, text, end)
    for paragraph in paragraphs(text, 0, end):
        for sentence in sentences(text, Span(paragraph.content_start, paragraph.span.end)):
            chunk = text[sentence.start : sentence.end]
            for cue in _PLACE_CUE.finditer(chunk):
                items = place_list(text, Span(sentence.start + cue.end(), sentence.end))
                for item in (i for i in items if i.region):
                    result.events.append(
                        EventDraft("mentioned", item.name, item.span, item.region, "", "",
                                   sentence, paragraph.index, False)
                    )  # fmt: skip
            for match in _PEOPLE.finditer(chunk):
                value = parse_number(match.group("number"))
                if value is None:
                    continue
                what = (match.group("what") or "").lower()
                span = Span(sentence.start + match.start(), sentence.start + match.end())
                result.figures.append(
                    FigureDraft(_CATEGORY.get(what, "people"), value,
                                (match.group("qualifier") or "exact").lower(),
                                match.group("unit"), "bulletin", span, sentence)
                )  # fmt: skip
    return result
