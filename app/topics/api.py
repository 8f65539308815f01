"""JSON API for topics."""

from typing import Any

from fastapi import APIRouter

from app.deps import SessionDep
from app.topics import service

router = APIRouter(tags=["topics"])


@router.get("/topics")
def list_topics(session: SessionDep) -> dict[str, Any]:
    """The whole taxonomy, in order, each with its parent."""
    items = [
        {"slug": t.slug, "name": t.name, "description": t.description, "parent": t.parent_slug}
        for t in service.list_topics(session)
    ]
    return {"items": items, "total": len(items)}
