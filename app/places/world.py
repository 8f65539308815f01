"""Places outside Ukraine: the GeoNames extract and the curated camps, with a resolver.

Same rule as in Ukraine: a name is matched within its region, else within its country; when
several places fit about as well, or nothing fits well enough, nothing is guessed.
"""

import csv
import gzip
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz, process

from app.places import world_regions
from app.places.world_names import fold

GAZETTEER_DIR = Path(__file__).resolve().parents[2] / "content" / "gazetteer"
WORLD_FILE = GAZETTEER_DIR / "world.tsv.gz"
CAMPS_FILE = GAZETTEER_DIR / "camps.tsv"
_CAMP_KINDS = {"idp_camp", "refugee_camp", "displacement_site", "displacement_area"}
ACCEPT_SCORE = 90.0  # below this nothing is guessed
_FUZZY_CUTOFF = 84.0  # fold-key ratio below which a candidate is not considered
_FUZZY_MARGIN = 5.0  # a fuzzy best must beat a different place by this much
_DOMINANT = 10.0  # a place this many times more populous than its namesakes wins
_SAME_PLACE_KM = 8.0  # namesakes this close are one town listed twice
_PLACE_WORDS = re.compile(r"\s+(?:city|town|village|locality|district|territory|township|municipality)$", re.I)
# "Jenin camp", "Kalma IDP camp", "Bulengo site": the camp word says which namesake is meant.
_CAMP_WORDS = re.compile(
    r"\s+(?:(?:refugee|idp|displacement|transit|displaced\s+persons?)\s+)?(?:camps?|sites?|settlements?)$", re.I
)


@dataclass(frozen=True)
class WorldPlace:
    """A populated place (GN-<geonameid>), a curated camp or site (CAMP-<slug>) or town (LOC-<slug>)."""

    code: str
    name: str
    country: str
    region_code: str
    lat: float | None
    lon: float | None
    population: int | None
    variants: tuple[str, ...]
    kind: str  # populated_place / idp_camp / refugee_camp / displacement_site / displacement_area / town
    source_url: str = ""

    @property
    def is_camp(self) -> bool:
        """Whether this is a camp or displacement site rather than a town."""
        return self.kind in _CAMP_KINDS


@dataclass(frozen=True)
class WorldResolution:
    """The outcome of resolving one name outside Ukraine."""

    place: WorldPlace | None
    score: float
    method: str
    same_name_count: int
    candidates: tuple[WorldPlace, ...] = ()


class WorldGazetteer:
    """Places of the covered countries, indexed by fold key per country."""

    def __init__(self, places: list[WorldPlace]) -> None:
        self._places = {p.code: p for p in places}
        self._keys: dict[str, dict[str, list[WorldPlace]]] = defaultdict(lambda: defaultdict(list))
        for place in places:
            for name in (place.name, *place.variants):
                key = fold(name)
                bucket = self._keys[place.country][key]
                if key and place not in bucket:
                    bucket.append(place)
        self._sorted = {country: sorted(keys) for country, keys in self._keys.items()}

    def __len__(self) -> int:
        return len(self._places)

    def get(self, code: str) -> WorldPlace | None:
        """The place with this code, or None."""
        return self._places.get(code)

    def countries(self) -> tuple[str, ...]:
        """Countries with places in the gazetteer."""
        return tuple(sorted(self._keys))

    def exact(self, name: str, *, country: str) -> list[WorldPlace]:
        """Places of a country one of whose spellings folds like the name."""
        return list(self._keys.get(country, {}).get(fold(name), ()))

    def fuzzy(self, name: str, *, country: str, limit: int = 8) -> list[tuple[WorldPlace, float]]:
        """Places of a country whose spellings are close to the name, best first."""
        keys = self._sorted.get(country, [])
        hits = process.extract(fold(name), keys, scorer=fuzz.ratio, limit=limit, score_cutoff=_FUZZY_CUTOFF)
        best: dict[str, tuple[WorldPlace, float]] = {}
        for key, score, _ in hits:
            for place in self._keys[country][key]:
                if place.code not in best or best[place.code][1] < score:
                    best[place.code] = (place, float(score))
        return sorted(best.values(), key=lambda item: -item[1])

    def search(self, query: str, *, country: str | None = None, limit: int = 10) -> list[WorldPlace]:
        """Autocomplete: places whose spellings start with the query's fold key."""
        key = fold(query)
        if not key:
            return []
        found: dict[str, WorldPlace] = {}
        for code in [country] if country else self.countries():
            for candidate in self._sorted.get(code, []):
                if candidate.startswith(key):
                    found.update((p.code, p) for p in self._keys[code][candidate])
        return sorted(found.values(), key=lambda p: (-(p.population or 0), p.code))[:limit]


def _number(text: str) -> float | None:
    return float(text) if text else None


def read_world(path: Path = WORLD_FILE) -> list[WorldPlace]:
    """Places of the built GeoNames extract."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        lines = [line.rstrip("\n").split("\t") for line in handle if not line.startswith("#")]
    return [
        WorldPlace(code, name, country, region, _number(lat), _number(lon), int(pop) if pop else None,
                   tuple(v for v in variants.split("|") if v), "populated_place")
        for code, name, country, region, lat, lon, pop, variants in lines[1:]
    ]  # fmt: skip


def read_camps(path: Path = CAMPS_FILE) -> list[WorldPlace]:
    """The curated camps and sites."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    return [
        WorldPlace(row["code"], row["name"], row["country"], row["region"], _number(row["lat"]),
                   _number(row["lon"]), None, tuple(v for v in row["variants"].split("|") if v), row["kind"],
                   row["source_url"])
        for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    ]  # fmt: skip


@cache
def load() -> WorldGazetteer:
    """The shipped world gazetteer, read once per process."""
    return WorldGazetteer(read_world() + read_camps())


def resolve(name: str, *, country: str, region_code: str | None = None) -> WorldResolution:
    """The place a name refers to within its region (else its country), or nothing."""
    gazetteer = load()
    country = country.upper()
    base, camp_word = _camp_split(name)
    candidates = _candidates(gazetteer, name, base, camp_word, country)
    if not candidates and _PLACE_WORDS.search(name):  # "Marib city", "Kawkareik township"
        bare = _PLACE_WORDS.sub("", name.strip())
        candidates = _candidates(gazetteer, bare, bare, False, country)
    if not candidates:
        return WorldResolution(None, 0.0, "unresolved", 0)
    if region_code:
        allowed = set(world_regions.members(region_code))
        in_region = [(p, s, m) for p, s, m in candidates if p.region_code in allowed]
        if not in_region:  # a namesake elsewhere in the country is not this place
            return WorldResolution(None, 0.0, "unresolved", 0, tuple(p for p, _, _ in candidates))
        candidates = in_region
    best = max(score for _, score, _ in candidates)
    tied = [(p, s, m) for p, s, m in candidates if s >= best - _FUZZY_MARGIN]
    places = tuple(p for p, _, _ in tied)
    chosen = tied[0] if len(tied) == 1 else _dominant(tied)
    if chosen is None or chosen[1] < ACCEPT_SCORE:
        return WorldResolution(None, round(best, 1), "unresolved", len(tied), places)
    place, score, method = chosen
    return WorldResolution(place, round(score, 1), method, len(tied), places)


def _camp_split(name: str) -> tuple[str, bool]:
    stripped = _CAMP_WORDS.sub("", name.strip())
    return stripped, stripped != name.strip()


def _candidates(
    gazetteer: WorldGazetteer, name: str, base: str, camp_word: bool, country: str
) -> list[tuple[WorldPlace, float, str]]:
    """Exact matches first (the name as written, then without its camp word), else fuzzy ones."""
    exact = gazetteer.exact(name, country=country)
    if camp_word:
        # "Jenin camp" is the camp, never the city; "Kalma camp" may be listed as "Kalma".
        exact = exact or [p for p in gazetteer.exact(base, country=country) if p.is_camp]
    elif exact:
        towns = [p for p in exact if not p.is_camp]
        exact = towns or exact  # "Jabalia" is the town; "Zamzam" only exists as a camp
    if exact:
        return [(p, 100.0, "exact") for p in exact]
    pool = gazetteer.fuzzy(base if camp_word else name, country=country)
    return [(p, s, "fuzzy") for p, s in pool if p.is_camp == camp_word or not camp_word]


def _dominant(tied: list[tuple[WorldPlace, float, str]]) -> tuple[WorldPlace, float, str] | None:
    """The one candidate that is an exact match and dwarfs its namesakes, if any."""
    ranked = sorted(tied, key=lambda c: (-c[1], -(c[0].population or 0)))
    first, rest = ranked[0], ranked[1:]
    if first[1] - rest[0][1] >= _FUZZY_MARGIN:
        return first
    if all(_km(first[0], other) <= _SAME_PLACE_KM for other, _, _ in rest):
        return first  # GeoNames lists parts of one town apart ("El Geneina Fort", "Al-Junaynah")
    size = first[0].population or 0
    if size and all(_DOMINANT * (other.population or 0) <= size for other, _, _ in rest):
        return first
    return None


def _km(a: WorldPlace, b: WorldPlace) -> float:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return math.inf
    dlat = math.radians(b.lat - a.lat)
    dlon = math.radians(b.lon - a.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    return 6371.0 * math.hypot(dlat, dlon)
