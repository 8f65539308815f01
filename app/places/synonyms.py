"""Meilisearch synonyms generated from the gazetteer, so any spelling finds the same documents."""

from collections import defaultdict
from collections.abc import Iterable

from app.places import regions as regions_table
from app.places.gazetteer import load

MAX_PER_WORD = 12


def _group(names: Iterable[str], into: dict[str, set[str]]) -> None:
    forms = {n.strip().casefold().replace("’", "'") for n in names if n and n.strip()}
    for form in forms:
        into[form].update(forms - {form})


def _finish(groups: dict[str, set[str]]) -> dict[str, list[str]]:
    return {word: sorted(others)[:MAX_PER_WORD] for word, others in sorted(groups.items()) if others}


def region_synonyms() -> dict[str, list[str]]:
    """Every name of every region and its capital, each pointing at the others."""
    groups: dict[str, set[str]] = defaultdict(set)
    for region in regions_table.all_regions():
        names = [regions_table.fold(n) for n in regions_table.name_variants(region)]
        names += [region.capital, region.capital_uk]
        _group(names, groups)
    return _finish(groups)


def place_synonyms(codes: Iterable[str]) -> dict[str, list[str]]:
    """Official, Cyrillic, Russian-style and former names of these places, both directions."""
    gazetteer = load()
    groups: dict[str, set[str]] = defaultdict(set)
    for code in codes:
        place = gazetteer.get(code)
        if place:
            _group([place.name, place.name_uk, *place.variants], groups)
    return _finish(groups)
