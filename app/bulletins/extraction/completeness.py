"""Whether a bulletin's text is whole: one that ends mid-word or mid-list, or starts mid-word, is truncated."""

import re
from dataclasses import dataclass, field

_END_OK = re.compile(r"""[.!?)"”»’'\]:…]$|\(\+?\d[\d,\s]*\)$|\d$""")
_SHORT_WORDS = set("a i an as at by do go he if in is it me my no of on or so to up us we uk un eu".split())
_DANGLING = re.compile(
    r"(?:,|;|\b(?:and|or|near|of|the|a|an|in|on|at|to|from|with|by|for|as|including|such)\b|[-–—])$", re.IGNORECASE
)


@dataclass(frozen=True)
class Completeness:
    """'complete' or 'truncated'; cut_at is where a cut-off word starts (never a place), else None."""

    status: str
    cut_at: int | None = None
    notes: tuple[str, ...] = field(default=())


def _list_style(body: str) -> bool:
    """Whether the text's last lines are list items that never end with a full stop (bullets, tables).

    Then a last line without one is the list's style, unless its last word is a cut-off stub
    ("... in occupied parts of the o").
    """
    lines = [line.strip() for line in body.splitlines() if line.strip()][-4:]
    if len(lines) < 3 or sum(1 for line in lines[:-1] if not _END_OK.search(line)) < 2:
        return False
    found = re.search(r"[\w’'-]+$", lines[-1])
    word = found.group(0) if found else ""
    return bool(word) and (len(word) > 2 or word.lower() in _SHORT_WORDS)


def _cut_sentence(body: str, last_line: str) -> bool:
    """A last line that stops on a word where the text's other lines end their sentences."""
    if _END_OK.search(last_line) or not last_line[-1:].isalpha() or _list_style(body):
        return False
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    previous_ends = len(lines) > 1 and re.search(r"[.!?”\"]$", lines[-2]) is not None
    return len(last_line) >= 60 or (previous_ends and len(last_line.split()) >= 3)


def check(text: str, start: int, end: int) -> Completeness:
    """Whether text[start:end] ends (and starts) where a bulletin can end (and start)."""
    body = text[start:end].rstrip()
    if not body.strip():
        return Completeness("complete")
    last_line = body[body.rfind("\n") + 1 :].strip()
    tail_end = start + len(body)
    notes: list[str] = []
    cut_at: int | None = None
    if _DANGLING.search(last_line):
        notes.append(f"The text ends mid-list or mid-sentence ('…{last_line[-40:]}').")
        cut_at = tail_end
    elif _cut_sentence(body, last_line):
        word = re.search(r"[\w’'-]+$", last_line)
        cut_at = tail_end - len(word.group(0)) if word else tail_end
        notes.append(f"The text ends mid-sentence, in the word '{word.group(0) if word else ''}'.")
    first = body.lstrip()
    if first[:1].islower() and not re.match(r"^(?:https?:|www\.)", first):
        notes.append(f"The text starts mid-word or mid-sentence ('{first[:30]}…').")
    return Completeness("truncated" if notes else "complete", cut_at, tuple(notes))
