"""Who claims a bulletin (the issuer) and who reproduced it (the reporter), from several scored cues.

No single phrase decides: each issuer has weighted cues, counted with diminishing returns and
weighed double in the head of the text. The best issuer must reach a minimum score and lead the
next one clearly; otherwise the issuer stays "unknown". A text with General Staff cues is never
attributed to the Russian Ministry of Defence.
"""

import math
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from app.bulletins.extraction.drafts import ParseHints
from app.bulletins.extraction.prefilter import Cue, fold
from app.bulletins.extraction.scan import anchored

ISSUER_NAMES = {
    "ru_mod": "Russian Ministry of Defence",
    "ua_general_staff": "General Staff of the Armed Forces of Ukraine",
    "ocha": "UN OCHA",
    "unhcr": "UNHCR",
    "unicef": "UNICEF",
    "iom": "IOM",
    "who": "WHO",
    "wfp": "WFP",
    "hrmmu": "UN Human Rights Monitoring Mission in Ukraine",
    "isw": "Institute for the Study of War",
    "ua_regional": "Ukrainian regional administration",
    "unrwa": "UNRWA",
    "icrc": "ICRC",
    "msf": "MSF",
    "unknown": "",
}


def _cues(*pairs: tuple[str, float]) -> list[tuple[Cue, float]]:
    return [(Cue(re.compile(pattern, re.IGNORECASE)), weight) for pattern, weight in pairs]


_ISSUER_CUES: dict[str, list[tuple[Cue, float]]] = {
    "ru_mod": _cues(
        (r"\bRussian\s+(?:Defen[cs]e\s+Ministry|Ministry\s+of\s+Defen[cs]e|MoD)\b", 1.0),
        (r"\bMinistry\s+of\s+Defen[cs]e\s+of\s+the\s+Russian\s+Federation\b", 1.2),
        (r"\bRussia['’]s\s+(?:Defen[cs]e\s+Ministry|Ministry\s+of\s+Defen[cs]e|MoD)\b", 1.0),
        (r"\b(?:Russian|Russia['’]s)\s+Defen[cs]e\s+Minister\b|\bShoigu\b|\bBelousov\b", 0.5),
        (r"\bМинобороны\b|\bМинистерств\w{0,3}\s+обороны\s+(?:России|РФ|Российской)", 1.0),
        (r"\bгруппировк\w{0,3}\s+войск\b", 0.6),
        (r"\bспециальной\s+военной\s+операции\b", 0.4),
        (r"\b(?:Sever|Zapad|Yug|Tsentr|Vostok|Dnepr)\s+Group\s+of\s+Forces\b", 0.7),
        (r"\bbattle\s?groups?\s+(?:Sever|Zapad|Yug|Tsentr|Vostok|Dnepr|North|West|South|Cent(?:re|er)|East)\b", 0.7),
        (r"\bspecial\s+military\s+operation\b", 0.4),
        (r"\b(?:the\s+)?AFU\b", 0.3),
        (r"\bUkrainian\s+armed\s+formations\b", 0.3),
        (r"\bKiev\s+regime\b", 0.3),
        (r"\b(?:the|defen[cs]e)\s+ministry\s+(?:said|reported|added|stated)\b", 0.3),
    ),
    "ua_general_staff": _cues(
        (
            r"\bGeneral\s+Staff\s+of\s+(?:the\s+)?(?:Armed\s+Forces\s+of\s+Ukraine|Ukraine'?s?\s+Armed\s+Forces|the\s+AFU|the\s+ZSU)\b",
            1.2,
        ),
        (r"\b(?:Ukraine['’]s|Ukrainian)\s+General\s+Staff\b", 1.0),
        (r"\bGeneral\s+Staff\b", 0.5),
        (r"\b(?:total\s+)?combat\s+losses\s+of\s+the\s+enemy\b", 0.7),
        (r"\bestimated\s+(?:combat\s+)?losses\b", 0.3),
        (r"\(\s*\+\s*\d[\d,]*\s*\)", 0.3),
        (r"\b(?:occupiers|invaders|aggressor)\b", 0.3),
        (r"\bfull-scale\s+invasion\b", 0.2),
        (r"\bDefen[cs]e\s+Forces\s+of\s+Ukraine\b|\bUkrainian\s+defenders\b", 0.4),
        (r"\bcombat\s+(?:engagements|clashes)\b", 0.4),
        (r"\bГенеральн\w{0,3}\s+штаб\w{0,3}|\bГенштаб\w{0,3}", 1.0),
        (r"\bбойов\w{0,3}\s+зіткнен\w{0,3}|\bСил\w{0,2}\s+оборони\b", 0.5),
    ),
    "isw": _cues(
        (r"\bInstitute\s+for\s+the\s+Study\s+of\s+War\b", 1.2),
        (r"\bISW\b", 0.6),
        (r"\bKey\s+Takeaways\b", 0.6),
        (r"\bgeolocated\s+footage\b", 0.5),
        (r"\bmilbloggers?\b", 0.4),
        (r"\bISW\s+(?:assesses|has\s+observed|cannot\s+(?:independently\s+)?confirm)\b", 1.0),
        (r"\bOffensive\s+Campaign\s+Assessment\b", 1.0),
    ),
    "ocha": _cues(
        (r"\bOCHA\b", 1.0),
        (r"\bOffice\s+for\s+the\s+Coordination\s+of\s+Humanitarian\s+Affairs\b", 1.2),
        (r"\bFlash\s+Update\b", 0.3),
        (r"\bhumanitarian\s+(?:partners|organizations|organisations)\b", 0.3),
        (r"\bHumanitarian\s+(?:Coordinator|Situation\s+Report)\b", 0.3),
    ),
    "unhcr": _cues((r"\bUNHCR\b", 1.0), (r"\bUN\s+Refugee\s+Agency\b", 1.0)),
    "unicef": _cues((r"\bUNICEF\b", 1.0), (r"\bUnited\s+Nations\s+Children['’]s\s+Fund\b", 1.0)),
    "iom": _cues(
        (r"\bIOM\b", 1.0),
        (r"\bInternational\s+Organization\s+for\s+Migration\b", 1.2),
        (r"\bDisplacement\s+Tracking\s+Matrix\b|\bDTM\b", 0.6),
    ),
    "who": _cues((r"\bWorld\s+Health\s+Organi[sz]ation\b", 1.0), (r"\bWHO\b", 0.8)),
    "wfp": _cues((r"\bWorld\s+Food\s+Programme\b", 1.0), (r"\bWFP\b", 0.8)),
    "hrmmu": _cues(
        (r"\bHuman\s+Rights\s+Monitoring\s+Mission\b", 1.2),
        (r"\bHRMMU\b", 1.0),
        (r"\bOHCHR\b", 0.4),
    ),
    "unrwa": _cues((r"\bUNRWA\b", 1.0), (r"\bUN\s+Relief\s+and\s+Works\s+Agency\b", 1.2)),
    "icrc": _cues((r"\bICRC\b", 1.0), (r"\bInternational\s+Committee\s+of\s+the\s+Red\s+Cross\b", 1.2)),
    "msf": _cues(
        (r"\bMSF\b", 1.0), (r"\bM[ée]decins\s+Sans\s+Fronti[èe]res\b", 1.2), (r"\bDoctors\s+Without\s+Borders\b", 1.2)
    ),
    "ua_regional": _cues(
        (r"\b(?:Regional|Oblast)\s+(?:Military|State)\s+Administration\b", 0.9),
        (r"\b(?:governor|head\s+of\s+the\s+\w+\s+(?:regional|oblast)\s+(?:military\s+)?administration)\b", 0.6),
        (r"\bregional\s+governor\b", 0.4),
    ),
}
_DOMAINS = {
    "mil.ru": "ru_mod", "function.mil.ru": "ru_mod", "eng.mil.ru": "ru_mod",
    "zsu.gov.ua": "ua_general_staff", "mil.gov.ua": "ua_general_staff",
    "understandingwar.org": "isw", "unocha.org": "ocha", "unhcr.org": "unhcr",
    "data.unhcr.org": "unhcr", "unicef.org": "unicef", "iom.int": "iom", "dtm.iom.int": "iom",
    "who.int": "who", "wfp.org": "wfp", "ukraine.un.org": "hrmmu", "unrwa.org": "unrwa", "icrc.org": "icrc",
    "msf.org": "msf",
}  # fmt: skip
HUMANITARIAN = frozenset({"ocha", "unhcr", "unicef", "iom", "who", "wfp", "hrmmu", "unrwa", "icrc", "msf"})
_MIN_SCORE = 1.0
_LEAD = 1.3  # the best issuer must score this many times the next one

# Who reproduced the text: agencies and outlets, by the names they sign with.
_REPORTERS = [
    ("TASS", r"/TASS/|\bTASS\b|\btass\.(?:com|ru)\b"),
    ("Sputnik", r"\bSputnik\b"),
    ("RIA Novosti", r"\bRIA(?:\s+Novosti)?\b|\bria\.ru\b"),
    ("Interfax-Ukraine", r"\bInterfax-Ukraine\b"),
    ("Interfax", r"\bInterfax\b"),
    ("Ukrinform", r"\bUkrinform\b"),
    ("Kyiv Independent", r"\bKyiv\s+Independent\b|\bkyivindependent\.com\b"),
    ("Ukrainska Pravda", r"\bUkrainska\s+Pravda\b|\bpravda\.com\.ua\b"),
    ("Kyiv Post", r"\bKyiv\s+Post\b"),
    ("RBC-Ukraine", r"\bRBC-Ukraine\b"),
    ("UNN", r"\bUNN\b"),
    ("Ukrainian News", r"\bUkrainian\s+News(?:\s+Agency)?\b"),
    ("Babel", r"\bbabel\.ua\b"),
    ("Reuters", r"\bReuters\b"),
    ("Anadolu", r"\bAnadolu\b"),
    ("Xinhua", r"\bXinhua\b"),
    ("RT", r"\bRT\b|\brt\.com\b"),
    ("ReliefWeb", r"\breliefweb\.int\b"),
]
_REPORTER_PATTERNS = [(name, anchored(re.compile(pattern))) for name, pattern in _REPORTERS]
_HEAD = 700


@dataclass(frozen=True)
class IssuerResult:
    """The issuer slug and display name, the reporter (or ''), and every issuer's score."""

    slug: str
    name: str
    reporter: str
    scores: dict[str, float]


def score_issuers(text: str, url: str = "") -> dict[str, float]:
    """A score per issuer from the text's cues (and the URL's domain), highest is most likely."""
    scores: dict[str, float] = {}
    folded = fold(text[:60000])
    for slug, cues in _ISSUER_CUES.items():
        total = 0.0
        for cue, weight in cues:
            if not cue.possible(folded):
                continue  # none of its words occurs: no hit
            hits = sum(1 for _ in cue.scanner.finditer(text, 0, 60000))
            if not hits:
                continue
            in_head = bool(cue.scanner.search(text, 0, _HEAD))
            total += weight * (1.0 + math.log(hits)) * (1.5 if in_head else 1.0)
        scores[slug] = round(total, 3)
    domain = _domain(url)
    for known, slug in _DOMAINS.items():
        if domain == known or domain.endswith("." + known):
            scores[slug] = scores.get(slug, 0.0) + 1.5
    return scores


def identify(text: str, hints: ParseHints | None = None, *, prefer: str = "") -> IssuerResult:
    """Who claims the text and who reproduced it; 'unknown' when the cues do not decide.

    `prefer` is the issuer the detected format implies (an ISW-style text: isw); it wins when
    its own cues reach the minimum and it is the best-scored issuer or close behind it.
    """
    url = hints.url if hints else ""
    scores = score_issuers(text, url)
    if scores.get("ua_general_staff", 0.0) >= _MIN_SCORE:
        scores["ru_mod"] = 0.0  # a General Staff text is never the Russian MoD's
    ranked = sorted(scores, key=lambda slug: -scores[slug])
    best, second = ranked[0], ranked[1]
    slug = best if scores[best] >= _MIN_SCORE and scores[best] >= _LEAD * scores[second] else "unknown"
    if prefer in scores and scores[prefer] >= _MIN_SCORE and _LEAD * scores[prefer] >= scores[best]:
        if not (prefer == "ru_mod" and scores.get("ua_general_staff", 0.0) >= _MIN_SCORE):
            slug = prefer
    return IssuerResult(slug, ISSUER_NAMES[slug], find_reporter(text, url, issuer=slug), scores)


def find_reporter(text: str, url: str = "", *, issuer: str = "") -> str:
    """The agency or outlet that reproduced the text (dateline, signature or URL), else ''."""
    domain = _domain(url)
    for name, pattern in _REPORTER_PATTERNS:
        if domain and pattern.search(domain):
            return name
    head = text[:_HEAD]
    found = [
        (m.start(), i, name) for i, (name, pattern) in enumerate(_REPORTER_PATTERNS) if (m := pattern.search(head))
    ]
    if not found:
        return ""
    name = min(found)[2]
    return "" if ISSUER_NAMES.get(issuer) == name else name


def _domain(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower().removeprefix("www.")
    except ValueError:
        return ""
