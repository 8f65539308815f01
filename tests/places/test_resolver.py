"""Resolver: the seed bulletin, renamed places, namesakes with context, corrections, accuracy."""

import pytest

from app.places.evaluate import evaluate, read_labels
from app.places.resolver import name_key, resolve, resolve_region_from_place

# The first part of the seed bulletin (Russian MoD, 4 January 2026): one list per sentence.
SEED_SENTENCES: list[list[tuple[str, str | None, str | None]]] = [
    [
        ("Kondratovka", "UA-59", "UA59080290080084186"),
        ("Pisarevka", "UA-59", "UA59080290130056223"),
    ],
    [
        ("Volchanskiye Khutora", "UA-63", "UA63140010190055761"),
        ("Zolochev", "UA-63", "UA63020050010064235"),
        ("Zhukov Yar", "UA-63", "UA63080010130043793"),
        ("Ryasnoye", "UA-63", "UA63020050470033126"),
    ],
    [("Podoly", "UA-63", "UA63080110090045175")],
    [
        ("Blagodatovka", "UA-63", "UA63080070020025534"),
        ("Staroverovka", "UA-63", "UA63080150520093544"),
        ("Grushevka", "UA-63", "UA63080070090027381"),
        ("Nechvolodovka", "UA-63", "UA63080070210041828"),
        ("Rubtsov", "UA-14", None),
    ],
    [
        ("Alekseyevo-Druzhkovka", "UA-14", "UA14120030040015027"),
        ("Konstantinovka", "UA-14", "UA14120070010085843"),
        ("Novopavlovka", "UA-14", "UA14120030110051135"),
        ("Slavyansk", "UA-14", "UA14120210010032554"),
        ("Reznikovka", "UA-14", "UA14020070050060090"),
    ],
    [
        ("Grishino", "UA-14", "UA14160210080040376"),
        ("Dobropolye", "UA-14", "UA14160070010040544"),
        ("Gulevo", "UA-14", "UA14160090030072512"),
        ("Belitskoye", "UA-14", "UA14160070020099508"),
        ("Udachnoye", "UA-14", "UA14160250010071750"),
        ("Volnoye", "UA-14", "UA14160270040026715"),
        ("Novopavlovka", "UA-12", "UA12140190010085809"),
        ("Dibrova", "UA-12", "UA12140250150071495"),
    ],
    [
        ("Verkhnaya Tersa", "UA-23", "UA23100030030098441"),
        ("Zaliznichnoye", "UA-23", "UA23100070020021796"),
        ("Tsvetkovoye", "UA-23", "UA23100030130019464"),
        ("Vozdvizhenka", "UA-23", "UA23100030010072559"),
    ],
    [
        ("Orekhov", "UA-23", "UA23100170010023304"),
        ("Sadovoye", "UA-65", "UA65100150080051777"),
        ("Kherson", None, "UA65100150010064384"),
    ],
]
SEED_CASES = [
    (name, region, [other for other, _, _ in sentence if other != name], code)
    for sentence in SEED_SENTENCES
    for name, region, code in sentence
]


@pytest.mark.parametrize(("name", "region", "context", "code"), SEED_CASES)
def test_seed_bulletin_mentions(name: str, region: str, context: list[str], code: str) -> None:
    result = resolve(name, region_code=region, context=context)
    assert (result.place.code if result.place else None) == code
    if code is not None:
        assert result.score >= 90


def test_seed_spellings_map_to_official_names() -> None:
    expected = {
        "Konstantinovka": "Kostiantynivka",
        "Slavyansk": "Sloviansk",
        "Orekhov": "Orikhiv",
        "Zolochev": "Zolochiv",
        "Grishino": "Hryshyne",
        "Dobropolye": "Dobropillia",
        "Volchanskiye Khutora": "Vovchanski Khutory",
    }
    names = {name: (region, context) for name, region, context, _ in SEED_CASES}
    for written, official in expected.items():
        region, context = names[written]
        place = resolve(written, region_code=region, context=context).place
        assert place is not None and place.name == official


def test_the_two_novopavlovkas_are_different_places() -> None:
    results = [
        resolve(name, region_code=region, context=context)
        for name, region, context, _ in SEED_CASES
        if name == "Novopavlovka"
    ]
    assert len(results) == 2 and all(r.place for r in results)
    assert results[0].place != results[1].place
    assert results[0].same_name_count == 4 and results[1].same_name_count == 2


def test_namesakes_without_context_stay_unresolved() -> None:
    result = resolve("Sadovoye", region_code="UA-65")
    assert result.place is None and result.method == "unresolved"
    assert result.same_name_count == 3 and len(result.candidates) == 3


def test_rubtsov_is_not_guessed() -> None:
    result = resolve("Rubtsov", region_code="UA-14", context=["Lozovoye"])
    assert result.place is None and result.method == "unresolved" and result.score < 90


@pytest.mark.parametrize(
    ("old", "region", "current"),
    [
        ("Krasnoarmeysk", "UA-14", "Pokrovsk"),
        ("Artemovsk", "UA-14", "Bakhmut"),
        ("Dzerzhinsk", "UA-14", "Toretsk"),
        ("Krasny Liman", "UA-14", "Lyman"),
        ("Kupyansk", "UA-63", "Kupiansk"),
        ("Kupiansk", "UA-63", "Kupiansk"),
        ("Kirovograd", "UA-35", "Kropyvnytskyi"),
        ("Dnepropetrovsk", "UA-12", "Dnipro"),
        ("Ilyichevsk", "UA-51", "Chornomorsk"),
        ("Dimitrov", "UA-14", "Myrnohrad"),
        ("Красноармейск", "UA-14", "Pokrovsk"),
    ],
)
def test_renamed_places_with_and_without_region(old: str, region: str, current: str) -> None:
    for region_code in (region, None):
        place = resolve(old, region_code=region_code).place
        assert place is not None and place.name == current and place.region_code == region


def test_renamed_method_is_reported() -> None:
    assert resolve("Artemovsk", region_code="UA-14").method == "renamed"


def test_context_can_pick_a_village_over_a_city() -> None:
    context = ["Novomikhaylovka", "Paraskoviyevka", "Yelizavetovka"]
    place = resolve("Konstantinovka", region_code="UA-14", context=context).place
    assert place is not None and place.category == "C" and place.hromada == "Marinska"


def test_context_with_regions() -> None:
    # "... Nechvolodovka (Kharkov region), Lozovoye, and Rubtsov (DPR)": with the regions
    # named, the Kharkiv villages count where they are, next to the Lozove of Lyman hromada,
    # and their namesakes in Donetsk oblast do not. Without regions it stays unresolved.
    kharkiv = ["Blagodatovka", "Staroverovka", "Grushevka", "Nechvolodovka"]
    context: list[str | tuple[str, str | None]] = [(n, "UA-63") for n in kharkiv]
    result = resolve("Lozovoye", region_code="UA-14", context=[*context, ("Rubtsov", "UA-14")])
    assert result.place is not None and result.place.hromada == "Lymanska"
    assert result.same_name_count == 3
    assert resolve("Lozovoye", region_code="UA-14", context=[*kharkiv, "Rubtsov"]).place is None
    # A region-qualified Donetsk context decides between namesakes in Dnipropetrovsk oblast.
    donetsk = ["Torskoye", "Grishino", "Dobropolye", "Gulevo", "Belitskoye", "Udachnoye", "Volnoye"]
    context = [("Dibrova", "UA-12"), *((n, "UA-14") for n in donetsk)]
    place = resolve("Novopavlovka", region_code="UA-12", context=context).place
    assert place is not None and place.code == "UA12140190010085809"


def test_cyrillic_input() -> None:
    for written in ("Костянтинівка", "Константиновка"):
        place = resolve(written, region_code="UA-14").place
        assert place is not None and place.code == "UA14120070010085843"


def test_corrections_win() -> None:
    key = name_key("Rubtsov")
    fixed = resolve("Rubtsov", region_code="UA-14", corrections={(key, "UA-14"): "UA14120110280026786"})
    assert fixed.method == "correction" and fixed.place and fixed.place.name == "Rubtsi"
    not_a_place = resolve("Kherson", region_code="UA-65", corrections={(name_key("Kherson"), "UA-65"): None})
    assert not_a_place.place is None and not_a_place.method == "correction"


def test_name_key_folds_case_and_punctuation() -> None:
    assert name_key("Kup’yansk ") == name_key("kup'yansk") == "kupyansk"


def test_region_from_notable_city() -> None:
    assert resolve_region_from_place("Kherson") == "UA-65"
    assert resolve_region_from_place("Kharkov") == "UA-63"
    assert resolve_region_from_place("Zolochev") is None  # a town in Lviv, a settlement in Kharkiv
    assert resolve_region_from_place("Ivanovka") is None


def test_no_village_is_guessed_without_a_region() -> None:
    assert resolve("Ivanovka", region_code=None).place is None
    assert resolve("Tetkino", region_code=None).place is None


def test_labelled_mentions_meet_targets() -> None:
    mentions = read_labels()
    assert len(mentions) >= 200
    report = evaluate(mentions, repeats=1)
    assert report.precision >= 0.98
    assert report.auto_resolved >= 0.85
    # Speed (lookups/s) is measured by `make bench` (`dkb places evaluate`), never asserted here.
