"""The shipped gazetteer of Ukrainian settlements: lookup by code, by name and by prefix."""

import bisect
import dataclasses
import gc
import gzip
import hashlib
import logging
import marshal
import os
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from rapidfuzz import fuzz, process

from app.places import translit
from app.places.translit import fold, normalize

log = logging.getLogger(__name__)

GAZETTEER_DIR = Path(__file__).resolve().parents[2] / "content" / "gazetteer"
PLACES_FILE = GAZETTEER_DIR / "places.tsv.gz"
RENAMED_FILE = GAZETTEER_DIR / "renamed.tsv"

# How a name form relates to the place: its own name, a curated former name, a generated
# Russian-style spelling, a GeoNames alternate.
OFFICIAL, RENAMED, GENERATED, ALTERNATE = 0, 1, 2, 3
_CATEGORY_RANK = {"K": 0, "M": 1, "T": 2, "X": 3, "C": 4}


@dataclass(frozen=True)
class GazetteerPlace:
    """One settlement: KATOTTG code, official romanisation and every known spelling."""

    code: str
    category: str
    name: str
    name_uk: str
    region_code: str
    raion: str
    hromada: str
    lat: float | None
    lon: float | None
    population: int | None
    variants: tuple[str, ...]

    @property
    def hromada_key(self) -> str:
        """The hromada part of the KATOTTG code (shared by settlements of one hromada)."""
        return self.code[:9] if self.category != "K" else self.code

    @property
    def raion_key(self) -> str:
        """The raion part of the KATOTTG code."""
        return self.code[:6] if self.category != "K" else self.code


class NameForm(NamedTuple):
    """One spelling of one place, with its tier (OFFICIAL, GENERATED or ALTERNATE)."""

    text: str
    tier: int


@dataclass
class _RegionIndex:
    fold_keys: list[str]
    fold_codes: list[list[str]]
    by_fold: dict[str, list[str]]


class Gazetteer:
    """All settlements with exact, prefix and fuzzy indexes over their name forms."""

    def __init__(self, places: Iterable[tuple[GazetteerPlace, list[tuple[str, int]]]]) -> None:
        self._places: dict[str, GazetteerPlace] = {}
        self._forms: dict[str, list[tuple[str, int]]] = {}
        self._by_region: dict[str, list[GazetteerPlace]] = defaultdict(list)
        self._exact: dict[str, list[tuple[str, int]]] = defaultdict(list)
        self._keys: dict[str, list[str]] = {}
        self._reset_caches()
        normalized: dict[str, str] = {}  # names repeat across places: normalise each once
        for place, forms in places:
            self._places[place.code] = place
            self._forms[place.code] = forms
            self._by_region[place.region_code].append(place)
            seen: set[str] = set()
            self._keys[place.code] = keys = []
            for text, tier in forms:
                key = normalized.get(text)
                if key is None:
                    key = normalized[text] = normalize(text)
                if key and key not in seen:
                    seen.add(key)
                    keys.append(key)
                    self._exact[key].append((place.code, tier))
        self._sorted_keys = sorted(self._exact)

    def _reset_caches(self) -> None:
        self._region_index: dict[str | None, _RegionIndex] = {}
        self._centre_cache: dict[str, tuple[float, float]] | None = None
        self._by_importance: list[GazetteerPlace] | None = None
        self._short: dict[tuple[str, str | None, int], list[GazetteerPlace]] = {}

    def to_state(self) -> tuple[Any, ...]:
        """The indexes as plain tuples, lists and dicts (what `marshal` stores)."""
        places = [tuple(getattr(place, name) for name in _PLACE_FIELDS) for place in self._places.values()]
        return (places, self._forms, dict(self._exact), self._keys, self._sorted_keys)

    @classmethod
    def from_state(cls, state: tuple[Any, ...]) -> "Gazetteer":
        """A gazetteer from `to_state()` output, without normalising any name again."""
        places, forms, exact, keys, sorted_keys = state
        gazetteer = cls.__new__(cls)
        gazetteer._reset_caches()
        gazetteer._places = {}
        gazetteer._by_region = defaultdict(list)
        new = object.__new__
        for values in places:
            # Frozen dataclass: fill its __dict__ directly (about 3x faster than __init__).
            place = new(GazetteerPlace)
            place.__dict__.update(zip(_PLACE_FIELDS, values, strict=True))
            gazetteer._places[place.code] = place
            gazetteer._by_region[place.region_code].append(place)
        # marshal keeps tuples as tuples: the containers come back as they were stored.
        gazetteer._forms = forms
        gazetteer._exact = defaultdict(list, exact)
        gazetteer._keys, gazetteer._sorted_keys = keys, sorted_keys
        return gazetteer

    def __len__(self) -> int:
        return len(self._places)

    def get(self, code: str) -> GazetteerPlace | None:
        """The place with this KATOTTG code, or None."""
        return self._places.get(code)

    def in_region(self, region_code: str) -> list[GazetteerPlace]:
        """Every settlement of a region (ISO 3166-2 code), in code order."""
        return list(self._by_region.get(region_code, ()))

    def location(self, place: GazetteerPlace) -> tuple[float, float] | None:
        """Coordinates of a place, else of its hromada or raion (approximate), else None."""
        if place.lat is not None and place.lon is not None:
            return (place.lat, place.lon)
        centres = self._centres()
        return centres.get(place.hromada_key) or centres.get(place.raion_key)

    def warm(self) -> None:
        """Build the lazy index `location` reads now (before forking workers, so they share it)."""
        self._centres()

    def _centres(self) -> dict[str, tuple[float, float]]:
        if self._centre_cache is None:
            points: dict[str, list[tuple[float, float]]] = defaultdict(list)
            centres: dict[str, tuple[float, float]] = {}
            for place in self._places.values():
                if place.lat is None or place.lon is None:
                    continue
                for unit in (place.hromada_key, place.raion_key):
                    points[unit].append((place.lat, place.lon))
                if place.code[9:12] == "001":  # settlement 001 is the hromada's centre
                    centres[place.hromada_key] = (place.lat, place.lon)
            for unit, pts in points.items():
                if unit not in centres:
                    lat = sum(p[0] for p in pts) / len(pts)
                    centres[unit] = (lat, sum(p[1] for p in pts) / len(pts))
            self._centre_cache = centres
        return self._centre_cache

    def forms(self, code: str) -> list[NameForm]:
        """Every spelling of a place, official ones first."""
        return [NameForm(text, tier) for text, tier in self._forms.get(code, ())]

    def exact(self, name: str, *, region_code: str | None = None) -> list[tuple[GazetteerPlace, int]]:
        """Places having this spelling (normalised), with the best tier for each."""
        best: dict[str, int] = {}
        for code, tier in self._exact.get(normalize(name), ()):
            place = self._places[code]
            if region_code is None or place.region_code == region_code:
                best[code] = min(tier, best.get(code, tier))
        return [(self._places[code], tier) for code, tier in best.items()]

    def folded(self, name: str, *, region_code: str | None) -> list[GazetteerPlace]:
        """Places one of whose spellings has the same fold key."""
        codes = self._index(region_code).by_fold.get(fold(name), [])
        return [self._places[code] for code in codes]

    def fuzzy(
        self, name: str, *, region_code: str | None, limit: int = 10, cutoff: float = 70.0
    ) -> list[tuple[GazetteerPlace, str, float]]:
        """Places whose fold key is close to the name's: (place, key, fold ratio), best first."""
        index = self._index(region_code)
        out: list[tuple[GazetteerPlace, str, float]] = []
        hits = process.extract(fold(name), index.fold_keys, scorer=fuzz.ratio, limit=limit, score_cutoff=cutoff)
        for key, score, position in hits:
            out += [(self._places[code], key, score) for code in index.fold_codes[position]]
        return out

    def _index(self, region_code: str | None) -> _RegionIndex:
        index = self._region_index.get(region_code)
        if index is None:
            places = self._by_region.get(region_code, []) if region_code else self._places.values()
            by_fold: dict[str, list[str]] = defaultdict(list)
            for place in places:
                for text, _ in self._forms[place.code]:
                    key = fold(text)
                    if key and place.code not in by_fold[key]:
                        by_fold[key].append(place.code)
            keys = sorted(by_fold)
            index = _RegionIndex(keys, [by_fold[k] for k in keys], dict(by_fold))
            self._region_index[region_code] = index
        return index

    def search(self, query: str, *, region_code: str | None = None, limit: int = 10) -> list[GazetteerPlace]:
        """Autocomplete: places whose spellings start with the query, then fuzzy matches."""
        key = normalize(query)
        if not key or limit <= 0:
            return []
        if len(key) <= 2:
            return self._short_prefix(key, region_code, limit)
        ranked: dict[str, tuple[int, int, int, str]] = {}
        start = bisect.bisect_left(self._sorted_keys, key)
        for position in range(start, min(start + 4000, len(self._sorted_keys))):
            candidate = self._sorted_keys[position]
            if not candidate.startswith(key):
                break
            for code, tier in self._exact[candidate]:
                place = self._places[code]
                if region_code and place.region_code != region_code:
                    continue
                rank = (0 if candidate == key else 1, tier, *self._importance(place))
                ranked[code] = min(rank, ranked.get(code, rank))
        if len(ranked) < limit and len(key) >= 3:
            for place, _, score in self.fuzzy(query, region_code=region_code, limit=limit, cutoff=75):
                rank = (2, 100 - int(score), *self._importance(place))
                ranked.setdefault(place.code, rank)
        best = sorted(ranked, key=lambda code: ranked[code])[:limit]
        return [self._places[code] for code in best]

    def _short_prefix(self, key: str, region_code: str | None, limit: int) -> list[GazetteerPlace]:
        """One or two letters match thousands of names: the biggest places first, cached."""
        cached = self._short.get((key, region_code, limit))
        if cached is None:
            if self._by_importance is None:
                self._by_importance = sorted(self._places.values(), key=self._importance)
            cached = []
            for place in self._by_importance:
                if region_code and place.region_code != region_code:
                    continue
                if any(k.startswith(key) for k in self._keys[place.code]):
                    cached.append(place)
                    if len(cached) >= limit:
                        break
            self._short[(key, region_code, limit)] = cached
        return list(cached)

    @staticmethod
    def _importance(place: GazetteerPlace) -> tuple[int, str]:
        return (-(place.population or 0) - (1_000_000 if place.category == "K" else 0), place.code)


def _parse(line: str) -> tuple[GazetteerPlace, list[tuple[str, int]]]:
    (code, category, name, name_uk, ru, ru_cyr, region, raion, hromada, lat, lon, pop, _gid,
     variants) = line.rstrip("\n").split("\t")  # fmt: skip
    generated = [v for v in ru.split("|") + ru_cyr.split("|") if v]
    alternates = [v for v in variants.split("|") if v]
    place = GazetteerPlace(
        code=code,
        category=category,
        name=name,
        name_uk=name_uk,
        region_code=region,
        raion=raion,
        hromada=hromada,
        lat=float(lat) if lat else None,
        lon=float(lon) if lon else None,
        population=int(pop) if pop else None,
        variants=tuple(generated + alternates),
    )
    forms = [(name, OFFICIAL), (name_uk, OFFICIAL)]
    forms += [(v, GENERATED) for v in generated]
    forms += [(v, ALTERNATE) for v in alternates]
    return place, forms


def read_renamed(path: Path = RENAMED_FILE) -> dict[str, list[str]]:
    """Former names by KATOTTG code, from the curated renamed-places table."""
    renamed: dict[str, list[str]] = defaultdict(list)
    with path.open(encoding="utf-8") as handle:
        rows = [line.rstrip("\n").split("\t") for line in handle if not line.startswith("#")]
    for old_names, _region, code, *_ in rows[1:]:
        renamed[code] += [name for name in old_names.split("|") if name]
    return renamed


def read(path: Path = PLACES_FILE, renamed_path: Path = RENAMED_FILE) -> Gazetteer:
    """Read a place file written by app.places.build, plus the renamed-places table."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    renamed = read_renamed(renamed_path)
    entries = []
    for line in lines[1:]:
        place, forms = _parse(line)
        if place.code in renamed:
            old = renamed[place.code]
            own = {normalize(place.name), normalize(place.name_uk)}
            unique = {normalize(v): v for v in reversed([*old, *place.variants])}
            variants = tuple(v for k, v in reversed(unique.items()) if k not in own)
            place = replace(place, variants=variants)
            forms[2:2] = [(name, RENAMED) for name in old]
        entries.append((place, forms))
    return Gazetteer(entries)


_PLACE_FIELDS = tuple(f.name for f in dataclasses.fields(GazetteerPlace))
# Bump when the cached state's shape changes; the source of normalisation is hashed in as well.
_CACHE_FORMAT = 1


def cache_key(path: Path = PLACES_FILE, renamed_path: Path = RENAMED_FILE) -> str:
    """Hash of the data files, the normalising code and the Python version the cache is valid for."""
    digest = hashlib.sha256(f"{_CACHE_FORMAT}:{sys.version_info[:2]}:{marshal.version}".encode())
    for source in (path, renamed_path, Path(translit.__file__), Path(__file__)):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:24]


def read_cached(cache_dir: Path, path: Path = PLACES_FILE, renamed_path: Path = RENAMED_FILE) -> Gazetteer:
    """The gazetteer from a compact cache file in cache_dir, built from the data files when missing.

    The cache (marshal of plain containers) is keyed by the hash of the data files and the code
    that normalises names, so a new data file or a new normaliser rebuilds it. A cache that cannot
    be read or written is not an error: the gazetteer is parsed from the data files.
    """
    target = cache_dir / f"gazetteer-{cache_key(path, renamed_path)}.marshal"
    enabled = gc.isenabled()
    gc.disable()  # millions of small containers: the cyclic collector would triple the load time
    try:
        if target.exists():
            try:
                return Gazetteer.from_state(marshal.loads(target.read_bytes()))
            except (OSError, ValueError, EOFError, TypeError) as error:
                log.warning("gazetteer cache %s unreadable (%s): rebuilding it", target, error)
        gazetteer = read(path, renamed_path)
        _write_cache(target, gazetteer)
        return gazetteer
    finally:
        if enabled:
            gc.enable()


def _write_cache(target: Path, gazetteer: Gazetteer) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".gazetteer-", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            marshal.dump(gazetteer.to_state(), out)
        os.replace(temporary, target)
        for old in target.parent.glob("gazetteer-*.marshal"):
            if old != target:
                old.unlink(missing_ok=True)
    except OSError as error:
        log.warning("gazetteer cache not written to %s: %s", target, error)


@cache
def load() -> Gazetteer:
    """The shipped gazetteer, read once per process (from its cache under the data dir when fresh)."""
    from app.config import get_settings  # settings are read at first use, not at import

    gazetteer = read_cached(get_settings().data_dir / "cache")
    # Its ~600,000 containers live as long as the process: move them out of the cyclic collector's
    # sight, so bulk work (ingest, link refresh) does not re-scan them on every full collection.
    gc.freeze()
    return gazetteer
