"""JSON API for regions and places: the twins of the region and place pages."""

from typing import Any

from fastapi import APIRouter, Query, Request

from app.articles.models import Article
from app.deps import SessionDep
from app.events.api import timeline_public
from app.events.params import FilterError
from app.params import Limit, Offset, next_url
from app.places import overview, world_regions
from app.places import regions as regions_table
from app.places.gazetteer import load as load_gazetteer
from app.places.params import PlaceCode, RegionCode
from app.places.schemas import PlaceDetail, PlaceHit, RegionDetail, RegionPublic
from app.schemas import Page

router = APIRouter(tags=["places"])
SEARCH_CAP = 200  # name search ranks the best matches; beyond these a reader refines the query


def _region_code(value: str | None) -> str | None:
    """A region filter in any spelling, or a 400 naming it."""
    if not value:
        return None
    if world_regions.get(value) is not None:
        return value.upper()
    found = regions_table.resolve(value)
    if found is None:
        raise FilterError(f"region: '{value}' is not a region we know (try a name in any spelling or an ISO code)")
    return found.code


def region_public(summary: overview.RegionSummary) -> dict[str, Any]:
    """A region with its names and counts."""
    region = summary.region
    return {
        "code": region.code, "name": region.name, "name_uk": region.name_uk, "name_ru": region.name_ru,
        "country": region.country, "variants": overview.region_variants(region.code),
        "events": summary.events, "articles": summary.articles, "url": f"/regions/{region.code}",
    }  # fmt: skip


def place_summary_public(summary: overview.PlaceSummary) -> dict[str, Any]:
    """A place with its event count."""
    p = summary.place
    return {
        "id": p.code, "name": p.name, "name_uk": p.name_uk, "region": p.region_code, "lat": p.lat, "lon": p.lon,
        "events": summary.events, "distance_km": summary.distance_km, "url": f"/places/{p.code}",
    }  # fmt: skip


def article_ref(article: Article) -> dict[str, Any]:
    """An article in a list."""
    return {"slug": article.slug, "title": article.title, "summary": article.summary,
            "published": article.published, "url": f"/articles/{article.slug}"}  # fmt: skip


@router.get("/regions", response_model=Page[RegionPublic])
def list_regions(request: Request, session: SessionDep, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Every region with its ISO 3166-2 code, name variants, event and article counts."""
    summaries = overview.region_summaries(session)
    items = [region_public(s) for s in summaries[offset : offset + limit]]
    total = len(summaries)
    return {"items": items, "total": total, "limit": limit, "offset": offset,
            "next": next_url(request, offset=offset, limit=limit, total=total)}  # fmt: skip


@router.get("/regions/{code}", response_model=RegionDetail)
def get_region(session: SessionDep, code: RegionCode) -> dict[str, Any]:
    """A region: timeline, most-mentioned places, claimants, articles and displacement and casualty figures."""
    found = overview.region_overview(session, code=code)
    code = found.summary.region.code
    return {
        **region_public(found.summary), "timeline": timeline_public(found.timeline),
        "top_places": [place_summary_public(s) for s in found.top_places],
        "claimants": [{"value": c, "events": n} for c, n in found.claimants],
        "articles_total": found.articles_total, "linked_articles": [article_ref(a) for a in found.articles],
        "figures": [
            {"id": f.figure.id, "category": f.figure.category, "value": f.figure.value,
             "qualifier": f.figure.qualifier, "unit": f.figure.unit, "claimant": f.figure.claimant,
             "quote": f.figure.quote, "date": f.day, "bulletin_id": f.bulletin_id,
             "bulletin_title": f.bulletin_title, "bulletin_url": f"/api/v1/bulletins/{f.bulletin_id}",
             "attached_by": f.how}
            for f in found.figures
        ],
        "events_url": f"/api/v1/events?region={code}",
    }  # fmt: skip


@router.get("/places", response_model=Page[PlaceHit])
def search_places(
    request: Request, session: SessionDep, q: str = Query("", max_length=100),
    region: str | None = Query(None, max_length=100, description="Region code or name in any spelling"),
    limit: Limit = 10, offset: Offset = 0,
) -> dict[str, Any]:  # fmt: skip
    """Settlements by any spelling (best 200 matches); without q, the places with events, most first."""
    region_code = _region_code(region)
    if not q.strip():
        summaries, total = overview.places_with_events(session, region_code=region_code, limit=limit, offset=offset)
        entries = [(load_gazetteer().get(s.place.code), s) for s in summaries]
        items = [
            {"id": s.place.code, "name": s.place.name, "name_uk": s.place.name_uk, "category": s.place.category,
             "region": s.place.region_code, "raion": s.place.raion,
             "variants": list(entry.variants[:8]) if entry else [], "events": s.events,
             "url": f"/places/{s.place.code}"}
            for entry, s in entries
        ]  # fmt: skip
    else:
        found = load_gazetteer().search(q, region_code=region_code, limit=SEARCH_CAP)
        total = len(found)
        page = found[offset : offset + limit]
        counts = overview.event_counts(session, codes=[p.code for p in page])
        items = [
            {"id": p.code, "name": p.name, "name_uk": p.name_uk, "category": p.category,
             "region": p.region_code, "raion": p.raion, "variants": list(p.variants[:8]),
             "events": counts.get(p.code, 0), "url": f"/places/{p.code}"}
            for p in page
        ]  # fmt: skip
    return {"items": items, "total": total, "limit": limit, "offset": offset,
            "next": next_url(request, offset=offset, limit=limit, total=total)}  # fmt: skip


@router.get("/places/{code}", response_model=PlaceDetail)
def get_place(session: SessionDep, code: PlaceCode) -> dict[str, Any]:
    """A settlement: names, events over time by claimant, nearest places with events, articles."""
    found = overview.place_overview(session, code=code)
    place = found.place
    return {
        "id": place.code, "name": place.name, "name_uk": place.name_uk, "category": place.category,
        "region": place.region_code, "country": place.country, "raion": place.raion, "hromada": place.hromada,
        "lat": place.lat, "lon": place.lon, "population": place.population, "variants": found.variants,
        "events": found.events, "timeline": timeline_public(found.timeline),
        "claimants": [{"value": c, "events": n} for c, n in found.claimants],
        "neighbours": [place_summary_public(s) for s in found.neighbours],
        "articles": [article_ref(a) for a in found.articles],
        "events_url": f"/api/v1/events?place={place.code}", "url": f"/places/{place.code}",
    }  # fmt: skip
