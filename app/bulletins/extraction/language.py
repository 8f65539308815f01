"""Which language a bulletin is in: script first, then stop words (small, offline, deterministic)."""

import re
from collections import Counter

_WORD = re.compile(r"[^\W\d_]{1,30}")
_CYRILLIC_INITIAL = re.compile(r"[\u0400-\u04ff]")
_LATIN_INITIAL = re.compile(r"[\x00-\x7f\u00c0-\u024f]")
_STOP_WORDS = {
    "en": "the of and to in on at is are was were that for with by from has have this near as a an".split(),
    "de": "der die das und nicht ist mit von den dem zu sich auf ein eine des wurde bei".split(),
    "fr": "le la les et des est dans une pour que du au sur pas ont été par".split(),
    "es": "el la los las y del que en por una con para fue según han".split(),
    "it": "il della che di gli per nel sono una delle dei è stato".split(),
    "pt": "o os da do das dos que em uma para com não foi pelo segundo".split(),
    "pl": "w i się na nie z że do jest to przez od po jak oraz".split(),
    "hu": "a az és hogy nem egy is meg volt szerint már".split(),
    "ru": "и в на не что по с из за от для это как был были года".split(),
    "uk": "і в на не що по з із за від для це як був були року та".split(),
}
_UKRAINIAN_LETTERS = set("іїєґІЇЄҐ")
_RUSSIAN_LETTERS = set("ыэъёЫЭЪЁ")
EXTRACTED = ("en",)
_VOCABULARY = {lang: frozenset(words) for lang, words in _STOP_WORDS.items()}


def detect(text: str, *, sample: int = 20000) -> str:
    """ISO 639-1 code of the text's language ('en', 'ru', 'uk', 'de', ...) or 'und' when unsure."""
    head = text[:sample]
    words = _WORD.findall(head)
    if not words:
        return "und"
    initials = "".join([w[0] for w in words])  # counted by two regex scans, not two loops over every word
    cyrillic = len(_CYRILLIC_INITIAL.findall(initials))
    latin = len(_LATIN_INITIAL.findall(initials))
    if cyrillic > latin:
        letters = Counter(ch for w in words for ch in w)
        uk = sum(letters[ch] for ch in _UKRAINIAN_LETTERS)
        ru = sum(letters[ch] for ch in _RUSSIAN_LETTERS)
        if uk > ru:
            return "uk"
        return "ru" if ru > uk or _stop_score(words, "ru") >= _stop_score(words, "uk") else "uk"
    lowered = [w.lower() for w in words if w.isascii() or not ("\u0400" <= w[0] <= "\u04ff")]
    if not lowered:
        return "und"
    counted = Counter(lowered)
    scores = {lang: sum(counted[w] for w in _VOCABULARY[lang]) for lang in _STOP_WORDS if lang not in ("ru", "uk")}
    best = max(scores, key=lambda lang: scores[lang])
    if scores[best] == 0:
        return "und"
    # A short English text names many foreign places; English must merely lead.
    if scores.get("en", 0) >= 0.6 * scores[best]:
        return "en"
    return best


def _stop_score(words: list[str], lang: str) -> int:
    vocabulary = set(_STOP_WORDS[lang])
    return sum(1 for w in words if w.lower() in vocabulary)
