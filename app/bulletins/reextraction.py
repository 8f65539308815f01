"""Re-extraction: stored texts run through today's parsers; the failed list."""

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from app.bulletins import flows
from app.bulletins.extraction import registry
from app.bulletins.models import EXTRACTED, EXTRACTION_FAILED, Bulletin
from app.events import service as events_service

log = logging.getLogger(__name__)


@dataclass
class ReextractReport:
    """What re-extraction did, bulletin by bulletin."""

    bulletins: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def reextract(session: Session, *, bulletin_ids: Sequence[int]) -> ReextractReport:
    """Run extraction again on stored texts; events found again keep their ids and editors' decisions."""
    report = ReextractReport()
    changes = events_service.EventChanges()
    for bulletin_id in bulletin_ids:
        bulletin = session.get(Bulletin, bulletin_id)
        if bulletin is None:
            report.errors.append(f"no bulletin {bulletin_id}")
            continue
        before = bulletin.parser_version
        try:
            # The format named at ingest, while a parser of that name exists; else detect again.
            named = bulletin.requested_format if bulletin.requested_format in registry.PARSERS else None
            parsed = registry.parse(bulletin.text, format=named, hints=flows.hints_from_json(bulletin.hints))
            flows.apply_parse(bulletin, parsed)
            session.add(bulletin)
            done = events_service.replace_from_drafts(session, bulletin=bulletin, parsed=parsed)
            session.commit()
        except Exception as error:  # the old events stay; the bulletin says why it was not renewed
            session.rollback()
            message = f"{type(error).__name__}: {error}"[:2000]
            log.warning("re-extraction failed for bulletin %s: %s", bulletin_id, message)
            failed = session.get(Bulletin, bulletin_id)
            assert failed is not None
            failed.status, failed.extraction_error = EXTRACTION_FAILED, message
            session.commit()
            report.errors.append(
                f"bulletin #{bulletin_id}: extraction failed ({message}); its previous events are kept"
            )
            continue
        changes.merge(done)
        report.bulletins.append({
            "id": bulletin_id, "format": bulletin.format, "parser_version": {"before": before,
            "after": bulletin.parser_version}, "status": bulletin.status, "created": len(done.created),
            "updated": len(done.updated), "deleted": len(done.deleted), "figures": done.figures,
        })  # fmt: skip
    events_service.refresh_links(session, changes=changes)
    return report


def select_for_reextraction(
    session: Session, *, ids: Sequence[int] = (), every: bool = False, format: str | None = None, stale: bool = False
) -> list[int]:
    """Bulletin ids chosen by id, by stored format, every one, or the stale ones (see `is_stale`)."""
    query = select(Bulletin).order_by(col(Bulletin.id))
    if ids:
        query = query.where(col(Bulletin.id).in_(list(ids)))
    elif format:
        query = query.where(Bulletin.format == format)
    elif not (every or stale):
        return []
    chosen = [b.id for b in session.exec(query).all() if b.id is not None and (not stale or is_stale(b))]
    missing = sorted(set(ids) - set(chosen))
    return chosen + missing  # unknown ids come back so the report can name them


def is_stale(bulletin: Bulletin) -> bool:
    """True when today's parsers would read it differently: it failed, its parser changed version, or another
    parser now claims its text."""
    if bulletin.status == EXTRACTION_FAILED:
        return True
    parser = registry.PARSERS.get(bulletin.format)
    if parser is None or getattr(parser, "VERSION", "") != bulletin.parser_version:
        return True
    if bulletin.requested_format or bulletin.status != EXTRACTED:
        return False
    return registry.detect(bulletin.text) != bulletin.format


def failed(session: Session) -> list[Bulletin]:
    """Bulletins whose extraction failed, newest first."""
    query = select(Bulletin).where(Bulletin.status == EXTRACTION_FAILED).order_by(col(Bulletin.id).desc())
    return list(session.exec(query).all())
