"""Countries as articles and bulletins name them, resolved to ISO 3166-1 alpha-2 codes."""

from functools import cache

import pycountry

from app.places.regions import fold

# Names readers and agencies use that pycountry does not spell that way (also the names a
# humanitarian report is recognised by).
ALIASES = {
    "drc": "CD", "dr congo": "CD", "dr of the congo": "CD", "democratic republic of congo": "CD",
    "democratic republic of the congo": "CD", "congo kinshasa": "CD", "eastern drc": "CD",
    "gaza": "PS", "gaza strip": "PS", "west bank": "PS", "occupied palestinian territory": "PS",
    "occupied palestinian territories": "PS", "state of palestine": "PS", "opt": "PS", "palestine": "PS",
    "syria": "SY", "syrian arab republic": "SY", "northwest syria": "SY", "north west syria": "SY",
    "northeast syria": "SY", "russia": "RU", "iran": "IR", "burma": "MM", "myanmar": "MM", "ukraine": "UA",
    "south sudan": "SS", "sudan": "SD", "chad": "TD", "yemen": "YE", "somalia": "SO", "haiti": "HT",
    "mali": "ML", "burkina faso": "BF", "niger": "NE", "nigeria": "NG", "lebanon": "LB", "jordan": "JO",
    "iraq": "IQ", "turkey": "TR", "turkiye": "TR", "kenya": "KE", "uganda": "UG", "ethiopia": "ET",
    "bangladesh": "BD", "rwanda": "RW", "burundi": "BI", "libya": "LY", "egypt": "EG", "israel": "IL",
    "afghanistan": "AF", "central african republic": "CF", "mozambique": "MZ", "cameroon": "CM",
    "moldova": "MD", "venezuela": "VE", "bolivia": "BO", "tanzania": "TZ", "laos": "LA", "vietnam": "VN",
    "north korea": "KP", "south korea": "KR", "ivory coast": "CI", "cote d'ivoire": "CI",
}  # fmt: skip


@cache
def _index(codes: bool) -> dict[str, str]:
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            value = getattr(country, attribute, None)
            if value:
                names[fold(value, keep_generic=True)] = country.alpha_2
        if codes:
            names[country.alpha_2.lower()] = country.alpha_2
            names[country.alpha_3.lower()] = country.alpha_2
    names.update({fold(alias, keep_generic=True): code for alias, code in ALIASES.items()})
    return names


def resolve(name: str, *, codes: bool = True) -> str | None:
    """The ISO alpha-2 code of a country name, code (unless codes=False) or common alias; None when unknown."""
    return _index(codes).get(fold(name.strip(), keep_generic=True))


def name(code: str) -> str:
    """A country's short English name."""
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)
