"""Meilisearch synonyms generated from the gazetteer, so any spelling finds the same documents."""

from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import fuzz

from app.places import regions as regions_table
from app.places import world, world_names
from app.places.gazetteer import ALTERNATE, GENERATED, Gazetteer, load
from app.places.translit import fold, normalize

# Each word expands to at most this many others; names come official forms first, so the cap
# drops rare exonyms, never the spellings bulletins use.
MAX_PER_WORD = 16
_GENERATED_PER_PLACE = 1  # the first generated Russian-style spelling is the likely one

Synonyms = dict[str, list[str]]


def region_synonyms() -> Synonyms:
    """Every name of every region and its capital, each pointing at the others."""
    table: Synonyms = {}
    for region in regions_table.all_regions():
        names = [regions_table.fold(n) for n in regions_table.name_variants(region)]
        _add(table, [*names, region.capital, region.capital_uk])
    return merge(table)


def place_synonyms(codes: Iterable[str]) -> Synonyms:
    """Official, Cyrillic, Russian-style and former names of these places, both directions."""
    return _place_synonyms(frozenset(codes))


@lru_cache(maxsize=4)  # the relay asks after every push; the set of places changes far less often
def _place_synonyms(codes: frozenset[str]) -> Synonyms:
    gazetteer = load()
    abroad = world.load()
    table: Synonyms = {}
    for code in sorted(set(codes)):
        if gazetteer.get(code) is not None:
            _add(table, _own_names(gazetteer, code))
        elif (place := abroad.get(code)) is not None:
            _add(table, _world_names(place))
    return merge(table)


def _world_names(place: world.WorldPlace) -> list[str]:
    """A place abroad: its name, without accents, and the alternates that spell the same name."""
    own = world_names.fold(place.name)
    names = [place.name, world_names.strip_accents(place.name)]
    names += [v for v in place.variants if v.isascii() and fuzz.ratio(world_names.fold(v), own) >= 80][:4]
    return [n for n in dict.fromkeys(names) if len(n) > 2]


def merge(*tables: Synonyms) -> Synonyms:
    """Union of synonym tables, order kept, each list capped."""
    merged: Synonyms = {}
    for table in tables:
        for word, others in table.items():
            kept = merged.setdefault(word, [])
            kept.extend(other for other in others if other not in kept)
    return {word: others[:MAX_PER_WORD] for word, others in sorted(merged.items()) if others}


def _own_names(gazetteer: Gazetteer, code: str) -> list[str]:
    """A short list of a place's names: official, former, likely Russian-style, exonyms."""
    place = gazetteer.get(code)
    assert place is not None
    forms = gazetteer.forms(code)
    generated = [f for f in forms if f.tier == GENERATED]
    chosen = [f for f in forms if f.tier not in (GENERATED, ALTERNATE)]
    chosen += [f for f in generated if f.text.isascii()][:_GENERATED_PER_PLACE]
    chosen += [f for f in generated if not f.text.isascii()][:1]
    own = {fold(f.text) for f in chosen}
    chosen += [f for f in forms if f.tier == ALTERNATE and _is_spelling(f.text, own)][:3]
    # A spelling a differently named settlement of the region also answers to ("Grishino" is
    # a village and an old name of Pokrovsk) would pin documents on the wrong place. A GeoNames
    # alternate of the other place does not count against a curated or generated name.
    key = normalize(place.name_uk)
    return [
        form.text
        for form in chosen
        if all(
            normalize(p.name_uk) == key or (tier == ALTERNATE and form.tier != ALTERNATE)
            for p, tier in gazetteer.exact(form.text, region_code=place.region_code)
        )
    ]


def _is_spelling(text: str, own: set[str]) -> bool:
    # GeoNames alternates also hold historical names (Kupchinka): keep other spellings only.
    key = fold(text)
    return text.isascii() and any(fuzz.ratio(key, k) >= 85 for k in own)


def _add(into: Synonyms, names: Iterable[str]) -> None:
    forms: list[str] = []
    for name in names:
        for form in (name.strip().casefold().replace("’", "'"), normalize(name)):
            if form and form not in forms:
                forms.append(form)
    for form in forms:
        others = into.setdefault(form, [])
        others.extend(other for other in forms if other != form and other not in others)
