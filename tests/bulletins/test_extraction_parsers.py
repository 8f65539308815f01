"""Format parsers on texts shaped like the real ones (written here, not copied): detection, events, figures."""

from datetime import date

from app.bulletins.extraction import registry
from app.bulletins.extraction.drafts import ParseHints

GENERAL_STAFF = """General Staff: the enemy attacked 88 times over the past day

The 1,106th day of the full-scale invasion continues. Operational information as of 08:00 on 05.03.2025.

In the Kupiansk direction, the occupiers attacked our positions 5 times near Synkivka, Petropavlivka and Kruhliakivka.
In the Pokrovsk direction, the Defence Forces repelled 34 attacks in the areas of Myrnohrad, Udachne,
Kotlyne and Uspenivka of the Donetsk region.
The enemy launched air strikes on Huliaipole in Zaporizhzhia Oblast.

The total combat losses of the enemy from 24.02.22 to 05.03.25 were approximately:
personnel – about 884,950 (+1,250) persons
tanks – 10,220 (+7)
artillery systems – 24,001 (+41)
"""

ANALYST = """Russian Offensive Campaign Assessment, March 5, 2025

Key Takeaways: Ukrainian forces recently liberated Kupyansk-Vuzlovyi. Geolocated footage published on March 4
indicates that Russian forces advanced northwest of Toretsk. Russian milbloggers claimed that Russian forces seized
Novoolenivka, but ISW has not observed confirmation of this claim.
"""

WIRE_ROLLUP = """MOSCOW, March 5. /TASS/. The Russian Defense Ministry said on Wednesday that Battlegroup Sever units
hit the manpower of three brigades near Yunakovka, Sadki and Andreyevka in the Sumy Region. The Ukrainian army lost
up to 140 servicemen, a tank and 4,372 drones, 1,509 tanks since the start of the operation. Battlegroup Vostok
liberated the settlement of Novoselka in the Zaporozhye Region.
"""


def test_general_staff_report_directions_places_and_loss_table() -> None:
    result = registry.parse(GENERAL_STAFF)
    assert (result.format, result.issuer_slug) == ("ua_general_staff", "ua_general_staff")
    assert result.published_on == date(2025, 3, 5) and result.as_of == date(2025, 3, 5)
    found = {(e.place_as_written, e.region_code or e.region_as_written) for e in result.events}
    assert {("Synkivka", "UA-63"), ("Myrnohrad", "UA-14"), ("Uspenivka", "UA-14"), ("Huliaipole", "UA-23")} <= found
    assert all(e.actor == "Russian Armed Forces" for e in result.events)
    synkivka = next(e for e in result.events if e.place_as_written == "Synkivka")
    assert (synkivka.group_name, synkivka.action) == ("Kupiansk direction", "attack_repelled")
    assert not any(e.place_as_written in ("Kupiansk", "Pokrovsk") for e in result.events)  # directions
    table = {(f.value, f.delta, f.scope) for f in result.figures if f.delta is not None}
    assert {(884950, 1250, "since_start"), (10220, 7, "since_start"), (24001, 41, "since_start")} <= table
    assert (34, "exact") in {(f.value, f.qualifier) for f in result.figures}


def test_analyst_assessment_actors_claims_and_dates() -> None:
    result = registry.parse(ANALYST)
    assert (result.format, result.issuer_slug) == ("analyst", "isw")
    assert result.published_on == date(2025, 3, 5)
    by_place = {e.place_as_written: e for e in result.events}
    assert by_place["Kupyansk-Vuzlovyi"].actor == "Ukrainian forces"
    assert by_place["Kupyansk-Vuzlovyi"].action == "liberated"
    assert by_place["Toretsk"].actor == "Russian forces"
    assert by_place["Toretsk"].event_date == date(2025, 3, 4)
    assert by_place["Novoolenivka"].action.startswith("claimed_")


def test_wire_rollup_of_the_mod_report() -> None:
    result = registry.parse(WIRE_ROLLUP, hints=ParseHints(known_date=date(2025, 3, 5)))
    assert (result.format, result.issuer_slug, result.reporter) == ("ru_mod", "ru_mod", "TASS")
    assert result.published_on == date(2025, 3, 5)
    events = [(e.group_name, e.place_as_written, e.region_as_written, e.action) for e in result.events]
    assert events == [
        ("Sever", "Yunakovka", "Sumy Region", "losses_inflicted"),
        ("Sever", "Sadki", "Sumy Region", "losses_inflicted"),
        ("Sever", "Andreyevka", "Sumy Region", "losses_inflicted"),
        ("Vostok", "Novoselka", "Zaporozhye Region", "took_control"),
    ]
    assert all(e.target_actor == "Armed Forces of Ukraine" for e in result.events)
    values = [f.value for f in result.figures]
    assert 4372 in values and 1509 in values and 372 not in values and 509 not in values
    assert (140, "up to") in [(f.value, f.qualifier) for f in result.figures]


def test_parsers_register_behind_one_interface() -> None:
    assert {"ru_mod", "ua_general_staff", "analyst", "generic"} <= set(registry.PARSERS)
    scores = registry.scores(GENERAL_STAFF)
    assert max(scores, key=lambda name: scores[name]) == "ua_general_staff"
    assert registry.detect(WIRE_ROLLUP) == "ru_mod" and registry.detect(ANALYST) == "analyst"


def test_ukrainian_and_russian_originals_give_places_with_regions() -> None:
    ukrainian = (
        "Генштаб: ситуація на фронті\n\nСтаном на 22:00 14 серпня 2025 року. На Покровському напрямку окупанти "
        "здійснили 37 атак у районах населених пунктів Попів Яр, Шахове, Рубіжне та Удачне Донецької області."
    )
    result = registry.parse(ukrainian)
    assert (result.format, result.language, result.issuer_slug) == ("originals", "uk", "ua_general_staff")
    assert result.as_of == date(2025, 8, 14)
    assert [(e.place_as_written, e.region_code) for e in result.events] == [
        ("Попів Яр", "UA-14"), ("Шахове", "UA-14"), ("Рубіжне", "UA-14"), ("Удачне", "UA-14"),
    ]  # fmt: skip
    russian = (
        "Подразделения группировки войск «Север» нанесли поражение в районах населенных пунктов Андреевка, "
        "Юнаковка и Садки Сумской области, сообщили в Минобороны России."
    )
    result = registry.parse(russian, hints=ParseHints(known_date=date(2025, 3, 5)))
    assert (result.language, result.issuer_slug, result.published_on) == ("ru", "ru_mod", date(2025, 3, 5))
    assert {(e.place_as_written, e.region_code) for e in result.events} == {
        ("Андреевка", "UA-59"), ("Юнаковка", "UA-59"), ("Садки", "UA-59"),
    }  # fmt: skip


def test_general_staff_directions_change_mid_paragraph_and_give_their_region() -> None:
    text = (
        "General Staff: 28 combat engagements\n\nIn the Lyman direction, Ukrainian defenders repelled an attack near "
        "the village of Terny. In the Krasnohorivka and Vodiane areas of the Kurakhove direction, two battles are "
        "ongoing. The total combat losses of the enemy: tanks – 10,220 (+7)."
    )
    result = registry.parse(text)
    got = {e.place_as_written: (e.group_name, e.region_code) for e in result.events}
    assert got["Terny"] == ("Lyman direction", "UA-14")
    assert got["Vodiane"] == ("Kurakhove direction", "UA-14")
