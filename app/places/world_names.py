"""Name folding for places outside Ukraine: Arabic articles, accents and common spelling swaps."""

import re
import unicodedata

_APOSTROPHES = re.compile(r"['’ʼ`´‘ʿʾʻ]")
_NON_WORD = re.compile(r"[^a-z0-9]+")
# Arabic definite articles as romanised ("El Fasher", "Al-Fashir", "Ad Damazin", "Ash Shati").
_ARTICLES = {"al", "el", "ad", "ar", "as", "an", "at", "ash", "az", "ath", "adh", "ed", "er", "es", "ez", "en", "et"}
# Spelling swaps of one sound across romanisations: Younis/Yunis, Deir/Dayr, Jabalia/Jabalya.
_SWAPS = (("ou", "u"), ("oo", "u"), ("ee", "i"), ("ei", "e"), ("ey", "e"), ("ay", "e"), ("ai", "e"),
          ("y", "i"), ("w", "u"), ("dh", "d"), ("q", "k"))  # fmt: skip
_DOUBLE = re.compile(r"(.)\1+")


def strip_accents(text: str) -> str:
    """Latin letters without diacritics ('Ţūlkarm' -> 'Tulkarm')."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """Lower-case ASCII words of a name, apostrophes dropped."""
    text = _APOSTROPHES.sub("", strip_accents(text).casefold())
    return _NON_WORD.sub(" ", text).split()


def fold(text: str) -> str:
    """The key spellings of one name share: 'El-Fasher', 'Al Fasher' -> 'fasher'."""
    kept = [w for w in words(text) if w not in _ARTICLES] or words(text)
    key = " ".join(kept)
    for old, new in _SWAPS:
        key = key.replace(old, new)
    return _DOUBLE.sub(r"\1", key)


def is_latin_name(text: str) -> bool:
    """A Latin-script name worth indexing (not a code such as 'KYP', not another script)."""
    plain = strip_accents(_APOSTROPHES.sub("", text)).strip()
    if len(plain) < 3 or (plain.isupper() and len(plain) <= 4):
        return False
    return bool(re.fullmatch(r"[A-Za-z][A-Za-z .\-]*", plain))
