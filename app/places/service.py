"""Regions and places: resolution of names as written, storage of what is referenced."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import event, insert
from sqlmodel import Session, col, select

from app.articles.models import Article, ArticlePlace, ArticleStatus
from app.errors import NotFound
from app.places import regions as regions_table
from app.places import resolver, synonyms, world, world_regions
from app.places.gazetteer import load as load_gazetteer
from app.places.models import Place, PlaceCorrection, Region


@dataclass(frozen=True)
class RegionMatch:
    """A region resolved from text, and how."""

    code: str
    method: str  # as_written / from_place


@dataclass(frozen=True)
class PlaceMatch:
    """The outcome of resolving a place name, ready to store on an event or article."""

    code: str | None
    method: str
    score: float
    same_name_count: int


def ensure_regions(session: Session) -> None:
    """Store every region of the curated table (idempotent)."""
    for entry in regions_table.all_regions():
        region = session.get(Region, entry.code) or Region(code=entry.code, name=entry.name)
        region.name, region.name_uk, region.name_ru = entry.name, entry.name_uk, entry.name_ru
        session.add(region)
    session.commit()


def resolve_region(*, region_as_written: str, place_as_written: str = "", country: str = "") -> RegionMatch | None:
    """The region a bulletin meant: its own words first, else a notable place's region.

    An empty country means Ukraine; a region Ukraine does not have may still be one of the
    countries reports cover ("North Darfur") when exactly one of them has it.
    """
    country = country.upper()
    if country and country != "UA":
        return _world_region(region_as_written, place_as_written, country)
    if region_as_written:
        found = regions_table.resolve(region_as_written)
        if found:
            return RegionMatch(found.code, "as_written")
        elsewhere = world_regions.resolve_anywhere(region_as_written, world_regions.curated_countries())
        return RegionMatch(elsewhere.code, "as_written") if elsewhere else None
    if place_as_written:
        code = resolver.resolve_region_from_place(place_as_written)
        if code:
            return RegionMatch(code, "from_place")
    return None


def _world_region(region_as_written: str, place_as_written: str, country: str) -> RegionMatch | None:
    if region_as_written:
        found = world_regions.resolve(region_as_written, country=country)
        return RegionMatch(found.code, "as_written") if found else None
    if place_as_written:
        place = world.resolve(place_as_written, country=country).place
        if place is not None and place.region_code:
            return RegionMatch(place.region_code, "from_place")
    return None


def country_of(*, region_code: str | None, country: str = "") -> str:
    """The country a resolution happens in: the region's, else the one given, else Ukraine."""
    if region_code and "-" in region_code:
        return region_code.split("-", 1)[0].upper()
    return (country or "UA").upper()


def load_resolution_data() -> None:
    """Load the Ukrainian gazetteer resolution reads (once per process), e.g. before forking workers."""
    load_gazetteer().warm()


def corrections(session: Session) -> dict[tuple[str, str], str | None]:
    """Editors' decisions keyed by (folded name, region code)."""
    rows = session.exec(select(PlaceCorrection)).all()
    return {(row.name_key, row.region_code): row.place_code for row in rows}


def resolve_place(
    session: Session, *, name: str, region_code: str | None, context: Sequence[resolver.ContextItem] = (),
    known_corrections: dict[tuple[str, str], str | None] | None = None, country: str = "",
) -> PlaceMatch:  # fmt: skip
    """Resolve a settlement name within its region (or country); store the place when it resolves."""
    known = corrections(session) if known_corrections is None else known_corrections
    match = match_place(name=name, region_code=region_code, context=context, known_corrections=known,
                        country=country)  # fmt: skip
    ensure_referenced(session, region_codes=[region_code] if region_code else [],
                      place_codes=[match.code] if match.code else [])  # fmt: skip
    return match


def match_place(
    *, name: str, region_code: str | None, context: Sequence[resolver.ContextItem] = (),
    known_corrections: Mapping[tuple[str, str], str | None], country: str = "",
) -> PlaceMatch:  # fmt: skip
    """The settlement a name refers to (editors' corrections first), without touching the database.

    Pure given the gazetteers and the corrections, so worker processes can resolve in parallel;
    the caller stores what it refers to (`ensure_referenced`).
    """
    where = country_of(region_code=region_code, country=country)
    if where != "UA":
        return _match_world_place(name=name, region_code=region_code, country=where, known=known_corrections)
    result = resolver.resolve(name, region_code=region_code, context=context, corrections=known_corrections)
    code = result.place.code if result.place is not None else None
    return PlaceMatch(code, result.method, result.score, result.same_name_count)


def _match_world_place(
    *, name: str, region_code: str | None, country: str, known: Mapping[tuple[str, str], str | None]
) -> PlaceMatch:
    """A place outside Ukraine: editors' corrections first, then the world gazetteer."""
    key = resolver.name_key(name)
    for lookup in ((key, region_code or ""), (key, "")):
        if lookup in known and (known[lookup] is None or world.load().get(known[lookup] or "")):
            return PlaceMatch(known[lookup], "correction", 100.0, 0)
    result = world.resolve(name, country=country, region_code=region_code)
    if result.place is None:
        return PlaceMatch(None, result.method, result.score, result.same_name_count)
    return PlaceMatch(result.place.code, result.method, result.score, result.same_name_count)


def known_region(code: str) -> bool:
    """Whether a region code is one of the curated or ISO 3166-2 regions (no database read)."""
    return regions_table.get(code) is not None or world_regions.get(code) is not None


def ensure_referenced(session: Session, *, region_codes: Iterable[str], place_codes: Iterable[str]) -> None:
    """Store the regions and places rows refer to unless stored; codes already seen cost no query."""
    stored: set[str] | None = session.info.get("stored_region_codes")
    if stored is None:
        stored = session.info["stored_region_codes"] = set(session.exec(select(Region.code)))
    for code in sorted(set(region_codes) - stored):
        ensure_region(session, code=code)
        stored.add(code)
    ensure_places_stored(session, codes=place_codes)


def ensure_region(session: Session, *, code: str) -> Region:
    """The stored region for a code, created from the curated or ISO 3166-2 tables when first used."""
    region = session.get(Region, code.upper())
    if region is not None:
        return region
    entry = world_regions.get(code)
    if entry is None:
        raise NotFound(f"no region '{code}'")
    region = Region(code=entry.code, name=entry.name, country=entry.country)
    session.add(region)
    session.flush()
    return region


_CATEGORY = {"populated_place": "town", "town": "town", "idp_camp": "camp", "refugee_camp": "camp"}


def _world_place(entry: world.WorldPlace) -> Place:
    return Place(
        code=entry.code, name=entry.name, category=_CATEGORY.get(entry.kind, "site"),
        region_code=entry.region_code, lat=entry.lat, lon=entry.lon, population=entry.population,
        country=entry.country,
    )  # fmt: skip


def _store_world_place(session: Session, entry: world.WorldPlace) -> Place:
    ensure_region(session, code=entry.region_code)
    place = _world_place(entry)
    session.add(place)
    session.flush()
    return place


def _gazetteer_place(code: str) -> Place | None:
    """A Place built from the gazetteers (Ukraine's, then the world extract), not stored."""
    abroad = world.load().get(code)
    if abroad is not None:
        return _world_place(abroad)
    entry = load_gazetteer().get(code)
    if entry is None:
        return None
    return Place(
        code=entry.code, name=entry.name, name_uk=entry.name_uk, category=entry.category,
        region_code=entry.region_code, raion=entry.raion, hromada=entry.hromada,
        lat=entry.lat, lon=entry.lon, population=entry.population,
    )  # fmt: skip


def store_place(session: Session, *, code: str) -> Place:
    """The stored place for a gazetteer code, created from the gazetteer when first used."""
    existing = session.get(Place, code)
    if existing:
        return existing
    abroad = world.load().get(code)
    if abroad is not None:
        return _store_world_place(session, abroad)
    place = _gazetteer_place(code)
    if place is None:
        raise NotFound(f"no place with code {code} in the gazetteer")
    session.add(place)
    session.flush()
    return place


def ensure_stored(session: Session, *, code: str) -> None:
    """Store the place for a gazetteer code unless it is stored; no query per call (codes cached per session)."""
    ensure_places_stored(session, codes=[code])


def ensure_places_stored(session: Session, *, codes: Iterable[str]) -> None:
    """Store the places for these gazetteer codes unless stored: one INSERT for the new Ukrainian ones."""
    stored: set[str] | None = session.info.get("stored_place_codes")
    if stored is None:
        stored = session.info["stored_place_codes"] = set(session.exec(select(Place.code)))
    missing = sorted(set(codes) - stored)
    if not missing:
        return
    gazetteer = load_gazetteer()
    rows = []
    for code in missing:
        entry = gazetteer.get(code)
        if entry is None:
            store_place(session, code=code)  # not a Ukrainian settlement: the general path
            continue
        rows.append({
            "code": entry.code, "name": entry.name, "name_uk": entry.name_uk, "category": entry.category,
            "region_code": entry.region_code, "raion": entry.raion, "hromada": entry.hromada,
            "lat": entry.lat, "lon": entry.lon, "population": entry.population, "country": "UA",
        })  # fmt: skip
    if rows:  # no model instances and no flush of anything else
        session.connection().execute(insert(Place.__table__), rows)  # type: ignore[attr-defined]
    stored.update(missing)


@event.listens_for(Session, "after_soft_rollback")
def _forget_stored_codes(session: Session, _transaction: object) -> None:
    """A rollback may undo places and regions stored in it: read the codes again afterwards."""
    session.info.pop("stored_place_codes", None)
    session.info.pop("stored_region_codes", None)


def list_regions(session: Session) -> list[Region]:
    """Every region, by code."""
    return list(session.exec(select(Region).order_by(col(Region.code))).all())


def get_region(session: Session, *, code: str) -> Region:
    """The region with this ISO code (a region outside Ukraine comes from its table; a read stores nothing)."""
    region = session.get(Region, code.upper())
    entry = world_regions.get(code) if region is None else None
    if entry is not None:
        region = Region(code=entry.code, name=entry.name, country=entry.country)
    if region is None:
        raise NotFound(f"no region '{code}'")
    return region


def get_place(session: Session, *, code: str) -> Place:
    """A place by its code: the stored row, or (a read stores nothing) the gazetteer's entry."""
    place = session.get(Place, code) or _gazetteer_place(code)
    if place is None:
        raise NotFound(f"no place '{code}'")
    return place


def place_variants(*, code: str) -> list[str]:
    """Other spellings of a place, from whichever gazetteer holds it."""
    entry = load_gazetteer().get(code)
    if entry is not None:
        return list(entry.variants)
    abroad = world.load().get(code)
    return list(abroad.variants) if abroad else []


def referenced_place_codes(session: Session) -> list[str]:
    """Codes of every stored place (those events or articles refer to)."""
    return list(session.exec(select(Place.code)).all())


def articles_naming_place(session: Session, *, code: str) -> list[Article]:
    """Published articles that name this place."""
    query = (
        select(Article).join(ArticlePlace, col(ArticlePlace.article_id) == Article.id)
        .where(ArticlePlace.place_code == code, Article.status == ArticleStatus.published)
        .order_by(col(Article.title))
    )  # fmt: skip
    return list(session.exec(query).all())


def search_synonyms(session: Session) -> dict[str, list[str]]:
    """Meilisearch synonyms for every region and for the places the data refers to."""
    return synonyms.merge(synonyms.region_synonyms(), synonyms.place_synonyms(referenced_place_codes(session)))
