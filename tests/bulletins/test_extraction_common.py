"""Dates, numbers, the generic parser and format detection."""

from datetime import date

import pytest

from app.bulletins.extraction import registry
from app.bulletins.extraction.dates import find_dates
from app.bulletins.extraction.text import paragraphs, parse_number


@pytest.mark.parametrize(
    ("token", "value"),
    [("1,220", 1220), ("three", 3), ("twenty-one", 21), ("21.6 thousand", 21600), ("107,213", 107213),
     ("1.2 million", 1_200_000), ("eleven", 11), ("155-mm", None)],
)  # fmt: skip
def test_numbers(token: str, value: int | None) -> None:
    assert parse_number(token) == value


def test_dates_in_every_form_with_as_of() -> None:
    found = find_dates("As of 12.03.2025; published 2024-05-17, March 3rd, 2024 and 7 May 2024. 31.02.2024")
    assert [(d.value, d.as_of) for d in found] == [
        (date(2025, 3, 12), True), (date(2024, 5, 17), False), (date(2024, 3, 3), False),
        (date(2024, 5, 7), False),
    ]  # fmt: skip


def test_paragraph_offsets_survive_blank_lines_and_emoji() -> None:
    text = "📍 First one.\n\n  \n💥 second\n"
    paras = paragraphs(text)
    assert [p.text for p in paras] == ["📍 First one.", "💥 second"]
    assert text[paras[1].content_start] == "s"


def test_generic_parser_for_an_unknown_format() -> None:
    text = (
        "OCHA Flash Update No. 3, 12 March 2025\n\nShelling near Kupiansk (Kharkiv Oblast) killed "
        "3 civilians. More than 2,400 people were evacuated since 10 May."
    )
    result = registry.parse(text, format="generic")  # detected, it is a humanitarian report
    assert result.format == "generic" and result.published_on == date(2025, 3, 12)
    assert [(e.place_as_written, e.region_as_written) for e in result.events] == [("Kupiansk", "Kharkiv Oblast")]
    assert ("evacuated", 2400, "more than") in [(f.category, f.value, f.qualifier) for f in result.figures]


def test_text_with_nothing_to_extract_is_an_unknown_format() -> None:
    with pytest.raises(registry.UnknownFormatError, match="not a recognised bulletin format"):
        registry.parse("Just some words with nothing in them.")


def test_an_unknown_format_name_is_refused() -> None:
    with pytest.raises(registry.UnknownFormatError, match="unknown bulletin format 'nato'"):
        registry.parse("anything", format="nato")
