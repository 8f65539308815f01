"""Steps every parser shares: where the bulletin ends, its dates, its title."""

import re

from app.bulletins.extraction.dates import find_dates
from app.bulletins.extraction.drafts import ParsedBulletin

# Page chrome that marks the end of the bulletin on the sites it is copied from.
_CHROME = re.compile(
    r"^[ \t]*(?:Share (?:the|this) (?:Post|article|page)|Share on|Related (?:posts|news|articles)"
    r"|Tags:|Subscribe to|Read more:|Follow us|Print version)\b",
    re.IGNORECASE | re.MULTILINE,
)


def body_end(text: str) -> int:
    """Offset where the bulletin text ends and page chrome or unrelated text begins."""
    match = _CHROME.search(text)
    return len(text.rstrip()) if not match else len(text[: match.start()].rstrip())


def fill_dates(result: ParsedBulletin, text: str, end: int) -> None:
    """Publication date (first date), 'as of' date and title from the bulletin's head."""
    found = find_dates(text, 0, min(end, 2000))
    if found:
        result.published_on = found[0].value
        as_of = next((d for d in found if d.as_of), None)
        result.as_of = as_of.value if as_of else found[0].value
    lines = [line.strip() for line in text[: min(end, 2000)].splitlines() if line.strip()]
    as_of_line = next((line for line in lines if re.search(r"\bas of\b", line, re.I)), "")
    dated = {text[d.span.start : d.span.end] for d in found}
    plain = next((line for line in lines if line not in dated and len(line) > 20), "")
    result.title = (as_of_line or plain)[:500]
