"""Shared FastAPI dependencies as Annotated aliases."""

from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from app.db import get_session
from search.runtime import SearchRuntime


def get_search(request: Request) -> SearchRuntime:
    """The running app's search runtime."""
    runtime: SearchRuntime = request.app.state.search
    return runtime


SessionDep = Annotated[Session, Depends(get_session)]
SearchDep = Annotated[SearchRuntime, Depends(get_search)]
