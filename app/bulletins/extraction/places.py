"""Place mentions in a sentence: gazetteer-driven spotting with the sentence's cues and regions.

A capitalised name (one to three words) is a place mention when it follows a place cue
("near", "in the area of", "towards", "liberated", "shelled", "in", "of" ...) or continues a list
that does, and either the Ukrainian gazetteer knows it (any spelling or former name) or it sits
in a list the bulletin closes with a region ("near A, B and C (Sumy region)"). Regions attach by
list structure: a region written after a list covers the list's names before it; a list with no
region of its own takes the region the sentence names before it. Names of directions, regions
and groups of forces are not places. Also places: the towns a road or axis is named after
('(Ocheretyne-Hrodivka) road') and a lower-case list a machine translation writes after a cue
when the gazetteer knows every name; never an unknown name in a Title Case headline.
"""

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from app.bulletins.extraction.budget import MAX_LIST_ITEMS
from app.bulletins.extraction.drafts import EventDraft, Span
from app.bulletins.extraction.scan import WORD_STARTS_OR_NON_ASCII, Anchored, Guarded, anchored, literal_starts
from app.places import regions as regions_table
from app.places.gazetteer import ALTERNATE, load
from app.places.translit import normalize

# A capitalised word not inside another: the capital comes first (the engine skips to capitals
# fast), then the look back at the character before it.
_TOKEN = re.compile(r"[A-ZА-ЯІЇЄҐ](?<![\w’'`-].)[\w’'`]{0,40}(?:-[\w’'`]{1,40}){0,4}(?![\w’'`-])")
# Each with a word its every match contains, looked for first (most sentences name no region).
_REGION_MENTIONS = [
    Guarded(re.compile(r"\((?P<name>[^()\n]{2,60})\)"), re.compile(r"\(")),
    Guarded(
        re.compile(
            r"\b(?:the\s)?(?P<name>[A-ZА-Я][\w’'`-]{2,30}(?:\s[A-Z][\w’'`-]{2,30})?\s(?:[Rr]egion|[Oo]blast|[Pp]rovince|[Kk]rai))\b"
        ),
        literal_starts(["egion", "blast", "rovince", "rai"]),
    ),
    Guarded(re.compile(r"\b(?:the\s)?(?P<name>[A-Z][\w-]{2,30}\sPeople[’'`]?s\sRepublic)"), re.compile("Republic")),
    Guarded(re.compile(r"\b(?P<name>DPR|LPR|DNR|LNR|ДНР|ЛНР)\b"), re.compile("[DLДЛ](?:[PN]R|НР)")),
    Guarded(
        re.compile(
            r"(?P<name>[А-ЯІЇЄҐ][а-яіїєґ'’]{3,30}\s(?:області|области|область|обл\.|[Нн]ародн\w{1,4}\s[Рр]еспубл\w{1,4}))"
        ),
    ),
    Guarded(re.compile(r"\b(?:the\s)?(?P<name>(?:Autonomous\s)?Republic\sof\sCrimea|Crimea)\b"), re.compile("Crimea")),
]
# Every alternative starts a word (or is a Cyrillic word): tried only there, not at each character.
_STRONG_CUE = Anchored(
    re.compile(
        r"(?:\bnear(?:by)?|\baround|\boutside|\bin\s(?:the\s)?(?:areas?|vicinity|direction|outskirts|districts?)\sof"
        r"|\bpopulated\s(?:areas?|points?|localities)\sof"
        r"|\b(?:settlements?|villages?|towns?|cities|city|hamlets?|localit(?:y|ies)|communit(?:y|ies)|hromadas?)\sof"
        r"|\bliberat\w{0,6}|\bcaptur\w{0,4}|\bseiz\w{0,4}|\btook(?:\scontrol\sof)?|\btaken|\boccup\w{0,6}|\brecaptur\w{0,4}"
        r"|\bentered|\binside|\bwithin|\bblock\w{0,3}|\bencircl\w{0,4}|\bsurround\w{0,4}|\bcleared|\bstorm\w{0,3}|\breached"
        r"|\bapproach\w{0,3}|\bbypass\w{0,4}|\btowards?|\bshell\w{0,4}|\bstruck|\bhit|\battack\w{0,3}(?:\s(?:on|near|at|in))?"
        r"|\badvanc\w{0,4}\s(?:near|towards?|to|in|into|on|at)|\b(?:north|south|east|west)(?:east|west)?(?:ern)?\s(?:of|outskirts\sof)"
        r"|\boutskirts\sof|\bdirection\sof|\bpositions?\s(?:near|in|at)|\bfighting\s(?:near|in|for)|\bassaults?\s(?:near|on)"
        r"|\bevacuated\sfrom|\bclashes\s(?:near|in)|\bcounterattacks?\s(?:near|in)|\brepel\w{0,4}\s[^.;]{0,60}?\snear"
        r"|(?:поблизу|біля|вблизи|около|районі|районах|районе|пунктів|пунктов|пункту|пункта|пункт|пункты|пункти|село|села|селом"
        r"|селище|селища|город|города|місто|міста|поселок|посёлок|поселка|посёлка|звільнили|освободили|напрямку"
        r"|направлении|бік|сторону|контроль)|\b(?:including|namely)\b[^.:;]{0,40}:"
        r"|\b(?:affected|shelled|attacked|struck|hit|targeted)\b[^.:;]{0,40}:|\b(?:[Oo]blast|[Rr]egion|[Dd]irection|[Ss]ector)\s?[:—–]"
        r"|\b(?:in|near|of|into)\s(?:the\s)?(?:(?:north|south)(?:east|west)?(?:ern)?|(?:east|west)(?:ern)?|central)"
        r"|\b(?:[Rr]egion|[Oo]blast|People[’']s\sRepublic)[’']s|\b(?:localities|settlements|villages|towns)\s?:|\bfollowing\s(?:localities|settlements|villages|towns))\s(?:the\s)?$",
        re.IGNORECASE,
    ),
    WORD_STARTS_OR_NON_ASCII,
)
_REGION_HEAD = anchored(re.compile(r"\b(?:republics?|regions?|oblasts?|provinces?)\s(?:of\s)?(?:the\s)?$", re.I))
_ACCORDING = anchored(re.compile(r"\baccording\sto\s(?:the\s)?$", re.I))
# Title-case headlines capitalise verbs: "Russian Forces Liberate Novosadovoye".
_VERB_TOKEN = re.compile(
    r"(?:Liberat|Captur|Seiz|Take|Took|Storm|Enter|Advanc|Attack|Shell|Strik|Hit|Repel|Repuls|Destroy|Kill|Lose|Lost"
    r"|Claim|Say|Said|Report|Push|Press|Gain|Encircl|Surround|Clear|Reach|Approach|Retreat|Withdr)\w{0,6}$"
)
_VERB_AFTER = re.compile(
    r"\s(?:(?:came|come|comes)\sunder\s(?:\w+\s){0,4}(?:fire|attack|shelling|strikes?)"
    r"|(?:were|was|have\sbeen|has\sbeen)\s(?:\w+\s)?(?:shelled|attacked|struck|hit|bombed|liberated|captured|damaged))\b",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_SECTOR_HEAD = re.compile(r"\W{0,3}(?:In|On)\sthe\s(?:direction|axis)\sof\s$")
_WEAK_CUE = re.compile(
    r"\b(?:in|at|of|from|into|on|to|via|through|within|across|over|including|such\sas|like|namely)\s(?:the\s)?$", re.I
)
_LIST_GAP = re.compile(
    r"^\)?(?:\s?\((?:(?:Ukrainian|Russian|current|new|former|old)\s+name\s*[-–—:,]?\s*|now\s+|formerly\s+)?"
    r"|(?:\s?\([^()\n]{0,60}\))?(?:\s?[,;]\s?(?:and\s|or\s|та\s|і\s|и\s)?|\s(?:and|or|as\swell\sas|та|і|й|и)\s|-)(?:the\s)?"
    r"(?:(?:north|south|east|west){1,2}(?:ern)?(?:\sof\sthe\scity)?,?\s(?:near\s)?)?)$",
    re.IGNORECASE,
)
_REGION_AFTER = re.compile(
    r"^\)?(?:\s?|\s?,\s?|,?\s(?:(?:settlements?|villages?|towns?|localit(?:y|ies)|areas?)\s)?(?:in|of)\s(?:the\s)?)$",
    re.IGNORECASE,
)
_PLURAL_AFTER = re.compile(
    r"(?:,?\s(?:and|or)\s[A-Z][\w’'-]{1,30})?\s(?:[Oo]blasts|[Rr]egions|[Pp]rovinces|[Dd]irections|[Ss]ectors|[Aa]xes|[Ff]ronts|[Pp]eople[’']s\s[Rr]epublics|districts)\b"
)
_NOT_PLACE_AFTER = re.compile(
    r"[’']?s?\s(?:напрям\w*|направлени\w*|област\w*|район\w*|direction|axis|sector|front|[Oo]blast|[Rr]egion|[Pp]rovince|People|Group|[Rr]egional|regime"
    r"|government|authorities|operational|tactical|city\scouncil|military\sadministration|[Mm]ilitary\s[Aa]dministration"
    r"|grouping|[Bb]rigade|[Rr]egiment|[Bb]attalion|[Rr]aion|[Dd]istrict|NPP|[Nn]uclear|[Dd]am|[Rr]eservoir|[Rr]iver|axes"
    r"|forestry|forest|footholds?|bridgeheads?|bank|forces|troops|army|military|militants|side|leadership|command|formations|[Pp]ower\s[Pp]lant|[Pp]lant|[Tt]hermal|[Ff]ront|[Hh]ighway|[Rr]oad|[Bb]ridge|[Mm]ine|[Aa]irport|[Aa]irfield|[Ss]tation)\b"
)
_NOT_PLACE = set(
    """
    the a an in on at of and or near russian ukrainian ukraine russia armed forces group battlegroup
    north south east west centre center sever zapad yug vostok tsentr dnepr dnieper afu zsu isw general
    staff ministry defence defense monday tuesday wednesday thursday friday saturday sunday january
    february march april may june july august september october november december units unit they their
    its his her this these those he she we it us u.s nato eu un ocha unhcr unicef iom who kremlin moscow
    washington europe european western eastern southern northern central oblast oblasts region regions
    province provinces direction directions republic settlement settlements village villages town city
    people peoples lpr dpr crimea kiev regime as however meanwhile additionally also since after before
    during while geolocated footage sources milbloggers milblogger telegram tass sputnik ria interfax
    ukrinform there here some other over up more total enemy occupiers air aviation missile troops
    artillery drone drones strike strikes operation
    """.split()
)


@dataclass(frozen=True)
class RegionMention:
    """A region written in a sentence: its words, span and ISO 3166-2 code."""

    as_written: str
    span: Span
    code: str


@dataclass(frozen=True)
class PlaceMention:
    """One place named in a sentence, with the region written for it and an inferred region code."""

    name: str
    span: Span
    region: str
    region_code: str
    cue: str  # strong / weak / list
    known: bool  # the gazetteer knows the name


@cache
def _known(key: str) -> tuple[str, ...]:
    """Regions of the gazetteer places with this spelling (all tiers but GeoNames alternates first)."""
    hits = load().exact(key)
    regions = [p.region_code for p, tier in hits if tier != ALTERNATE] or [p.region_code for p, _ in hits]
    return tuple(sorted(set(regions)))


@lru_cache(maxsize=65536)  # names recur within and across bulletins: spare normalising them again
def known_regions(name: str) -> tuple[str, ...]:
    """ISO codes of the regions that have a settlement spelt so (empty: the gazetteer does not know it)."""
    key = normalize(name)
    return _known(key) if key else ()


@cache
def _loose(name: str) -> tuple[str, ...]:
    return tuple(sorted({p.region_code for p in load().folded(name, region_code=None)}))


def loose_regions(name: str) -> tuple[str, ...]:
    """Regions of settlements whose spelling folds to the same key ('Kupyansk-Vuzlovyi' ~ 'Kupiansk-Vuzlovyi')."""
    return known_regions(name) or (_loose(name) if len(name) >= 4 else ())


def region_mentions(text: str, span: Span) -> list[RegionMention]:
    """Regions written in text[span] ('(Kharkov region)', 'in the Sumy Region', 'DPR', 'Donetska oblast')."""
    found: dict[int, RegionMention] = {}
    for pattern in _REGION_MENTIONS:
        for match in pattern.finditer(text, span.start, span.end):
            if any(m.span.start <= match.start() < m.span.end for m in found.values()):
                continue
            name = match.group("name").strip()
            region = regions_table.resolve(name) or _cyrillic_region(name)
            start = match.start("name")
            if region is None and pattern is _REGION_MENTIONS[1] and " " in name[: name.rfind(" ")]:
                # "Zemlyane Sumy region": a place the list ends with, then the region
                shorter = name.split(" ", 1)[1]
                region = regions_table.resolve(shorter)
                if region is not None:
                    name, start = shorter, match.end("name") - len(shorter)
            if region is None and pattern is _REGION_MENTIONS[0]:
                inner = re.sub(r"^(?:in\s+)?(?:the\s+)?", "", name)
                region = regions_table.resolve(inner)
            if region is None:
                continue
            begin = match.start() if start == match.start("name") else start
            found[begin] = RegionMention(name, Span(begin, match.end()), region.code)
    return [found[key] for key in sorted(found)]


@cache
def _cyrillic_region(phrase: str) -> regions_table.Region | None:
    """A region in an inflected Cyrillic phrase ('Сумской области', 'Донецької області')."""
    word = phrase.split()[0]
    if not ("\u0400" <= word[0] <= "\u04ff") or len(word) < 5:
        return None
    stem = word[:-2].lower()
    found = {
        region.code: region
        for region in regions_table.all_regions()
        if any(name.lower().startswith(stem) for name in (region.name_uk, region.name_ru))
    }
    return next(iter(found.values())) if len(found) == 1 else None


def spot(
    text: str,
    span: Span,
    *,
    stop_at: int | None = None,
    default_region_code: str = "",
    weak_cues: bool = True,
    exclude: Sequence[Span] = (),
) -> list[PlaceMention]:
    """Every place mention in text[span], in order, with its region."""
    end = min(span.end, stop_at) if stop_at is not None else span.end
    regions = region_mentions(text, Span(span.start, span.end))
    region_spans = [r.span for r in regions] + list(exclude)
    items: list[tuple[str, Span, str, bool]] = []  # name, span, cue, known
    previous_end = -1
    candidates = _candidates(text, span.start, end, region_spans)
    closed = _closed_by_region(text, candidates, regions)
    for position, (name, name_span) in enumerate(candidates):
        before = text[max(span.start, name_span.start - 80) : name_span.start]
        if (
            _REGION_HEAD.search(before)
            or _ACCORDING.search(before)
            or _SECTOR_HEAD.match(text, span.start, name_span.start)
        ):
            previous_end = -1
            continue  # "the people's republics of Donetsk and Lugansk"
        route_end = _route_end(text, name_span)
        if route_end:
            cue = "strong"  # "the T-0511 (Ocheretyne-Hrodivka) road": the two towns it links
        elif previous_end >= 0 and _LIST_GAP.match(text[previous_end : name_span.start]):
            cue = "list"
        elif _STRONG_CUE.search(before):
            cue = "strong"
        elif weak_cues and _WEAK_CUE.search(before):
            cue = "weak"
        elif closed[position] and known_regions(name):
            cue = "weak"  # "Pokrovsk, Myrnohrad and Udachne in Donetsk Oblast came under fire"
        else:
            continue
        if not route_end and _NOT_PLACE_AFTER.match(text, name_span.end, min(len(text), name_span.end + 40)):
            previous_end = -1
            continue
        if route_end and not known_regions(name):
            continue
        known = bool(known_regions(name)) or (cue != "weak" and bool(loose_regions(name)))
        if not known and (cue == "weak" or in_headline(text, name_span)):
            continue  # a Title Case headline capitalises every word: "Liberate Another Settlement"
        items.append((name, name_span, cue, known))
        previous_end = name_span.end
        following = next((r for r in regions if r.span.start >= name_span.end), None)
        if following is not None and _REGION_AFTER.match(text[name_span.end : following.span.start]):
            previous_end = following.span.end  # "A in the Zaporozhye region and B in the Kherson region"
        if len(items) >= MAX_LIST_ITEMS:
            break
    items += _lowercase_lists(text, span.start, end, items)
    items.sort(key=lambda item: item[1].start)
    return _attach_regions(text, items, regions, default_region_code)


_LOWER_LIST = anchored(
    re.compile(
        r"\b(?:in\s(?:the\s)?(?:areas?|vicinity|direction)\sof|near|towards?)\s"
        r"(?P<list>[a-zа-яіїєґ][\w’'-]{4,30}(?:(?:,\s|,?\sand\s(?:in\s(?:the\s)?(?:areas?|direction)\sof\s)?)[a-zа-яіїєґ][\w’'-]{4,30})*)"
    )
)


def _lowercase_lists(
    text: str, start: int, end: int, items: list[tuple[str, Span, str, bool]]
) -> list[tuple[str, Span, str, bool]]:
    """Names a machine translation wrote in lower case after a place cue ('in the areas of vovchansk, figolivka').

    Only a whole list whose every word, capitalised, the gazetteer knows (so 'in the areas of
    responsibility' stays prose).
    """
    taken = {item[1].start for item in items}
    out: list[tuple[str, Span, str, bool]] = []
    for match in _LOWER_LIST.finditer(text, start, end):
        words = list(re.finditer(r"[\w’'-]+", match.group("list")))
        names = [w for w in words if w.group(0) not in ("and", "in", "the", "areas", "area", "direction", "of")]
        if not names or not all(loose_regions(w.group(0)[:1].upper() + w.group(0)[1:]) for w in names):
            continue
        for position, word in enumerate(names):
            word_start = match.start("list") + word.start()
            if word_start in taken:
                continue
            known = bool(known_regions(word.group(0)[:1].upper() + word.group(0)[1:]))
            out.append(
                (
                    word.group(0),
                    Span(word_start, word_start + len(word.group(0))),
                    "strong" if position == 0 else "list",
                    known,
                )
            )
    return out


_ROUTE_AFTER = re.compile(r"(?:-[A-Z][\w’'`]+)?\)?\s(?:road|highway|motorway|railway|axis|line|route)\b", re.I)


def _route_end(text: str, span: Span) -> bool:
    """Whether the name is one end of a road or axis named after two towns ('Donetsk-Pokrovsk highway')."""
    if text[span.end : span.end + 1] == "-":
        return bool(_ROUTE_AFTER.match(text, span.end, min(len(text), span.end + 60)))
    if span.start > 1 and text[span.start - 1] == "-" and text[span.start - 2].isalpha():
        return bool(
            re.match(r"\)?\s(?:road|highway|motorway|railway|axis|line|route)\b", text[span.end : span.end + 20], re.I)
        )
    return False


def in_headline(text: str, span: Span) -> bool:
    """Whether the line holding span is a Title Case headline (most longer words capitalised, no full stop)."""
    start = text.rfind("\n", max(0, span.start - 170), span.start) + 1
    end = text.find("\n", span.end, span.end + 170)
    if (start == 0 and span.start > 170) or end < 0 and len(text) - span.end > 170:
        return False  # a line longer than any headline (searched no further, so long texts stay linear)
    line = text[start : end if end >= 0 else len(text)].strip()
    if len(line) > 160 or line.endswith("."):
        return False
    words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", line) if len(w) > 3]
    if len(words) < 4:
        return False
    return sum(1 for w in words if w[0].isupper()) >= 0.75 * len(words)


def _closed_by_region(text: str, candidates: list[tuple[str, Span]], regions: list[RegionMention]) -> list[bool]:
    """Whether each candidate starts a list that a written region or a shelling verb closes.

    'A, B and C in X Oblast', 'A, B and C came under artillery fire', 'A and B were shelled'.
    """
    closed = [False] * len(candidates)
    starts = {r.span.start: r for r in regions}
    region_starts = sorted(starts)
    for index in range(len(candidates) - 1, -1, -1):
        end = candidates[index][1].end
        following = next((s for s in region_starts if s >= end), None)
        next_start = candidates[index + 1][1].start if index + 1 < len(candidates) else None
        if _VERB_AFTER.match(text, end, min(len(text), end + 80)):
            closed[index] = True
        elif following is not None and (next_start is None or following < next_start):
            closed[index] = bool(_REGION_AFTER.match(text[end:following]))
        elif next_start is not None and _LIST_GAP.match(text[end:next_start]):
            closed[index] = closed[index + 1]
    return closed


_POSSESSIVE = re.compile(r"(.+?)[’']s$")


def _candidates(text: str, start: int, end: int, skip: list[Span]) -> list[tuple[str, Span]]:
    """Capitalised names of one to three words, longest known spelling first."""
    tokens = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]
    out: list[tuple[str, Span]] = []
    index = 0
    while index < len(tokens):
        word, word_start, word_end = tokens[index]
        if (
            any(s.start <= word_start < s.end for s in skip) or word.lower() in _NOT_PLACE
            or _DIGIT.search(word) or _VERB_TOKEN.match(word)
        ):  # fmt: skip
            index += 1
            continue
        run = 1
        while (
            run < 3
            and index + run < len(tokens)
            and tokens[index + run][1] == tokens[index + run - 1][2] + 1
            and text[tokens[index + run - 1][2]] == " "
            and tokens[index + run][0].lower() not in _NOT_PLACE
            and not any(s.start <= tokens[index + run][1] < s.end for s in skip)
        ):
            run += 1
        taken = run if run > 1 and not known_regions(word) else 1
        for length in (3, 2):
            last = index + length - 1
            if last >= len(tokens):
                continue
            joined = tokens[index : last + 1]
            if all(joined[k + 1][1] == joined[k][2] + 1 and text[joined[k][2]] == " " for k in range(length - 1)):
                name = text[word_start : joined[-1][2]]
                if known_regions(name) and not any(t[0].lower() in _NOT_PLACE for t in joined[1:]):
                    taken = length
                    break
        name_end = tokens[index + taken - 1][2]
        name = text[word_start:name_end]
        parts = word.split("-")
        if (
            taken == 1
            and len(parts) > 1
            and not known_regions(word)
            and all(len(p) > 3 and known_regions(p) for p in parts)
        ):
            # "the Hrodivka-Novohrodivka-Selydove line": three places
            offset = word_start
            for part in parts:
                out.append((part, Span(offset, offset + len(part))))
                offset += len(part) + 1
            index += 1
            continue
        possessive = _POSSESSIVE.match(name)
        if possessive:
            name, name_end = possessive.group(1), word_start + len(possessive.group(1))
        out.append((name, Span(word_start, name_end)))
        index += taken
    return out


def _attach_regions(
    text: str, items: list[tuple[str, Span, str, bool]], regions: list[RegionMention], default_code: str
) -> list[PlaceMention]:
    """Give each item the region its list is closed with, else the region the sentence names before it."""
    assigned: list[RegionMention | None] = [None] * len(items)
    group: list[int] = []
    groups: list[list[int]] = []
    region_index = 0
    for index, (_, span, cue, _) in enumerate(items):
        if group and cue != "list":
            groups.append(group)
            group = []
        group.append(index)
        # A region written right after this item closes the names pending before it.
        next_start = items[index + 1][1].start if index + 1 < len(items) else None
        while region_index < len(regions) and regions[region_index].span.start < span.end:
            region_index += 1
        if region_index < len(regions):
            region = regions[region_index]
            if (next_start is None or region.span.start < next_start) and _REGION_AFTER.match(
                text[span.end : region.span.start]
            ):
                for pending in group:
                    if assigned[pending] is None:
                        assigned[pending] = region
                if region.span.start < span.end + 3 and text[region.span.start] == "(":
                    continue  # a parenthetical closes only the names before it; the list goes on
    if group:
        groups.append(group)
    dropped: set[int] = set()
    consensus: dict[int, str] = {}
    for members in groups:
        last = items[members[-1]][1]
        if _PLURAL_AFTER.match(text, last.end, min(len(text), last.end + 30)):
            dropped.update(members)  # "Kharkiv and Sumy regions", "Lyman and Bakhmut directions"
            continue
        known_members = [i for i in members if items[i][3]]
        if items[members[0]][2] == "strong" and known_members:
            # Unknown names in a cued list with known ones are places too; the known ones tell the region.
            votes = Counter(code for i in known_members for code in known_regions(items[i][0]))
            ranked = votes.most_common(2)
            lead = ranked[0][1] if ranked else 0
            clear = ranked and lead >= 2 and (len(ranked) == 1 or lead > ranked[1][1]) and lead * 2 > len(known_members)
            code = ranked[0][0] if clear else ""
            for i in members:
                consensus[i] = code
        elif not known_members and all(assigned[i] is None for i in members):
            dropped.update(members)
        if any(assigned[i] is not None for i in members):
            continue
        first = items[members[0]][1].start
        before = [r for r in regions if r.span.end <= first]
        if before:
            for i in members:
                assigned[i] = before[-1]
    out: list[PlaceMention] = []
    for index, ((name, span, cue, known), written) in enumerate(zip(items, assigned, strict=True)):
        if index in dropped or (not known and written is None and index not in consensus):
            continue  # an unknown name is only a place in a list the bulletin gives a region or known places
        code = written.code if written else (consensus.get(index) or _inferred_region(name, default_code))
        out.append(PlaceMention(name, span, written.as_written if written else "", code, cue, known))
    return out


def _inferred_region(name: str, default_code: str) -> str:
    regions = loose_regions(name)
    if default_code and (not regions or default_code in regions):
        return default_code
    return regions[0] if len(regions) == 1 else ""


def settle_regions(events: Sequence[EventDraft]) -> None:
    """Give places with no written region the bulletin's own region when the name exists there.

    The regions written in the bulletin, and those of names found in one region only, vote; a
    name that exists in the winning region takes it (so "Borova" in a report about Kupiansk is
    the Kharkiv one), else its only region, else it stays without one.
    """
    votes: Counter[str] = Counter()
    for event in events:
        written = regions_table.resolve(event.region_as_written) if event.region_as_written else None
        if written is not None:
            votes[written.code] += 1
        elif len(candidates := known_regions(event.place_as_written)) == 1:
            votes[candidates[0]] += 1
    if not votes:
        return
    order = [code for code, _ in votes.most_common()]
    for event in events:
        if event.region_as_written:
            continue
        candidates = known_regions(event.place_as_written)
        if event.region_code and (not candidates or event.region_code in candidates):
            continue  # the sentence, its list or its section already chose among the namesakes
        best = next((code for code in order if code in candidates), "")
        if best:
            event.region_code = best
