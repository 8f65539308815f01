"""Which country a bulletin is about, from the countries and capitals it names (ISO 3166-1 alpha-2)."""

import re
from collections import Counter

from app.bulletins.extraction.prefilter import Cue, fold

_NAMES = {
    "UA": r"Ukrain\w*|Kyiv|Kiev|Donbas+|Kharkiv|Zaporizh\w*|Zaporozh\w*|Kherson|Donetsk|Luhansk|Lugansk|Crimea",
    "SD": r"Sudan\w*|Darfur|Khartoum|Kordofan|El\s+Fasher|Al\s+Fasher",
    "PS": r"Gaza|West\s+Bank|Palestin\w*|Rafah|Khan\s+Youn[ie]s|Jenin|UNRWA",
    "SY": r"Syria\w*|Aleppo|Idlib|Damascus|Hasakeh|Deir[- ]ez[- ]Zor",
    "CD": r"Congo\w*|DRC|Kivu|Goma|Ituri|Rutshuru",
    "YE": r"Yemen\w*|Sana'?a|Marib|Hodeidah|Aden",
    "SO": r"Somali\w*|Mogadishu|Baidoa",
    "HT": r"Haiti\w*|Port-au-Prince",
    "MM": r"Myanmar|Rakhine|Burm\w*",
    "ML": r"\bMali\b|Malian",
    "BF": r"Burkina\s+Faso",
    "NE": r"\bNiger\b",
    "TD": r"\bChad\b|Chadian",
    "LB": r"Lebanon|Lebanese",
    "IL": r"\bIsrael\b",
    "AF": r"Afghan\w*",
    "ET": r"Ethiopia\w*|Tigray",
}
_PATTERNS = {code: Cue(re.compile(rf"\b(?:{pattern})", re.IGNORECASE)) for code, pattern in _NAMES.items()}


def guess(text: str, *, sample: int = 30000) -> str:
    """The country named most often in the text's head ('' when none is named)."""
    head = text[:sample]
    folded = fold(head)
    counts = Counter(
        {
            code: sum(1 for _ in cue.scanner.finditer(head)) if cue.possible(folded) else 0
            for code, cue in _PATTERNS.items()
        }
    )
    if not counts or counts.most_common(1)[0][1] == 0:
        return ""
    code, hits = counts.most_common(1)[0]
    # Israel is named in every Gaza report; the conflict's place is Palestine.
    if code == "IL" and counts["PS"]:
        return "PS"
    return code if code == "UA" or hits > counts["UA"] else "UA"
