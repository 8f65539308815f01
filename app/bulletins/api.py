"""JSON API for bulletins."""

from typing import Any

from fastapi import APIRouter, Query, Request

from app.bulletins import feeds, service
from app.bulletins.models import STATUS_LABELS, Bulletin, BulletinSource
from app.bulletins.schemas import BulletinDetail, BulletinPublic, SourcePublic
from app.deps import SessionDep
from app.events import service as events_service
from app.events.api import figure_public
from app.params import BulletinId, Limit, Offset, next_url
from app.schemas import Page, utc

router = APIRouter(tags=["bulletins"])


def bulletin_public(bulletin: Bulletin, *, with_text: bool = False) -> dict[str, Any]:
    """A bulletin as the API shows it."""
    data = {
        "id": bulletin.id, "title": bulletin.title, "issuer": bulletin.issuer,
        "format": bulletin.format, "parser_version": bulletin.parser_version,
        "published_on": bulletin.published_on, "as_of": bulletin.as_of,
        "window": {"start": bulletin.window_start, "end": bulletin.window_end},
        "sha256": bulletin.sha256, "origin": bulletin.origin, "completeness": bulletin.completeness,
        "notes": bulletin.notes, "body": {"start": bulletin.body_start, "end": bulletin.body_end},
        "status": STATUS_LABELS.get(bulletin.status, bulletin.status), "error": bulletin.extraction_error or None,
        "language": bulletin.language or None, "issuer_slug": bulletin.issuer_slug or None,
        "reporter": bulletin.reporter or None, "country": bulletin.country or None,
        "content_type": bulletin.content_type or None, "has_raw_page": bulletin.raw_page is not None,
        "url": f"/bulletins/{bulletin.id}",
    }  # fmt: skip
    if with_text:
        data["text"] = bulletin.text
    return data


def source_public(source: BulletinSource, counts: dict[str, int]) -> dict[str, Any]:
    """A bulletin source as the API shows it: for a feed, when it was last polled and what failed."""
    return {
        "id": source.id, "name": source.name, "kind": source.kind, "location": source.location,
        "format": source.format or None, "issuer": source.issuer or None,
        "interval_seconds": source.interval_seconds if source.kind == "feed" else None,
        "last_checked": utc(source.last_checked), "last_success": utc(source.last_success),
        "last_error": source.last_error or None, "etag": source.etag or None,
        "last_modified": source.last_modified or None, "entries": counts,
    }  # fmt: skip


@router.get("/bulletins/sources", response_model=Page[SourcePublic])
def list_sources(request: Request, session: SessionDep, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Where bulletins come from; followed feeds first, with their last poll and errors."""
    counts = feeds.entry_counts(session)
    sources = feeds.list_sources(session)
    items = [source_public(s, counts.get(s.id or 0, {})) for s in sources[offset : offset + limit]]
    return {"items": items, "total": len(sources), "limit": limit, "offset": offset,
            "next": next_url(request, offset=offset, limit=limit, total=len(sources))}  # fmt: skip


@router.get("/bulletins", response_model=Page[BulletinPublic])
def list_bulletins(
    request: Request, session: SessionDep, limit: Limit = 50, offset: Offset = 0,
    status: str | None = Query(None, max_length=40, description="extracted, not extracted or extraction failed"),
) -> dict[str, Any]:  # fmt: skip
    """Bulletins, newest first; `status=extraction failed` lists those to fix."""
    items, total = service.list_bulletins(session, limit=limit, offset=offset, status=status)
    return {"items": [bulletin_public(b) for b in items], "total": total, "limit": limit, "offset": offset,
            "next": next_url(request, offset=offset, limit=limit, total=total)}  # fmt: skip


@router.get("/bulletins/{bulletin_id}", response_model=BulletinDetail)
def get_bulletin(session: SessionDep, bulletin_id: BulletinId) -> dict[str, Any]:
    """One bulletin with its raw text and every figure it states."""
    bulletin = service.get(session, bulletin_id=bulletin_id)
    data = bulletin_public(bulletin, with_text=True)
    data["figures"] = [figure_public(f) for f in events_service.figures_for_bulletin(session, bulletin_id=bulletin_id)]
    return data
