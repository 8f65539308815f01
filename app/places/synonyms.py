"""Meilisearch synonyms generated from the gazetteer, so any spelling finds the same documents."""

from collections.abc import Iterable

from app.places import regions as regions_table
from app.places.gazetteer import load

# Each word expands to at most this many others; names come official forms first, so the cap
# drops rare exonyms, never the spellings bulletins use.
MAX_PER_WORD = 16

Synonyms = dict[str, list[str]]


def _forms(names: Iterable[str]) -> list[str]:
    forms = (n.strip().casefold().replace("’", "'") for n in names if n and n.strip())
    return list(dict.fromkeys(forms))


def _add(into: Synonyms, names: Iterable[str]) -> None:
    forms = _forms(names)
    for form in forms:
        others = into.setdefault(form, [])
        others.extend(other for other in forms if other != form and other not in others)


def merge(*tables: Synonyms) -> Synonyms:
    """Union of synonym tables, order kept, each list capped."""
    merged: Synonyms = {}
    for table in tables:
        for word, others in table.items():
            kept = merged.setdefault(word, [])
            kept.extend(other for other in others if other not in kept)
    return {word: others[:MAX_PER_WORD] for word, others in sorted(merged.items()) if others}


def region_synonyms() -> Synonyms:
    """Every name of every region and its capital, each pointing at the others."""
    table: Synonyms = {}
    for region in regions_table.all_regions():
        names = [regions_table.fold(n) for n in regions_table.name_variants(region)]
        _add(table, [*names, region.capital, region.capital_uk])
    return merge(table)


def place_synonyms(codes: Iterable[str]) -> Synonyms:
    """Official, Cyrillic, Russian-style and former names of these places, both directions."""
    gazetteer = load()
    table: Synonyms = {}
    for code in codes:
        place = gazetteer.get(code)
        if place is None:
            continue
        # A spelling another settlement of the region also answers to ("Grishino" is a village
        # and an old name of Pokrovsk) would pin events on the wrong place: leave it out.
        names = [place.name, place.name_uk, *place.variants]
        own = [n for n in names if all(p.code == code for p, _ in gazetteer.exact(n, region_code=place.region_code))]
        _add(table, own)
    return merge(table)
