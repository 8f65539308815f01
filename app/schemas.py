"""Shapes every API answer shares: a page of items and the one error body."""

from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """A page of a list: the items, how many match in all, and the URL of the next page (null on the last)."""

    items: list[T]
    total: int = Field(description="How many items match in all")
    limit: int
    offset: int
    next: str | None = Field(description="URL of the next page; null on the last page")


class ErrorDetail(BaseModel):
    """What went wrong, for people and programs."""

    code: str = Field(description="bad_request, not_found, invalid, method_not_allowed, ...")
    message: str
    field: str | None = Field(description="The parameter at fault, when one is")


class ErrorResponse(BaseModel):
    """The one error shape of the API."""

    error: ErrorDetail


def _error(description: str) -> dict[str, Any]:
    return {"model": ErrorResponse, "description": description}


# Every API route may answer these; documented once on the API router.
API_ERRORS: dict[int | str, dict[str, Any]] = {
    400: _error("A filter value names nothing we know (the message names the value)"),
    404: _error("No such item"),
    422: _error("A parameter is malformed or out of range (the field is named)"),
}

# Write routes may also answer these (token missing or without the right scope, a conflicting edit, too large).
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    401: _error("No valid session or token"),
    403: _error("The token or user may not do this"),
    409: _error("The edit conflicts with a newer revision"),
    413: _error("The body is too large"),
}


def utc(moment: datetime | None) -> datetime | None:
    """A stored timestamp with its zone (SQLite hands them back naive; they are stored as UTC)."""
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
