"""A small static locator map as SVG: the place, its region's settlements as context dots, its neighbours.

Drawn from the shipped gazetteer's coordinates (GeoNames, CC BY 4.0) on an equirectangular projection
scaled by cos(latitude), so no tile server and nothing downloaded at run time.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from app.places.gazetteer import load as load_gazetteer
from app.places.models import Place

PAD = 0.15  # degrees around the frame's points
MIN_SPAN = 0.6  # degrees: a frame never narrower than this, so a lone place still shows its surroundings


@dataclass(frozen=True)
class MapPoint:
    """A point to draw: where, its name, and what it is (place / neighbour / context / town)."""

    lat: float
    lon: float
    name: str
    kind: str
    href: str = ""


def context_points(place: Place) -> list[MapPoint]:
    """The located settlements of the place's region (towns and cities marked as such)."""
    points = []
    for entry in load_gazetteer().in_region(place.region_code):
        if entry.lat is None or entry.lon is None or entry.code == place.code:
            continue
        kind = "town" if entry.category in ("K", "M") else "context"
        points.append(MapPoint(entry.lat, entry.lon, entry.name, kind))
    return points


def svg(
    place: Place, *, neighbours: Sequence[MapPoint] = (), context: Sequence[MapPoint] = (), width: int = 320
) -> str | None:
    """The locator map, or None when the place has no coordinates."""
    if place.lat is None or place.lon is None:
        return None
    frame = [(place.lat, place.lon)] + [(p.lat, p.lon) for p in (*context, *neighbours)]
    lat_min, lat_max = min(f[0] for f in frame) - PAD, max(f[0] for f in frame) + PAD
    lon_min, lon_max = min(f[1] for f in frame) - PAD, max(f[1] for f in frame) + PAD
    lat_min, lat_max = _widen(lat_min, lat_max)
    lon_min, lon_max = _widen(lon_min, lon_max)
    kx = math.cos(math.radians((lat_min + lat_max) / 2))
    scale = width / ((lon_max - lon_min) * kx)
    height = max(120, round((lat_max - lat_min) * scale))

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return (lon - lon_min) * kx * scale, (lat_max - lat) * scale

    title = f"Where {place.name} is"
    desc = (
        f"{place.name} at {place.lat:.3f}° N, {place.lon:.3f}° E, among {len(context)} located settlements of its "
        f"region (grey dots) and {len(neighbours)} nearby places with claimed events (blue dots)."
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="locator" role="img" viewBox="0 0 {width} {height}" '
        f'aria-labelledby="locator-title" aria-describedby="locator-desc">',
        f'<title id="locator-title">{escape(title)}</title><desc id="locator-desc">{escape(desc)}</desc>',
        f'<rect width="{width}" height="{height}" fill="#f4f6f9" stroke="#dde2ea"/>',
    ]
    towns = sorted((p for p in context if p.kind == "town"), key=lambda p: p.name)
    for point in context:
        x, y = xy(point.lat, point.lon)
        r = 2.2 if point.kind == "town" else 1.3
        out.append(f'<circle class="context" cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="#b8c0cc"/>')
    for point in towns[:12]:
        x, y = xy(point.lat, point.lon)
        out.append(f'<text x="{x + 3:.1f}" y="{y - 3:.1f}" font-size="8" fill="#7a8494">{escape(point.name)}</text>')
    for point in neighbours:
        x, y = xy(point.lat, point.lon)
        link = f'<a href="{escape(point.href)}">' if point.href else ""
        out.append(
            f'{link}<circle class="neighbour" cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="#0072B2">'
            f"<title>{escape(point.name)}</title></circle>{'</a>' if link else ''}"
        )
    x, y = xy(place.lat, place.lon)
    anchor = "end" if x > width * 0.7 else "start"
    dx = -8 if anchor == "end" else 8
    out.append(
        f'<circle class="place" cx="{x:.1f}" cy="{y:.1f}" r="6" fill="#D55E00" stroke="#fff" stroke-width="2"/>'
        f'<text x="{x + dx:.1f}" y="{y + 4:.1f}" font-size="12" font-weight="bold" text-anchor="{anchor}" '
        f'fill="#1d2430">{escape(place.name)}</text>'
    )
    out.append("</svg>")
    return "".join(out)


def _widen(low: float, high: float) -> tuple[float, float]:
    if high - low >= MIN_SPAN:
        return low, high
    middle = (low + high) / 2
    return middle - MIN_SPAN / 2, middle + MIN_SPAN / 2
