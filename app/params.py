"""Query and path parameters shared by the API and the pages, bounded so no client value causes a 500."""

import re
from datetime import date
from typing import Annotated, Any

from fastapi import Path, Query, Request
from pydantic import BeforeValidator

from app.deps import MAX_ID, MAX_OFFSET

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: Any) -> Any:
    """Only YYYY-MM-DD: pydantic would otherwise read '0' as 1 January 1970."""
    if value is None or isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return value
    raise ValueError("expected a date as YYYY-MM-DD")


IsoDate = Annotated[date | None, BeforeValidator(_iso_date), Query(description="A date, YYYY-MM-DD")]
Limit = Annotated[int, Query(ge=1, le=500, description="Items per page")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip")]
EventId = Annotated[int, Path(ge=1, le=MAX_ID, description="Event id")]
BulletinId = Annotated[int, Path(ge=1, le=MAX_ID, description="Bulletin id")]


def next_url(request: Request, *, offset: int, limit: int, total: int) -> str | None:
    """The URL of the next page with the same query, or None on the last page."""
    if offset + limit >= total:
        return None
    return str(request.url.include_query_params(offset=offset + limit, limit=limit))


Cursor = Annotated[
    str | None,
    Query(max_length=200, pattern=r"^[A-Za-z0-9_-]+$", description="Where the previous page ended (from `next`)"),
]


def next_cursor_url(request: Request, *, cursor: str | None) -> str | None:
    """The URL of the page after a cursor, with the same query, or None on the last page."""
    if cursor is None:
        return None
    return str(request.url.remove_query_params(["offset", "cursor"]).include_query_params(cursor=cursor))


Slug = Annotated[str, Path(min_length=1, max_length=200, pattern=r"^[\w.-]+$", description="A slug, e.g. ihl")]
