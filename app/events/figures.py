"""Displacement and casualty figures that bulletins state about a region, each kept as its source's claim.

A figure carries no region of its own; it is attached to a region at read time, by the first of:
1. the sentence it was taken from names the region (any spelling of it);
2. else the paragraph around it names that region and no other;
3. else the bulletin's title and heading (its opening lines) name that region and no other;
4. else every event of its bulletin lies in that one region.
The first of sentence, paragraph and heading that names any region decides: if it names
other regions too (or only), the figure is not attached. A figure from a bulletin
about several regions whose text around it names none is attached to none: guessing would put one
region's numbers on another. Figures are never summed across sources.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from app.bulletins.models import Bulletin
from app.events.models import ConflictEvent, FigureClaim
from app.events.timeline import colours as timeline_colours
from app.events.wording import claimant_label
from app.places import regions as regions_table
from app.places import world_regions
from app.text_context import paragraph_around

# Categories about people displaced, evacuated, killed or injured, and plain counts of people in a
# bulletin (belligerents' own loss tallies of troops and equipment are not).
HUMANITARIAN_PARTS = ("displac", "refugee", "evacu", "civilian", "idp", "death", "killed", "injur", "casualt")
HUMANITARIAN_WORDS = ("people",)
HUMANITARIAN_PATTERN = re.compile("|".join([*HUMANITARIAN_PARTS, *(f"^{word}$" for word in HUMANITARIAN_WORDS)]), re.I)
HEADING_CHARS = 800  # a bulletin's opening: title, dateline and headline name what it is about


@dataclass(frozen=True)
class RegionFigure:
    """A figure claim attached to a region, with the bulletin that states it and its date."""

    figure: FigureClaim
    bulletin_id: int
    bulletin_title: str
    day: date | None
    how: str  # sentence / paragraph / heading / bulletin


@dataclass(frozen=True)
class _Source:
    title: str
    day: date | None
    text: str


def is_humanitarian(category: str) -> bool:
    """True for displacement and casualty categories (displaced, evacuated, civilian_deaths, people ...)."""
    return bool(HUMANITARIAN_PATTERN.search(category))


def _names(region_code: str) -> list[str]:
    entry = regions_table.get(region_code)
    variants = regions_table.name_variants(entry) if entry else world_regions.name_variants(region_code)
    if not variants:
        return []
    names = [*variants, region_code]
    return sorted({n for n in names if len(regions_table.fold(n)) >= 3}, key=len)


def names_region(text: str, region_code: str) -> bool:
    """True when the text names the region in one of its spellings, as whole words."""
    folded = f" {regions_table.fold(text, keep_generic=True)} "
    return any(f" {regions_table.fold(n)} " in folded for n in _names(region_code) if regions_table.fold(n))


def regions_named(text: str) -> set[str]:
    """Codes of every region the text names."""
    return {r.code for r in regions_table.all_regions() if names_region(text, r.code)}


def for_region(session: Session, *, region_code: str, limit: int = 500) -> list[RegionFigure]:
    """Humanitarian figures about a region, oldest first, each with its source bulletin."""
    in_region = select(ConflictEvent.bulletin_id).where(ConflictEvent.region_code == region_code).distinct()
    patterns = [f"%{name.casefold()}%" for name in _names(region_code)]
    heading = func.lower(func.substr(Bulletin.text, 1, HEADING_CHARS))
    text_match = [func.lower(FigureClaim.quote).like(p) for p in patterns]
    text_match += [func.lower(Bulletin.title).like(p) for p in patterns] + [heading.like(p) for p in patterns]
    # The category test in SQL too: a front-line region's bulletins state tens of thousands of
    # troop and equipment tallies, which are not read at all.
    category = func.lower(FigureClaim.category)
    humanitarian: list[Any] = [category.like(f"%{part}%") for part in HUMANITARIAN_PARTS]
    humanitarian += [category == word for word in HUMANITARIAN_WORDS]
    query = (
        select(FigureClaim)
        .join(Bulletin, col(Bulletin.id) == FigureClaim.bulletin_id)
        .where(or_(*humanitarian))
        .where(or_(col(FigureClaim.bulletin_id).in_(in_region), *text_match))
    )
    figures = [f for f in session.exec(query).all() if is_humanitarian(f.category)]
    sources = _sources(session, {f.bulletin_id for f in figures})
    found, undecided = [], []
    for figure in figures:
        source = sources[figure.bulletin_id]
        how = _named(figure, source, region_code)
        if how is None:
            undecided.append(figure)  # nothing around it names a region: decided by the bulletin's events
        elif how:
            found.append(RegionFigure(figure, figure.bulletin_id, source.title, source.day, how))
    regions_of = _bulletin_regions(session, {f.bulletin_id for f in undecided})
    for figure in undecided:
        if regions_of.get(figure.bulletin_id) == {region_code}:
            source = sources[figure.bulletin_id]
            found.append(RegionFigure(figure, figure.bulletin_id, source.title, source.day, "bulletin"))
    found.sort(key=lambda f: (f.day or date.min, f.bulletin_id, f.figure.start))
    return found[-limit:]


def _sources(session: Session, bulletin_ids: set[int]) -> dict[int, _Source]:
    day = func.coalesce(Bulletin.as_of, Bulletin.window_end, Bulletin.published_on)
    query = select(Bulletin.id, Bulletin.title, day, Bulletin.text).where(col(Bulletin.id).in_(bulletin_ids))
    return {bid: _Source(title or "", when, text) for bid, title, when, text in session.exec(query) if bid}


def _named(figure: FigureClaim, source: _Source, region_code: str) -> str | None:
    """'sentence', 'paragraph' or 'heading' when the text around the figure names this region alone;
    '' when it names other regions; None when it names none."""
    if names_region(figure.quote, region_code):
        return "sentence"
    if regions_named(figure.quote):
        return ""
    around = paragraph_around(source.text, figure.start, figure.end)
    in_paragraph = regions_named(around.before + around.quote + around.after)
    if in_paragraph:
        return "paragraph" if in_paragraph == {region_code} else ""
    in_heading = regions_named(f"{source.title}\n{source.text[:HEADING_CHARS]}")
    if in_heading:
        return "heading" if in_heading == {region_code} else ""
    return None


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


def svg(items: list[RegionFigure], *, chart_id: str, width: int = 640, height: int = 150) -> str:
    """One category's figures as dots over time (each dot one claim by one source; nothing summed)."""
    dated = [i for i in items if i.day is not None]
    if not dated:
        return ""
    first, last = min(i.day for i in dated if i.day), max(i.day for i in dated if i.day)
    span = max((last - first).days, 1)
    top_value = max(i.figure.value for i in dated) or 1
    left, right, top, bottom = 60, 12, 10, 24
    plot_w, plot_h = width - left - right, height - top - bottom
    claimants = sorted({i.figure.claimant for i in dated})
    palette = timeline_colours(claimants)
    category = dated[0].figure.category.replace("_", " ")
    desc = (
        f"{len(dated)} {category} figures from {first:%-d %b %Y} to {last:%-d %b %Y}, each a claim by its source: "
        + "; ".join(f"{i.figure.value:,} ({claimant_label(i.figure.claimant)}, {i.day:%-d %b %Y})" for i in dated[:12])
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="figure-chart" id="{chart_id}" role="img" '
        f'viewBox="0 0 {width} {height}" aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(category.capitalize())} as claimed over time</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#9aa3b0"/>',
        f'<g font-size="10" fill="#5d6675"><text x="{left - 4}" y="{top + 8}" text-anchor="end">{top_value:,}</text>'
        f'<text x="{left - 4}" y="{top + plot_h}" text-anchor="end">0</text>'
        f'<text x="{left}" y="{height - 6}">{first:%-d %b %Y}</text>'
        f'<text x="{left + plot_w}" y="{height - 6}" text-anchor="end">{last:%-d %b %Y}</text></g>',
    ]
    for item in dated:
        assert item.day is not None
        x = left + plot_w * ((item.day - first).days / span if len(dated) > 1 and first != last else 0.5)
        y = top + plot_h * (1 - item.figure.value / top_value)
        qualifier = "" if item.figure.qualifier == "exact" else f"{item.figure.qualifier} "
        tip = (
            f"{item.day:%-d %b %Y}: {qualifier}{item.figure.value:,} {item.figure.unit}, "
            f"claimed by {claimant_label(item.figure.claimant)} ({item.bulletin_title or 'bulletin'})"
        )
        parts.append(
            f'<circle class="figure-point" cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{palette[item.figure.claimant]}" '
            f'fill-opacity="0.85"><title>{escape(tip)}</title></circle>'
        )
    parts.append("</svg>")
    return "".join(parts)
