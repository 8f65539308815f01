"""JSON API for bulletins."""

from typing import Any

from fastapi import APIRouter, Request

from app.bulletins import service
from app.bulletins.models import Bulletin
from app.bulletins.schemas import BulletinDetail, BulletinPublic
from app.deps import SessionDep
from app.events import service as events_service
from app.events.api import figure_public
from app.params import BulletinId, Limit, Offset, next_url
from app.schemas import Page

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


@router.get("/bulletins", response_model=Page[BulletinPublic])
def list_bulletins(request: Request, session: SessionDep, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Bulletins, newest first."""
    items, total = service.list_bulletins(session, limit=limit, offset=offset)
    return {"items": [bulletin_public(b) for b in items], "total": total, "limit": limit, "offset": offset,
            "next": next_url(request, offset=offset, limit=limit, total=total)}  # fmt: skip


@router.get("/bulletins/{bulletin_id}", response_model=BulletinDetail)
def get_bulletin(session: SessionDep, bulletin_id: BulletinId) -> dict[str, Any]:
    """One bulletin with its raw text and every figure it states."""
    bulletin = service.get(session, bulletin_id=bulletin_id)
    data = bulletin_public(bulletin, with_text=True)
    data["figures"] = [figure_public(f) for f in events_service.figures_for_bulletin(session, bulletin_id=bulletin_id)]
    return data
