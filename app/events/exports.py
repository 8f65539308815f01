"""Event lists as CSV and GeoJSON, streamed in batches: every row keeps claimant, quote and span."""

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from sqlmodel import Session, col, select

from app.bulletins.models import Bulletin
from app.events.browse import EventFilters, stream
from app.events.models import ConflictEvent
from app.events.wording import event_title
from app.places.models import Place

CSV_COLUMNS = [
    "id", "date", "claimant", "title", "action", "group", "place_as_written", "place_id", "place_name",
    "region_as_written", "region_code", "lat", "lon", "claim_status", "quote", "span_start", "span_end",
    "bulletin_id", "bulletin_url", "bulletin_source", "event_url",
]  # fmt: skip
BATCH = 500


def _batches(session: Session, filters: EventFilters) -> Iterator[list[tuple[ConflictEvent, Place | None, Bulletin]]]:
    events = stream(session, filters=filters, batch=BATCH)
    while True:
        chunk = [event for _, event in zip(range(BATCH), events, strict=False)]
        if not chunk:
            return
        place_codes = {e.place_code for e in chunk if e.place_code}
        places = {p.code: p for p in session.exec(select(Place).where(col(Place.code).in_(place_codes)))}
        bulletin_ids = {e.bulletin_id for e in chunk}
        bulletins = {b.id: b for b in session.exec(select(Bulletin).where(col(Bulletin.id).in_(bulletin_ids)))}
        yield [(e, places.get(e.place_code or ""), bulletins[e.bulletin_id]) for e in chunk]


def _row(event: ConflictEvent, place: Place | None, bulletin: Bulletin, base_url: str) -> dict[str, Any]:
    return {
        "id": event.id, "date": event.date.isoformat() if event.date else "", "claimant": event.claimant,
        "title": event_title(event, place_name=place.name if place else None), "action": event.action,
        "group": event.group_name, "place_as_written": event.place_as_written,
        "place_id": place.code if place else "", "place_name": place.name if place else "",
        "region_as_written": event.region_as_written, "region_code": event.region_code or "",
        "lat": place.lat if place and place.lat is not None else "",
        "lon": place.lon if place and place.lon is not None else "",
        "claim_status": event.claim_status, "quote": event.quote, "span_start": event.quote_start,
        "span_end": event.quote_end, "bulletin_id": event.bulletin_id,
        "bulletin_url": f"{base_url}/bulletins/{event.bulletin_id}",
        "bulletin_source": bulletin.origin if bulletin.origin.startswith(("http://", "https://")) else "",
        "event_url": f"{base_url}/events/{event.id}",
    }  # fmt: skip


def csv_lines(session: Session, *, filters: EventFilters, base_url: str) -> Iterable[str]:
    """The header and one CSV line per event (RFC 4180 quoting), generated batch by batch."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    yield buffer.getvalue()
    for chunk in _batches(session, filters):
        buffer.seek(0)
        buffer.truncate()
        for event, place, bulletin in chunk:
            writer.writerow(_safe_cells(_row(event, place, bulletin, base_url)))
        yield buffer.getvalue()


def _safe_cells(row: dict[str, Any]) -> dict[str, Any]:
    """Text cells starting with = + - @ are prefixed with ' so spreadsheets do not run them as formulas."""
    return {k: f"'{v}" if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") else v for k, v in row.items()}


def geojson_chunks(session: Session, *, filters: EventFilters, base_url: str) -> Iterable[str]:
    """A FeatureCollection of Points: the events whose place is resolved and has coordinates."""
    yield '{"type": "FeatureCollection", "features": ['
    first = True
    for chunk in _batches(session, filters):
        for event, place, bulletin in chunk:
            if place is None or place.lat is None or place.lon is None:
                continue
            properties = _row(event, place, bulletin, base_url)
            feature = {
                "type": "Feature", "id": event.id,
                "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
                "properties": {k: v for k, v in properties.items() if k not in ("lat", "lon")},
            }  # fmt: skip
            yield ("" if first else ",") + json.dumps(feature, ensure_ascii=False)
            first = False
    yield "]}"
