"""The Russian MoD parser on the seed bulletin, as is (followed by unrelated text)."""

from datetime import date

import pytest

from app.bulletins.extraction import registry, ru_mod
from app.bulletins.extraction.drafts import ParsedBulletin
from tests.paths import SEED

TEXT = SEED.read_text(encoding="utf-8")

EXPECTED = [
    ("Sever", "losses_inflicted", "Kondratovka", "Sumy region"),
    ("Sever", "losses_inflicted", "Pisarevka", "Sumy region"),
    ("Sever", "losses_inflicted", "Volchanskiye Khutora", "Kharkov region"),
    ("Sever", "losses_inflicted", "Zolochev", "Kharkov region"),
    ("Sever", "losses_inflicted", "Zhukov Yar", "Kharkov region"),
    ("Sever", "losses_inflicted", "Ryasnoye", "Kharkov region"),
    ("Zapad", "took_control", "Podoly", "Kharkov region"),
    ("Zapad", "losses_inflicted", "Blagodatovka", "Kharkov region"),
    ("Zapad", "losses_inflicted", "Staroverovka", "Kharkov region"),
    ("Zapad", "losses_inflicted", "Grushevka", "Kharkov region"),
    ("Zapad", "losses_inflicted", "Nechvolodovka", "Kharkov region"),
    ("Zapad", "losses_inflicted", "Lozovoye", "Donetsk People’s Republic"),
    ("Zapad", "losses_inflicted", "Rubtsov", "Donetsk People’s Republic"),
    ("Yug", "losses_inflicted", "Alekseyevo-Druzhkovka", "Donetsk People’s Republic"),
    ("Yug", "losses_inflicted", "Konstantinovka", "Donetsk People’s Republic"),
    ("Yug", "losses_inflicted", "Novopavlovka", "Donetsk People’s Republic"),
    ("Yug", "losses_inflicted", "Slavyansk", "Donetsk People’s Republic"),
    ("Yug", "losses_inflicted", "Reznikovka", "Donetsk People’s Republic"),
    *[
        ("unknown", "losses_inflicted", name, "Donetsk People’s Republic")
        for name in [
            "Torskoye",
            "Grishino",
            "Dobropolye",
            "Gulevo",
            "Belitskoye",
            "Toretskoye",
            "Udachnoye",
            "Volnoye",
        ]
    ],  # fmt: skip
    ("unknown", "losses_inflicted", "Novopavlovka", "Dnepropetrovsk region"),
    ("unknown", "losses_inflicted", "Dibrova", "Dnepropetrovsk region"),
    ("Vostok", "losses_inflicted", "Verkhnaya Tersa", "Zaporozhye region"),
    ("Vostok", "losses_inflicted", "Zaliznichnoye", "Zaporozhye region"),
    ("Vostok", "losses_inflicted", "Tsvetkovoye", "Zaporozhye region"),
    ("Vostok", "losses_inflicted", "Vozdvizhenka", "Zaporozhye region"),
    ("Dnepr", "losses_inflicted", "Orekhov", "Zaporozhye region"),
    ("Dnepr", "losses_inflicted", "Sadovoye", "Kherson region"),
    ("Dnepr", "losses_inflicted", "Kherson", ""),
]


@pytest.fixture(scope="module")
def parsed() -> ParsedBulletin:
    return registry.parse(TEXT)


def test_detects_the_mod_format_and_dates(parsed: ParsedBulletin) -> None:
    assert parsed.format == "ru_mod"
    assert parsed.issuer == "Russian Ministry of Defence"
    assert parsed.published_on == date(2026, 1, 4)
    assert parsed.as_of == date(2026, 1, 4)
    assert (parsed.window_start, parsed.window_end) == (date(2026, 1, 3), date(2026, 1, 4))


def test_one_event_per_place_mention_with_group_action_and_region(parsed: ParsedBulletin) -> None:
    got = [(e.group_name, e.action, e.place_as_written, e.region_as_written) for e in parsed.events]
    assert got == EXPECTED
    assert len(parsed.events) == 35


def test_spans_point_at_the_place_and_the_quoted_sentence(parsed: ParsedBulletin) -> None:
    for event in parsed.events:
        assert TEXT[event.place_span.start : event.place_span.end] == event.place_as_written
        quote = TEXT[event.quote_span.start : event.quote_span.end]
        assert event.quote_span.start <= event.place_span.start < event.place_span.end <= event.quote_span.end
        assert quote.endswith(".") and quote[0].isalpha()
    podoly = next(e for e in parsed.events if e.place_as_written == "Podoly")
    assert TEXT[podoly.quote_span.start : podoly.quote_span.end] == (
        "As a result of resolute actions, units of the Zapad Group of Forces took Podoly "
        "(Kharkov region) under control."
    )


def test_truncated_paragraph_is_flagged_and_never_given_a_neighbours_group(
    parsed: ParsedBulletin,
) -> None:
    cut = [e for e in parsed.events if e.paragraph_truncated]
    assert [e.place_as_written for e in cut][:2] == ["Torskoye", "Grishino"]
    assert len(cut) == 10 and {e.group_name for e in cut} == {"unknown"}
    assert all(e.place_as_written != "echanised" for e in parsed.events)
    assert parsed.completeness == "truncated"
    assert any("echanised" in note for note in parsed.notes)


def test_the_two_novopavlovkas_keep_their_own_regions(parsed: ParsedBulletin) -> None:
    regions = [e.region_as_written for e in parsed.events if e.place_as_written == "Novopavlovka"]
    assert regions == ["Donetsk People’s Republic", "Dnepropetrovsk region"]


def _figures(parsed: ParsedBulletin, category: str) -> list[tuple[str, int, str, str]]:
    return [(f.qualifier, f.value, f.unit, f.group_name) for f in parsed.figures if f.category == category]


def test_group_personnel_figures_and_headline_check(parsed: ParsedBulletin) -> None:
    groups = [f for f in _figures(parsed, "personnel_losses") if f[3]]
    assert groups == [
        ("up to", 140, "troops", "Sever"), ("up to", 180, "troops", "Zapad"),
        ("more than", 180, "troops", "Yug"), ("up to", 410, "troops", "unknown"),
        ("up to", 275, "troops", "Vostok"), ("up to", 35, "troops", "Dnepr"),
    ]  # fmt: skip
    headline = parsed.figures[0]
    assert (headline.qualifier, headline.value, headline.scope) == ("up to", 1220, "bulletin")
    assert headline.check_status == "consistent"
    assert "140 + 180 + 180 + 410 + 275 + 35" in headline.check_detail


def test_equipment_is_not_counted_as_personnel(parsed: ParsedBulletin) -> None:
    equipment = _figures(parsed, "equipment_losses")
    assert ("exact", 1, "U.S.-made 155-mm M198 howitzer", "Zapad") in equipment
    assert ("exact", 1, "U.S.-made M113 armoured personnel carrier", "Yug") in equipment
    assert ("exact", 3, "motor vehicles", "Sever") in equipment
    assert ("exact", 1, "POL depot", "Yug") in _figures(parsed, "destroyed")


def test_strikes_air_defence_and_cumulative_totals(parsed: ParsedBulletin) -> None:
    assert _figures(parsed, "strikes") == [("exact", 156, "areas", "")]
    assert _figures(parsed, "air_defence") == [
        ("exact", 1, "guided aerial bomb", ""), ("exact", 210, "fixed-wing unmanned aerial vehicles", ""),
    ]  # fmt: skip
    totals = [f for f in parsed.figures if f.category == "cumulative_losses"]
    assert [(f.value, f.unit) for f in totals] == [
        (670, "aircraft"), (283, "helicopters"), (107213, "unmanned aerial vehicles"),
        (642, "anti-aircraft missile systems"), (26895, "tanks and other armoured fighting vehicles"),
        (1636, "MLRS combat vehicles"), (32372, "field artillery guns and mortars"),
        (50778, "units of support military vehicles"),
    ]  # fmt: skip
    assert {f.scope for f in totals} == {"since_start"}
    assert totals[0].since == "beginning of the special military operation"


def test_nothing_is_taken_from_the_text_after_the_bulletin(parsed: ParsedBulletin) -> None:
    tail = TEXT.index("Share the Post:")
    assert parsed.body_end <= tail
    assert all(e.quote_span.end <= tail for e in parsed.events)
    assert all(f.span.end <= tail for f in parsed.figures)
    assert not any("110" in TEXT[f.span.start : f.span.end] for f in parsed.figures)


def test_every_figure_span_is_its_text(parsed: ParsedBulletin) -> None:
    for figure in parsed.figures:
        assert figure.unit in TEXT[figure.span.start : figure.span.end]


def test_wire_rewrite_names_battlegroups_and_trailing_regions() -> None:
    text = (
        "Moscow, 5 January 2026. The Russian Defence Ministry said battlegroup North inflicted "
        "losses on Ukrainian units near Yunakovka and Andreyevka in the Sumy Region, and the "
        "special military operation continues. Its units took Sobolevka (Kharkov region) under control."
    )
    result = ru_mod.parse(text)
    assert [(e.group_name, e.place_as_written, e.region_as_written, e.action) for e in result.events] == [
        ("Sever", "Yunakovka", "Sumy Region", "losses_inflicted"),
        ("Sever", "Andreyevka", "Sumy Region", "losses_inflicted"),
        ("Sever", "Sobolevka", "Kharkov region", "took_control"),
    ]
