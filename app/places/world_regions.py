"""Admin-1 regions outside Ukraine (ISO 3166-2 from pycountry) and the ways reports write them."""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycountry

from app.places.world_names import fold, words

WORLD_REGIONS_FILE = Path(__file__).resolve().parents[2] / "content" / "gazetteer" / "world_regions.tsv"
# Words that only say "this is a region": "South Kordofan State", "Ituri province".
_GENERIC = {
    "state", "states", "province", "provinces", "governorate", "governorates", "region", "regions", "department",
    "departement", "division", "county", "prefecture", "wilaya", "wilayat", "muhafazat", "gouvernorat", "the", "of",
}  # fmt: skip
# Groups of regions that reports name as one: not ISO codes (GeoNames admin1 GZ / WE).
GROUPS = {
    "PS-GZ": ("PS-NGZ", "PS-GZA", "PS-DEB", "PS-KYS", "PS-RFH"),
    "PS-WB": ("PS-JEN", "PS-TBS", "PS-TKM", "PS-NBS", "PS-QQA", "PS-SLT", "PS-RBH", "PS-JRH", "PS-JEM", "PS-BTH",
              "PS-HBN"),
}  # fmt: skip


@dataclass(frozen=True)
class WorldRegion:
    """One admin-1 region (or group of them) of a country other than Ukraine."""

    code: str
    country: str
    name: str  # English name as reports write it
    iso_name: str  # the pycountry (ISO 3166-2) name
    variants: tuple[str, ...]


def region_key(name: str) -> str:
    """Fold a region name: accents, articles, generic words ('Deir ez-Zor governorate')."""
    kept = [w for w in words(name) if w not in _GENERIC]
    return fold(" ".join(kept)) if kept else ""


@cache
def _curated() -> dict[str, tuple[str, tuple[str, ...]]]:
    with WORLD_REGIONS_FILE.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    rows = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return {row["iso"]: (row["name"], tuple(v for v in (row["variants"] or "").split("|") if v)) for row in rows}


@cache
def regions_of(country: str) -> tuple[WorldRegion, ...]:
    """Every admin-1 region of a country (pycountry top level, plus curated groups), by code."""
    country = country.upper()
    if country == "UA":
        return ()
    curated = _curated()
    out = []
    try:
        subdivisions = list(pycountry.subdivisions.get(country_code=country) or [])
    except (KeyError, LookupError):  # not a country code
        subdivisions = []
    for sub in subdivisions:
        if sub.parent_code is not None:
            continue
        name, variants = curated.get(sub.code, (sub.name, ()))
        out.append(WorldRegion(sub.code, country, name, sub.name, variants))
    for code, (name, variants) in curated.items():
        if code in GROUPS and code.startswith(country + "-"):
            out.append(WorldRegion(code, country, name, name, variants))
    return tuple(sorted(out, key=lambda r: r.code))


@cache
def _index(country: str, stripped: bool) -> dict[str, list[WorldRegion]]:
    """Names as written (generic words kept) or stripped of generic words, to regions."""
    index: dict[str, list[WorldRegion]] = {}
    for region in regions_of(country):
        names = {region.name, *region.variants} | ({region.iso_name} if stripped else {region.code})
        for name in names:
            key = region_key(name) if stripped else fold(name)
            if key and region not in index.setdefault(key, []):
                index[key].append(region)
    return index


def get(code: str) -> WorldRegion | None:
    """The region with this code (ISO 3166-2 or a group code), or None."""
    country = code.split("-", 1)[0].upper()
    return next((r for r in regions_of(country) if r.code == code.upper()), None)


def resolve(name: str, *, country: str) -> WorldRegion | None:
    """The region of this country a name refers to ('South Kordofan State' -> SD-KS), or None."""
    country = country.upper()
    for stripped, key in ((False, fold(name)), (True, region_key(name))):
        found = _index(country, stripped).get(key) if key else None
        if found:
            return found[0] if len(found) == 1 else None
    return None


def resolve_anywhere(name: str, countries: tuple[str, ...]) -> WorldRegion | None:
    """The one region of these countries a name fits, when no country is known; else None."""
    hits = {r.code: r for country in countries if (r := resolve(name, country=country)) is not None}
    return next(iter(hits.values())) if len(hits) == 1 else None


def display_name(code: str) -> str:
    """The English name of a region outside Ukraine, or the code itself."""
    region = get(code) if code else None
    return region.name if region else code


def name_variants(code: str) -> list[str]:
    """All distinct names of a region outside Ukraine, the common English one first."""
    region = get(code)
    if region is None:
        return []
    seen: dict[str, str] = {}
    for name in (region.name, region.iso_name, *region.variants):
        seen.setdefault(fold(name), name)
    return list(seen.values())


def members(code: str) -> tuple[str, ...]:
    """The ISO regions a code covers: itself, or the governorates of a group."""
    return GROUPS.get(code.upper(), (code.upper(),))


def curated_countries() -> tuple[str, ...]:
    """Countries that have curated region variants (the ones reports cover)."""
    return tuple(sorted({code.split("-")[0] for code in _curated()}))
