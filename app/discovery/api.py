"""JSON API for search."""

from typing import Any, Literal

from fastapi import APIRouter, Query

from app.deps import SearchDep, SessionDep
from app.discovery import service
from app.params import IsoDate, Offset
from search.query import SearchFilters

router = APIRouter(tags=["search"])


@router.get("/search")
def search(
    session: SessionDep, runtime: SearchDep, q: str = Query("", max_length=500),
    type: Literal["article", "event"] | None = None, topic: str | None = None,
    region: str | None = None, date_from: IsoDate = None, date_to: IsoDate = None,
    sort: Literal["relevance", "newest"] = "relevance",
    limit: int = Query(20, ge=1, le=500), offset: Offset = 0,
) -> dict[str, Any]:  # fmt: skip
    """Articles and events in one ranked list, with facets; `degraded` when search is down."""
    filters = SearchFilters(type, topic, region.upper() if region else None, date_from, date_to, sort)
    result = service.search(session, runtime, q=q, filters=filters, limit=limit, offset=offset)
    return {
        "query": result.query, "total": result.total, "hits": result.hits,
        "facets": result.facets, "degraded": result.degraded, "semantic": result.semantic,
        "did_you_mean": result.did_you_mean, "searched_for": result.searched_for,
        "place_pages": result.place_pages,
        "message": result.message or None,
    }  # fmt: skip
