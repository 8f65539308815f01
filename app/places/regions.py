"""Ukrainian regions (admin-1, ISO 3166-2) and every way bulletins write them."""

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

REGIONS_FILE = Path(__file__).resolve().parents[2] / "content" / "gazetteer" / "regions.tsv"

_APOSTROPHES = re.compile(r"['’ʼ`´‘]")
_NON_WORD = re.compile(r"[^\w]+")
# Words that only say "this is a region"; dropping them lets "Kharkov region" match "Kharkov".
_GENERIC_WORDS = {"the", "region", "oblast", "obl", "province", "область", "обл", "oblasti"}


@dataclass(frozen=True)
class Region:
    """One admin-1 region with its names and the variants bulletins use."""

    code: str
    katottg_prefix: str
    name: str
    name_uk: str
    name_ru: str
    capital: str
    capital_uk: str
    variants: tuple[str, ...]


def fold(text: str, *, keep_generic: bool = False) -> str:
    """Fold a region name for comparison: case, accents, apostrophes and generic words."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _APOSTROPHES.sub("", text)
    words = _NON_WORD.sub(" ", text).split()
    if not keep_generic:
        words = [w for w in words if w not in _GENERIC_WORDS]
    return " ".join(words)


@cache
def all_regions() -> tuple[Region, ...]:
    """Every region in the curated table, in ISO code order."""
    with REGIONS_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return tuple(
        Region(
            code=row["iso"],
            katottg_prefix=row["katottg"],
            name=row["name"],
            name_uk=row["name_uk"],
            name_ru=row["name_ru"],
            capital=row["capital"],
            capital_uk=row["capital_uk"],
            variants=tuple(v for v in row["variants"].split("|") if v),
        )
        for row in rows
    )


@cache
def _index() -> dict[str, Region]:
    index: dict[str, Region] = {}
    for region in all_regions():
        names = (region.code, region.name, region.name_uk, region.name_ru, *region.variants)
        for name in names:
            index.setdefault(fold(name, keep_generic=True), region)
    for region in all_regions():
        for name in (region.code, region.name, region.name_uk, region.name_ru, *region.variants):
            index.setdefault(fold(name), region)
    return index


def get(code: str) -> Region | None:
    """The region with this ISO 3166-2 code, or None."""
    return next((r for r in all_regions() if r.code == code.upper()), None)


def display_name(code: str) -> str:
    """The English name of any region code, in Ukraine or elsewhere; the code if unknown."""
    from app.places import world_regions  # regions outside Ukraine (pycountry, curated variants)

    region = get(code) if code else None
    return region.name if region else world_regions.display_name(code)


@lru_cache(maxsize=4096)  # a static table; bulletins name the same regions again and again
def resolve(name: str) -> Region | None:
    """The region a name refers to, in any variant ('Kharkov region', 'DPR', 'UA-63'), or None."""
    index = _index()
    if not fold(name):
        return None
    return index.get(fold(name, keep_generic=True)) or index.get(fold(name)) or _inflected(name)


# Cyrillic words that only say "region" or "republic", in any case: "області", "области", "Народной Республики".
_CYRILLIC_GENERIC = re.compile(r"^(?:област\w*|обл|народн\w*|республі?\w*|республик\w*|край\w*)$")


def _inflected(name: str) -> Region | None:
    """A region written as an inflected Cyrillic adjective: 'Донецької області', 'Харьковской области'."""
    words = fold(name, keep_generic=True).split()
    if not words or not ("\u0400" <= words[0][0] <= "\u04ff") or len(words[0]) < 5:
        return None
    if len(words) < 2 or not all(_CYRILLIC_GENERIC.match(w) for w in words[1:]):
        return None
    matches = {region.code: (len(stem), region) for stem, region in _cyrillic_stems() if words[0].startswith(stem)}
    if not matches:
        return None
    best = max(matches.values(), key=lambda pair: pair[0])
    tied = [code for code, (length, _) in matches.items() if length == best[0]]
    return best[1] if len(tied) == 1 else None


@cache
def _cyrillic_stems() -> tuple[tuple[str, Region], ...]:
    """Each region's Cyrillic adjectives without their case ending ('донецька' -> 'донець')."""
    stems: set[tuple[str, Region]] = set()
    for region in all_regions():
        for written in (region.name_uk, region.name_ru, *region.variants):
            first = fold(written, keep_generic=True).split()[:1]
            if first and "\u0400" <= first[0][0] <= "\u04ff" and len(first[0]) >= 6:
                stems.add((first[0][:-2], region))
    return tuple(sorted(stems, key=lambda pair: (pair[0], pair[1].code)))


def name_variants(region: Region) -> list[str]:
    """All distinct names of a region, canonical first, for synonyms and display."""
    seen: dict[str, str] = {}
    for name in (region.name, region.name_uk, region.name_ru, *region.variants):
        seen.setdefault(fold(name), name)
    return list(seen.values())
