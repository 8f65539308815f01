"""Region and place pages: the indexes, a region's timeline and figures, a place's locator map and neighbours."""

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from app.deps import SessionDep
from app.events import browse as events_browse
from app.events import figures as events_figures
from app.events import timeline as events_timeline
from app.places import countries, locator, overview
from app.places.gazetteer import load as load_gazetteer
from app.places.params import PlaceCode, RegionCode
from app.web.templating import render

router = APIRouter()
PAGE_SIZE = 50
LATEST = 25  # newest events listed on a region or place page; the rest are a link to /events away


@router.get("/regions", response_class=HTMLResponse)
def region_list(request: Request, session: SessionDep) -> HTMLResponse:
    """Every region with its event and article counts."""
    summaries = overview.region_summaries(session)
    names = {s.region.country: countries.name(s.region.country) for s in summaries}
    return render(request, "places/regions.html", {"summaries": summaries, "country_names": names})


@router.get("/regions/{code}", response_class=HTMLResponse)
def region_detail(request: Request, session: SessionDep, code: RegionCode) -> HTMLResponse:
    """A region: its timeline, most-mentioned places, claimants, articles and humanitarian figures."""
    found = overview.region_overview(session, code=code)
    groups = events_figures.by_category(found.figures)
    filters = events_browse.EventFilters(region=found.summary.region.code)
    events, _ = events_browse.list_events(session, filters=filters, limit=LATEST)
    return render(request, "places/region.html", {
        "o": found, "timeline": found.timeline, "events": events,
        "timeline_svg": events_timeline.svg(found.timeline, chart_id="region-timeline") if found.timeline else "",
        "figure_groups": groups,
        "figure_svgs": {c: events_figures.svg(items, chart_id=f"figures-{n}")
                        for n, (c, items) in enumerate(groups.items())},
    })  # fmt: skip


@router.get("/places", response_class=HTMLResponse)
def place_list(
    request: Request, session: SessionDep, q: str = Query("", max_length=100), page: int = Query(1, ge=1, le=10_000)
) -> HTMLResponse:
    """Find a settlement by any spelling, and the places with claimed events, most first."""
    matches = load_gazetteer().search(q, limit=50) if q.strip() else []
    counts = overview.event_counts(session, codes=[p.code for p in matches])
    # Of places sharing a name, the ones with claimed events are most likely the one a reader means.
    matches = sorted(matches, key=lambda p: counts.get(p.code, 0) == 0)[:20]
    places, total = overview.places_with_events(session, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    return render(request, "places/places.html", {
        "q": q, "found": [(p, counts.get(p.code, 0)) for p in matches], "places": places, "total": total,
        "page": page, "pages": max(1, -(-total // PAGE_SIZE)),
    })  # fmt: skip


@router.get("/places/{code}", response_class=HTMLResponse)
def place_detail(request: Request, session: SessionDep, code: PlaceCode) -> HTMLResponse:
    """A settlement: names, timeline, locator map, nearest places with events, articles and latest events."""
    found = overview.place_overview(session, code=code)
    filters = events_browse.EventFilters(place=found.place.code)
    events, _ = events_browse.list_events(session, filters=filters, limit=LATEST)
    near = [
        locator.MapPoint(s.place.lat, s.place.lon, s.place.name, "neighbour", f"/places/{s.place.code}")
        for s in found.neighbours
        if s.place.lat is not None and s.place.lon is not None
    ]
    return render(request, "places/place.html", {
        "o": found, "events": events, "timeline": found.timeline,
        "timeline_svg": events_timeline.svg(found.timeline, chart_id="place-timeline") if found.timeline else "",
        "map_svg": locator.svg(found.place, neighbours=near, context=locator.context_points(found.place)),
    })  # fmt: skip
