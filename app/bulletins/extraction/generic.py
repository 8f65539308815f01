"""Fallback for unknown formats: dates, places named with a place cue, and counts."""

import re
from collections.abc import Callable

from app.bulletins.extraction import budget, common, dates, figures, places
from app.bulletins.extraction.drafts import EventDraft, ParsedBulletin, ParseHints, Span
from app.bulletins.extraction.text import paragraphs, sentences

NAME = "generic"
VERSION = "2"

_ACTIONS = [
    ("shelled", re.compile(r"\b(?:shell\w*|struck|strike[sd]?|attack\w*|hit|bombard\w*|drone)\b", re.I)),
    ("evacuation", re.compile(r"\bevacuat\w*", re.I)),
    ("displacement", re.compile(r"\b(?:displac\w*|fled|flee\w*)", re.I)),
    ("casualties", re.compile(r"\b(?:killed|injured|wounded|casualt\w*)", re.I)),
]


def detect(text: str) -> float:
    """The generic parser accepts anything, with the lowest confidence."""
    return 0.01


def parse(text: str, *, hints: ParseHints | None = None) -> ParsedBulletin:
    """Extract what any bulletin has: dates, place mentions with a cue, counts."""
    prepared = common.prepare(text, hints)
    result = common.new_result(NAME, VERSION, prepared)
    add_sentences(
        result, prepared, classify=lambda chunk: (sentence_action(chunk, "mentioned"), "", ""), weak_cues=False
    )
    return result


def sentence_action(chunk: str, default: str) -> str:
    """The kind of event a sentence reports, by its verbs."""
    return next((action for action, pattern in _ACTIONS if pattern.search(chunk)), default)


# A sentence's (action, actor, target actor); an empty action means no event in that sentence.
Classifier = Callable[[str], tuple[str, str, str]]


# A paragraph that opens a section (a direction, a group of forces): its name and its region code.
Sectioner = Callable[[str], tuple[str, str] | None]
_SINCE = re.compile(
    r"\b[Ss]ince\s+(?:the\s+)?(?:(?:beginning|start)\s+of\s+[^,.;()]{3,60}|full-scale\s+invasion"
    r"|\d{1,2}\s+[A-Z][a-z]+(?:\s+\d{4})?|[A-Z][a-z]+\s+\d{1,2}(?:,\s*\d{4})?|[A-Z][a-z]+\s+\d{4}|\d{4})",
)


def add_sentences(
    result: ParsedBulletin,
    prepared: common.Prepared,
    *,
    classify: Classifier,
    weak_cues: bool,
    sectioner: Sectioner | None = None,
) -> None:
    """Places (with the sentence's action, actor and target) and counts of every sentence of the body.

    A count's scope is 'since_date' (with `since`) when its sentence counts from a date, else
    'group' inside a section (direction, group of forces), else 'bulletin'.
    """
    text = prepared.text
    section, region = "", ""
    for paragraph in budget.each(paragraphs(text, prepared.body_start, prepared.body_end, by_line=True)):
        if prepared.in_caption(paragraph.span.start):
            continue
        for sentence in sentences(text, Span(paragraph.content_start, paragraph.span.end)):
            chunk = text[sentence.start : sentence.end]
            if sectioner is not None and (opened := sectioner(chunk)) is not None:
                section, region = opened[0], opened[1] or region
            action, actor, target = classify(chunk)
            # The Ukrainian gazetteer only speaks for Ukraine: other countries' places are another stage's.
            mentions = (
                places.spot(text, sentence, stop_at=prepared.completeness.cut_at, weak_cues=weak_cues,
                            default_region_code=region)
                if action and prepared.country in ("", "UA") else []
            )  # fmt: skip
            event_date, precision = dates.date_in_span(text, sentence, result.published_on)
            for item in mentions:
                result.events.append(
                    EventDraft(action, item.name, item.span, item.region, section, section, sentence,
                               paragraph.index, False,
                               neighbours=tuple((o.name, o.region) for o in mentions if o is not item),
                               actor=actor, target_actor=target, event_date=event_date,
                               date_precision=precision, region_code=item.region_code)
                )  # fmt: skip
            since = _SINCE.search(chunk)
            where = "since_date" if since else ("group" if section else "bulletin")
            for count in figures.find_counts(text, sentence.start, sentence.end):
                result.figures.append(
                    figures.to_draft(count, quote=sentence, scope=where, group=section,
                                     since=since.group(0)[6:].strip() if since else "")
                )  # fmt: skip
