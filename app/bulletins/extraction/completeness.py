"""Whether a bulletin's text is whole: one that ends mid-word or mid-list, or starts mid-word, is truncated."""

import re
from dataclasses import dataclass, field

_END_OK = re.compile(r"""[.!?)"”»’'\]:…]$|\(\+?\d[\d,\s]*\)$|\d$""")
_DANGLING = re.compile(
    r"(?:,|;|\b(?:and|or|near|of|the|a|an|in|on|at|to|from|with|by|for|as|including|such)\b|[-–—])$", re.IGNORECASE
)


@dataclass(frozen=True)
class Completeness:
    """'complete' or 'truncated'; cut_at is where a cut-off word starts (never a place), else None."""

    status: str
    cut_at: int | None = None
    notes: tuple[str, ...] = field(default=())


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
    elif not _END_OK.search(last_line) and len(last_line) >= 60 and last_line[-1].isalpha():
        word = re.search(r"[\w’'-]+$", last_line)
        cut_at = tail_end - len(word.group(0)) if word else tail_end
        notes.append(f"The text ends mid-sentence, in the word '{word.group(0) if word else ''}'.")
    first = body.lstrip()
    if first[:1].islower() and not re.match(r"^(?:https?:|www\.)", first):
        notes.append(f"The text starts mid-word or mid-sentence ('{first[:30]}…').")
    return Completeness("truncated" if notes else "complete", cut_at, tuple(notes))
