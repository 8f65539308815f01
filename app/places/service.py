"""Regions and places: resolution of names as written, storage of what is referenced."""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import event, insert
from sqlmodel import Session, col, select

from app.articles.models import Article, ArticlePlace, ArticleStatus
from app.errors import NotFound
from app.places import regions as regions_table
from app.places import resolver, synonyms
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
    """The region a bulletin meant: its own words first, else a notable city's region."""
    if country and country != "UA":
        return None  # regions outside Ukraine: issue 7, places beyond Ukraine
    if region_as_written:
        found = regions_table.resolve(region_as_written)
        return RegionMatch(found.code, "as_written") if found else None
    if place_as_written:
        code = resolver.resolve_region_from_place(place_as_written)
        if code:
            return RegionMatch(code, "from_place")
    return None


def corrections(session: Session) -> dict[tuple[str, str], str | None]:
    """Editors' decisions keyed by (folded name, region code)."""
    rows = session.exec(select(PlaceCorrection)).all()
    return {(row.name_key, row.region_code): row.place_code for row in rows}


def resolve_place(
    session: Session, *, name: str, region_code: str | None, context: Sequence[resolver.ContextItem] = (),
    known_corrections: dict[tuple[str, str], str | None] | None = None,
) -> PlaceMatch:  # fmt: skip
    """Resolve a settlement name within its region; store the place when it resolves."""
    known = corrections(session) if known_corrections is None else known_corrections
    result = resolver.resolve(name, region_code=region_code, context=context, corrections=known)
    if result.place is None:
        return PlaceMatch(None, result.method, result.score, result.same_name_count)
    ensure_stored(session, code=result.place.code)
    return PlaceMatch(result.place.code, result.method, result.score, result.same_name_count)


def store_place(session: Session, *, code: str) -> Place:
    """The stored place for a gazetteer code, created from the gazetteer when first used."""
    existing = session.get(Place, code)
    if existing:
        return existing
    entry = load_gazetteer().get(code)
    if entry is None:
        raise NotFound(f"no place with code {code} in the gazetteer")
    place = Place(
        code=entry.code, name=entry.name, name_uk=entry.name_uk, category=entry.category,
        region_code=entry.region_code, raion=entry.raion, hromada=entry.hromada,
        lat=entry.lat, lon=entry.lon, population=entry.population,
    )  # fmt: skip
    session.add(place)
    session.flush()
    return place


def ensure_stored(session: Session, *, code: str) -> None:
    """Store the place for a gazetteer code unless it is stored; no query per call (codes cached per session)."""
    codes: set[str] | None = session.info.get("stored_place_codes")
    if codes is None:
        codes = session.info["stored_place_codes"] = set(session.exec(select(Place.code)))
    if code not in codes:
        entry = load_gazetteer().get(code)
        if entry is None:
            store_place(session, code=code)  # not a Ukrainian settlement: the general path
        else:  # one INSERT, no model instance and no flush of anything else
            session.execute(insert(Place), [{
                "code": entry.code, "name": entry.name, "name_uk": entry.name_uk, "category": entry.category,
                "region_code": entry.region_code, "raion": entry.raion, "hromada": entry.hromada,
                "lat": entry.lat, "lon": entry.lon, "population": entry.population,
            }])  # fmt: skip
        codes.add(code)


@event.listens_for(Session, "after_soft_rollback")
def _forget_stored_codes(session: Session, _transaction: object) -> None:
    """A rollback may undo places stored in it: read the codes again afterwards."""
    session.info.pop("stored_place_codes", None)


def list_regions(session: Session) -> list[Region]:
    """Every region, by code."""
    return list(session.exec(select(Region).order_by(col(Region.code))).all())


def get_region(session: Session, *, code: str) -> Region:
    """The region with this ISO code."""
    region = session.get(Region, code.upper())
    if region is None:
        raise NotFound(f"no region '{code}'")
    return region


def get_place(session: Session, *, code: str) -> Place:
    """A stored place by its KATOTTG code."""
    place = session.get(Place, code)
    if place is None:
        entry = load_gazetteer().get(code)
        if entry is None:
            raise NotFound(f"no place '{code}'")
        place = store_place(session, code=code)
        session.commit()
    return place


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
