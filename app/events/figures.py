"""Displacement and casualty figures that bulletins state about a region, each kept as its source's claim.

A figure carries no region of its own; it is attached to a region at read time, by the first of:
1. the sentence it was taken from names the region (any spelling of it);
2. else its bulletin's title names the region;
3. else every event of its bulletin lies in that one region (a bulletin about one region).
A figure from a bulletin about several regions whose sentence names none is attached to none:
guessing would put one region's numbers on another. Figures are never summed across sources.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from app.bulletins.models import Bulletin
from app.events.models import ConflictEvent, FigureClaim
from app.places import regions as regions_table

# Categories about people displaced, evacuated, killed or injured (belligerents' own loss tallies are not).
HUMANITARIAN_PATTERN = re.compile(r"displac|refugee|evacu|civilian|idp|death|killed|injur|casualt", re.IGNORECASE)


@dataclass(frozen=True)
class RegionFigure:
    """A figure claim attached to a region, with the bulletin that states it and its date."""

    figure: FigureClaim
    bulletin_id: int
    bulletin_title: str
    day: date | None
    how: str  # sentence / title / bulletin


def is_humanitarian(category: str) -> bool:
    """True for displacement and casualty categories (displaced, evacuated, civilian_deaths ...)."""
    return bool(HUMANITARIAN_PATTERN.search(category))


def _names(region_code: str) -> list[str]:
    entry = regions_table.get(region_code)
    if entry is None:
        return []
    names = [*regions_table.name_variants(entry), entry.code]
    return sorted({n for n in names if len(regions_table.fold(n)) >= 3}, key=len)


def names_region(text: str, region_code: str) -> bool:
    """True when the text names the region in one of its spellings, as whole words."""
    folded = f" {regions_table.fold(text, keep_generic=True)} "
    return any(f" {regions_table.fold(n)} " in folded for n in _names(region_code) if regions_table.fold(n))


def for_region(session: Session, *, region_code: str, limit: int = 500) -> list[RegionFigure]:
    """Humanitarian figures about a region, oldest first, each with its source bulletin."""
    in_region = select(ConflictEvent.bulletin_id).where(ConflictEvent.region_code == region_code).distinct()
    patterns = [f"%{name.casefold()}%" for name in _names(region_code)]
    text_match = [func.lower(FigureClaim.quote).like(p) for p in patterns]
    text_match += [func.lower(Bulletin.title).like(p) for p in patterns]
    query = (
        select(FigureClaim)
        .join(Bulletin, col(Bulletin.id) == FigureClaim.bulletin_id)
        .where(or_(col(FigureClaim.bulletin_id).in_(in_region), *text_match))
    )
    figures = [f for f in session.exec(query).all() if is_humanitarian(f.category)]
    bulletin_ids = {f.bulletin_id for f in figures}
    dated = select(
        Bulletin.id, Bulletin.title, func.coalesce(Bulletin.as_of, Bulletin.window_end, Bulletin.published_on)
    )
    about = {
        bid: (title or "", day) for bid, title, day in session.exec(dated.where(col(Bulletin.id).in_(bulletin_ids)))
    }
    regions_of = _bulletin_regions(session, bulletin_ids)
    found = []
    for figure in figures:
        title, day = about.get(figure.bulletin_id, ("", None))
        how = _attachment(figure, title, regions_of.get(figure.bulletin_id, set()), region_code)
        if how:
            found.append(RegionFigure(figure, figure.bulletin_id, title, day, how))
    found.sort(key=lambda f: (f.day or date.min, f.bulletin_id, f.figure.start))
    return found[-limit:]


def _attachment(figure: FigureClaim, title: str, bulletin_regions: set[str], region_code: str) -> str:
    """How the figure belongs to the region ('sentence', 'title', 'bulletin'), or '' when it does not."""
    if names_region(figure.quote, region_code):
        return "sentence"
    if any(names_region(figure.quote, other) for other in bulletin_regions - {region_code}):
        return ""
    if title and names_region(title, region_code):
        return "title"
    if bulletin_regions == {region_code}:
        return "bulletin"
    return ""


def _bulletin_regions(session: Session, bulletin_ids: set[int]) -> dict[int, set[str]]:
    if not bulletin_ids:
        return {}
    query = (
        select(ConflictEvent.bulletin_id, ConflictEvent.region_code)
        .where(col(ConflictEvent.bulletin_id).in_(bulletin_ids), col(ConflictEvent.region_code).is_not(None))
        .distinct()
    )
    regions: dict[int, set[str]] = defaultdict(set)
    for bulletin_id, code in session.exec(query).all():
        regions[bulletin_id].add(str(code))
    return dict(regions)


def by_category(figures: list[RegionFigure]) -> dict[str, list[RegionFigure]]:
    """Figures grouped by category, each group in date order (one series per category, never summed)."""
    groups: dict[str, list[RegionFigure]] = defaultdict(list)
    for item in figures:
        groups[item.figure.category].append(item)
    return dict(groups)
