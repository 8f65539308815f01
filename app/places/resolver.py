"""Resolve a place name as written in a bulletin to one KATOTTG settlement, or to nothing."""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from app.places.gazetteer import (
    ALTERNATE,
    GENERATED,
    OFFICIAL,
    RENAMED,
    Gazetteer,
    GazetteerPlace,
    load,
)
from app.places.translit import latinize, normalize

ACCEPT_SCORE = 90.0  # below this nothing is guessed
_BASE = {OFFICIAL: 100.0, RENAMED: 98.0, GENERATED: 97.0, ALTERNATE: 95.0}
_METHOD = {OFFICIAL: "exact", RENAMED: "renamed", GENERATED: "variant", ALTERNATE: "variant"}
# Former and generated names compete with each other: "Krasny Liman" is both the old name of
# Lyman and a village's current name. GeoNames alternates (often historical) come last.
_LAYER = {OFFICIAL: 0, RENAMED: 1, GENERATED: 1, ALTERNATE: 2}
_FUZZY_CUTOFF = 78.0  # fold-key ratio below which a fuzzy candidate is not even considered
_FUZZY_MARGIN = 4.0  # a fuzzy best must beat the next different name by this much
_CONTEXT_FUZZY = 70.0  # a context name matching only this well still counts, a little
_CITY_PRIOR = 0.5  # a city outweighs same-name villages unless context says otherwise
_CONTEXT_MARGIN = 0.35  # context must favour one candidate by this much ...
_CONTEXT_MIN = 0.2  # ... or support it this much and three times more than any other
_NEAR_KM = 35.0  # context affinity falls to a third every this many km
_DOMINANT = 5.0  # without a region, a city this many times larger than its namesakes wins
_CITIES = ("M", "K")

# A context item is a name, or a (name, region code) pair when the bulletin says the region.
ContextItem = str | tuple[str, str | None]


@dataclass(frozen=True)
class Resolution:
    """The outcome of resolving one name: the place (or None), how, and how sure."""

    place: GazetteerPlace | None
    score: float
    method: str
    same_name_count: int
    candidates: tuple[GazetteerPlace, ...] = ()


@dataclass(frozen=True)
class _Candidate:
    place: GazetteerPlace
    score: float
    method: str


def name_key(name: str) -> str:
    """The key editor corrections are stored under: case, accents and punctuation folded."""
    return normalize(name)


def resolve(
    name: str,
    *,
    region_code: str | None,
    context: Sequence[ContextItem] = (),
    corrections: Mapping[tuple[str, str], str | None] | None = None,
) -> Resolution:
    """The settlement a name refers to, within its region, using context to split namesakes."""
    gazetteer = load()
    corrected = _correction(gazetteer, name, region_code, corrections)
    if corrected is not None:
        return corrected
    candidates = _match(gazetteer, name, region_code)
    if not candidates:
        return Resolution(None, 0.0, "unresolved", 0)
    best_score = max(c.score for c in candidates)
    tied = [c for c in candidates if c.score >= best_score - 1.5]
    places = tuple(c.place for c in tied)
    if region_code is None and not _notable(tied):
        # Without a region only a city or a curated former name is safe: a village name is
        # shared across oblasts, or belongs to a place across the border.
        return Resolution(None, 0.0, "unresolved", len(tied), places)
    if len(tied) == 1:
        chosen, score = tied[0], tied[0].score
    else:
        picked = _disambiguate(gazetteer, name, tied, context, region_code)
        if picked is None:
            return Resolution(None, round(best_score / len(tied), 1), "unresolved", len(tied), places)
        chosen, margin = picked
        score = min(chosen.score, ACCEPT_SCORE + 10.0 * min(1.0, margin))
    if score < ACCEPT_SCORE:
        return Resolution(None, round(score, 1), "unresolved", len(tied), places)
    count = _same_name_count(gazetteer, chosen.place)
    return Resolution(chosen.place, round(score, 1), chosen.method, count, places)


def resolve_region_from_place(name: str) -> str | None:
    """The region of an unambiguous notable city named so ('Kherson' -> 'UA-65'), else None."""
    candidates = _match(load(), name, None)
    city = _dominant_city([c.place for c in candidates])
    return city.region_code if city is not None else None


def _correction(
    gazetteer: Gazetteer,
    name: str,
    region_code: str | None,
    corrections: Mapping[tuple[str, str], str | None] | None,
) -> Resolution | None:
    if not corrections:
        return None
    key = name_key(name)
    for lookup in ((key, region_code or ""), (key, "")):
        if lookup in corrections:
            code = corrections[lookup]
            place = gazetteer.get(code) if code else None
            if code and place is None:
                continue  # a code no longer in the gazetteer: resolve as usual
            count = _same_name_count(gazetteer, place) if place else 0
            return Resolution(place, 100.0, "correction", count)
    return None


def _match(gazetteer: Gazetteer, name: str, region_code: str | None) -> list[_Candidate]:
    """Candidates from the best matching layer: exact, former/generated, alternate, fuzzy."""
    return list(_match_cached(gazetteer, name, region_code))


@lru_cache(maxsize=65536)
def _match_cached(gazetteer: Gazetteer, name: str, region_code: str | None) -> tuple[_Candidate, ...]:
    """_match is a pure function of the (read-only) gazetteer: bulletins repeat names, cache it."""
    return tuple(_match_uncached(gazetteer, name, region_code))


def _match_uncached(gazetteer: Gazetteer, name: str, region_code: str | None) -> list[_Candidate]:
    hits = gazetteer.exact(name, region_code=region_code)
    if not hits and latinize(name) != name:
        hits = gazetteer.exact(latinize(name), region_code=region_code)
    if region_code is None:
        # GeoNames alternates hold historical names of other places: not safe without a region.
        hits = [(p, t) for p, t in hits if t != ALTERNATE]
    if hits:
        layer = min(_LAYER[tier] for _, tier in hits)
        return [_Candidate(place, _BASE[tier], _METHOD[tier]) for place, tier in hits if _LAYER[tier] == layer]
    if region_code is None:
        return []  # fuzzy matching across all of Ukraine guesses wrong far too often
    return _fuzzy(gazetteer, name, region_code)


def _fuzzy(gazetteer: Gazetteer, name: str, region_code: str) -> list[_Candidate]:
    query = normalize(latinize(name))
    scored: dict[str, _Candidate] = {}
    for place, _, fold_score in gazetteer.fuzzy(name, region_code=region_code, limit=8, cutoff=_FUZZY_CUTOFF):
        spellings = [f.text for f in gazetteer.forms(place.code) if f.tier != ALTERNATE]
        raw = max(fuzz.ratio(query, normalize(latinize(s))) for s in spellings)
        score = 0.6 * fold_score + 0.4 * raw
        if place.code not in scored or scored[place.code].score < score:
            scored[place.code] = _Candidate(place, score, "fuzzy")
    ranked = sorted(scored.values(), key=lambda c: -c.score)
    if not ranked:
        return []
    floor = ranked[0].score - 0.5
    rivals = [c for c in ranked[1:] if normalize(c.place.name) != normalize(ranked[0].place.name)]
    if rivals and ranked[0].score - rivals[0].score < _FUZZY_MARGIN:
        floor = rivals[0].score - 0.5  # two different names fit about as well: both stay
    return [c for c in ranked if c.score >= floor]


def _notable(tied: list[_Candidate]) -> bool:
    if len(tied) == 1:
        return tied[0].place.category in _CITIES or tied[0].method == "renamed"
    return _dominant_city([c.place for c in tied]) is not None


def _dominant_city(places: list[GazetteerPlace]) -> GazetteerPlace | None:
    """The one city among places that dwarfs all its namesakes, if there is one."""
    if not places:
        return None
    biggest = max(places, key=lambda p: p.population or 0)
    size = biggest.population or 0
    if biggest.category not in _CITIES or size < 10000:
        return None
    for other in places:
        if other is biggest:
            continue
        if other.population is not None:
            too_big = _DOMINANT * other.population > size
        else:  # unknown size: a village is small, a town is not, a settlement only beside a city
            too_big = other.category in _CITIES or (other.category != "C" and size < 50000)
        if too_big:
            return None
    return biggest


def _disambiguate(
    gazetteer: Gazetteer,
    name: str,
    tied: list[_Candidate],
    context: Sequence[ContextItem],
    region_code: str | None,
) -> tuple[_Candidate, float] | None:
    """The candidate that context (and the city prior) favours clearly, with its margin."""
    evidence = [
        _context_places(gazetteer, item, region_code)
        for item in context
        if name_key(item if isinstance(item, str) else item[0]) != name_key(name)
    ]
    support: list[float] = []
    for candidate in tied:
        total = sum(
            weight * max((_affinity(gazetteer, candidate.place, p) for p in places), default=0.0)
            for places, weight in evidence
        )
        support.append(total + _prior(candidate.place, [c.place for c in tied], region_code))
    order = sorted(range(len(tied)), key=lambda i: -support[i])
    best, second = support[order[0]], support[order[1]]
    # Decisive: clearly ahead, or the only candidate near the other names.
    if best - second >= _CONTEXT_MARGIN or (best >= _CONTEXT_MIN and best >= 3 * second):
        return tied[order[0]], max(best - second, _CONTEXT_MARGIN)
    return None


def _prior(place: GazetteerPlace, namesakes: list[GazetteerPlace], region_code: str | None) -> float:
    if region_code is None:
        return 1.0 if _dominant_city(namesakes) == place else 0.0
    cities = [p for p in namesakes if p.category in _CITIES]
    return _CITY_PRIOR if len(cities) == 1 and place in cities else 0.0


def _context_places(
    gazetteer: Gazetteer, item: ContextItem, region_code: str | None
) -> tuple[list[GazetteerPlace], float]:
    """The places a context name may be, and how much its evidence weighs (less if common)."""
    name, own_region = (item, None) if isinstance(item, str) else item
    found = _match(gazetteer, name, own_region or region_code) if own_region or region_code else []
    if not found and own_region is None:
        # Not in the mention's region: the sentence may name the neighbouring oblast.
        found = [_Candidate(p, _BASE[t], "") for p, t in gazetteer.exact(name) if t != ALTERNATE]
    if not found:
        return [], 0.0
    # A misspelt neighbour ("Rubtsov" for Rubtsi) is still some evidence.
    quality = min(1.0, max(0.0, (max(c.score for c in found) - _CONTEXT_FUZZY) / 20.0))
    return [c.place for c in found], quality / len(found) ** 0.75


def _affinity(gazetteer: Gazetteer, place: GazetteerPlace, other: GazetteerPlace) -> float:
    if other.code == place.code:
        return 0.0
    if other.hromada_key == place.hromada_key:
        return 1.0
    # Neighbouring hromadas are 15-30 km apart and many locations are hromada centroids:
    # nearness counts, but clearly less than a shared hromada. Raions are large: sharing one
    # only counts when a location is unknown.
    here, there = gazetteer.location(place), gazetteer.location(other)
    if here is not None and there is not None:
        return 0.7 * math.exp(-_km(here, there) / _NEAR_KM)
    return 0.3 if other.raion_key == place.raion_key else 0.0


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    dlat = math.radians(b[0] - a[0])
    dlon = math.radians(b[1] - a[1]) * math.cos(math.radians((a[0] + b[0]) / 2))
    return 6371.0 * math.hypot(dlat, dlon)


@lru_cache(maxsize=65536)
def _same_name_count(gazetteer: Gazetteer, place: GazetteerPlace) -> int:
    key = normalize(place.name_uk)
    same = gazetteer.exact(key, region_code=place.region_code)
    return sum(1 for p, _ in same if normalize(p.name_uk) == key)
