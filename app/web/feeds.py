"""Atom feeds of articles and events, and the sitemap: thin pages over the domains' services."""

from collections.abc import Mapping
from datetime import UTC, datetime, time
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlmodel import Session

from app.articles import service as articles_service
from app.deps import SessionDep
from app.events import browse
from app.events import service as events_service
from app.events.params import resolve_filters
from app.events.wording import event_title
from app.places import service as places_service
from app.topics import service as topics_service
from app.web.templating import templates

router = APIRouter(tags=["feeds"])
FEED_SIZE = 50
SITEMAP_EVENTS = 40_000  # a sitemap holds at most 50,000 URLs


def _xml(request: Request, name: str, context: Mapping[str, object], media_type: str) -> Response:
    body = templates.get_template(name).render({"request": request, **context})
    return Response(body, media_type=media_type)


def _stamp(value: datetime | None) -> str:
    moment = value or datetime(2000, 1, 1, tzinfo=UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@router.get("/feeds/articles.atom", response_class=Response, responses={200: {"content": {"application/atom+xml": {}}}})
def articles_feed(
    request: Request, session: SessionDep,
    topic: Annotated[str | None, Query(max_length=100)] = None,
    region: Annotated[str | None, Query(max_length=100)] = None,
) -> Response:  # fmt: skip
    """Newest published articles, optionally of one topic or region (any spelling)."""
    region_code = resolve_filters(session, region=region).region if region else None
    if topic:
        topics_service.get(session, slug=topic)
    articles, _ = articles_service.list_published(session, topic=topic, region=region_code, limit=FEED_SIZE)
    entries = [
        {"title": a.title, "url": f"/articles/{a.slug}", "summary": a.summary, "author": a.author or "displacement-kb",
         "updated": _stamp(a.last_published_at or a.updated_at)}
        for a in articles
    ]  # fmt: skip
    title = (
        "displacement-kb: articles" + (f" on {topic}" if topic else "") + (f" about {region_code}" if region else "")
    )
    return _feed(request, title=title, entries=entries)


@router.get("/feeds/events.atom", response_class=Response, responses={200: {"content": {"application/atom+xml": {}}}})
def events_feed(
    request: Request, session: SessionDep,
    region: Annotated[str | None, Query(max_length=100)] = None,
    place: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:  # fmt: skip
    """Newest claimed events, optionally of one region or place (any spelling)."""
    filters = resolve_filters(session, region=region, place=place)
    events, _ = browse.list_events(session, filters=filters, limit=FEED_SIZE)
    places, regions = events_service.places_and_regions(session, events=events)
    entries = []
    for event in events:
        place_row = places.get(event.place_code or "")
        region_row = regions.get(event.region_code or "")
        title = event_title(event, place_name=place_row.name if place_row else None,
                            region_name=region_row.name if region_row else None)  # fmt: skip
        moment = datetime.combine(event.date, time(), tzinfo=UTC) if event.date else None
        entries.append({"title": title, "url": f"/events/{event.id}", "summary": f"“{event.quote}”",
                        "author": event.claimant, "updated": _stamp(moment)})  # fmt: skip
    where = filters.place or filters.region
    return _feed(request, title="displacement-kb: claimed conflict events" + (f" in {where}" if where else ""),
                 entries=entries)  # fmt: skip


def _feed(request: Request, *, title: str, entries: list[dict[str, str]]) -> Response:
    updated = max((e["updated"] for e in entries), default=_stamp(None))
    context = {"title": title, "entries": entries, "updated": updated, "base": str(request.base_url).rstrip("/")}
    return _xml(request, "feeds/atom.xml", context, "application/atom+xml")


@router.get("/sitemap.xml", response_class=Response, responses={200: {"content": {"application/xml": {}}}})
def sitemap(request: Request, session: SessionDep) -> Response:
    """Every public page worth indexing: articles, topics, regions, places with events, recent events."""
    context = {"urls": _sitemap_urls(session), "base": str(request.base_url).rstrip("/")}
    return _xml(request, "feeds/sitemap.xml", context, "application/xml")


def _sitemap_urls(session: Session) -> list[str]:
    urls = ["/", "/articles", "/events", "/regions", "/topics", "/bulletins", "/about"]
    articles, _ = articles_service.list_published(session, limit=10_000)
    urls += [f"/articles/{a.slug}" for a in articles]
    urls += [f"/topics/{t.slug}" for t in topics_service.list_topics(session)]
    urls += [f"/regions/{r.code}" for r in places_service.list_regions(session)]
    urls += [f"/places/{code}" for code in places_service.referenced_place_codes(session)]
    events, _ = browse.list_events(session, filters=browse.EventFilters(), limit=SITEMAP_EVENTS)
    urls += [f"/events/{e.id}" for e in events]
    return urls
