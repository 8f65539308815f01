"""Ingest: raw text -> bulletin -> extraction -> resolved events and figures -> links."""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.bulletins import sources
from app.bulletins.extraction import registry
from app.bulletins.extraction.drafts import ParsedBulletin
from app.bulletins.models import Bulletin, BulletinSource
from app.db import retry_write_conflicts
from app.errors import InputError
from app.events import claims
from app.events.models import ConflictEvent, FigureClaim
from app.links import service as links_service
from app.places import regions as regions_table
from app.places import service as places_service
from search import outbox

TARGET_ACTORS = {"ru_mod": "Armed Forces of Ukraine"}


@dataclass
class IngestReport:
    """One entry per bulletin and one message per error, as `--json` prints it."""

    bulletins: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def ingest_sources(
    session: Session,
    *,
    sources_: Iterable[str],
    format: str | None = None,
    allow_private: bool = False,
) -> IngestReport:
    """Ingest every file, directory and URL given; one bad input never stops the rest."""
    report = IngestReport()
    new_ids: list[int] = []
    for source in sources_:
        try:
            items = list(sources.expand(source))
        except InputError as error:
            report.errors.append(error.message)
            continue
        for item in items:
            try:
                raw = (
                    sources.read_file(item) if isinstance(item, Path)
                    else sources.fetch_url(item, allow_private=allow_private)
                )  # fmt: skip
                entry = retry_write_conflicts(session, partial(ingest_text, session, raw=raw, format=format))
            except (InputError, registry.UnknownFormatError) as error:
                session.rollback()
                message = error.message if isinstance(error, InputError) else f"{item}: {error}"
                report.errors.append(message)
                continue
            report.bulletins.append(entry)
            if not entry["duplicate"]:
                new_ids.append(entry["id"])
    if new_ids:
        event_ids = session.exec(select(ConflictEvent.id).where(col(ConflictEvent.bulletin_id).in_(new_ids))).all()
        ids = [i for i in event_ids if i is not None]
        claims.refresh_claims(session, event_ids=ids)
        links_service.refresh_for_events(session, event_ids=ids)
    return report


def ingest_text(session: Session, *, raw: sources.RawBulletin, format: str | None = None) -> dict[str, Any]:
    """Store one bulletin (once per distinct text) with its events and figures."""
    digest = hashlib.sha256(raw.text.encode("utf-8")).hexdigest()
    existing = session.exec(select(Bulletin).where(Bulletin.sha256 == digest)).first()
    if existing is not None:
        return _entry(session, existing, raw.origin, duplicate=True)
    parsed = registry.parse(raw.text, format=format)
    source = _source(session, raw, parsed)
    bulletin = Bulletin(
        sha256=digest, source_id=source.id, origin=raw.origin, title=parsed.title,
        issuer=parsed.issuer, format=parsed.format, parser_version=parsed.parser_version,
        published_on=parsed.published_on, as_of=parsed.as_of, window_start=parsed.window_start,
        window_end=parsed.window_end, text=raw.text, body_start=parsed.body_start,
        body_end=parsed.body_end, completeness=parsed.completeness, notes=parsed.notes,
    )  # fmt: skip
    session.add(bulletin)
    session.flush()
    assert bulletin.id is not None
    _store_events(session, bulletin, parsed)
    _store_figures(session, bulletin, parsed)
    session.commit()
    return _entry(session, bulletin, raw.origin, duplicate=False)


def _source(session: Session, raw: sources.RawBulletin, parsed: ParsedBulletin) -> BulletinSource:
    source = session.exec(select(BulletinSource).where(BulletinSource.location == raw.origin)).first()
    if source is None:
        source = BulletinSource(
            name=Path(raw.origin).name if raw.kind == "file" else raw.origin, kind=raw.kind,
            location=raw.origin, format=parsed.format, issuer=parsed.issuer,
        )  # fmt: skip
        session.add(source)
        session.flush()
    return source


def _store_events(session: Session, bulletin: Bulletin, parsed: ParsedBulletin) -> None:
    assert bulletin.id is not None
    known = places_service.corrections(session)
    claimant = parsed.issuer or "Unknown issuer"
    for draft in parsed.events:
        region = places_service.resolve_region(
            region_as_written=draft.region_as_written, place_as_written=draft.place_as_written
        )
        place = places_service.resolve_place(
            session, name=draft.place_as_written, region_code=region.code if region else None,
            context=_context(draft.neighbours, region.code if region else None), known_corrections=known,
        )  # fmt: skip
        event = ConflictEvent(
            bulletin_id=bulletin.id, date=parsed.as_of or parsed.published_on,
            date_precision="day", claimant=claimant,
            actor=f"Russian Armed Forces ({draft.group_name} Group of Forces)"
            if parsed.format == "ru_mod" and draft.group_name != "unknown" else "",
            target_actor=TARGET_ACTORS.get(parsed.format, ""), action=draft.action,
            group_name=draft.group_name, group_as_written=draft.group_as_written,
            place_as_written=draft.place_as_written, place_start=draft.place_span.start,
            place_end=draft.place_span.end, region_as_written=draft.region_as_written,
            region_code=region.code if region else None,
            region_method=region.method if region else "none",
            place_code=place.code, place_method=place.method, place_score=place.score,
            place_same_name_count=place.same_name_count,
            place_status="resolved" if place.code else "unresolved",
            geo_precision="settlement" if place.code else ("region" if region else "none"),
            paragraph_index=draft.paragraph_index, paragraph_truncated=draft.paragraph_truncated,
            quote=bulletin.text[draft.quote_span.start : draft.quote_span.end],
            quote_start=draft.quote_span.start, quote_end=draft.quote_span.end,
            confidence=0.3 if draft.paragraph_truncated else 0.5,
        )  # fmt: skip
        session.add(event)
        session.flush()
        assert event.id is not None
        outbox.enqueue(session, entity="event", entity_id=event.id)


def _context(neighbours: tuple[tuple[str, str], ...], default_region: str | None) -> list[tuple[str, str]]:
    """Neighbouring names with their regions, so a namesake in another oblast is not evidence."""
    pairs = []
    for name, region_as_written in neighbours:
        region = regions_table.resolve(region_as_written) if region_as_written else None
        code = region.code if region else default_region
        if code:
            pairs.append((name, code))
    return pairs


def _store_figures(session: Session, bulletin: Bulletin, parsed: ParsedBulletin) -> None:
    assert bulletin.id is not None
    for draft in parsed.figures:
        session.add(
            FigureClaim(
                bulletin_id=bulletin.id, category=draft.category, value=draft.value,
                qualifier=draft.qualifier, unit=draft.unit, scope=draft.scope,
                group_name=draft.group_name, since=draft.since,
                claimant=parsed.issuer or "Unknown issuer",
                quote=bulletin.text[draft.quote_span.start : draft.quote_span.end],
                start=draft.span.start, end=draft.span.end,
                check_status=draft.check_status, check_detail=draft.check_detail,
            )
        )  # fmt: skip


def _entry(session: Session, bulletin: Bulletin, origin: str, *, duplicate: bool) -> dict[str, Any]:
    events = session.exec(
        select(func.count()).select_from(ConflictEvent).where(ConflictEvent.bulletin_id == bulletin.id)
    ).one()
    figures = session.exec(
        select(func.count()).select_from(FigureClaim).where(FigureClaim.bulletin_id == bulletin.id)
    ).one()
    return {
        "id": bulletin.id, "source": origin, "sha256": bulletin.sha256, "duplicate": duplicate,
        "events": int(events), "figures": int(figures), "format": bulletin.format,
        "completeness": bulletin.completeness, "notes": bulletin.notes,
    }  # fmt: skip
