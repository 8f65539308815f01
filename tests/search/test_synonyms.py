"""Synonyms: domain terms as data, word forms from the corpus, every spelling of every gazetteer place."""

from sqlmodel import Session

from app.articles.flows import publish_paths
from app.places import regions as regions_table
from app.places.gazetteer import load
from search.synonyms import all_synonyms, domain_synonyms, gazetteer_spellings, stem, stem_synonyms
from tests.paths import ROOT


def test_domain_synonyms_come_from_content() -> None:
    table = domain_synonyms()
    assert "internally displaced persons" in table["idps"] and "idps" in table["internally displaced people"]
    assert "international humanitarian law" in table["ihl"] and "ihl" in table["international humanitarian law"]
    assert "un refugee agency" in table["unhcr"]
    # Distinct legal categories are never made equivalent.
    assert "refugee" not in table.get("asylum seeker", []) and "refugees" not in table.get("idps", [])


def test_word_forms_of_the_corpus_share_a_stem_class() -> None:
    table = stem_synonyms(["Displacement displaced people; displacements. Evacuated, evacuation, evacuations."])
    assert stem("displaced") == stem("displacement")
    assert {"displacement", "displacements"} <= set(table["displaced"])
    assert "evacuation" in table["evacuated"] and "evacuated" in table["evacuations"]
    assert all(len(word) >= 4 for word in table)


def test_every_place_and_region_has_its_cyrillic_and_other_spellings() -> None:
    spellings = gazetteer_spellings()
    gazetteer = load()
    places = [p for region in regions_table.all_regions() for p in gazetteer.in_region(region.code)]
    assert len(places) == len(gazetteer)
    for place in places:  # all 29,703 settlements, Ukrainian Cyrillic to the official Latin name
        names = {entry.name for entry in spellings[place.name_uk.lower().replace("’", "'")]}
        assert place.name in names, place
    for spelling, official in [("харьков", "Kharkiv"), ("kharkov", "Kharkiv"), ("киев", "Kyiv"), ("kiev", "Kyiv"),
                               ("артемовск", "Bakhmut"), ("artemovsk", "Bakhmut"), ("красноармейск", "Pokrovsk"),
                               ("krasnoarmeysk", "Pokrovsk"), ("dzerzhinsk", "Toretsk"), ("zaporozhye", "Zaporizhzhia"),
                               ("днепропетровск", "Dnipro"), ("часов яр", "Chasiv Yar")]:  # fmt: skip
        assert spellings[spelling][0].name == official, spelling
        assert not spellings[spelling][0].official
    from app.places.synonyms import region_synonyms

    regions = region_synonyms()
    for region in regions_table.all_regions():
        assert regions_table.fold(region.name_ru) in regions, region  # "Винницкая" (oblast word folded away)
        assert regions_table.fold(region.name_uk) in regions, region


def test_index_synonyms_stay_small(session: Session) -> None:
    assert not publish_paths(session, paths=[ROOT / "content" / "articles"]).errors
    table = all_synonyms(session)
    # Meilisearch 1.21 reads the whole map on every search: ~80,000 gazetteer spellings cost
    # ~150 ms a query there, so they are resolved in the query instead and the map stays small.
    assert 500 < len(table) < 5_000
    assert "idps" in table and "internally displaced persons" in table["idps"]
    assert "kharkov" in table and "донецька" in table and "evacuees" in table["evacuation"]
