"""Hostile and huge texts: every pattern is bounded, every bulletin has a size and time budget.

These tests check behaviour only (what comes back), never how long it took.
"""

import pytest

from app.bulletins.extraction import budget, places, registry
from app.bulletins.extraction.drafts import Span

SEED_PARAGRAPH = (
    "The Sever Group of Forces improved the tactical situation. Losses were inflicted near Kondratovka and "
    "Pisarevka (Sumy region). The AFU losses amounted to up to 140 troops, three motor vehicles.\n\n"
)


def _parse_or_refuse(text: str) -> list[str]:
    """Names found, or [] when the text is refused with the clear unknown-format error."""
    try:
        return [e.place_as_written for e in registry.parse(text).events]
    except registry.UnknownFormatError as error:
        assert "not a recognised bulletin format" in str(error)
        return []


def test_a_120_character_hyphenated_name_does_not_backtrack() -> None:
    name = "-".join(["Abcdefghij"] * 12)
    assert len(name) > 120
    names = _parse_or_refuse(
        f"Battlegroup North units inflicted losses near {name}x (Sumy region) and near Kondratovka."
    )
    assert name not in names
    assert _parse_or_refuse("Shelling near " + "A" + "-a" * 80 + "( and " + "(" * 3000) == []


def test_five_thousand_names_in_one_list_are_read_up_to_the_list_budget() -> None:
    letters = "abcdefghijklmnopqrstuvwxyz"
    names = [
        "Novo" + letters[i % 26] + letters[(i // 26) % 26] + letters[(i // 676) % 26] + "ivka" for i in range(5000)
    ]
    text = "Russian forces attacked near Kupiansk, " + ", ".join(names) + " (Kharkiv Oblast)."
    found = places.spot(text, Span(0, len(text)))
    assert 0 < len(found) <= budget.MAX_LIST_ITEMS
    assert found[0].name == "Kupiansk"


def test_a_five_megabyte_text_is_extracted_in_part_and_says_so() -> None:
    text = SEED_PARAGRAPH * 26000
    assert len(text) > 4_900_000
    result = registry.parse(text)
    assert result.format == "ru_mod" and result.events
    assert max(e.quote_span.end for e in result.events) <= budget.MAX_CHARS
    assert any("Only the first" in note for note in result.notes)


@pytest.mark.parametrize(
    "text",
    [
        "1,2,3,4,5,6,7,8,9," * 20000 + " tanks",
        "near " + " " * 200000 + "Kupiansk (Kharkiv Oblast) 3 civilians were killed",
        "(((((" * 10000 + "Kupiansk" + ")))))" * 10000,
        "\x00\x01\x02 binary \ufffd\ufffd garbage \u202e reversed 12.12.2024",
    ],
)
def test_pathological_inputs_end_with_a_result_or_a_clear_error(text: str) -> None:
    _parse_or_refuse(text)


def test_an_exhausted_time_budget_keeps_what_was_found_and_says_so() -> None:
    run = budget.start(seconds=-1.0)
    assert list(budget.each([1, 2, 3])) == []
    assert run.exhausted and "Extraction stopped" in run.notes[0]
