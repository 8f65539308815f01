"""Normalisation that never moves a character: every offset into the result is an offset into the raw text.

Each step replaces characters by characters of the same length (emoji and bullets by spaces,
hard-wrap newlines by spaces, repeated title lines by spaces), so spans found in the normalised
text are spans in the stored raw text, with no mapping table to lose.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from app.bulletins.extraction.scan import Guarded, literal_starts

# Page chrome that marks the end of the bulletin on the sites it is copied from.
_CHROME = re.compile(
    r"^[ \t]*(?:Share (?:the|this) (?:Post|article|page|story)|Share on\b|Share:"
    r"|Related (?:posts|news|articles|stories)"
    r"|Tags:|Subscribe to|Donate\b|Support us|Read more:|Read also:|Follow us|Print version|Also read:"
    r"|Recommended\b|More on this topic"
    r"|Copy link|Comments?\s*\(\d{0,6}\)|Sign up for|©\s*\d{4})",
    re.IGNORECASE | re.MULTILINE,
)
_PHOTO = Guarded(
    re.compile(
        r"^[ \t]*(?:\(?Photo\b|Photograph:|Image:|Illustrative (?:photo|image)|Credit:|Source:\s*Telegram)"
        r"|^[^\n]{0,400}?(?:\((?:Photo|Image)[^)\n]{0,120}\)|\b(?:via\s+Getty\s+Images|Getty\s+Images|/AFP|/Reuters|/AP)\b"
        r"|\b(?:is|are)\s+(?:seen|pictured)\b|\bPhoto(?:\s+by)?\s*:|\bPhoto\s+by\b)",
        re.I | re.M,
    ),
    # one is in every caption
    literal_starts(["photo", "image", "credit", "source", "getty", "/afp", "/reuters", "/ap", "seen", "pictured"]),
)
_TITLE_ZONE = 3000  # a repeated headline is near the top; repeated paragraphs further down are content
_BULLET_CHARS = "•▪▫◦●○■□►▶➤➔→↗↘↑↓✓✔✅❗❕⚡️🔹🔸🔻🔺·-–—*"


@dataclass(frozen=True)
class Normalised:
    """The normalised text (same length as the raw text), where the body ends, and caption lines."""

    text: str
    body_end: int
    captions: tuple[tuple[int, int], ...] = field(default=())

    def in_caption(self, offset: int) -> bool:
        """Whether an offset lies on a photo-caption line."""
        return any(start <= offset < end for start, end in self.captions)


def _is_symbol(ch: str) -> bool:
    if ch in "\ufe0f\u200d\u20e3\u00ad\u200b\u2060\ufeff":
        return True
    category = unicodedata.category(ch)
    return category in ("So", "Sk", "Cs", "Co") or (category == "Cf")


_SPACE_LIKE = "\u00a0\u2007\u202f\t\r"
# The characters normalise may blank: the space-like ones, and any beyond U+2000 (emoji, symbols).
_MAYBE_BLANK = re.compile(f"[{_SPACE_LIKE}\u2001-\U0010ffff]")


def _blank_char(match: re.Match[str]) -> str:
    ch = match.group()
    return " " if ch in _SPACE_LIKE or _is_symbol(ch) else ch


def normalise(raw: str) -> Normalised:
    """Blank out emoji, bullets, repeated title lines and hard wraps; find the body's end and captions."""
    text = _MAYBE_BLANK.sub(_blank_char, raw)
    text = _blank_line_bullets(text)
    text = _blank_repeated_titles(text)
    text = _join_hard_wraps(text)
    chrome = _CHROME.search(text)
    end = len(text[: chrome.start()].rstrip()) if chrome else len(text.rstrip())
    captions: list[tuple[int, int]] = []
    for match in _PHOTO.finditer(text, 0, end):
        line_start = text.rfind("\n", 0, match.start()) + 1
        previous_end = text.rfind("\n", 0, max(0, line_start - 1))
        previous = text[previous_end + 1 : max(0, line_start - 1)]
        numbers = re.findall(r"\d+", previous)
        caption = text[line_start : _line_end(text, match.start())]
        if previous.strip() and len(previous.strip()) <= 50 and numbers and all(n in caption for n in numbers):
            # "Kharkiv, 20 May 2024" above a caption that repeats "20 May 2024": the photo's line
            captions.append((previous_end + 1, line_start))
        captions.append((match.start(), _line_end(text, match.start())))
    return Normalised(text, end, tuple(captions))


def _line_end(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return len(text) if end < 0 else end


def _blank_line_bullets(text: str) -> str:
    """A bullet at the start of a line becomes a space (dashes only when followed by a space)."""

    def blank(match: re.Match[str]) -> str:
        return match.group(1) + " " * len(match.group(2))

    return re.sub(
        r"(^[ \t]*)([" + re.escape(_BULLET_CHARS) + r"]{1,3})(?=[ \t]|[A-Za-zА-Яа-яІіЇїЄєҐґ0-9])",
        blank,
        text,
        flags=re.M,
    )


def _blank_repeated_titles(text: str) -> str:
    """Later copies of the first non-empty line near the top (sites repeat the headline) become spaces."""
    head, tail = text[:_TITLE_ZONE], text[_TITLE_ZONE:]
    cut = head.rfind("\n")
    if cut < 0:
        return text
    head, tail = head[:cut], head[cut:] + tail
    lines = head.split("\n")
    first = next((line.strip() for line in lines if line.strip()), "")
    if len(first) < 15:
        return text
    seen = False
    for index, line in enumerate(lines):
        if line.strip() == first:
            if seen:
                lines[index] = " " * len(line)
            seen = True
    return "\n".join(lines) + tail


def _join_hard_wraps(text: str) -> str:
    """A newline inside a sentence (long line without end punctuation, next line lower-case) becomes a space."""
    chars = list(text)
    for match in re.finditer(r"(?<=[A-Za-z0-9,])\n(?=[A-Za-z])", text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        length = match.start() - line_start
        lower_next = text[match.end()].islower()
        # A capitalised next line only continues a long line that stops mid-sentence on a word.
        if length >= 40 and (lower_next or (length >= 60 and not text[match.start() - 1].isdigit())):
            chars[match.start()] = " "
    return "".join(chars)
