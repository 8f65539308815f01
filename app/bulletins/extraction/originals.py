"""Russian and Ukrainian originals of the two military reports (the stretch goal of issue 7).

Places in the lists both reports use ('в районах населенных пунктов A, B и C Сумской области',
'у районах населених пунктів A, B та C'), resolved with the gazetteer's Cyrillic names; dates
with Cyrillic months; the issuer from Cyrillic cues. Counts are not read from originals yet.
"""

import re

from app.bulletins.extraction import common, generic
from app.bulletins.extraction.drafts import ParsedBulletin, ParseHints

NAME = "originals"
VERSION = "2"
LANGUAGES = ("ru", "uk")
_ACTORS = {
    "ru_mod": ("Russian Armed Forces", "Armed Forces of Ukraine"),
    "ua_general_staff": ("Russian Armed Forces", "Defence Forces of Ukraine"),
}
_TOOK = re.compile(r"освободил\w{0,3}|звільнил\w{0,3}|взял\w{0,2}\s+под\s+контроль|овладел\w{0,3}", re.I)
_ATTACK = re.compile(r"атак\w{0,4}|штурм\w{0,4}|наступ\w{0,6}|зіткнен\w{0,3}|боестолкновен\w{0,3}", re.I)
_STRIKE = re.compile(r"удар\w{0,3}|обстріл\w{0,3}|обстрел\w{0,3}|поражени\w{0,2}|уражен\w{0,2}", re.I)


_CYRILLIC = re.compile("[\u0400-\u04ff]")


def detect(text: str) -> float:
    """Confident only for Cyrillic text naming one of the two military issuers."""
    head = text[:20000]
    cyrillic = len(_CYRILLIC.findall(head))
    if not cyrillic:
        return 0.0
    if cyrillic < 0.3 * max(1, sum(1 for ch in head if ch.isalpha())):
        return 0.0
    return 0.7 if re.search(r"Генштаб|Генеральн\w+ штаб|Минобороны|группировк\w+ войск", head) else 0.2


def parse(raw: str, *, hints: ParseHints | None = None) -> ParsedBulletin:
    """Dated place events (with the issuer's actors) from a Russian or Ukrainian original."""
    prepared = common.prepare(raw, hints)
    result = common.new_result(NAME, VERSION, prepared)
    actor, target = _ACTORS.get(result.issuer_slug, ("", ""))

    def classify(chunk: str) -> tuple[str, str, str]:
        if _TOOK.search(chunk):
            return "took_control", actor, target
        if _ATTACK.search(chunk):
            return "attack", actor, target
        if _STRIKE.search(chunk):
            return "struck", actor, target
        return "mentioned", actor, target

    generic.add_sentences(result, prepared, classify=classify, weak_cues=False)
    result.figures.clear()  # English count patterns do not read Cyrillic units
    result.notes.append("Russian/Ukrainian original: places and dates extracted; counts are not read yet.")
    return result
