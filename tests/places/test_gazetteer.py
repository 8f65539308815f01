"""The shipped gazetteer: loading, lookup, autocomplete and the curated renamed table."""

from pathlib import Path

from app.places.gazetteer import RENAMED_FILE, cache_key, load, read, read_cached, read_renamed


def test_loads_every_settlement() -> None:
    assert len(read()) == 29703


def test_get_and_fields() -> None:
    place = load().get("UA14160210010099403")
    assert place is not None
    assert (place.name, place.name_uk, place.category) == ("Pokrovsk", "Покровськ", "M")
    assert (place.region_code, place.raion, place.hromada) == ("UA-14", "Pokrovskyi", "Pokrovska")
    assert place.lat is not None and place.population
    assert "Krasnoarmeysk" in place.variants and "Покровск" in place.variants
    assert load().get("UA00000000000000000") is None


def test_kyiv_and_regions() -> None:
    gazetteer = load()
    kyiv = gazetteer.get("UA80000000000093317")
    assert kyiv is not None and kyiv.category == "K" and kyiv.region_code == "UA-30"
    donetsk = gazetteer.in_region("UA-14")
    assert len(donetsk) > 1000 and all(p.region_code == "UA-14" for p in donetsk)


def test_search_by_prefix_in_any_spelling() -> None:
    gazetteer = load()
    assert gazetteer.search("Kharkov", limit=1)[0].name == "Kharkiv"
    assert gazetteer.search("Харк", limit=1)[0].name == "Kharkiv"
    assert gazetteer.search("Krasnoarm", region_code="UA-14", limit=1)[0].name == "Pokrovsk"
    assert gazetteer.search("k", limit=1)[0].name == "Kyiv"
    assert gazetteer.search("", limit=5) == []


def test_search_within_region_and_fuzzy() -> None:
    gazetteer = load()
    found = gazetteer.search("Novopavl", region_code="UA-14")
    assert [p.name for p in found[:4]] == ["Novopavlivka"] * 4
    assert {p.region_code for p in found} == {"UA-14"}
    assert gazetteer.search("Vovchanks", limit=1)[0].name == "Vovchansk"


def test_renamed_table_points_at_current_places() -> None:
    gazetteer = load()
    renamed = read_renamed(RENAMED_FILE)
    assert len(renamed) >= 60
    for code in renamed:
        assert gazetteer.get(code) is not None, code
    required = {
        "UA14160210010099403": "Krasnoarmeysk",
        "UA14020010010059145": "Artemovsk",
        "UA14020110010025394": "Dzerzhinsk",
        "UA14120110010088407": "Krasny Liman",
        "UA63080090010026457": "Kupyansk",
        "UA35040210010019355": "Kirovograd",
        "UA12020010010037010": "Dnepropetrovsk",
    }
    for code, old in required.items():
        assert old in renamed[code]


def test_cached_form_answers_like_the_parsed_file(tmp_path: Path) -> None:
    parsed = read()
    built = read_cached(tmp_path)  # no cache yet: parses the file and writes the cache
    assert [p.name for p in tmp_path.glob("gazetteer-*.marshal")]
    cached = read_cached(tmp_path)  # from the cache file
    assert len(cached) == len(parsed) == len(built)
    for name, region in [("Kharkov", None), ("Krasnoarmeysk", "UA-14"), ("Zolochev", "UA-46"), ("Харків", None)]:
        assert cached.exact(name, region_code=region) == parsed.exact(name, region_code=region)
        assert cached.search(name, region_code=region) == parsed.search(name, region_code=region)
    assert cached.get("UA14160210010099403") == parsed.get("UA14160210010099403")
    assert cached.forms("UA14160210010099403") == parsed.forms("UA14160210010099403")
    assert cached.in_region("UA-63") == parsed.in_region("UA-63")


def test_a_corrupt_cache_is_rebuilt_and_a_new_data_file_gets_its_own(tmp_path: Path) -> None:
    read_cached(tmp_path)
    (cache_file,) = tmp_path.glob("gazetteer-*.marshal")
    cache_file.write_bytes(b"\x00not marshal")
    assert len(read_cached(tmp_path)) == 29703
    assert cache_file.read_bytes()[:1] != b"\x00"
    renamed = tmp_path / "renamed.tsv"
    renamed.write_text(
        RENAMED_FILE.read_text(encoding="utf-8") + "Testograd\tUA-14\tUA14160210010099403\tPokrovsk\ttest\n"
    )
    assert cache_key(renamed_path=renamed) != cache_key()
    gazetteer = read_cached(tmp_path, renamed_path=renamed)
    assert gazetteer.exact("Testograd")[0][0].code == "UA14160210010099403"
    assert [p.name for p in tmp_path.glob("gazetteer-*.marshal")] == [
        f"gazetteer-{cache_key(renamed_path=renamed)}.marshal"
    ]
