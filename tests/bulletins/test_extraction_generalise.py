"""Classes of failure found on bulletins the extractor was not tuned to: each held by a general rule."""

from datetime import date

from app.bulletins.extraction import dates, places
from app.bulletins.extraction.drafts import ParseHints, Span


def _spot(text: str) -> list[tuple[str, str]]:
    return [(m.name, m.region_code) for m in places.spot(text, Span(0, len(text)))]


def test_a_region_written_straight_after_the_last_name_closes_each_list_of_a_semicolon_series() -> None:
    text = (
        "The aggressor carried out air strikes in areas of populated areas of Krasnopil, Stepok, Zemlyane Sumy "
        "region; Zolochiv, Dubivka Kharkiv region; Novodarivka, Pavlivka Zaporizhia region."
    )
    assert _spot(text) == [
        ("Krasnopil", "UA-59"), ("Stepok", "UA-59"), ("Zemlyane", "UA-59"), ("Zolochiv", "UA-63"),
        ("Dubivka", "UA-63"), ("Novodarivka", "UA-23"), ("Pavlivka", "UA-23"),
    ]  # fmt: skip


def test_a_metadata_date_the_text_confirms_beats_a_chrome_dateline_that_contradicts_it() -> None:
    text = (
        "- Agency, 1920, 10.04.2023\nSection title\n\nA photo caption of the story, - Agency, 1920, 14.05.2024\n"
        "The ministry said on Tuesday that its forces took the settlement of Bugrovatka.\n"
    )
    info = dates.bulletin_dates(text, hints=ParseHints(known_date=date(2024, 5, 14)))
    assert info.published_on == date(2024, 5, 14)


def test_a_date_bar_that_contradicts_the_reports_window_gives_no_date_rather_than_a_wrong_one() -> None:
    text = (
        "Tuesday, 17 May 2022\n\nThe General Staff said the enemy lost tanks. In the period from February 24 to "
        "May 4, 2022, the enemy lost: tanks – 1077 (+3).\n"
    )
    info = dates.bulletin_dates(text, as_of_is_issue=True)
    assert info.published_on is None and info.notes
    roles = {f.value: f.role for f in dates.find_dates(text) if f.value}
    assert roles[date(2022, 5, 4)] == "range_end"


def test_agreeing_cues_keep_the_dateline() -> None:
    text = "MOSCOW, December 31. /TASS/. Units advanced near Kupyansk.\n"
    info = dates.bulletin_dates(text, hints=ParseHints(known_date=date(2026, 1, 2)))
    assert info.published_on == date(2025, 12, 31)
