"""POST /api/v1/bulletins: ingest a bulletin's text or URL for a tool holding a token."""

from typing import Annotated, Any

from fastapi import APIRouter, Body
from fastapi.responses import JSONResponse

from app.bulletins import flows
from app.bulletins import service as bulletins_service
from app.bulletins.extraction.registry import UnknownFormatError
from app.config import get_settings
from app.deps import SessionDep
from app.errors import InputError
from app.schemas import WRITE_ERRORS
from app.users import service as users_service
from app.users.service import Actor
from app.users.web import BulletinWriter

router = APIRouter(tags=["bulletins"])


@router.post("/bulletins", status_code=201, responses={201: {"description": "Ingested"}, **WRITE_ERRORS})
def post_bulletin(
    session: SessionDep, payload: Annotated[dict[str, Any], Body()],
    actor: BulletinWriter,
) -> JSONResponse:  # fmt: skip
    """Ingest {"text": ..., "source": optional name} or {"url": ...}, with an optional "format", as the CLI does."""
    text, url, fmt = payload.get("text"), payload.get("url"), payload.get("format")
    if (text is None) == (url is None):
        raise InputError("send exactly one of 'text' (the bulletin) or 'url' (an http(s) address)")
    if fmt is not None and not isinstance(fmt, str):
        raise InputError("'format' must be a parser name")
    settings = get_settings()
    if url is not None:
        if not isinstance(url, str):
            raise InputError("'url' must be text")
        report = flows.ingest_sources(session, sources_=[url], format=fmt, allow_private=settings.allow_private_urls)
        entries, errors = report.bulletins, report.errors
    else:
        entries, errors = _ingest_text(session, text, payload.get("source"), fmt, actor)
    detail = f"{len(entries)} bulletins, {len(errors)} errors: {url or 'text'}"
    users_service.audit(
        session, actor=actor.email, action="bulletin.ingest", target=str(url or "text")[:300], detail=detail
    )
    session.commit()
    status = 422 if errors and not entries else 201
    return JSONResponse({"bulletins": entries, "errors": errors}, status_code=status)


def _ingest_text(
    session: SessionDep, text: Any, source: Any, fmt: str | None, actor: Actor
) -> tuple[list[Any], list[str]]:
    if not isinstance(text, str) or not text.strip():
        raise InputError("'text' must be the bulletin's text")
    origin = source if isinstance(source, str) and source.strip() else f"api upload by {actor.email}"
    try:
        entry = bulletins_service.ingest_text(session, text=text, origin=origin[:500], format=fmt)
    except (InputError, UnknownFormatError) as error:
        session.rollback()
        return [], [error.message if isinstance(error, InputError) else f"{origin}: {error}"]
    return [entry], []
