"""Humanitarian situation reports: OCHA flash updates and situation reports, UNHCR, UNICEF, IOM/DTM,
WHO, WFP, UNRWA, MSF, ICRC and HRMMU updates, for Ukraine and any other country.

On top of the shared stages (dates, figures, completeness), this parser decides the reporting
body with its own scored cues (a title or "Source:"/"from" line weighs most), the country the
report is about, and spots places in every sentence: names the gazetteer of that country knows,
and unknown names a place cue introduces ("in", "towards the localities of", "X territory",
"X camp") or a list continues. Regions attach by structure: "A, B and C in North Darfur",
"Bay (A, B, C)", "A (Tulkarm)"; otherwise the region last named in the text is inferred.
"""

import math
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from app.bulletins.extraction import budget, common, figures, generic, places
from app.bulletins.extraction import dates as dates_stage
from app.bulletins.extraction import issuer as issuer_stage
from app.bulletins.extraction.drafts import EventDraft, FigureDraft, ParsedBulletin, ParseHints, Span
from app.bulletins.extraction.prefilter import Cue, fold
from app.bulletins.extraction.text import NUMBER_WORD, paragraphs, parse_number, sentences
from app.places import countries, world, world_regions

NAME = "humanitarian"
VERSION = "2"

ISSUERS = {
    "ocha": "UN OCHA", "unhcr": "UNHCR", "unicef": "UNICEF", "iom": "IOM", "who": "WHO", "wfp": "WFP",
    "unrwa": "UNRWA", "msf": "Médecins Sans Frontières (MSF)", "icrc": "ICRC",
    "hrmmu": "UN Human Rights Monitoring Mission in Ukraine",
}  # fmt: skip
_BODY_NAMES = {
    "ocha": r"OCHA|UN\s?OCHA|Office\s+for\s+the\s+Coordination\s+of\s+Humanitarian\s+Affairs",
    "unhcr": r"UNHCR|UN\s+Refugee\s+Agency|(?:UN|United\s+Nations)\s+High\s+Commissioner\s+for\s+Refugees|PRMN",
    "unicef": r"UNICEF|United\s+Nations\s+Children['’]s\s+Fund",
    "iom": r"IOM|International\s+Organi[sz]ation\s+for\s+Migration|DTM|Displacement\s+Tracking\s+Matrix",
    "who": r"WHO|World\s+Health\s+Organi[sz]ation",
    "wfp": r"WFP|World\s+Food\s+Programme",
    "unrwa": r"UNRWA",
    "msf": r"MSF|M[ée]decins\s+Sans\s+Fronti[èe]res|Doctors\s+Without\s+Borders",
    "icrc": r"ICRC|International\s+Committee\s+of\s+the\s+Red\s+Cross",
    "hrmmu": r"HRMMU|Human\s+Rights\s+Monitoring\s+Mission\s+in\s+Ukraine",
}
_BODY = {slug: re.compile(rf"\b(?:{names})\b") for slug, names in _BODY_NAMES.items()}
# A line that says who published: "from UN High Commissioner for Refugees", "Source: WFP".
_SOURCE_LINE = re.compile(r"^\s*(?:from|source:|by|published\s+by)\s+(?P<who>[^\n]{2,120})$", re.I | re.M)
_CREDIT_LINE = re.compile(r"^[^\n]*\b(?:Photo|Photograph|Credit)\b[^\n]*$|©[^\n]*$", re.I | re.M)
_ISSUED_BY = re.compile(r"\b(?:is|was|are)\s+(?:issued|published|produced|prepared)\s+by\s+(?P<who>[^.\n]{2,80})", re.I)
_DOMAINS = {
    "unocha.org": "ocha", "ochaopt.org": "ocha", "unhcr.org": "unhcr", "unicef.org": "unicef",
    "unicefusa.org": "unicef", "iom.int": "iom", "who.int": "who", "wfp.org": "wfp", "unrwa.org": "unrwa",
    "msf.org": "msf", "doctorswithoutborders.org": "msf", "icrc.org": "icrc",
}  # fmt: skip
_HEAD = 400

_CUES = Cue(
    re.compile(
        r"\b(?:OCHA|UNHCR|UNICEF|IOM|DTM|UNRWA|WFP|ICRC|MSF|HRMMU|humanitarian|displaced|displacement|IDPs?|refugees?"
        r"|returnees|evacuat\w+|aid\s+workers|Flash\s+Update|Situation\s+(?:Report|Update)|civilian\s+casualties"
        r"|partners|assistance|shelter|malnutrition|cholera)\b",
        re.I,
    )
)
_MILITARY = Cue(
    re.compile(
        r"\bGroup\s+of\s+Forces\b|\bbattle\s?group\b|\bGeneral\s+Staff\b|\bInstitute\s+for\s+the\s+Study\s+of\s+War\b"
        r"|\bKey\s+Takeaways\b|\bcombat\s+losses\b",
        re.I,
    )
)
_BODY_CUES = [Cue(pattern) for pattern in _BODY.values()]

_ACTIONS = [
    ("attack_on_aid", re.compile(r"\b(?:aid|humanitarian|health)\s+(?:workers?|facilit\w+|convoys?|staff)\b"
                                 r"[^.]{0,80}\b(?:attack\w*|killed|struck|hit|looted|detained)\b"
                                 r"|\b(?:attack\w*|struck|hit|shell\w*)\b[^.]{0,60}\b(?:hospitals?|health\s+"
                                 r"(?:facilit\w+|cent\w+)|ambulances?|aid\s+convoys?|warehouses?)\b", re.I)),
    ("killed", re.compile(r"\b(?:killed|deaths?|died|dead|fatalit\w+)\b", re.I)),
    ("injured", re.compile(r"\b(?:injur\w+|wounded|casualt\w+)\b", re.I)),
    ("attack", re.compile(r"\b(?:attack\w*|air\s?strikes?|strikes?|struck|shell\w*|bombard\w*|drones?|fighting"
                          r"|offensive|operations?\s+(?:carried\s+out\s+)?by|military\s+operations?|bombing|gunfire"
                          r"|shooting|violence|insecurity|armed\s+groups?"
                          r"|clash\w*|hostilities|incursions?|raids?|artillery)\b", re.I)),
    ("damage", re.compile(r"\b(?:damag\w*|destroy\w*|destruction|demoli\w+|burn(?:ed|t)|bulldoz\w+|looted)\b", re.I)),
    ("evacuation", re.compile(r"\bevacuat\w+", re.I)),
    ("displacement", re.compile(r"\b(?:displac\w+|fled|flee\w*|arriv\w+|movements?|influx)\b", re.I)),
    ("return", re.compile(r"\breturn\w*\b", re.I)),
    ("access_denied", re.compile(r"\baccess\b[^.]{0,40}\b(?:denied|restricted|impeded|blocked|constrained)\b"
                                 r"|\b(?:denied|restricted|impeded|blocked)\s+access\b|\bbesieged\b", re.I)),
]  # fmt: skip

# Place names: capitalised words, hyphenated parts may be lower-case or carry digits (Moora-gaab,
# Waaga-Baryay2); Arabic articles and particles may join words (Dar As Salam, Deir al-Balah).
_WORD = r"(?:(?:al|el|ad|ar|as|an|ash|at|az)-)?[A-ZÀ-ÖØ-Þ][\w’'`]*(?:-[\w’'`]+)*"
_JOINER = r"(?:al|el|as|ad|ar|an|ash|at|az|de|du|des|la|le|les|bin|ibn|um|wa)"
_NAME = re.compile(rf"(?<![\w’'`-]){_WORD}(?:\s(?:{_JOINER}[\s-])?{_WORD}){{0,3}}(?![\w’'`])")
_LEADING_STOP = {"in", "on", "at", "the", "from", "to", "of", "and", "since", "between", "during", "after", "as",
                 "by", "for", "with", "while", "despite", "following", "across", "within", "near", "outside",
                 "some", "about", "over", "nearly", "approximately", "another", "further", "both"}  # fmt: skip
_NOT_PLACE = {
    "highlights", "situation", "overview", "background", "update", "updates", "report", "key", "points",
    "attachments", "download", "source", "country", "photo", "january", "february", "march", "april", "may",
    "june", "july", "august", "september", "october", "november", "december", "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday", "sunday", "israeli", "palestinian", "palestinians", "sudanese", "congolese",
    "syrian", "yemeni", "somali", "haitian", "ukrainian", "russian", "humanitarian", "civilians", "children",
    "women", "people", "partners", "authorities", "forces", "government", "ministry", "health", "security",
    "operational", "protection", "response", "cluster", "clusters", "coordinator", "camp", "camps", "site",
    "sites", "darfur", "kordofan", "middle", "area", "east", "west", "north", "south", "central", "southern",
    "northern", "eastern", "western", "upper", "lower", "greater", "un", "eu", "preliminary", "estimates",
    "nearly", "more", "most", "many", "several", "all", "other", "these", "this", "those", "there", "they",
    "we", "it", "he", "she", "his", "her", "their", "our", "total", "additionally", "meanwhile", "however",
    "furthermore", "moreover", "also", "according", "phase", "ipc", "famine", "cholera", "eid", "ramadan",
    "christmas", "hostilities", "day", "days", "flash", "sitrep", "number", "table", "figure", "map",
    "annex", "note", "read", "share", "click", "please", "reklama", "latest", "developments", "reporting",
    "period", "since", "red", "crescent", "cross", "world", "bank", "international", "national", "local",
    "mission", "council", "committee", "agency", "programme", "program", "fund", "office", "team", "teams",
    "emergency", "relief", "rapid", "support", "army", "armed", "military", "police", "militia", "militias",
    "group", "groups", "party", "movement", "front", "coalition", "alliance", "tatmadaw", "hamas", "hezbollah",
    "houthis", "al-shabaab", "shabaab", "islamic", "state", "gaza", "strip", "hospital", "school", "schools",
    "university", "centre", "center", "training", "road", "highway", "axis", "border", "crossing", "river",
    "lake", "valley", "mountains", "airport", "port", "sea", "ocean", "city", "town", "village", "villages",
    "mondays", "tuesdays", "wednesdays", "thursdays", "fridays", "saturdays", "sundays", "one", "two", "three",
    "four", "five", "six", "seven", "eight", "nine", "ten", "round", "water", "hygiene", "sanitation",
    "nutrition", "education", "food", "shelter", "livelihoods", "close", "law", "rights", "human", "thai",
    "myanmar", "sudan", "chad", "syria", "yemen", "somalia", "haiti", "ukraine", "congo", "drc", "mr", "ms",
    "dr", "mohammed", "muhammad", "ahmed", "ali", "said", "says", "following", "neighbouring",
    "republic", "democratic", "federal", "united", "kingdom", "nations", "arab", "occupied", "territory",
    "provincial", "municipal", "regional", "governmental", "communal", "departmental", "ministerial",
}  # fmt: skip
_ORG_WORD = re.compile(
    r"\b(?:Forces|Force|Council|Ministry|Party|Cluster|Programme|Program|Organi[sz]ation|Agency|Hospital|Centre"
    r"|Center|School|University|Committee|Society|Army|Brigade|Group|Movement|Coordinator|Update|Report|Office"
    r"|Fund|Mission|Commission|Commissioner|Government|Authority|Authorities|Network|Alliance|Coalition|Front"
    r"|Union|Association|Foundation|Bank|Company|Corporation|Institute|Crescent|Cross|Matrix|Tracking|Plan"
    r"|Appeal|Assessment|Response|Services|Service|Police|Court|Clinic|Airport|Crossing|Road|Highway|River"
    r"|Conference|Summit|Day|Week|Agreement|Resolution|Operation|Overview|Highlights|Points|Situation"
    r"|Developments|Statement|Brief|Briefing|Dashboard|Snapshot)\b"
)
# Words after a name that make it a place ("Djugu territory", "Kawkareik Township", "Zamzam camp").
_PLACE_SUFFIX = re.compile(
    r"\s(?P<word>(?:refugee\s+|IDP\s+|displacement\s+|displaced\s+persons\s+|transit\s+)?(?:camps?|sites?)"
    r"|[Tt]ownships?|[Tt]erritor(?:y|ies)|[Dd]istricts?|[Ll]ocalit(?:y|ies)|[Vv]illages?|[Tt]owns?"
    r"|[Ss]ub-?districts?|[Cc]ommunes?|[Ss]ettlements?|[Nn]eighbou?rhoods?|[Mm]unicipalit(?:y|ies)"
    r"|[Rr]aions?|[Hh]romadas?|[Cc]amps?|[Ss]ites?|[Ss]ub-?counties)\b",
)
_CITY_SUFFIX = re.compile(r"\s[Cc]ity\b")
# Words after a name that make it a region ("North Darfur State", "Ituri province").
_REGION_SUFFIX = re.compile(
    r"\s(?:[Ss]tates?|[Pp]rovinces?|[Rr]egions?|[Gg]overnorates?|[Dd]epartments?|[Dd]ivisions?|[Oo]blasts?"
    r"|[Cc]ounties|[Cc]ounty)\b"
)
_CUE_BEFORE = re.compile(
    r"(?:\b(?:in|at|near|from|to|towards?|around|into|via|outside|inside|within|reach(?:ed|ing)?|entered|neighbouring"
    r"|(?:attack|strike|raid|assault|airstrike|shelling)s?\s+(?:on|against)"
    r"|arriv\w+\s+(?:in|at)|fled\s+(?:to|from)|returned\s+to|(?:localit(?:y|ies)|villages?|towns?|cities|city"
    r"|areas?|parts?|regions?|sites?|camps?|settlements?|communit(?:y|ies)|outskirts|vicinity|neighbou?rhoods?|districts?"
    r"|territor(?:y|ies)|townships?)\s+of|includ(?:e|es|ing)|such\s+as|notably|especially|between)"
    r"(?:\s+the)?(?:\s+(?:north|south|east|west|central|north-?east|north-?west|south-?east|south-?west)(?:ern)?)?"
    r"\s+$|\(\s*$|\)\s*(?:--|[–—:])\s*$)",
    re.I,
)
_LIST_GAP = re.compile(
    r"^(?:\s?\([^()\n]{0,80}\))?(?:\s(?:refugee\s+|IDP\s+)?(?:camps?|sites?|districts?|distict|localit(?:y|ies)|towns?"
    r"|villages?|townships?|territor(?:y|ies)))?(?:\s?,\s?(?:and\s|or\s)?|\s(?:and|or|as\swell\sas)\s)(?:the\s)?$"
)
_REGION_GAP = re.compile(
    r"^(?:\s+(?:refugee\s+|IDP\s+|displacement\s+)?(?:camps?|sites?|localit(?:y|ies)|towns?|villages?|townships?"
    r"|territor(?:y|ies)|districts?))?(?:\s*,\s*(?:in\s+(?:the\s+)?)?|\s+in\s+(?:the\s+)?|\s*\(\s*(?:in\s+)?(?:the\s+)?"
    r"|\s+areas?\s+of\s+(?:the\s+)?"
    r"|\s*,\s*(?:(?:two|three|four|five|several|both|all)\s+)?(?:areas?|localit(?:y|ies)|towns?|villages?|districts?"
    r"|localities|communities)\s+in\s+(?:the\s+)?)"
    r"(?:[A-Z][\w]+[’']s\s+)?$"
)
_FACILITY_AFTER = re.compile(
    r"\s(?:hospital|school|clinic|university|mosque|church|bakery|market|warehouse|office|bridge|road|crossing"
    r"|checkpoint|border|airport|dam|river|shelter|health\s+cent(?:re|er)|water\s+station|station|plant)s?\b",
    re.I,
)
_TOWN_NAMED_REGIONS = {"PS"}
_ARTICLE_WORDS = {"at", "as", "an", "on"}
_SOFT = frozenset(
    {"east", "west", "north", "south", "central", "upper", "lower", "middle", "greater", "city", "town", "southern",
     "northern", "eastern", "western", "gaza", "camp", "village", "al", "el"}
)  # fmt: skip
_PAIR = re.compile(r"^([A-Z][a-z]{3,})-([A-Z][a-z]{3,})$")
_PAIR_AFTER = re.compile(r"\s(?:region|area|axis|road|corridor|sector|zone)\b", re.I)
_CONTAINER_GAP = re.compile(r"^\s+in\s+(?:the\s+)?$")
_CONTAINER_AFTER = re.compile(
    r"\s(?:districts?|distict|territor(?:y|ies)|townships?|localit(?:y|ies)|municipalit(?:y|ies))\b", re.I
)
_AREA_BEFORE = re.compile(
    r"\b(?:across|throughout|all\s+of|parts\s+of|(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?|central)\s+$",
    re.I,
)
# A name written as the region of the place just before it: "Sa'ir (Hebron)", "Masafer Yatta area of Hebron".
_CONTAINER_BEFORE = re.compile(r"(?:[\w’'`]\s?\(\s?|\b[A-Z][\w’'`-]+\s(?:area|areas)\sof\s)$")
_COUNTED_DISTRICT = re.compile(r"^\s?\(\s?\d[^()\n]{0,30}\)\s(?:sub-?)?districts?\b", re.I)
# "Al Hodeidah (152 HH) – Hays (137 HH), Al Khukhah (15 HH) districts": a line heading its districts.
_HEADS_DISTRICTS = re.compile(
    r"^[ \t•*-]*(?P<name>(?:[A-Z][\w’'-]*\s){0,2}[A-Z][\w’'-]*)\s?\([^()\n]{1,30}\)\s?[–—:-]\s[^\n]*?\bdistricts?\b",
    re.M,
)
# A list of names a verb of attack or capture closes: "Bukombo and Birambizo were taken by M23".
_LIST_THEN_VERB = re.compile(
    r"(?:(?:\s?,\s?(?:and\s)?|\s(?:and|or)\s)[A-Z][\w’'-]+(?:\s[A-Z][\w’'-]+)?){0,8}"
    r"\s(?:were|was|have\sbeen|has\sbeen|had\sbeen)\s(?:\w+\s)?(?:taken|captured|seized|attacked|shelled|struck"
    r"|bombed|occupied|overrun|besieged|looted|burned|burnt|raided|destroyed)\b"
)
_ACRONYM = re.compile(r"^[A-Z0-9][A-Z0-9\-]+$")
_COUNTRY_AFTER = re.compile(r"^(?:,\s*|\s+in\s+(?:the\s+)?)(?P<name>[A-Z][\w ]{2,40}?)\b")


def detect(text: str) -> float:
    """How sure we are that text is a humanitarian report (0 to 1)."""
    head = text[:20000]
    folded = fold(head)
    cues = sum(1 for _ in _CUES.scanner.finditer(head)) if _CUES.possible(folded) else 0
    bodies = sum(1 for cue in _BODY_CUES if cue.possible(folded) and cue.scanner.search(head))
    if bodies == 0 and _MILITARY.possible(folded) and _MILITARY.scanner.search(head):
        return 0.05
    score = min(0.5, 0.08 * cues) + min(0.4, 0.2 * bodies)
    return round(min(0.9, score), 3)


def parse(text: str, *, hints: ParseHints | None = None) -> ParsedBulletin:
    """Dates, the reporting body, the country, events at places and figures of a humanitarian report."""
    prepared = common.prepare(text, hints)
    slug = _issuer(prepared)
    shared = slug in issuer_stage.ISSUER_NAMES
    result = common.new_result(NAME, VERSION, prepared, issuer_slug=slug if shared else None)
    if not shared:
        result.issuer_slug, result.issuer = slug, ISSUERS[slug]
    result.country = _country(prepared.text[prepared.body_start : prepared.body_end])
    _publication_date(result, prepared)
    if result.country == "UA":
        generic.add_sentences(result, prepared, classify=_classify, weak_cues=True)
        _ukrainian_captions(result, prepared)
    else:
        _world_sentences(result, prepared)
    _extra_figures(result, prepared)
    return result


def _ukrainian_captions(result: ParsedBulletin, prepared: common.Prepared) -> None:
    """Places in the story's own photo caption ('... evacuated from Vovchansk. 20 May 2024 Photo: ...')."""
    text = prepared.text
    for paragraph in paragraphs(text, prepared.body_start, prepared.body_end, by_line=True):
        if not prepared.in_caption(paragraph.span.start):
            continue
        for sentence in sentences(text, Span(paragraph.content_start, paragraph.span.end)):
            sentence = Span(sentence.start, _caption_end(text, sentence))
            mentions = places.spot(text, sentence, weak_cues=True)
            for item in mentions:
                result.events.append(
                    EventDraft(_action(text[sentence.start : sentence.end]), item.name, item.span, item.region, "", "",
                               sentence, paragraph.index, False, region_code=item.region_code)
                )  # fmt: skip


def _classify(chunk: str) -> tuple[str, str, str]:
    action = _action(chunk)
    return (action, *_parties(chunk, action))


# Armed actors reports name, and who they acted upon, for sentences that report violence.
_ACTORS = [
    ("Rapid Support Forces", r"Rapid\s+Support\s+Forces|\bRSF\b"),
    ("Sudanese Armed Forces", r"Sudanese\s+Armed\s+Forces|\bSAF\b"),
    ("Israeli forces", r"Israeli\s+(?:forces|military|army|airstrikes?|bombardment|ground\s+offensive)|\bIDF\b"),
    ("Israeli settlers", r"Israeli\s+settlers|\bsettlers\b"),
    ("M23", r"\bM23\b"),
    ("Armed Forces of the DRC (FARDC)", r"\bFARDC\b"),
    ("ADF", r"\bADF\b|Allied\s+Democratic\s+Forces"),
    ("CODECO", r"\bCODECO\b"),
    ("Myanmar Armed Forces", r"Myanmar\s+(?:Armed\s+Forces|military)|\bTatmadaw\b|\bMAF\b"),
    ("Arakan Army", r"Arakan\s+Army"),
    ("Russian armed forces", r"Russian\s+(?:armed\s+forces|forces|military|attacks?|strikes?|shelling)"),
    ("Houthis (Ansar Allah)", r"\bHouthis?\b|Ansar\s+Allah"),
    ("Al-Shabaab", r"\bAl[-\s]Shabaab\b"),
    ("armed gangs", r"\bgangs?\b"),
    ("armed groups", r"\barmed\s+(?:groups?|men|militias?)\b|\bmilitias?\b|\bnon-state\s+armed\s+groups?\b"),
]
_ACTOR_PATTERNS = [(name, re.compile(pattern, re.I if name.islower() else 0)) for name, pattern in _ACTORS]
_TARGETS = [
    (
        "aid workers",
        re.compile(r"\b(?:aid|humanitarian|health|relief)\s+(?:workers?|staff|personnel|convoys?)\b", re.I),
    ),
    ("displaced people", re.compile(r"\b(?:displaced|IDPs?|refugees?|camps?|displacement\s+sites?)\b", re.I)),
    ("civilians", re.compile(r"\b(?:civilians?|children|women|residents|people|families|households)\b", re.I)),
]
_VIOLENT = {"attack", "attack_on_aid", "killed", "injured", "damage"}


def _parties(chunk: str, action: str) -> tuple[str, str]:
    """Who acted and who was acted upon, for a sentence that reports violence ('' when unsaid)."""
    if action not in _VIOLENT:
        return "", ""
    found = [(m.start(), name) for name, pattern in _ACTOR_PATTERNS if (m := pattern.search(chunk))]
    actor = min(found)[1] if found else ""
    if action == "attack_on_aid":
        return actor, "aid workers"
    target = next((name for name, pattern in _TARGETS if pattern.search(chunk)), "")
    return actor, target


def _action(chunk: str) -> str:
    return next((name for name, pattern in _ACTIONS if pattern.search(chunk)), "mentioned")


# Issuer ---------------------------------------------------------------------------------------


def _issuer(prepared: common.Prepared) -> str:
    """The body that issued the report: the source line, the title, then how often each is named."""
    text = prepared.text[: prepared.body_end]
    try:
        domain = (urlsplit(prepared.hints.url).hostname or "").lower().removeprefix("www.")
    except ValueError:
        domain = ""
    for known, slug in _DOMAINS.items():
        if domain == known or domain.endswith("." + known):
            return slug
    scores: dict[str, float] = {}
    for match in _SOURCE_LINE.finditer(text, 0, min(len(text), 1500)):
        for slug, pattern in _BODY.items():
            if pattern.search(match.group("who")):
                scores[slug] = scores.get(slug, 0.0) + 6.0
    text = _CREDIT_LINE.sub(lambda m: " " * len(m.group(0)), text)
    for match in _ISSUED_BY.finditer(text, 0, min(len(text), 3000)):
        for slug, pattern in _BODY.items():
            if pattern.search(match.group("who")):
                scores[slug] = scores.get(slug, 0.0) + 6.0
    text = _CITED.sub(lambda m: " " * len(m.group(0)), text)  # "according to UNHCR": a source, not the issuer
    head = text[:_HEAD]
    for slug, pattern in _BODY.items():
        hits = pattern.findall(text)
        if not hits:
            continue
        first = pattern.search(head)
        scores[slug] = (
            scores.get(slug, 0.0) + 1.0 + math.log(len(hits)) + (3.0 - 2.0 * first.start() / _HEAD if first else 0.0)
        )
    # OCHA's report formats ("Humanitarian Update", "Flash Update", "Situation Report") when the
    # title names no other body.
    title = next((line for line in text[prepared.body_start :].splitlines() if line.strip()), "")
    style = sum(weight for pattern, weight in _OCHA_STYLE if pattern.search(text, 0, 20000))
    if style >= 1.0 and not any(pattern.search(title) for pattern in _BODY.values()):
        scores["ocha"] = scores.get("ocha", 0.0) + (2.5 if _OCHA_TITLE.search(title) else 1.0)
    if not scores:
        return prepared.issuer.slug if prepared.issuer.slug in ISSUERS else "unknown"
    ranked = sorted(scores.items(), key=lambda item: -item[1])[:2]
    if len(ranked) > 1 and ranked[0][1] < 1.2 * ranked[1][1]:
        return "unknown"
    return ranked[0][0]


_CITED = re.compile(
    rf"\b[Aa]ccording\s+to\s+(?:the\s+)?(?:[\w’'-]+\s+){{0,8}}?(?:{'|'.join(_BODY_NAMES.values())})"
    r"(?:\s+[A-Z][\w-]*){0,4}(?:\s*\([^()\n]{1,20}\))?"
    rf"|\bthe\s+(?:{'|'.join(_BODY_NAMES.values())})(?:\s*\([A-Z]+\))?\s+(?:estimated|estimates|reported|reports|recorded"
    r"|records|said|says|noted|notes|announced|warned)\b"
)
_OCHA_TITLE = re.compile(
    r"\b(?:Humanitarian\s+(?:Situation\s+)?Update|Flash\s+Update|Situation\s+Report|Humanitarian\s+Impact"
    r"|Humanitarian\s+(?:Snapshot|Bulletin|Dashboard)"
    r"|emergency\s+overview\s+map)\b",
    re.I,
)
_OCHA_STYLE = [
    (_OCHA_TITLE, 1.0),
    (re.compile(r"\b(?:Flash\s+Update|Situation\s+Report|Situation\s+Update|emergency\s+overview\s+map)\b", re.I), 1.0),
    (re.compile(r"\bHumanitarian\s+Coordinator\b"), 0.5),
    (re.compile(r"\b(?:humanitarian\s+(?:partners|organi[sz]ations)|Humanitarians)\b", re.I), 0.5),
    (re.compile(r"^\s*HIGHLIGHTS\b", re.M), 0.5),
]


# Country --------------------------------------------------------------------------------------

_UKRAINE = re.compile(r"\b(?:Ukraine|oblast|Oblast|Kyiv|Kharkiv|Donetsk|Luhansk|Lugansk|Zaporizhzhia|Kherson|Odesa)\b")


def _country(body: str) -> str:
    """The country a report is about: the one whose names (country, regions) it uses most."""
    votes: dict[str, float] = {}
    for alias, code in countries.ALIASES.items():
        pattern = re.compile(rf"(?<![\w-]){re.escape(alias)}(?![\w-])", re.I)
        for match in pattern.finditer(body):
            votes[code] = votes.get(code, 0.0) + (3.0 if match.start() < _HEAD else 1.0)
    votes["UA"] = votes.get("UA", 0.0) + 0.5 * len(_UKRAINE.findall(body))
    _gazetteer_votes(body, votes)
    for code in world_regions.curated_countries():
        for region in world_regions.regions_of(code):
            for name in {region.name, *region.variants}:
                if len(name) > 4:
                    hits = len(re.findall(rf"(?<![\w-]){re.escape(name)}(?![\w-])", body))
                    votes[code] = votes.get(code, 0.0) + min(hits, 5)
    best = max(votes, key=lambda code: votes[code]) if votes else ""
    return best if best and votes[best] > 0 else ""


def _gazetteer_votes(body: str, votes: dict[str, float]) -> None:
    """Each distinct capitalised name a country's gazetteer knows is a small vote for that country."""
    gazetteer = world.load()
    names = {m.group(0) for m in _NAME.finditer(body[:20000])}
    for name in names:
        for code in gazetteer.countries():
            if gazetteer.exact(name, country=code):
                votes[code] = votes.get(code, 0.0) + 0.5


# Dates ----------------------------------------------------------------------------------------

_DATE_LINE = re.compile(
    r"^[ \t]*(?:(?:Published|Issued|Date|Posted)(?:\s+on)?:?\s*)?(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    r"(?P<date>[^\n]{6,30}?)[ \t]*$",
    re.I | re.M,
)
_DATELINE = re.compile(r"^[ \t]*[A-Z][A-Z .,/'’-]{2,60}[ ,]*\(?(?P<date>[^()\n–—]{6,30}?)\)?\s*[–—-]\s", re.M)


def _publication_date(result: ParsedBulletin, prepared: common.Prepared) -> None:
    """The issue date: the operator's or the source's, else a date line or a press dateline; never a
    date the text gives for an event, a photo, a data window or the start of a range."""
    known = prepared.hints.known_date
    stated = _stated_date(prepared)
    published = known if isinstance(known, date) else stated
    if published != result.published_on:
        if result.published_on is not None and published is None:
            result.notes.append(
                f"{result.published_on.isoformat()} is not stated as the issue date (an event, photo or data"
                " date): publication date left unknown."
            )
        result.published_on = published
        result.date_precision = "day"
    if result.as_of is not None and result.as_of != published and not _as_of_stated(prepared, result.as_of):
        result.as_of = published


def _title_date(prepared: common.Prepared) -> date | None:
    """A title that ends with one date: 'OCHA Flash Update No. 3, 12 March 2025', '... (23 February 2017)'."""
    body = prepared.text[prepared.body_start : prepared.body_end]
    offset = prepared.body_start
    lines: list[tuple[int, str]] = []
    for line in body.splitlines(keepends=True):
        if line.strip() and not prepared.in_caption(offset) and not _CAPTION_WORDS.search(line):
            lines.append((offset, line.rstrip("\n")))
        offset += len(line)
    for _, line in lines[:4]:
        found = dates_stage.find_dates(line)
        if len(found) != 1:
            continue
        tail = re.sub(r"\[[A-Z/ ]{2,12}\]", "", line[found[0].span.end :]).strip(" )")
        before = line[: found[0].span.start]
        if not tail and re.search(r"(?:,|\s[-–—|]|\(|:)\s*$", before) and not _NOT_ISSUE.search(before):
            return found[0].value
    return None


_NOT_ISSUE = re.compile(
    r"\b(?:as\s+(?:of|at)|since|from|until|to|between|period|covered|updated)\W*$"
    r"|\b\d{1,2}(?:\s+[A-Za-z]{3,9})?\s*[-–—]\s*$",  # the end of a range: '31 August - 02 September 2023'
    re.I,
)
_CAPTION_WORDS = re.compile(r"\b(?:Photo|Photograph|Credit)\b|©", re.I)


def _stated_date(prepared: common.Prepared) -> date | None:
    titled = _title_date(prepared)
    if titled is not None:
        return titled
    head_end = min(prepared.body_end, prepared.body_start + 1500)
    head = prepared.text[:head_end]
    for pattern in (_DATE_LINE, _DATELINE):
        for match in pattern.finditer(head, prepared.body_start):
            if prepared.in_caption(match.start()):
                continue
            lines_before = [line for line in head[: match.start()].splitlines() if line.strip()]
            previous = lines_before[-1] if lines_before else ""
            following = head[match.end() : match.end() + 40].strip().split("\n")[0]
            if re.search(r"(?:period|covered|from|to|between|until|reporting)\W*$", previous, re.I) or (
                pattern is _DATE_LINE and (dates_stage.find_dates(following) or _only_date(previous))
            ):
                continue  # one end of a period, not the issue date
            found = dates_stage.find_dates(match.group("date"))
            whole = found and found[0].span.start == 0 and found[0].span.end >= len(match.group("date").rstrip(" .,"))
            if found and whole and len(found) == 1:
                return found[0].value
    return None


def _only_date(line: str) -> bool:
    found = dates_stage.find_dates(line.strip())
    return len(found) == 1 and found[0].span.start == 0 and found[0].span.end >= len(line.strip().rstrip(" .,"))


def _as_of_stated(prepared: common.Prepared, value: date) -> bool:
    head = prepared.text[prepared.body_start : min(prepared.body_end, prepared.body_start + 3000)]
    for match in re.finditer(r"\bas\s+(?:of|at)\b", head, re.I):
        found = dates_stage.find_dates(head[match.end() : match.end() + 40])
        if found and found[0].value == value and found[0].span.start < 5:
            return True
    return False


# Places outside Ukraine -----------------------------------------------------------------------


@dataclass
class _Mention:
    name: str
    span: Span
    cue: str  # strong / list / suffix / known
    region: str = ""  # region as written for it
    region_code: str = ""  # region inferred from context
    country: str = ""
    container: str = ""  # the district or territory the text places it in ("A and B in C district")


@dataclass
class _RegionMention:
    as_written: str
    span: Span
    code: str


def _world_sentences(result: ParsedBulletin, prepared: common.Prepared) -> None:
    text, country = prepared.text, result.country
    others = _countries_named(text[prepared.body_start : prepared.body_end], country)
    current = ""  # the region the text last named: a heading or an earlier sentence
    found: list[_Mention] = []
    contained: list[tuple[int, str]] = []  # (event index, name of the district it lies in)
    explicit = _explicit_regions(text[prepared.body_start : prepared.body_end], country)
    for paragraph in budget.each(paragraphs(text, prepared.body_start, prepared.body_end, by_line=True)):
        caption = prepared.in_caption(paragraph.span.start)  # the story's own photo: its places count
        for sentence in sentences(text, Span(paragraph.content_start, paragraph.span.end)):
            if caption:
                sentence = Span(sentence.start, _caption_end(text, sentence))
            mentions, regions = _spot(
                text, sentence, country, others, stop_at=prepared.completeness.cut_at, explicit=explicit
            )
            _attach(text, mentions, regions, current, country)
            if regions:
                current = regions[-1].code
            chunk = text[sentence.start : sentence.end]
            action = _action(chunk)
            if action == "mentioned":  # a dateline or a heading: only names a cue introduces
                mentions = [m for m in mentions if m.cue != "known"]
            actor, target = _parties(chunk, action)
            event_date, precision = dates_stage.date_in_span(text, sentence, result.published_on)
            for item in mentions:
                found.append(item)
                if item.container:
                    contained.append((len(result.events), item.container))
                result.events.append(
                    EventDraft(action, item.name, item.span, item.region, "", "", sentence, paragraph.index, False,
                               neighbours=tuple((o.name, o.region) for o in mentions if o is not item),
                               actor=actor, target_actor=target, event_date=event_date, date_precision=precision,
                               country=item.country, region_code=item.region_code)
                )  # fmt: skip
            if caption:
                continue  # a caption's numbers and dates are the photo's
            for count in figures.find_counts(text, sentence.start, sentence.end):
                result.figures.append(figures.to_draft(count, quote=sentence, scope="bulletin"))
    _same_name_same_region(result.events, country)
    _contained_regions(result.events, contained, country)
    _fallback_region(result.events, country)


def _contained_regions(events: list[EventDraft], contained: list[tuple[int, str]], country: str) -> None:
    """'A and B in C district': A and B lie in C's region, wherever the text gives C one."""
    for index, container in contained:
        event = events[index]
        if event.region_as_written:
            continue
        for other in events:
            if other.place_as_written != container:
                continue
            where = other.country or country
            written = world_regions.resolve(other.region_as_written, country=where) if other.region_as_written else None
            place = world.resolve(container, country=where).place
            code = written.code if written else (place.region_code if place else other.region_code)
            if code:
                event.region_code = code
                break


def _fallback_region(events: list[EventDraft], country: str) -> None:
    """Unknown names with no region in reach take the region the report is mostly about."""
    codes = [e.region_code for e in events if e.region_code]
    for event in events:
        if event.region_as_written:
            where = event.country or country
            found = world_regions.resolve(event.region_as_written, country=where) if where else None
            codes += [found.code] if found else []
        else:
            place = world.resolve(event.place_as_written, country=event.country or country).place
            codes += [place.region_code] if place else []
    if not codes:
        return
    common_code = max(set(codes), key=codes.count)
    for event in events:
        if not event.region_as_written and not event.region_code:
            event.region_code = common_code


def _explicit_regions(body: str, country: str) -> frozenset[str]:
    """Regions the report names with a region word ('Marib governorate', 'Marib and Al Jawf governorates')."""
    codes: set[str] = set()
    if not country:
        return frozenset()
    for match in re.finditer(
        r"((?:[A-Z][\w’'-]*\s){1,3}?)(?:and\s((?:[A-Z][\w’'-]*\s){1,3}))?(?:[Gg]overnorates?|[Ss]tates?|[Pp]rovinces?|[Rr]egions?)\b",
        body,
    ):
        for group in match.groups():
            found = world_regions.resolve(group.strip(), country=country) if group else None
            if found is not None:
                codes.add(found.code)
    # "across Idleb and western Aleppo": a region the report speaks of a part of is a region all through it.
    for match in re.finditer(
        r"(?<![\w-])(?:[Aa]cross|[Tt]hroughout)\s+(?P<name>[A-Z][\w’'-]+(?:\s[A-Z][\w’'-]+)?)", body
    ):
        found = world_regions.resolve(match.group("name"), country=country)
        if found is not None:
            codes.add(found.code)
    for match in _HEADS_DISTRICTS.finditer(body):
        found = world_regions.resolve(match.group("name"), country=country)
        if found is not None:
            codes.add(found.code)
    return frozenset(codes)


def _caption_end(text: str, sentence: Span) -> int:
    """Where a caption sentence's description ends: before its credit ('Photo by ...', a date)."""
    credit = re.search(r"\.?\s*(?:Photo|Photograph|Credit)\b|©", text[sentence.start : sentence.end])
    return sentence.start + credit.start() if credit else sentence.end


def _countries_named(body: str, country: str) -> tuple[str, ...]:
    """Other covered countries the report names, where some of its places may lie."""
    named = []
    for alias, code in countries.ALIASES.items():
        if code != country and code in world.load().countries() and re.search(rf"\b{re.escape(alias)}\b", body, re.I):
            named.append(code)
    return tuple(dict.fromkeys(named))


def _same_name_same_region(events: list[EventDraft], country: str) -> None:
    """A name the text gives a region once keeps that region where it is written alone."""
    written: dict[str, str] = {}
    for event in events:
        if event.region_as_written and event.place_as_written not in written:
            where = event.country or country
            region = world_regions.resolve(event.region_as_written, country=where) if where else None
            if region is not None:
                written[event.place_as_written] = region.code
    first: dict[str, str] = {}
    for event in events:
        if event.region_as_written or not event.region_code:
            continue
        first.setdefault(event.place_as_written, event.region_code)
    for event in events:
        if event.region_as_written:
            continue
        if event.place_as_written in written:
            event.region_code = written[event.place_as_written]
        elif event.place_as_written in first:  # the first mention has the context that introduces it
            event.region_code = first[event.place_as_written]


def _known(name: str, country: str, others: tuple[str, ...]) -> str:
    """The country whose gazetteer knows this name: the report's own first, else one it names."""
    for code in (country, *others):
        if code and world.resolve(name, country=code).candidates:
            return code
    return ""


def _spot(
    text: str,
    sentence: Span,
    country: str,
    others: tuple[str, ...],
    *,
    stop_at: int | None,
    explicit: frozenset[str] = frozenset(),
) -> tuple[list[_Mention], list[_RegionMention]]:
    """Place and region mentions of one sentence, in order."""
    end = min(sentence.end, stop_at) if stop_at is not None else sentence.end
    mentions: list[_Mention] = []
    regions: list[_RegionMention] = []
    previous_end = -1
    for match in _NAME.finditer(text, sentence.start, end):
        if previous_end >= 0 and re.match(r"^\s?\(\s*\d[^()\n]*$", text[previous_end : match.start()]):
            continue  # a count in parentheses after a place: "Hays (18 HHs)"
        opens = not text[sentence.start : match.start()].strip(' \t•-–—*·"“(')
        name, start = _trim(match.group(0), match.start(), opens_sentence=opens)
        if not name:
            continue
        stop = start + len(name)
        if stop == end and stop_at is not None and stop >= stop_at:
            continue  # a cut-off word is never a place
        name, stop, suffix_word = _split_suffix(name, start, stop)
        city_in_run = re.match(r"(.+)\s[Cc]ity$", name)
        after = text[stop : stop + 40]
        city = _CITY_SUFFIX.match(after)
        if city and _as_region(
            name, "", country, before=text[max(sentence.start, start - 60) : start], explicit=explicit
        ):
            # "Gaza city", "Marib city": the bare name would be the region, so the city word stays.
            name, stop = f"{name}{city.group(0)}", stop + city.end()
            after = text[stop : stop + 40]
        before = text[max(sentence.start, start - 60) : start]
        region = None if city else _as_region(name, after, country, suffix_word, before=before, explicit=explicit)
        if region is not None:
            suffix = _REGION_SUFFIX.match(after)
            region_end = stop + (suffix.end() if suffix else 0)
            regions.append(_RegionMention(text[start:region_end], Span(start, region_end), region))
            previous_end = region_end  # "... in Bay Region and Buulo-Warbo, ...": the list goes on
            continue
        if suffix_word == "region" or _FACILITY_AFTER.match(after):
            previous_end = -1
            continue
        bare = name[: -len(city.group(0))] if city else (city_in_run.group(1) if city_in_run else name)
        home = _known(bare, country, others)
        if not _could_be_place(name, known=bool(home)) or (not home and places.in_headline(text, Span(start, stop))):
            previous_end = -1
            continue
        if previous_end >= 0 and _LIST_GAP.match(text[previous_end:start]):
            cue = "list"
        elif suffix_word == "place" or _PLACE_SUFFIX.match(after) or (_PAIR.match(name) and _PAIR_AFTER.match(after)):
            cue = "suffix"  # "Demoso Township", "the Sake-Kirolirwe axis"
        elif _LIST_THEN_VERB.match(text, stop, min(len(text), stop + 200)):
            cue = "strong"  # "Bukombo and Birambizo were taken by M23"
        elif _CUE_BEFORE.search(before):
            cue = "strong"
        elif home:
            cue = "known"
        else:
            previous_end = -1
            continue
        if countries.resolve(name, codes=False) is not None or (not home and _is_person(before, after)):
            previous_end = -1
            continue
        elsewhere = _COUNTRY_AFTER.match(text, stop, min(len(text), stop + 45))
        other = countries.resolve(elsewhere.group("name"), codes=False) if elsewhere else None
        where = other if other and other != country else (home if home and home != country else "")
        pair = _PAIR.match(name)
        if pair and _PAIR_AFTER.match(after):  # "the Rangira-Rwanguba region": two localities
            first_end = start + len(pair.group(1))
            mentions.append(_Mention(pair.group(1), Span(start, first_end), cue, country=where))
            mentions.append(_Mention(pair.group(2), Span(first_end + 1, stop), "list", country=where))
        else:
            mentions.append(_Mention(name, Span(start, stop), cue, country=where))
        previous_end = stop
        if len(mentions) >= budget.MAX_LIST_ITEMS:
            break
    mentions = _regions_by_list_mates(text, mentions, regions, country)
    return _drop_region_lists(text, mentions, regions), regions


def _regions_by_list_mates(
    text: str, mentions: list[_Mention], regions: list[_RegionMention], country: str
) -> list[_Mention]:
    """'originated from Marib and Dhamar' with Marib a region here: Dhamar, a region's name too, is one."""
    if not country or not regions:
        return mentions
    kept = []
    for item in mentions:
        mates = [
            r for r in regions
            if (r.span.end <= item.span.start and _LIST_GAP.match(text[r.span.end : item.span.start]))
            or (item.span.end <= r.span.start and _LIST_GAP.match(text[item.span.end : r.span.start]))
        ]  # fmt: skip
        found = world_regions.resolve(item.name, country=country) if mates else None
        if found is not None and not item.region:
            regions.append(_RegionMention(item.name, item.span, found.code))
            continue
        kept.append(item)
    regions.sort(key=lambda r: r.span.start)
    return kept


_SUFFIX_WORDS = {
    "township": "place", "townships": "place", "territory": "place", "territories": "place", "district": "place",
    "districts": "place", "locality": "place", "localities": "place", "camp": "place", "camps": "place",
    "village": "place", "villages": "place", "town": "place", "site": "place", "sites": "place",
    "province": "region", "state": "region", "region": "region", "governorate": "region", "oblast": "region",
    "department": "region", "division": "region",
}  # fmt: skip


def _split_suffix(name: str, start: int, stop: int) -> tuple[str, int, str]:
    """'Demoso Township' -> ('Demoso', 'place'); 'Tak Province' -> ('Tak', 'region')."""
    words = name.split(" ")
    if len(words) > 1 and words[-1].lower() in _SUFFIX_WORDS:
        kind = _SUFFIX_WORDS[words[-1].lower()]
        trimmed = " ".join(words[:-1])
        if words[-2].lower() in ("refugee", "idp", "displacement"):
            trimmed = " ".join(words[:-2])
        return trimmed, start + len(trimmed), kind
    return name, stop, ""


def _drop_region_lists(text: str, mentions: list[_Mention], regions: list[_RegionMention]) -> list[_Mention]:
    """'Nablus and Jenin governorates': names a plural region word closes are regions."""
    dropped: set[int] = set()
    for region in regions:
        if not re.search(r"(?:[Gg]overnorates|[Ss]tates|[Pp]rovinces|[Rr]egions|[Oo]blasts)$", region.as_written):
            continue
        last = max((i for i, m in enumerate(mentions) if m.span.end <= region.span.start), default=-1)
        if last >= 0 and _LIST_GAP.match(text[mentions[last].span.end : region.span.start]):
            members = [last]
            while members[0] > 0 and _LIST_GAP.match(
                text[mentions[members[0] - 1].span.end : mentions[members[0]].span.start]
            ):
                members.insert(0, members[0] - 1)
            dropped.update(members)
    for index, item in enumerate(mentions):
        if not re.match(r"\s(?:[Gg]overnorates|[Ss]tates|[Pp]rovinces|[Rr]egions|[Oo]blasts)\b", text[item.span.end :]):
            continue
        members = [index]
        while members[0] > 0 and _LIST_GAP.match(
            text[mentions[members[0] - 1].span.end : mentions[members[0]].span.start]
        ):
            members.insert(0, members[0] - 1)
        dropped.update(members)
    return [m for i, m in enumerate(mentions) if i not in dropped]


_PERSON_BEFORE = re.compile(
    r"(?:\b(?:said|says|told|by|to|from|with|spokesperson|spokesman|spokeswoman|Representative|Coordinator|Director"
    r"|Minister|President|Chief|Head|Commissioner|Envoy|Secretary-General|Dr|Mr|Mrs|Ms|Sheikh|General)\.?,?\s+$)"
)
_PERSON_AFTER = re.compile(
    r"^,\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+['’]?s?\s+){0,4}(?:Representative|spokesperson|spokesman|"
    r"Coordinator|Director|Minister|President|Chief|Head|Commissioner|Envoy|Secretary|official|head|representative)"
    r"|^\s+said\b|^\s+told\b"
)


def _is_person(before: str, after: str) -> bool:
    """'said Laurent Corbaz', 'Edouard Beigbeder, UNICEF Representative': a person, not a place."""
    if _PERSON_AFTER.match(after):
        return True
    if re.search(r"\baccording\s+to\s+$", before, re.I):
        return True
    return bool(_PERSON_BEFORE.search(before)) and not re.search(r"\b(?:from|to)\s+$", before)


def _trim(name: str, start: int, *, opens_sentence: bool = True) -> tuple[str, int]:
    """Drop leading function words ('In Kayin State' -> 'Kayin State') and a possessive.

    Inside a sentence a capitalised 'At', 'As', 'An' is an Arabic article ('At Tuhayta'), not a
    preposition, so only a sentence's first word is dropped that way.
    """
    words = name.split(" ")
    while words and (
        (words[0].lower() in _LEADING_STOP and (opens_sentence or words[0].lower() not in _ARTICLE_WORDS))
        or (len(words) > 1 and "-" in words[0] and _is_acronym(words[0].split("-")[0]))
    ):
        start += len(words[0]) + 1
        words = words[1:]
    name = " ".join(words)
    inner = re.match(r"(.+?[’']s\s)(.+)$", name)
    if inner:  # "Sudan's al-Jazira" -> "al-Jazira"
        start += len(inner.group(1))
        name = inner.group(2)
    possessive = re.match(r"(.+?)[’']s$", name)
    return (possessive.group(1) if possessive else name), start


def _as_region(
    name: str,
    after: str,
    country: str,
    suffix_word: str = "",
    *,
    before: str = "",
    explicit: frozenset[str] = frozenset(),
) -> str | None:
    """The region code a name stands for here, or None when it is (also) a place."""
    if suffix_word == "region":
        found = world_regions.resolve(name, country=country) if country else None
        found = found or world_regions.resolve_anywhere(name, world_regions.curated_countries())
        return found.code if found else None
    if suffix_word == "place":
        return None
    suffix = _REGION_SUFFIX.match(after)
    region = world_regions.resolve(name + (suffix.group(0) if suffix else ""), country=country) if country else None
    if region is None and suffix:
        region = world_regions.resolve(name, country=country) if country else None
    if region is None and suffix:
        region = world_regions.resolve_anywhere(name, world_regions.curated_countries())
    if region is None:
        return None
    if suffix or region.code in world_regions.GROUPS or _PLACE_SUFFIX.match(after):
        return region.code if not _PLACE_SUFFIX.match(after) else None
    # A region named after its capital town ("Marib", "Idleb", "Tulkarm") is the town, unless the
    # report names it as a region elsewhere ("Marib governorate") or speaks of a part of it
    # ("across Idleb", "western Aleppo"); in the occupied Palestinian territory it is the town.
    if world.resolve(name, country=country).place is None:
        return region.code
    if _COUNTED_DISTRICT.match(after):
        return None  # "Harib (16 HH), Marib (10 HH) districts": the district of that name
    if _CONTAINER_BEFORE.search(before):
        return region.code  # "Sa'ir (Hebron)", "Masafer Yatta area of Hebron": written as a place's region
    if country in _TOWN_NAMED_REGIONS:
        return None
    return region.code if region.code in explicit or _AREA_BEFORE.search(before) else None


def _could_be_place(name: str, *, known: bool) -> bool:
    words = name.split(" ")
    if any(_is_acronym(w) or ("-" in w and _is_acronym(w.split("-")[0])) for w in words):
        return False  # "UNHCR", "M23", "UN-verified"
    if _ORG_WORD.search(name) or len(name) <= 2:
        return False
    # "East Jerusalem", "Gaza City": compass and city words are part of names the gazetteer knows.
    ignored = _SOFT if known and len(words) > 1 else frozenset()
    return not any(w.lower().strip("’'") in _NOT_PLACE - ignored for w in words)


def _is_acronym(word: str) -> bool:
    """'UNHCR', 'M23', 'MoH', 'IDPs', 'HHs': words mostly in capitals."""
    letters = [ch for ch in word if ch.isalpha()]
    capitals = sum(1 for ch in letters if ch.isupper())
    if any(ch.isdigit() for ch in word) and sum(1 for ch in letters if ch.islower()) <= 1:
        return True  # "M23", "RN2"
    return len(word) > 1 and capitals >= 2 and capitals * 2 >= len(letters)


def _known_region(mention: _Mention, country: str) -> str:
    place = world.resolve(mention.name, country=mention.country or country).place
    return place.region_code if place is not None else ""


def _listed_region(text: str, mentions: list[_Mention], index: int, country: str) -> str:
    """The region of a known place in the same list ('Arbinda and Gorgadji towns')."""
    low = high = index
    while low > 0 and _LIST_GAP.match(text[mentions[low - 1].span.end : mentions[low].span.start]):
        low -= 1
    while high + 1 < len(mentions) and _LIST_GAP.match(text[mentions[high].span.end : mentions[high + 1].span.start]):
        high += 1
    codes = {_known_region(m, country) for m in mentions[low : high + 1]} - {""}
    return codes.pop() if len(codes) == 1 else ""


def _nearest_known_region(mentions: list[_Mention], index: int, country: str) -> str:
    """The region of the nearest known place of the same sentence ('Gaga camp, east of Abéché')."""
    ranked = sorted(range(len(mentions)), key=lambda i: abs(i - index))
    return next((code for i in ranked if i != index and (code := _known_region(mentions[i], country))), "")


_OPENS_CONTAINER = re.compile(
    r"\s(?:[Tt]ownship|[Dd]istrict|[Tt]erritory|[Cc]ounty|[Ss]ub-?county|[Rr]aion|[Hh]romada|[Mm]unicipality|[Cc]ommune),"
)


def _sentence_container(text: str, mentions: list[_Mention]) -> str | None:
    """The district a sentence opens with ('In Hpakan Township, ...'), which holds the places it goes on to name."""
    if not mentions or mentions[0].region:
        return None
    first = mentions[0]
    window = max(0, first.span.start - 40)  # "In X Township," opens within a few characters of its sentence
    line_start = max(text.rfind("\n", window, first.span.start), text.rfind(". ", window, first.span.start)) + 1
    if line_start == 0 and first.span.start > 40:
        return None
    if not re.fullmatch(r"\s*In\s+(?:the\s+)?", text[line_start : first.span.start]):
        return None
    return first.name if _OPENS_CONTAINER.match(text, first.span.end) else None


def _attach(
    text: str, mentions: list[_Mention], regions: list[_RegionMention], current: str, country: str = ""
) -> None:
    """Regions by structure: 'A and B in R', 'R (A, B)', 'A (R)'; else the last region named."""
    for region in regions:
        # "Bay (A, B, C)": the names inside the parentheses right after a region are its own.
        after = text[region.span.end : region.span.end + 3]
        if after.lstrip().startswith("("):
            close = text.find(")", region.span.end)
            for item in mentions:
                if region.span.end < item.span.start < close and not item.region:
                    item.region, item.country = region.as_written, region.code.split("-")[0]
    for index, item in enumerate(mentions):
        if item.region:
            continue
        following = next((r for r in regions if r.span.start >= item.span.end), None)
        if following is None or not _REGION_GAP.match(text[item.span.end : following.span.start]):
            continue
        # The region closes this item and the list it ends.
        members = [index]
        while members[0] > 0 and _LIST_GAP.match(
            text[mentions[members[0] - 1].span.end : mentions[members[0]].span.start]
        ):
            members.insert(0, members[0] - 1)
        for member in members:
            if not mentions[member].region:
                mentions[member].region = following.as_written
                mentions[member].country = following.code.split("-")[0]
    opener = _sentence_container(text, mentions)
    if opener is not None:
        for item in mentions[1:]:
            if not item.region and not item.container:
                item.container = opener  # "In Moegaung Township, 900 people from A and B villages ..."
    for index, item in enumerate(mentions[:-1]):
        following_place = mentions[index + 1]
        if _CONTAINER_GAP.match(text[item.span.end : following_place.span.start]) and _CONTAINER_AFTER.match(
            text, following_place.span.end
        ):
            members = [index]
            while members[0] > 0 and _LIST_GAP.match(
                text[mentions[members[0] - 1].span.end : mentions[members[0]].span.start]
            ):
                members.insert(0, members[0] - 1)
            for member in members:
                mentions[member].container = following_place.name
    for index, item in enumerate(mentions):
        if item.region:
            continue
        before = [r for r in regions if r.span.end <= item.span.start]
        item.region_code = (
            _known_region(item, country)
            or _listed_region(text, mentions, index, country)
            or (before[-1].code if before else "")
            or _nearest_known_region(mentions, index, country)
            or current
        )
        if item.region_code and not item.country:
            item.country = item.region_code.split("-")[0]


# Figures the shared stage leaves out -----------------------------------------------------------

_BARE = re.compile(
    r"(?P<before>[^\n]{0,30}?)(?<![\w.,#/-])(?P<number>\d{1,3}(?:,\d{3})+|\d+)(?:\s?[-–]\s?(?P<high>\d{1,3}(?:,\d{3})+|\d+))?"
    r"(?![\w,.]\d|[\w%/])"
)
_WORD_COUNT = re.compile(
    rf"\b(?P<cue>of\s+whom|including|injured|killed|wounded|and)\s+(?P<number>{NUMBER_WORD})\s+(?P<after>others|were|of\s+them)\b",
    re.I,
)
_QUALIFIER_BEFORE = [
    (re.compile(r"\b(?:more\s+than|over|surpass\w*|exceed\w*|above)\s+$", re.I), "more than"),
    (re.compile(r"\bat\s+least\s+$", re.I), "at least"),
    (re.compile(r"\b(?:close\s+to|nearly|almost)\s+$", re.I), "nearly"),
    (re.compile(r"\bup\s+to\s+$", re.I), "up to"),
    (re.compile(r"\b(?:some|about|around|approximately|roughly|an\s+estimated|estimated)\s+$", re.I), "about"),
]
_NOT_A_COUNT = re.compile(
    r"^\s*(?:per\s?cent|percent|%|km|kilomet|metres|meters|mm|hours?|minutes?|days?|weeks?|months?|years?|"
    r"US\$|USD|dollars?|am\b|pm\b|a\.m|p\.m|January|February|March|April|May|June|July|August|September|October"
    r"|November|December|Jan\b|Feb\b|Mar\b|Apr\b|Jun\b|Jul\b|Aug\b|Sep\b|Oct\b|Nov\b|Dec\b)",
    re.I,
)
_NOT_A_COUNT_BEFORE = re.compile(
    r"(?:\$|US\$|USD\s|#|No\.\s?|[Pp]age\s|[Rr]ound\s|[Pp]hase\s|[Uu]pdate\s|[Rr]eport\s|[Dd]ays?\s|[Ss]ince\s|[Ii]n\s"
    r"|(?:January|February|March|April|May|June|July|August|September|October|November|December)\s)$"
)


_SPECIAL = re.compile(
    rf"\((?P<paren>\d{{1,3}}(?:,\d{{3}})*|{NUMBER_WORD})\)"
    r"|\b(?P<half>half\s+a\s+million)\b"
    r"|\b(?P<dozen>a\s+dozen)\b"
    r"|\bno\s+(?P<zero>individuals|people|persons|one|civilians|casualties|children)\s+(?:were|was|have\s+been|has\s+been)"
    r"\s+(?:reported\s+)?(?:killed|injured|wounded|displaced)\b",
    re.I,
)
_COORDINATED = re.compile(r"^\s*(?:were\s+|have\s+been\s+)?[a-z]+\s+and\s+$")


def _extra_figures(result: ParsedBulletin, prepared: common.Prepared) -> None:
    """Counts written without a unit or around it: 'surpass 200,000', '(215,000)', '750-800 households',
    'killed 10 Palestinians of whom three were children'."""
    text = prepared.text
    taken = [(f.span.start, f.span.end) for f in result.figures]
    for paragraph in budget.each(paragraphs(text, prepared.body_start, prepared.body_end, by_line=True)):
        if prepared.in_caption(paragraph.span.start):
            continue
        for sentence in sentences(text, Span(paragraph.content_start, paragraph.span.end)):
            for count in _bare_counts(text, sentence):
                if not any(a <= count.span.start < b or count.span.start <= a < count.span.end for a, b in taken):
                    result.figures.append(figures.to_draft(count, quote=sentence, scope="bulletin"))
                    taken.append((count.span.start, count.span.end))
    _range_ends(result, text)
    _qualify(result, text)
    _since(result, text)


_SINCE = re.compile(
    r"\b[Ss]ince\s+(?:the\s+)?(?:(?:beginning|start|onset|outbreak)\s+of\s+[^,.;()]{3,60}|full-scale\s+invasion"
    r"|\d{1,2}\s+[A-Z][a-z]+(?:\s+\d{4})?|[A-Z][a-z]+\s+\d{1,2}(?:,\s*\d{4})?|[A-Z][a-z]+\s+\d{4}|\d{4})"
)


def _since(result: ParsedBulletin, text: str) -> None:
    """A count in a sentence that counts from a date ('Since 7 October, 77 Palestinians ...') is scoped to it."""
    for figure in result.figures:
        if figure.scope != "bulletin":
            continue
        since = _SINCE.search(text, figure.quote_span.start, figure.quote_span.end)
        if since:
            figure.scope, figure.since = "since_date", since.group(0)[6:].strip()


def _range_ends(result: ParsedBulletin, text: str) -> None:
    """'250,000-300,000 people': both ends of a range are figures, with the range's qualifier."""
    for figure in list(result.figures):
        after = re.match(r"\s?[-–]\s?(\d{1,3}(?:,\d{3})+|\d+)\b", text[figure.span.start :][len(f"{figure.value:,}") :])
        written = text[figure.span.start : figure.span.start + len(f"{figure.value:,}")]
        if not after or written.replace(",", "") != str(figure.value):
            continue
        high = int(after.group(1).replace(",", ""))
        if high <= figure.value or any(f.value == high and f.quote_span == figure.quote_span for f in result.figures):
            continue
        start = figure.span.start + len(written) + after.start(1)
        qualifier = figure.qualifier if figure.qualifier != "exact" else "about"
        figure.qualifier = qualifier
        result.figures.append(
            FigureDraft(figure.category, high, qualifier, figure.unit, figure.scope,
                        Span(start, start + len(after.group(1))), figure.quote_span)
        )  # fmt: skip


def _qualify(result: ParsedBulletin, text: str) -> None:
    """A qualifier the shared reading missed ('surpass 200,000'), or one a coordination shares:
    'at least 35 civilians have been killed and 137 injured' -> at least 137."""
    ordered = sorted(result.figures, key=lambda f: f.span.start)
    for index, figure in enumerate(ordered):
        if figure.qualifier != "exact":
            continue
        before = text[max(0, figure.span.start - 30) : figure.span.start]
        found = next((q for pattern, q in _QUALIFIER_BEFORE if pattern.search(before)), "")
        if found:
            figure.qualifier = found
            continue
        previous = ordered[index - 1] if index else None
        if previous is not None and previous.quote_span == figure.quote_span and previous.qualifier != "exact":
            between = text[previous.span.end : figure.span.start]
            if _COORDINATED.match(between) or re.match(r"^\s+(?:[a-z]+\s+){0,4}and\s+$", between):
                figure.qualifier = previous.qualifier


def _bare_counts(text: str, sentence: Span) -> list[figures.Count]:
    chunk = text[sentence.start : sentence.end]
    out: list[figures.Count] = []
    for match in _BARE.finditer(chunk):
        number, high = match.group("number"), match.group("high")
        value = int(number.replace(",", ""))
        after = chunk[match.end() : match.end() + 30]
        before = chunk[max(0, match.start("number") - 30) : match.start("number")]
        if (
            _NOT_A_COUNT.match(after)
            or _NOT_A_COUNT_BEFORE.search(before)
            or dates_stage.find_dates(chunk[max(0, match.start("number") - 12) : match.end() + 12])
        ):
            continue
        if "," not in number and (1900 <= value <= 2100 or (value < 100 and not high)):
            continue  # a year, or a small number that needs its unit (the shared stage reads those)
        qualifier = next((q for pattern, q in _QUALIFIER_BEFORE if pattern.search(before)), "exact")
        unit = " ".join(after.split()[:3])
        span = Span(sentence.start + match.start("number"), sentence.start + match.end())
        category = figures.category_of(unit)
        if high:
            qualifier = "about" if qualifier == "exact" else qualifier
            high_value = int(high.replace(",", ""))
            out.append(figures.Count(value, qualifier, unit, category, span))
            out.append(figures.Count(high_value, qualifier, unit, category, span))
        else:
            out.append(figures.Count(value, qualifier, unit, category, span))
    for match in _SPECIAL.finditer(chunk):
        span = Span(sentence.start + match.start(), sentence.start + match.end())
        before = chunk[max(0, match.start() - 30) : match.start()]
        qualifier = next((q for pattern, q in _QUALIFIER_BEFORE if pattern.search(before)), "exact")
        if match.group("paren"):
            special = parse_number(match.group("paren"))
            if special is None or (1900 <= special <= 2100) or re.search(r"(?:\b[A-Z]\w*|No\.?|#)\s*$", before):
                continue  # 'Snapshot (13)', 'Update No. (3)': a number of a document, not a count
            out.append(figures.Count(special, qualifier, "", "other", span))
        elif match.group("half"):
            out.append(figures.Count(500_000, qualifier, "", "other", span))
        elif match.group("dozen"):
            out.append(figures.Count(12, "about" if qualifier == "exact" else qualifier, "", "other", span))
        else:
            what = chunk[match.start() : match.end()]
            category = "casualties_killed" if "killed" in what else "casualties_injured" if "injur" in what else "other"
            out.append(figures.Count(0, "exact", match.group("zero"), category, span))
    for match in _WORD_COUNT.finditer(chunk):
        word_value = parse_number(match.group("number"))
        if word_value is None:
            continue
        span = Span(sentence.start + match.start("number"), sentence.start + match.end("number"))
        unit = "children" if "child" in chunk[match.end() : match.end() + 20] else match.group("after")
        out.append(figures.Count(word_value, "exact", unit, figures.category_of(unit), span))
    return out
