"""Shared FastAPI dependencies as Annotated aliases."""

from typing import Annotated

from fastapi import Depends, Path, Query, Request
from sqlmodel import Session

from app.db import get_session
from search.runtime import SearchRuntime


def get_search(request: Request) -> SearchRuntime:
    """The running app's search runtime."""
    runtime: SearchRuntime = request.app.state.search
    return runtime


# Row ids are 32-bit integers on PostgreSQL; larger numbers can name no row (and must not reach
# the driver: SQLite raises OverflowError beyond 64 bits).
MAX_ID = 2**31 - 1
MAX_OFFSET = 1_000_000
RowId = Annotated[int, Path(ge=1, le=MAX_ID)]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]

SessionDep = Annotated[Session, Depends(get_session)]
SearchDep = Annotated[SearchRuntime, Depends(get_search)]
