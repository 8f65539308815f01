"""Romanisation, Ukrainian->Russian respelling and the fold key used to match place names."""

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = re.compile(r"['’ʼ`´‘\"ʹ′]")
_SEPARATORS = re.compile(r"[\s\-‐‑–—_.,/()]+")
_CYRILLIC = re.compile(r"[а-яёіїєґ]", re.IGNORECASE)
_UK_ONLY = re.compile(r"[іїєґ]", re.IGNORECASE)
_RU_ONLY = re.compile(r"[ыэъё]", re.IGNORECASE)
_ACCENTED = re.compile(r"[\u00c0-\u024f\u1e00-\u1eff\u0300-\u036f]")

# KMU 2010 (Cabinet of Ministers resolution No. 55): (anywhere, at the start of a word).
_KMU: dict[str, tuple[str, str]] = {
    "а": ("a", "a"), "б": ("b", "b"), "в": ("v", "v"), "г": ("h", "h"), "ґ": ("g", "g"),
    "д": ("d", "d"), "е": ("e", "e"), "є": ("ie", "ye"), "ж": ("zh", "zh"), "з": ("z", "z"),
    "и": ("y", "y"), "і": ("i", "i"), "ї": ("i", "yi"), "й": ("i", "y"), "к": ("k", "k"),
    "л": ("l", "l"), "м": ("m", "m"), "н": ("n", "n"), "о": ("o", "o"), "п": ("p", "p"),
    "р": ("r", "r"), "с": ("s", "s"), "т": ("t", "t"), "у": ("u", "u"), "ф": ("f", "f"),
    "х": ("kh", "kh"), "ц": ("ts", "ts"), "ч": ("ch", "ch"), "ш": ("sh", "sh"),
    "щ": ("shch", "shch"), "ь": ("", ""), "ю": ("iu", "yu"), "я": ("ia", "ya"),
}  # fmt: skip
# Russian letters for reading Russian Cyrillic queries (close to the Wikipedia scheme).
_RU: dict[str, str] = {
    "г": "g", "е": "e", "ё": "yo", "и": "i", "й": "y", "ы": "y", "э": "e", "ъ": "",
    "ю": "yu", "я": "ya", "х": "kh", "ь": "",
}  # fmt: skip
_RU_VOWELS = set("аеёиоуыэюяьъ")

# Fold: spelling differences that do not distinguish Ukrainian place names.
_FOLD_CLUSTERS = {
    "shch": "s", "sch": "s", "szcz": "s", "tsch": "c", "tch": "c", "zh": "z", "kh": "h",
    "ch": "c", "cz": "c", "sh": "s", "sz": "s", "ts": "c", "tz": "c", "g": "h", "w": "v",
    "x": "ks", "q": "k",
}  # fmt: skip
_FOLD_CLUSTER = re.compile("|".join(sorted(_FOLD_CLUSTERS, key=len, reverse=True)))
_FOLD_IOTATION = re.compile(r"[yij](?=[aeou])")  # ya/ia/ja, ye/ie, yu/iu, yo/io
# Ukrainian i often stands where Russian has e or o.
_FOLD_VOWELS = str.maketrans({"y": "i", "j": "i", "e": "i", "o": "i"})
_FOLD_DOUBLES = re.compile(r"(.)\1+")
# Endings -oye, -e, -o, -a, -y, -iye all become "e"; a bare consonant ending (the -sk of a
# town) stays distinct from a vowel one (the -ske of a village).
_FOLD_ENDING = re.compile(r"(?<=[^aeiu ])[aeiu]+(?= |$)")
_NOT_LATIN = re.compile(r"[^a-z ]")


def strip_accents(text: str) -> str:
    """Drop diacritics from Latin letters only (Cyrillic й and ї are letters of their own)."""
    if not _ACCENTED.search(text):
        return text
    out = []
    for char in unicodedata.normalize("NFC", text):
        if "\u00c0" <= char <= "\u024f" or "\u1e00" <= char <= "\u1eff":
            char = "".join(c for c in unicodedata.normalize("NFKD", char) if c.isascii())
        out.append(char)
    return "".join(out)


def normalize(text: str) -> str:
    """Case, accents, apostrophes and separators folded: the key for exact matching."""
    if not text.isascii():
        text = strip_accents(unicodedata.normalize("NFKC", text))
    text = text.casefold()
    text = _APOSTROPHES.sub("", text).replace("ё", "е")
    return _SEPARATORS.sub(" ", text).strip()


def is_cyrillic(text: str) -> bool:
    """True if the text contains Cyrillic letters."""
    return bool(_CYRILLIC.search(text))


def _match_case(source: str, latin: str) -> str:
    if not latin or not source.isupper():
        return latin
    return latin[0].upper() + latin[1:]


def uk_latin(text: str) -> str:
    """Official Ukrainian romanisation (KMU 2010): 'Костянтинівка' -> 'Kostiantynivka'."""
    text = _APOSTROPHES.sub("", unicodedata.normalize("NFC", text))
    out: list[str] = []
    at_start = True
    for i, char in enumerate(text):
        lower = char.lower()
        if lower == "г" and i > 0 and text[i - 1].lower() == "з":
            out.append("gh")  # KMU: зг -> zgh, so it is not read as ж
        elif lower in _KMU:
            out.append(_match_case(char, _KMU[lower][1 if at_start else 0]))
        else:
            out.append(char)
        at_start = not char.isalpha()
    return "".join(out)


def ru_latin(text: str) -> str:
    """Russian Cyrillic to Latin, close to the Wikipedia scheme ('Рясное' -> 'Ryasnoye')."""
    text = _APOSTROPHES.sub("", unicodedata.normalize("NFC", text))
    text = re.sub(r"([ыи])й\b", lambda m: "\x01" if m.group(1) == "ы" else "\x02", text)
    out: list[str] = []
    for i, char in enumerate(text):
        lower = char.lower()
        prev = text[i - 1].lower() if i else " "
        if lower == "е" and (not prev.isalpha() or prev in _RU_VOWELS):
            latin = "ye"
        elif char in "\x01\x02":
            latin = "y" if char == "\x01" else "iy"
        elif lower in _RU:
            latin = _RU[lower]
        elif lower in _KMU:
            latin = _KMU[lower][0]
        else:
            latin = char
        out.append(_match_case(char, latin))
    return "".join(out)


def latinize(text: str) -> str:
    """Any Cyrillic name to Latin: Ukrainian letters by KMU, Russian by the Wikipedia scheme."""
    if not is_cyrillic(text):
        return text
    if _UK_ONLY.search(text) and not _RU_ONLY.search(text):
        return uk_latin(text)
    return ru_latin(text)


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Aggressive key: spellings of one name in any romanisation fold to the same string."""
    key = _NOT_LATIN.sub("", normalize(latinize(text) if is_cyrillic(text) else text))
    key = _FOLD_CLUSTER.sub(lambda m: _FOLD_CLUSTERS[m.group()], key)
    key = _FOLD_IOTATION.sub("", key).translate(_FOLD_VOWELS)
    key = _FOLD_ENDING.sub("e", _FOLD_DOUBLES.sub(r"\1", key))
    return " ".join(key.split())


# Ukrainian -> Russian respelling: word beginnings that differ beyond single vowels, including
# the translated roots Russian sources use (Залізне -> Железное, Червоне -> Красное).
_ROOTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("костянтин", ("константин",)), ("слов'ян", ("славян",)), ("вовч", ("волч",)),
    ("вовк", ("волк",)), ("олекс", ("алекс",)), ("микола", ("никола",)),
    ("кіндрат", ("кондрат",)), ("олен", ("елен", "олен")), ("юріїв", ("юрьев",)),
    ("запоріж", ("запорож",)), ("запорізьк", ("запорожск",)), ("дніпр", ("днепр",)),
    ("єлизавет", ("елизавет",)), ("катерин", ("екатерин",)), ("іллі", ("илье",)),
    ("вільн", ("вольн",)), ("кам'ян", ("камен",)), ("підгір", ("подгор",)), ("під", ("под",)),
    ("світл", ("светл",)), ("сіль", ("соль",)), ("чорн", ("черн",)), ("жовт", ("желт",)),
    ("лісн", ("лесн",)), ("ліс", ("лес",)), ("біл", ("бел",)), ("верхнь", ("верхн",)),
    ("нижнь", ("нижн",)), ("сіл", ("сел",)), ("залізн", ("железн", "зализн")),
    ("північн", ("северн",)), ("південн", ("южн",)), ("червон", ("красн", "червон")),
    ("сонячн", ("солнечн",)), ("щаслив", ("счастлив",)), ("гірськ", ("горск",)),
    ("гірник", ("горняк",)), ("хліб", ("хлеб",)), ("миколаїв", ("николаев",)),
    ("кліщ", ("клещ",)), ("орі", ("оре",)), ("ганн", ("анн",)), ("тернів", ("тернов",)),
    ("осик", ("осин",)), ("робот", ("работ",)), ("яблун", ("яблон",)), ("глиб", ("глуб",)),
    ("роз", ("раз", "роз")), ("шахтар", ("шахтер",)), ("крохмал", ("крахмал",)),
)  # fmt: skip
_WORD_ENDINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ілля", ("олье", "елье")), ("іння", ("енье", "онье")), ("іївка", ("еевка",)),
    ("ічне", ("ическое", "ичное")),
    ("ївка", ("евка",)), ("івка", ("овка", "евка")), ("ів", ("ов", "ев")), ("їв", ("ев",)),
    ("ське", ("ское",)), ("цьке", ("цкое",)), ("ські", ("ские",)), ("цькі", ("цкие",)),
    ("ський", ("ский",)), ("цький", ("цкий",)), ("ськ", ("ск",)), ("цьк", ("цк",)),
    ("ине", ("ино", "иное")), ("ове", ("ово", "овое")), ("еве", ("ево", "евое")),
    ("єве", ("ево", "евое")), ("іве", ("ево", "евое")), ("не", ("ное",)), ("ве", ("вое",)), ("ке", ("кое",)),
    ("те", ("тое",)), ("ре", ("рое",)), ("ле", ("лое",)), ("ше", ("шее", "шое")),
    ("же", ("жее", "жье")), ("нє", ("нее",)), ("лля", ("лье",)), ("ння", ("нье",)),
    ("сся", ("сье",)), ("жжя", ("жье",)), ("ззя", ("зье",)), ("ччя", ("чье",)),
    ("ття", ("тье",)), ("ддя", ("дье",)), ("ця", ("ца",)), ("ня", ("няя",)),
    ("ній", ("ний",)), ("ий", ("ый", "ий")), ("ки", ("ки",)), ("ги", ("ги",)),
    ("хи", ("хи",)), ("ори", ("ора", "оры")), ("и", ("ы", "и")), ("ні", ("ные",)),
    ("ві", ("вые",)), ("і", ("ы", "и")),
)  # fmt: skip
_PREFIXES = {"ново": "ново", "старо": "старо", "верхньо": "верхне", "нижньо": "нижне",
             "велико": "велико", "мало": "мало"}  # fmt: skip
# Whole words, mostly the adjectives of two-word names ("Велика Новосілка" -> "Великая Новоселка").
_WORDS = {
    "перша": "первая", "друга": "вторая", "третя": "третья", "велика": "великая",
    "мала": "малая", "нова": "новая", "стара": "старая", "верхня": "верхняя",
    "нижня": "нижняя", "середня": "средняя", "зелена": "зеленая", "червона": "красная",
    "біла": "белая", "чорна": "черная", "широка": "широкая", "глибока": "глубокая",
    "яр": "яр", "гай": "гай", "балка": "балка", "поляна": "поляна",
}  # fmt: skip
_LETTERS = str.maketrans({"і": "и", "ї": "и", "є": "е", "'": "ь", "’": "ь"})


def _respell_word(word: str) -> list[str]:
    lower = word.lower()
    if lower in _WORDS:
        return [_WORDS[lower]]
    words = [lower]
    # Compounds: the root rules also apply after Ново-, Старо-, Верхньо- ... (Новомиколаївка).
    prefix = next((p for p in _PREFIXES if lower.startswith(p) and len(lower) > len(p) + 3), "")
    rest = lower[len(prefix) :]
    for uk, ru in _ROOTS:
        if rest.startswith(uk):
            words = [_PREFIXES.get(prefix, "") + root + rest[len(uk) :] for root in ru]
            break
    out: list[str] = []
    for word in words:
        out += _respell_ending(word)
    return out


def _respell_ending(lower: str) -> list[str]:
    endings: tuple[str, ...] = ("",)
    stem = lower
    for uk, ru_endings in _WORD_ENDINGS:
        if lower.endswith(uk) and len(lower) > len(uk) + 1:
            stem, endings = lower[: -len(uk)], ru_endings
            stem = re.sub(r"(?<=[^аеиіїоуюяєь'])ів$", "ов", stem)  # Іванівське -> Ивановское
            break
    stem = stem.replace("іє", "ее").replace("ії", "ее").translate(_LETTERS)
    stem = stem.replace("ьо", "ё").replace("ьь", "ь")
    stem = stem.replace("иа", "ия").replace("ии", "ие")
    return [stem + ending for ending in endings]


def uk_to_ru(name_uk: str) -> list[str]:
    """Likely Russian spellings of a Ukrainian name, best first: 'Рясне' -> ['Рясное']."""
    words = re.split(r"([\s\-]+)", unicodedata.normalize("NFC", name_uk).replace("’", "'"))
    results = [""]
    for part in words:
        options = [part] if not part or not part[0].isalpha() else _respell_word(part)
        results = [r + option for r in results for option in options][:4]
    out: list[str] = []
    for result in results:
        cased = re.sub(r"(^|[\s\-])(\w)", lambda m: m.group(1) + m.group(2).upper(), result)
        if cased not in out:
            out.append(cased)
    return out
