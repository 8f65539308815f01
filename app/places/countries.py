"""Country names as reports write them -> ISO 3166-1 alpha-2."""

from functools import cache

import pycountry

from app.places.world_names import words

# Names pycountry does not know, or spells otherwise.
ALIASES = {
    "drc": "CD", "dr congo": "CD", "dr of the congo": "CD", "democratic republic of congo": "CD",
    "democratic republic of the congo": "CD", "congo kinshasa": "CD", "eastern drc": "CD",
    "syria": "SY", "syrian arab republic": "SY", "northwest syria": "SY", "north west syria": "SY",
    "northeast syria": "SY", "gaza": "PS", "gaza strip": "PS", "west bank": "PS", "opt": "PS",
    "occupied palestinian territory": "PS", "occupied palestinian territories": "PS",
    "state of palestine": "PS", "palestine": "PS", "burma": "MM", "myanmar": "MM", "ukraine": "UA",
    "sudan": "SD", "south sudan": "SS", "chad": "TD", "yemen": "YE", "somalia": "SO", "haiti": "HT",
    "mali": "ML", "burkina faso": "BF", "niger": "NE", "nigeria": "NG", "lebanon": "LB", "jordan": "JO",
    "iraq": "IQ", "turkey": "TR", "turkiye": "TR", "kenya": "KE", "uganda": "UG", "ethiopia": "ET",
    "bangladesh": "BD", "rwanda": "RW", "burundi": "BI", "libya": "LY", "egypt": "EG", "israel": "IL",
    "afghanistan": "AF", "central african republic": "CF", "car": "CF", "mozambique": "MZ", "cameroon": "CM",
}  # fmt: skip


@cache
def resolve(name: str) -> str | None:
    """The alpha-2 code of a country name ('DRC', 'the Syrian Arab Republic'), or None."""
    key = " ".join(w for w in words(name) if w != "the")
    if key in ALIASES:
        return ALIASES[key]
    try:
        country = pycountry.countries.lookup(name.strip())
    except LookupError:
        return None
    return str(country.alpha_2)
