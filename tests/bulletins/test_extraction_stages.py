"""The shared extraction stages: normalise, language, issuer, dates, figures, places, completeness."""

from datetime import date

import pytest

from app.bulletins.extraction import completeness, dates, figures, issuer, language, normalise, places, registry
from app.bulletins.extraction.drafts import ParseHints, Span


def test_normalising_keeps_every_offset_and_blanks_emoji_bullets_wraps_and_chrome() -> None:
    raw = (
        "Headline about the front line today\n\n📍 The Sever Group of Forces improved its positions and the\n"
        "situation near the border remained tense.\n▪️ Second line.\nHeadline about the front line today\n\n"
        "Share the Post:\nOther story"
    )
    norm = normalise.normalise(raw)
    assert len(norm.text) == len(raw)
    assert "📍" not in norm.text and "▪" not in norm.text
    assert "positions and the situation near" in norm.text  # a hard wrap became a space
    assert norm.text.count("Headline about the front line today") == 1
    assert norm.body_end <= raw.index("Share the Post:")
    for start in range(len(raw)):
        if norm.text[start].isalnum():
            assert norm.text[start] == raw[start]


def test_caption_lines_are_known() -> None:
    raw = "Title of the report here\nAid workers in Kharkiv. 10 May 2024. Photo: OCHA\nBody text."
    norm = normalise.normalise(raw)
    assert norm.in_caption(raw.index("10 May")) and not norm.in_caption(raw.index("Body"))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The Armed Forces repelled attacks near the village and the enemy lost three tanks in the area.", "en"),
        ("Подразделения группировки войск «Север» улучшили тактическое положение и нанесли поражение.", "ru"),
        ("Сили оборони України відбили атаки ворога поблизу населених пунктів, що на Харківщині.", "uk"),
        ("Die ukrainische Armee hat nach Angaben des Generalstabs die Angriffe bei der Stadt abgewehrt.", "de"),
    ],
)
def test_language_is_detected_from_script_and_stop_words(text: str, code: str) -> None:
    assert language.detect(text) == code


def test_a_bulletin_in_another_language_is_stored_but_not_extracted() -> None:
    text = "Die Armee meldet am 12. März 2025, dass die Angriffe bei der Stadt Kupjansk abgewehrt wurden."
    result = registry.parse(text)
    assert result.language == "de" and result.completeness == "not extracted"
    assert not result.events and not result.figures
    assert any("not extracted" in note for note in result.notes)


def test_issuer_from_several_cues_and_reporter_from_the_dateline() -> None:
    text = (
        "MOSCOW, June 1. /TASS/. Units of Battlegroup Sever (North) inflicted losses on the AFU near Liptsy, "
        "the Russian Defense Ministry said. The special military operation continues."
    )
    found = issuer.identify(text)
    assert (found.slug, found.name, found.reporter) == ("ru_mod", "Russian Ministry of Defence", "TASS")


def test_a_general_staff_text_is_never_the_russian_mod() -> None:
    text = (
        "The General Staff of the Armed Forces of Ukraine reports: the Russian Defence Ministry's claims are false. "
        "Total combat losses of the enemy: tanks – 8,123 (+7). The occupiers attacked near Pokrovsk."
    )
    assert issuer.identify(text).slug == "ua_general_staff"
    assert issuer.identify(text, prefer="ru_mod").slug == "ua_general_staff"


def test_one_weak_cue_leaves_the_issuer_unknown() -> None:
    assert issuer.identify("Shelling continued near the city, local residents said.").slug == "unknown"
    assert issuer.identify("The AFU lost positions.").slug == "unknown"


def test_a_dateline_without_a_year_takes_the_year_from_the_hints() -> None:
    text = "Battlegroup report\n\nMOSCOW, December 31. /TASS/. Units advanced near Kupyansk.\n"
    info = dates.bulletin_dates(text, hints=ParseHints(known_date=date(2026, 1, 2)))
    assert info.published_on == date(2025, 12, 31)  # the nearest 31 December, never 2026-12-31


def test_a_dateline_without_a_year_and_no_hint_stays_month_day() -> None:
    text = "Battlegroup report\n\nMOSCOW, June 1. /TASS/. Units advanced near Kupyansk.\n"
    info = dates.bulletin_dates(text)
    assert info.published_on is None and info.precision == "day-of-year-unknown" and info.month_day == (6, 1)


def test_range_starts_background_and_caption_dates_are_never_the_publication_date() -> None:
    text = (
        "Ukraine: losses update\n"
        "Aid workers help evacuees. 10 May 2024. Photo: OCHA\n"
        "On February 24, 2022, Russia launched a full-scale invasion. Since 7 October 2023 more than "
        "2,400 people were evacuated."
    )
    norm = normalise.normalise(text)
    info = dates.bulletin_dates(norm.text, in_caption=norm.in_caption)
    assert info.published_on is None
    with_hint = dates.bulletin_dates(
        norm.text, in_caption=norm.in_caption, hints=ParseHints(known_date=date(2024, 5, 12))
    )
    assert with_hint.published_on == date(2024, 5, 12)


def test_as_of_and_invasion_day_ordinals_date_a_report() -> None:
    text = "Situation at the front as of the morning of 8 May 2024\n\nThe enemy attacked 64 times."
    assert dates.bulletin_dates(text).as_of == date(2024, 5, 8)
    ordinal = "Russian losses update\n\nFriday is day 765 of the full-scale invasion. The enemy lost 820 soldiers."
    assert dates.bulletin_dates(ordinal).published_on == date(2024, 3, 29)


def _counts(text: str) -> list[tuple[int, str, int | None]]:
    return [(c.value, c.qualifier, c.delta) for c in figures.find_counts(text, 0, len(text))]


def test_figures_keep_thousands_separators_in_comma_lists() -> None:
    assert _counts("The enemy lost 4,372 drones, 1,509 tanks and 372 guns.") == [
        (4372, "exact", None), (1509, "exact", None), (372, "exact", None),
    ]  # fmt: skip


def test_figures_qualifiers_words_scales_and_deltas() -> None:
    assert _counts("up to 140 troops, three motor vehicles") == [(140, "up to", None), (3, "exact", None)]
    assert _counts("approximately 890,940 (+1,130) personnel") == [(890940, "approximately", 1130)]
    assert _counts("14.2 thousand people were displaced and 3.7 million refugees") == [
        (14200, "exact", None), (3700000, "exact", None),
    ]  # fmt: skip
    assert _counts("roughly 50 households, almost 20 children, at least 7 civilians") == [
        (50, "roughly", None), (20, "almost", None), (7, "at least", None),
    ]  # fmt: skip


def test_counts_after_long_stretches_without_numbers_keep_their_qualifiers_and_number_words() -> None:
    text = (
        "Units advanced near Kupyansk, Lyman and Seversk in the Kharkov region; no fewer than   12 troops, "
        "Twenty-one tanks and SEVEN drones were lost, and nineteen soldiers, an estimated eleven vehicles."
    )
    assert _counts(text) == [
        (12, "at least", None), (21, "exact", None), (7, "exact", None), (19, "exact", None), (11, "about", None),
    ]  # fmt: skip


def test_a_count_since_a_date_is_scoped_to_it() -> None:
    text = "Flash update\n\nSince 7 October 2023 more than 2,400 people were evacuated from Kupiansk."
    result = registry.parse(text, format="generic")
    [figure] = [f for f in result.figures if f.value == 2400]
    assert (figure.scope, figure.since, figure.qualifier, figure.category) == (
        "since_date", "7 October 2023", "more than", "evacuated",
    )  # fmt: skip


def test_numbers_that_are_not_counts_are_never_figures() -> None:
    text = "A 155-mm howitzer of the 72nd brigade, 30% of homes, $5 million, in 2024 and at 14:30."
    assert figures.find_counts(text, 0, len(text)) == []


def test_loss_table_rows_with_daily_deltas() -> None:
    text = "Total combat losses of the enemy:\ntanks – 8,123 (+7)\npersonnel — about 890,000 (+1,130) persons\n"
    rows = figures.find_table_rows(text, 0, len(text))
    assert [(r.value, r.delta, r.category, r.qualifier) for r in rows] == [
        (8123, 7, "tanks", "exact"), (890000, 1130, "troops", "about"),
    ]  # fmt: skip


def test_a_text_cut_mid_word_is_truncated_and_the_cut_word_is_never_a_place() -> None:
    text = (
        "Russian forces attacked near Kupiansk, Petropavlivka and the outskirts of the settlement of Novoselivka "
        "while the enemy kept shelling positions near Berest"
    )
    found = completeness.check(text, 0, len(text))
    assert found.status == "truncated" and found.cut_at == text.rindex("Berest")
    names = [m.name for m in places.spot(text, Span(0, len(text)), stop_at=found.cut_at)]
    assert "Berest" not in names and "Kupiansk" in names


@pytest.mark.parametrize(
    ("sentence", "region"),
    [
        ("Losses were inflicted near Konstantinovka (Donetsk People's Republic).", "UA-14"),
        ("Losses were inflicted near Konstantinovka (Donetsk People’s Republic).", "UA-14"),
        ("Units advanced near Konstantinovka in the DPR.", "UA-14"),
        ("The enemy attacked near Kostiantynivka, Donetska oblast.", "UA-14"),
        ("Russian forces attacked near Vovchansk in Kharkiv Oblast.", "UA-63"),
        ("Battlegroup Dnepr struck the enemy near Orekhov in the Zaporozhye Region.", "UA-23"),
    ],
)
def test_places_get_the_region_the_sentence_writes(sentence: str, region: str) -> None:
    found = places.spot(sentence, Span(0, len(sentence)))
    assert len(found) == 1 and found[0].region_code == region and found[0].region


def test_regions_attach_by_list_structure() -> None:
    text = (
        "Battlegroup North units inflicted losses near Yunakovka, Andreyevka and Sadki in the Sumy Region and near "
        "Volchansk (Kharkov region), Liptsy, and Kherson."
    )
    found = [(m.name, m.region) for m in places.spot(text, Span(0, len(text)))]
    assert found == [
        ("Yunakovka", "Sumy Region"), ("Andreyevka", "Sumy Region"), ("Sadki", "Sumy Region"),
        ("Volchansk", "Kharkov region"), ("Liptsy", ""), ("Kherson", ""),
    ]  # fmt: skip


def test_directions_regions_and_groups_are_not_places() -> None:
    text = (
        "In the Kupiansk direction, the Sever Group of Forces and the enemy fought in Kharkiv and Sumy regions; "
        "the Lyman and Bakhmut directions stayed calm, according to Kyiv."
    )
    assert places.spot(text, Span(0, len(text))) == []


def test_press_release_datelines_and_photo_location_lines() -> None:
    release = "Statement on the attack\n\nKHARTOUM 28 July 2020 – “An attack on the village killed five children.”"
    assert dates.bulletin_dates(release).published_on == date(2020, 7, 28)
    page = (
        "Flash Update\nKharkiv, 20 May 2024\nA family in a collective site. 20 May 2024 Photo: OCHA\n\n"
        "Hostilities continued across the oblast."
    )
    norm = normalise.normalise(page)
    assert dates.bulletin_dates(norm.text, in_caption=norm.in_caption).published_on is None


def test_a_humanitarian_as_of_date_is_not_its_issue_date() -> None:
    text = "OCHA overview map: people displaced in the South East (As of 10 Jan 2022)\n\nAbout 15,200 people fled."
    result = registry.parse(text)
    assert result.issuer_slug == "ocha" and result.as_of is not None
    assert result.published_on is None


def test_bullet_lists_without_full_stops_are_complete_unless_cut_mid_word() -> None:
    bullets = (
        "Highlights of the briefing\n▪️ Russian troops liberated two settlements over the past day in the east\n"
        "▪️ The Ukrainian army lost over 145 military personnel in the area of Battlegroup East\n"
        "▪️ Battlegroup West inflicted up to 200 casualties on the Ukrainian army in the north\n"
    )
    norm = normalise.normalise(bullets)
    assert completeness.check(norm.text, 0, norm.body_end).status == "complete"
    cut = bullets.rstrip("\n").removesuffix("in the north") + "in the n"
    norm = normalise.normalise(cut)
    assert completeness.check(norm.text, 0, norm.body_end).status == "truncated"
    prose = "The enemy attacked 64 times near the town.\nThe number of foreign"
    assert completeness.check(prose, 0, len(prose)).status == "truncated"


def test_lists_closed_by_a_shelling_verb_or_opened_by_a_colon() -> None:
    text = "Kupiansk, Petropavlivka and Kurylivka came under artillery and mortar fire."
    assert [m.name for m in places.spot(text, Span(0, len(text)))] == ["Kupiansk", "Petropavlivka", "Kurylivka"]
    text = "Settlements shelled by the enemy: Vovchansk, Vilcha and Okhrimivka."
    assert [m.name for m in places.spot(text, Span(0, len(text)))] == ["Vovchansk", "Vilcha", "Okhrimivka"]
