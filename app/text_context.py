"""Cut a quote out of its paragraph so a page can show it in place."""

from dataclasses import dataclass


@dataclass(frozen=True)
class QuoteInParagraph:
    """The paragraph around a quote, split into before / quote / after."""

    before: str
    quote: str
    after: str


def paragraph_around(text: str, start: int, end: int) -> QuoteInParagraph:
    """The blank-line-delimited paragraph that holds text[start:end]."""
    para_start = text.rfind("\n\n", 0, start)
    para_start = 0 if para_start < 0 else para_start + 2
    para_end = text.find("\n\n", end)
    para_end = len(text) if para_end < 0 else para_end
    return QuoteInParagraph(text[para_start:start], text[start:end], text[end:para_end])
