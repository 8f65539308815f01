"""JSON API for regions and places."""

from typing import Any

from fastapi import APIRouter, Query

from app.deps import SessionDep
from app.places import regions as regions_table
from app.places import service
from app.places.gazetteer import load as load_gazetteer

router = APIRouter(tags=["places"])


@router.get("/regions")
def list_regions(session: SessionDep) -> dict[str, Any]:
    """Every region with its ISO 3166-2 code and name variants."""
    items = []
    for region in service.list_regions(session):
        entry = regions_table.get(region.code)
        items.append({
            "code": region.code, "name": region.name, "name_uk": region.name_uk,
            "name_ru": region.name_ru, "variants": regions_table.name_variants(entry) if entry else [],
            "url": f"/regions/{region.code}",
        })  # fmt: skip
    return {"items": items, "total": len(items)}


@router.get("/places")
def search_places(
    q: str = Query("", max_length=100), region: str | None = None,
    limit: int = Query(10, ge=1, le=50),
) -> dict[str, Any]:  # fmt: skip
    """Autocomplete over every name variant of every settlement, optionally in one region."""
    found = load_gazetteer().search(q, region_code=region, limit=limit) if q.strip() else []
    items = [
        {"id": p.code, "name": p.name, "name_uk": p.name_uk, "category": p.category,
         "region": p.region_code, "raion": p.raion, "variants": list(p.variants[:8]),
         "url": f"/places/{p.code}"}
        for p in found
    ]  # fmt: skip
    return {"items": items, "total": len(items)}


@router.get("/places/{code}")
def get_place(session: SessionDep, code: str) -> dict[str, Any]:
    """One settlement from the gazetteer."""
    place = service.get_place(session, code=code)
    return {
        "id": place.code, "name": place.name, "name_uk": place.name_uk, "category": place.category,
        "region": place.region_code, "country": place.country, "raion": place.raion, "hromada": place.hromada,
        "lat": place.lat, "lon": place.lon, "population": place.population,
        "variants": service.place_variants(code=code),
    }  # fmt: skip
