"""The development set is well formed: every expectation matches its text and the labelling rules."""

import re
from pathlib import Path

import pytest
import yaml

CORPUS = Path(__file__).parent / "corpus"
FAMILIES = {"ru_mod", "ua_general_staff", "humanitarian", "analyst"}
QUALIFIERS = {
    "exact", "up to", "more than", "over", "about", "approximately", "around", "roughly",
    "almost", "nearly", "at least",
}  # fmt: skip
CATEGORIES = set(
    """troops casualties_killed casualties_injured casualties displaced refugees returnees evacuated
    households children aid_workers people_in_need people_reached aircraft helicopters drones missiles
    tanks armoured_vehicles artillery mlrs air_defence vehicles ships special_equipment other""".split()
)
REGION_CODE = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")
EXPECTATIONS = sorted(CORPUS.glob("*.yml"))


@pytest.mark.parametrize("path", EXPECTATIONS, ids=[p.stem for p in EXPECTATIONS])
def test_expectation_matches_its_text(path: Path) -> None:
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    text = path.with_suffix(".txt").read_text(encoding="utf-8")
    assert spec["family"] in FAMILIES
    assert re.fullmatch(r"[a-z_]+", spec["issuer"])
    assert spec["source_url"].startswith(("http://", "https://"))
    assert isinstance(spec["verbatim"], bool)
    expected = spec["expected"]
    for place in expected.get("places") or []:
        assert place["name"] in text, f"{place['name']!r} is not written in the text"
        assert place["region"] is None or REGION_CODE.match(place["region"]), place
    for figure in expected.get("figures") or []:
        assert isinstance(figure["value"], int) and figure["value"] >= 0, figure
        assert figure.get("qualifier", "exact") in QUALIFIERS, figure
        assert figure["category"] in CATEGORIES, figure
    for name in expected.get("not_places") or []:
        assert name in text, f"not-place {name!r} is not written in the text"
