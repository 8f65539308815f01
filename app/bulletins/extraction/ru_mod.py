"""The Russian Ministry of Defence daily report (official English text and wire rewrites)."""

import re
from collections.abc import Callable

from app.bulletins.extraction import budget, common, figures, places
from app.bulletins.extraction.drafts import EventDraft, FigureDraft, ParsedBulletin, ParseHints, Span
from app.bulletins.extraction.lists import FigureItem, figure_list
from app.bulletins.extraction.prefilter import Cue
from app.bulletins.extraction.scan import Guarded, literal_starts
from app.bulletins.extraction.text import NUMBER, Paragraph, paragraphs, parse_number, sentences

NAME = "ru_mod"
VERSION = "3"
ISSUER = "Russian Ministry of Defence"
TARGET = "Armed Forces of Ukraine"

_GROUPS = {
    "sever": "Sever", "north": "Sever", "zapad": "Zapad", "west": "Zapad", "yug": "Yug",
    "south": "Yug", "tsentr": "Tsentr", "centre": "Tsentr", "center": "Tsentr",
    "vostok": "Vostok", "east": "Vostok", "dnepr": "Dnepr", "dnieper": "Dnepr",
}  # fmt: skip
_GROUP_NAMES = r"Sever|Zapad|Yug|Tsentr|Centre|Center|Vostok|Dnepr|Dnieper|North|West|South|East"
_GROUP = Guarded(
    re.compile(
        r"\b(?P<name>Sever|Zapad|Yug|Tsentr|Centre|Center|Vostok|Dnepr|Dnieper)\s+Group\s+of\s+Forces"
        rf"|\bbattle\s?groups?\s+(?P<wire>{_GROUP_NAMES})\b"
        r"|\b(?P<short>Sever|Zapad|Yug|Tsentr|Vostok|Dnepr)\s+(?:battle\s?)?group\b",
        re.IGNORECASE,
    ),
    literal_starts(["group"]),  # in every match: most sentences are passed over at once
)
_ISSUER = re.compile(
    r"Russian\s+(?:Defen[cs]e\s+Ministry|Ministry\s+of\s+Defen[cs]e)|Ministry\s+of\s+Defen[cs]e"
    r"\s+of\s+the\s+Russian\s+Federation",
    re.IGNORECASE,
)
_TOOK_CONTROL = Cue(
    re.compile(
        r"\b(?:took|taken|take)\s[^.]{0,400}?\sunder\s(?:their\s|its\s)?control"
        r"|\b(?:liberated|liberation\s+of|took\s+control\s+of|captured|seized|gained\s+control\s+of)\b",
        re.IGNORECASE,
    )
)
_REPELLED = Cue(
    re.compile(r"\b(?:repelled|repulsed|repelling|fought\s+off|beat\s+(?:off|back)|thwarted|foiled)\b", re.I)
)
_INFLICTED = Cue(
    re.compile(
        r"\blosses\b[^.]{0,200}\binflicted\b|\binflicted\s+(?:losses|damage|defeat)"
        r"|\b(?:defeated|hit|struck|eliminated|destroyed|engaged|neutrali[sz]ed|routed)\b",
        re.I,
    )
)
_ADVANCED = Cue(
    re.compile(r"\badvanc\w{0,4}\b|\bimproved\s+(?:the|their)\s+(?:tactical\s+)?(?:situation|position)", re.I)
)
_LOSSES = Cue(
    re.compile(
        r"\blosses\s+amounted\s+to\s+|\b(?:lost|losses\s+of|suffered\s+losses\s+of|losses\s+(?:totalled|totaled|came\s+to|stood\s+at))\s+(?=(?:up\s+to|more\s+than|over|about|\d|a\s|an\s|one\s))",
        re.IGNORECASE,
    )
)
_DESTROYED = re.compile(r"^(?P<list>.+?)\s+(?:was|were)\s+destroyed", re.IGNORECASE)
_SHOT_DOWN = Cue(re.compile(r"\b(?:shot down|intercepted|destroyed)\s+(?P<list>.+)$", re.IGNORECASE))
_STRIKES = Cue(re.compile(rf"\bstruck\b.*\bin\s+(?P<number>{NUMBER})\s+(?P<unit>areas?)\b", re.I))
_HEADLINE = re.compile(
    rf"(?P<qualifier>up to|more than|over|about)\s+(?P<number>{NUMBER})\s+"
    r"(?P<unit>(?:Ukrainian\s+)?(?:casualties|troops|servicemen))",
    re.IGNORECASE,
)
_TOTALS = re.compile(r"\bsince\s+the\s+(?P<since>beginning\s+of\s+[^,]+)", re.IGNORECASE)
_TOTAL_ITEM = re.compile(rf"^(?P<number>{NUMBER})\s+(?P<unit>[^,]+?)[,.;]?\s*$")
_PERSONNEL = re.compile(r"\b(?:troops|servicemen|casualties|soldiers)\b|\bpersonnel\b(?!\s+carrier)", re.IGNORECASE)
# The losses formula names enemy formations before "near"; in a paragraph whose opening was cut
# off, that is all that is left of it.
_FORMATIONS = re.compile(r"\b(?:brigades?|regiments?|battalions?|units|formations)\b", re.I)
_FORMATION_UNIT = re.compile(
    r"\b(?:brigades?|regiments?|battalions?|formations?|compan(?:y|ies)|groups?|units?|areas?|divisions?|corps|detachments?"
    r"|hours|days|kilomet\w+|metres|meters)\b",
    re.I,
)
_ELLIPTIC = Guarded(
    re.compile(
        rf"\b(?:(?P<name>{_GROUP_NAMES})\s)?battle\s?group\s(?:(?P<qualifier>up\sto|over|more\sthan|about)\s)?"
        r"(?P<number>\d{1,3}(?:,\d{3})+|\d+)(?=\s?(?:[,;.]|and\b))",
        re.I,
    ),
    literal_starts(["battle"]),
)
_BULLETIN_WIDE = re.compile(r"\b(struck|shot down|intercepted|In total)\b", re.IGNORECASE)


def detect(text: str) -> float:
    """How sure we are that text is an MoD report (0 to 1)."""
    head = text[:20000]
    score = 0.0
    if _GROUP.search(head):
        score += 0.6
    if re.search(r"special military operation", head, re.IGNORECASE):
        score += 0.2
    if _ISSUER.search(head):
        score += 0.2
    if re.search(r"\bGeneral\s+Staff\b", head) and not _GROUP.search(head):
        score -= 0.3
    return max(0.0, min(score, 1.0))


def parse(raw: str, *, hints: ParseHints | None = None) -> ParsedBulletin:
    """Extract dates, events and figures from an MoD report."""
    prepared = common.prepare(raw, hints, issuer_prior="ru_mod")
    slug = prepared.issuer.slug if prepared.issuer.slug in ("ru_mod", "unknown") else prepared.issuer.slug
    result = common.new_result(NAME, VERSION, prepared, issuer_slug=slug)
    if result.issuer_slug == "unknown" and _ISSUER.search(prepared.text[: prepared.body_end]):
        result.issuer_slug, result.issuer = "ru_mod", ISSUER
    text, body_end = prepared.text, prepared.body_end
    cut_at = prepared.completeness.cut_at
    section = _Section()
    totals_since = ""
    for paragraph in budget.each(paragraphs(text, prepared.body_start, body_end)):
        group = _GROUP.search(paragraph.text)
        starts_mid_word = text[paragraph.content_start].islower() and not re.match(
            r"(?:https?:|www\.)", text[paragraph.content_start : paragraph.content_start + 8]
        )
        if totals_since and (item := _TOTAL_ITEM.match(text[paragraph.content_start : paragraph.span.end])):
            _total_figure(result, text, paragraph, item, totals_since)
            continue
        totals_since = ""
        if group:
            key = (group.group("name") or group.group("wire") or group.group("short")).lower()
            section = _Section(_GROUPS[key], group.group(0), truncated=False)
        elif starts_mid_word:
            section = _Section("unknown", "", truncated=True)
            cut = text[paragraph.content_start : paragraph.span.end].split(maxsplit=1)[0]
            result.completeness = "truncated"
            result.notes[:] = [n for n in result.notes if not n.startswith("The text starts mid-word")]
            result.notes.append(
                f"Paragraph {paragraph.index + 1} starts mid-word ('{cut.rstrip(',')}'): the text "
                "before it is missing, so its group of forces is unknown."
            )
        elif _BULLETIN_WIDE.search(paragraph.text):
            section = _Section("", "", truncated=False)
        since = _TOTALS.search(paragraph.text)
        if since and re.search(r"(?:lost|destroyed|following|amount(?:ed)?\s+to|:)\s*$", paragraph.text):
            totals_since = since.group("since").strip()
            continue
        for sentence in sentences(text, Span(paragraph.content_start, paragraph.span.end)):
            named = _GROUP.search(text, sentence.start, sentence.end)
            if named and not section.truncated:
                key = (named.group("name") or named.group("wire") or named.group("short")).lower()
                if _GROUPS[key] != section.name:  # a roll-up names the next group mid-paragraph
                    section = _Section(_GROUPS[key], named.group(0), truncated=False)
            _sentence(result, text, sentence, paragraph, section, cut_at)
    _headline(result, text)
    return result


class _Section:
    """The group of forces the current paragraphs belong to ('' = the whole bulletin)."""

    def __init__(self, name: str = "", as_written: str = "", *, truncated: bool = False):
        self.name, self.as_written, self.truncated = name, as_written, truncated


def _sentence(
    result: ParsedBulletin, text: str, sentence: Span, paragraph: Paragraph, section: _Section, cut_at: int | None
) -> None:
    chunk = text[sentence.start : sentence.end]
    action = _action(chunk, cut_off=section.truncated)
    if action:
        skip = [Span(sentence.start + m.start(), sentence.start + m.end()) for m in _GROUP.finditer(chunk)]
        mentions = places.spot(text, sentence, stop_at=cut_at, exclude=skip)
        actor = f"Russian Armed Forces ({section.name} Group of Forces)" if section.name not in ("", "unknown") else ""
        for item in mentions:
            result.events.append(
                EventDraft(
                    action=action,
                    place_as_written=item.name,
                    place_span=item.span,
                    region_as_written=item.region,
                    group_name=section.name or "unknown",
                    group_as_written=section.as_written,
                    quote_span=sentence,
                    paragraph_index=paragraph.index,
                    paragraph_truncated=section.truncated,
                    neighbours=tuple((other.name, other.region) for other in mentions if other is not item),
                    actor=actor,
                    target_actor=TARGET,
                    region_code=item.region_code,
                )
            )
    before = len(result.figures)
    _sentence_figures(result, text, sentence, chunk, section)
    _other_counts(result, text, sentence, section, result.figures[before:])


def _other_counts(
    result: ParsedBulletin, text: str, sentence: Span, section: _Section, found: list[FigureDraft]
) -> None:
    """Counts the report's formulas did not read ('repelled 11 counterattacks', 'lost 935 soldiers')."""
    scope = "group" if section.name else "bulletin"
    for match in _ELLIPTIC.finditer(text, sentence.start, sentence.end):
        # "the Sever battlegroup over 255, the Zapad battlegroup up to 185": troops, as the sentence said before
        value = parse_number(match.group("number"))
        if value is not None:
            qualifier = (match.group("qualifier") or "exact").lower()
            span = Span(
                match.start("qualifier") if match.group("qualifier") else match.start("number"), match.end("number")
            )
            group = _GROUPS.get((match.group("name") or "").lower(), "")
            result.figures.append(
                FigureDraft("personnel_losses", value, qualifier, "troops", "group", span, sentence, group_name=group)
            )
            found = [*found, result.figures[-1]]
    for count in figures.find_counts(text, sentence.start, sentence.end):
        if _FORMATION_UNIT.search(count.unit) or any(
            f.span.start < count.span.end and count.span.start < f.span.end for f in found
        ):
            continue
        category = "personnel_losses" if count.category == "troops" else count.category
        result.figures.append(
            figures.to_draft(count, quote=sentence, scope=scope, group=section.name, category=category)
        )


def _action(chunk: str, *, cut_off: bool) -> str:
    """What the sentence claims happened at the places it names ('' when it claims nothing there)."""
    if _TOOK_CONTROL.search(chunk):
        return "took_control"
    if _INFLICTED.search(chunk) or (cut_off and _FORMATIONS.search(chunk)):
        return "losses_inflicted"
    if _REPELLED.search(chunk):
        return "attack_repelled"
    if _ADVANCED.search(chunk):
        return "advanced"
    return "mentioned"


def _sentence_figures(result: ParsedBulletin, text: str, sentence: Span, chunk: str, section: _Section) -> None:
    scope = "group" if section.name else "bulletin"
    if match := _LOSSES.search(chunk):
        items = figure_list(text, Span(sentence.start + match.end(), sentence.end))
        _add_items(result, items, _loss_category, scope, sentence, section)
    elif match := _DESTROYED.match(chunk):
        items = figure_list(text, Span(sentence.start, sentence.start + match.end("list")))
        _add_items(result, items, lambda _: "destroyed", scope, sentence, section)
    elif match := _STRIKES.search(chunk):
        span = Span(sentence.start + match.start("number"), sentence.start + match.end("unit"))
        strikes = FigureItem(parse_number(match.group("number")) or 0, "exact", match.group("unit"), span)
        _add_items(result, [strikes], lambda _: "strikes", "bulletin", sentence, _Section())
    elif match := _SHOT_DOWN.search(chunk):
        items = figure_list(text, Span(sentence.start + match.start("list"), sentence.end))
        _add_items(result, items, lambda _: "air_defence", "bulletin", sentence, _Section())


def _loss_category(unit: str) -> str:
    return "personnel_losses" if _PERSONNEL.search(unit) else "equipment_losses"


def _add_items(
    result: ParsedBulletin,
    items: list[FigureItem],
    category: Callable[[str], str],
    scope: str,
    quote: Span,
    section: _Section,
) -> None:
    for item in items:
        result.figures.append(
            FigureDraft(
                category(item.unit), item.value, item.qualifier, item.unit, scope, item.span, quote,
                group_name=section.name,
            )
        )  # fmt: skip


def _total_figure(result: ParsedBulletin, text: str, paragraph: Paragraph, item: re.Match[str], since: str) -> None:
    value = parse_number(item.group("number"))
    if value is None:
        return
    start = paragraph.content_start
    span = Span(start + item.start("number"), start + item.end("unit"))
    result.figures.append(
        FigureDraft(
            "cumulative_losses", value, "exact", item.group("unit").strip(), "since_start",
            span, Span(paragraph.content_start, paragraph.span.end), since=since,
        )
    )  # fmt: skip


def _headline(result: ParsedBulletin, text: str) -> None:
    """The title's total, checked against the sum of the group figures."""
    first_group = _GROUP.search(text, 0, result.body_end)
    match = _HEADLINE.search(text, 0, first_group.start() if first_group else result.body_end)
    value = parse_number(match.group("number")) if match else None
    if not match or value is None:
        return
    groups = [f for f in result.figures if f.category == "personnel_losses" and f.scope == "group"]
    total = sum(f.value for f in groups)
    terms = " + ".join(f"{f.value:,}" for f in groups)
    status = "consistent" if total == value else "inconsistent"
    line_start = text.rfind("\n", 0, match.start()) + 1
    line_end = text.find("\n", match.end())
    detail = f"sum of {len(groups)} group figures ({terms}) = {total:,}; headline {value:,}: {status}"
    read = [f for f in result.figures if (f.span.start, f.span.end, f.value) == (match.start(), match.end(), value)]
    for figure in read:  # the sentence pass read the headline already: it takes the check, once
        result.figures.remove(figure)
    result.figures.insert(
        0,
        FigureDraft(
            "personnel_losses", value, match.group("qualifier").lower(), match.group("unit"),
            "bulletin", Span(match.start(), match.end()), Span(line_start, line_end),
            check_status=status, check_detail=detail,
        ),
    )  # fmt: skip
