"""JSON API for bulletins."""

from typing import Any

from fastapi import APIRouter, Query

from app.bulletins import service
from app.bulletins.models import Bulletin
from app.deps import Offset, RowId, SessionDep
from app.events import service as events_service
from app.events.api import figure_public

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
        "url": f"/bulletins/{bulletin.id}",
    }  # fmt: skip
    if with_text:
        data["text"] = bulletin.text
    return data


@router.get("/bulletins")
def list_bulletins(session: SessionDep, limit: int = Query(50, ge=1, le=500), offset: Offset = 0) -> dict[str, Any]:
    """Bulletins, newest first."""
    items, total = service.list_bulletins(session, limit=limit, offset=offset)
    return {"items": [bulletin_public(b) for b in items], "total": total}


@router.get("/bulletins/{bulletin_id}")
def get_bulletin(session: SessionDep, bulletin_id: RowId) -> dict[str, Any]:
    """One bulletin with its raw text and every figure it states."""
    bulletin = service.get(session, bulletin_id=bulletin_id)
    data = bulletin_public(bulletin, with_text=True)
    data["figures"] = [figure_public(f) for f in events_service.figures_for_bulletin(session, bulletin_id=bulletin_id)]
    return data
