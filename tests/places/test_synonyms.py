"""Meilisearch synonyms for places and regions."""

from app.places.synonyms import MAX_PER_WORD, merge, place_synonyms, region_synonyms

KHARKIV = "UA63120270010096107"
POKROVSK = "UA14160210010099403"
HRYSHYNE = "UA14160210080040376"


def test_place_spellings_point_at_each_other() -> None:
    table = place_synonyms([KHARKIV, POKROVSK])
    assert {"kharkiv", "харків"} <= set(table["kharkov"])
    assert "kharkov" in table["харків"] and "kharkov" in table["kharkiv"]
    assert "krasnoarmeysk" in table["pokrovsk"] and "pokrovsk" in table["krasnoarmeysk"]


def test_only_the_given_codes_and_lower_case() -> None:
    table = place_synonyms([POKROVSK])
    assert "kharkov" not in table
    assert all(word == word.lower() for word in table)
    assert all(other == other.lower() for others in table.values() for other in others)
    assert all(len(others) <= MAX_PER_WORD for others in table.values())


def test_a_spelling_of_another_place_is_left_out() -> None:
    # "Grishino" is the village Hryshyne, and also an old name of Pokrovsk.
    assert "grishino" not in place_synonyms([POKROVSK])
    assert "hryshyne" in place_synonyms([HRYSHYNE])["grishino"]


def test_unknown_codes_are_ignored() -> None:
    assert place_synonyms(["UA00000000000000000"]) == {}


def test_region_synonyms() -> None:
    table = region_synonyms()
    assert "kharkiv" in table["kharkov"] and "kharkov" in table["kharkiv"]
    assert "zaporizhzhia" in table["zaporozhye"]
    assert all(len(others) <= MAX_PER_WORD for others in table.values())


def test_merge_keeps_order_and_unions() -> None:
    merged = merge({"a": ["b"]}, {"a": ["c", "b"], "d": ["e"]})
    assert merged == {"a": ["b", "c"], "d": ["e"]}
