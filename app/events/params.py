"""Event filters from a query string, shared by the /events page, the JSON API and the exports."""

from datetime import date
from typing import Annotated

from fastapi import Depends, Query
from sqlmodel import Session

from app.articles import service as articles_service
from app.deps import SessionDep
from app.errors import AppError, NotFound
from app.events.browse import SORTS, EventFilters
from app.params import MAX_ID, IsoDate
from app.places import regions as regions_table
from app.places import resolver
from app.places.models import Place, Region
from app.topics import service as topics_service


class FilterError(AppError):
    """A filter value that names nothing we know."""

    status_code = 400


def resolve_filters(
    session: Session, *, region: str | None = None, place: str | None = None, bulletin: int | None = None,
    claimant: str | None = None, action: str | None = None, group: str | None = None,
    claim_status: str | None = None, article: str | None = None, topic: str | None = None,
    date_from: date | None = None, date_to: date | None = None, unresolved: bool = False, sort: str = "newest",
) -> EventFilters:  # fmt: skip
    """Filters with names in any spelling resolved to codes; an unknown value is a 400 naming it."""
    region_code = _region(session, region) if region else None
    place_code = _place(session, place, region_code) if place else None
    article_id = None
    if article:
        try:
            article_id = articles_service.get_by_slug(session, slug=article).id
        except NotFound:
            raise FilterError(f"article: no published article '{article}'") from None
    if topic and topic not in topics_service.known_slugs(session):
        raise FilterError(f"topic: '{topic}' is not a topic slug we know")
    if sort not in SORTS:
        raise FilterError(f"sort: '{sort}' is not one of {', '.join(SORTS)}")
    if date_from and date_to and date_from > date_to:
        raise FilterError(f"date_from {date_from} is after date_to {date_to}")
    return EventFilters(
        region=region_code, place=place_code, bulletin=bulletin, claimant=claimant or None,
        action=action or None, group=group or None, claim_status=claim_status or None, article=article_id,
        topic=topic or None, date_from=date_from, date_to=date_to, unresolved=unresolved, sort=sort,
    )  # fmt: skip


def _region(session: Session, value: str) -> str:
    if session.get(Region, value.upper()) is not None:
        return value.upper()
    found = regions_table.resolve(value)
    if found is None:
        raise FilterError(f"region: '{value}' is not a region we know (try a name in any spelling or an ISO code)")
    return found.code


def _place(session: Session, value: str, region_code: str | None) -> str:
    if session.get(Place, value) is not None:
        return value
    found = resolver.resolve(value, region_code=region_code).place
    if found is None:
        raise FilterError(f"place: '{value}' is not a place we know (try a name in any spelling or a place id)")
    return found.code


def event_filters(
    session: SessionDep,
    region: Annotated[str | None, Query(max_length=100, description="Region code or name in any spelling")] = None,
    place: Annotated[str | None, Query(max_length=200, description="Place id or name in any spelling")] = None,
    bulletin: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    claimant: Annotated[str | None, Query(max_length=300)] = None,
    action: Annotated[str | None, Query(max_length=40)] = None,
    group: Annotated[str | None, Query(max_length=100)] = None,
    claim_status: Annotated[str | None, Query(pattern="^(claimed|corroborated|contested)$")] = None,
    article: Annotated[str | None, Query(max_length=200, description="Events linked to this article (slug)")] = None,
    topic: Annotated[str | None, Query(max_length=100, description="Events linked to articles on this topic")] = None,
    date_from: IsoDate = None,
    date_to: IsoDate = None,
    unresolved: bool = False,
    sort: Annotated[str, Query(pattern="^(newest|oldest)$")] = "newest",
) -> EventFilters:
    """The event filters of a request."""
    return resolve_filters(
        session, region=region, place=place, bulletin=bulletin, claimant=claimant, action=action, group=group,
        claim_status=claim_status, article=article, topic=topic, date_from=date_from, date_to=date_to,
        unresolved=unresolved, sort=sort,
    )  # fmt: skip


FiltersDep = Annotated[EventFilters, Depends(event_filters)]
