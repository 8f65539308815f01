"""The fast scans (scan.Guarded, scan.Anchored) find exactly what their plain patterns find."""

import re
from pathlib import Path

import pytest

from app.bulletins.extraction import (
    analyst,
    country,
    dates,
    figures,
    humanitarian,
    issuer,
    normalise,
    places,
    ru_mod,
    scan,
    ua_general_staff,
)
from app.bulletins.extraction.prefilter import Cue
from app.bulletins.extraction.text import paragraphs, sentences

CORPUS = Path(__file__).parent / "corpus"
EDGES = (
    "Sever Group of Forces, the Zapad battlegroup up to 185; GROUP Vostok. 5 March 2025, March 5, 2025, 05.03.25, "
    "2025-03-05, 5.3.2025, the 3rd of May 2024, Сумской области 5 березня 2025, (Kharkov region) in the DPR, "
    "Republic of Crimea, Lugansk People’s Republic; the death toll rose to 440, bringing the total to twenty-one. "
    "x5 March 2025 a12.03.25 _7 May 2024 Mayor 12 Mayflower 2024 unMarch 5, 2025\n"
    "Photo: Reuters\nA destroyed bridge is seen in Kupiansk /AFP\nTroops advanced поблизу Курахово, near the "
)


def _fast_scans() -> list[tuple[str, scan.Guarded | scan.Anchored]]:
    found = []
    for module in (dates, figures, normalise, places, ru_mod):
        for name, value in vars(module).items():
            for index, item in enumerate(value if isinstance(value, list) else [value]):
                if isinstance(item, scan.Guarded | scan.Anchored):
                    found.append((f"{module.__name__}.{name}[{index}]", item))
    return found


def _texts() -> list[str]:
    return [EDGES] + [path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.txt"))]


def _spans(matches: object) -> list[tuple[int, int, tuple[str | None, ...]]]:
    return [(m.start(), m.end(), m.groups()) for m in matches]  # type: ignore[attr-defined]


@pytest.mark.parametrize(("name", "fast"), _fast_scans(), ids=lambda value: value if isinstance(value, str) else "")
def test_a_fast_scan_finds_what_its_plain_pattern_finds(name: str, fast: scan.Guarded | scan.Anchored) -> None:
    plain: re.Pattern[str] = fast.pattern
    for text in _texts():
        ranges = [(0, len(text))] + [
            (sentence.start, sentence.end)
            for paragraph in paragraphs(text)
            for sentence in sentences(text, paragraph.span)
        ]
        for start, end in ranges:
            assert _spans(fast.finditer(text, start, end)) == _spans(plain.finditer(text, start, end)), (name, start)
            want = plain.search(text, start, end)
            got = fast.search(text, start, end)
            assert (got and got.span()) == (want and want.span()), (name, start)


def _cue_scanners() -> list[tuple[str, scan.Scanner, re.Pattern[str]]]:
    found = []
    for module in (analyst, country, humanitarian, issuer, ru_mod, ua_general_staff):
        for name, value in vars(module).items():
            items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else [value]
            for item in items:
                for cue in item if isinstance(item, list) else [item]:
                    cue = cue[0] if isinstance(cue, tuple) and isinstance(cue[0], Cue) else cue
                    if isinstance(cue, Cue):
                        found.append((f"{module.__name__}.{name}", cue.scanner, cue.pattern))
    found += [(f"issuer reporter {name}", scanner, re.compile(pattern)) for (name, scanner), (_, pattern) in zip(
        issuer._REPORTER_PATTERNS, issuer._REPORTERS, strict=True)]  # fmt: skip
    return found


def test_cues_started_at_their_first_words_find_what_their_patterns_find() -> None:
    scanners = _cue_scanners()
    assert sum(isinstance(s, scan.Anchored) for _, s, _ in scanners) >= 60
    for text in _texts():
        for name, scanner, pattern in scanners:
            for start in (0, len(text) // 3):
                assert _spans(scanner.finditer(text, start, len(text))) == _spans(pattern.finditer(text, start)), name


def test_first_words_are_read_only_from_patterns_that_start_with_words() -> None:
    assert scan.first_words(re.compile(r"\b(?:Russian|Russia['’]s)\s+MoD\b|\bShoigu\b", re.I)) == {"Russia", "Shoigu"}
    assert scan.first_words(re.compile(r"\b(?:the\s+)?AFU\b")) == {"the", "AFU"}
    assert scan.first_words(re.compile(r"\b(?:the\s+)?(?:Sumy|Kharkiv)?\s+x")) is None
    assert scan.first_words(re.compile(r"/TASS/|\bTASS\b")) is None
    assert scan.first_words(re.compile(r"\b\(x\)")) is None


def test_the_fast_scans_are_found() -> None:
    assert len(_fast_scans()) >= 18


def test_word_starts_finds_each_word_after_a_word_boundary_in_any_case() -> None:
    starts = scan.word_starts(["june", "may", "березня"])
    text = "June, MAY and mayor; unmay, 5 Березня"
    assert [m.start() for m in starts.finditer(text)] == [0, 6, 14, 30]


def test_capitalised_tokens_are_the_words_a_lookbehind_first_pattern_finds() -> None:
    plain = re.compile(r"(?<![\w’'`-])[A-ZА-ЯІЇЄҐ][\w’'`]{0,40}(?:-[\w’'`]{1,40}){0,4}(?![\w’'`-])")
    for text in [*_texts(), "x-Kupiansk 'Lyman’Siversk `Bakhmut Pokrovsk-Myrnohrad-"]:
        for start in (0, 1, len(text) // 2):
            assert _spans(places._TOKEN.finditer(text, start)) == _spans(plain.finditer(text, start))


def test_case_variants_are_every_character_the_regex_engine_matches_ignoring_case() -> None:
    everything = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF)
    letters = "abcdefghijklmnopqrstuvwxyzабвгґдеєжзиіїйклмнопрстуфхцчшщьюяёъыэ"
    engine = {letter: set(re.findall(letter, everything, re.IGNORECASE)) for letter in letters}
    assert {letter: scan.case_variants(letter) for letter in letters} == engine
