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
    found = index.get(fold(name, keep_generic=True))
    return found or index.get(fold(name)) if fold(name) else None


def name_variants(region: Region) -> list[str]:
    """All distinct names of a region, canonical first, for synonyms and display."""
    seen: dict[str, str] = {}
    for name in (region.name, region.name_uk, region.name_ru, *region.variants):
        seen.setdefault(fold(name), name)
    return list(seen.values())
