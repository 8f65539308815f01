"""Stages every parser shares, run in order over the raw text (offsets always into the raw text).

language -> normalise (body end, captions) -> issuer and reporter -> dates -> completeness.
A parser calls `prepare(raw, hints)` and `new_result(...)`, then adds its events and figures.
"""

from dataclasses import dataclass

from app.bulletins.extraction import budget, completeness, country, dates, issuer, language, normalise
from app.bulletins.extraction.drafts import ParsedBulletin, ParseHints, Span


@dataclass(frozen=True)
class Prepared:
    """The outputs of the shared stages for one bulletin."""

    raw: str
    text: str  # normalised, same length as raw: offsets are shared
    body_start: int
    body_end: int
    language: str
    country: str  # ISO 3166-1 alpha-2 the bulletin is about ('' when it names none)
    issuer: issuer.IssuerResult
    dates: dates.DateInfo
    completeness: completeness.Completeness
    normalised: normalise.Normalised
    hints: ParseHints

    def in_caption(self, offset: int) -> bool:
        """Whether an offset lies on a photo caption line."""
        return self.normalised.in_caption(offset)


def prepare(raw: str, hints: ParseHints | None = None, *, issuer_prior: str = "") -> Prepared:
    """Run the shared stages over a raw bulletin text (issuer_prior: the issuer the format implies)."""
    hints = hints or ParseHints()
    norm = normalise.normalise(raw)
    end = min(norm.body_end, budget.MAX_CHARS)
    start = len(norm.text) - len(norm.text.lstrip())
    claimant = issuer.identify(norm.text[:end], hints, prefer=issuer_prior)
    found_dates = dates.bulletin_dates(
        norm.text, body_start=start, body_end=end, hints=hints, in_caption=norm.in_caption,
        as_of_is_issue=claimant.slug not in issuer.HUMANITARIAN,
    )  # fmt: skip
    return Prepared(
        raw=raw, text=norm.text, body_start=start, body_end=end,
        language=language.detect(norm.text[start:end]),
        country=country.guess(norm.text[start:end]),
        issuer=claimant,
        dates=found_dates,
        completeness=completeness.check(norm.text, start, end),
        normalised=norm, hints=hints,
    )  # fmt: skip


def new_result(name: str, version: str, prepared: Prepared, *, issuer_slug: str | None = None) -> ParsedBulletin:
    """A ParsedBulletin with what the shared stages found (issuer, dates, title, completeness)."""
    slug = issuer_slug or prepared.issuer.slug
    info = prepared.dates
    result = ParsedBulletin(
        format=name, parser_version=version, issuer=issuer.ISSUER_NAMES.get(slug, ""), issuer_slug=slug,
        reporter=prepared.issuer.reporter if issuer.ISSUER_NAMES.get(slug) != prepared.issuer.reporter else "",
        language=prepared.language, published_on=info.published_on, date_precision=info.precision,
        as_of=info.as_of or info.published_on, window_start=info.window_start, window_end=info.window_end,
        body_start=0, body_end=prepared.body_end, completeness=prepared.completeness.status,
        country="" if prepared.country in ("", "UA") else prepared.country,
    )  # fmt: skip
    result.notes.extend(info.notes)
    result.notes.extend(prepared.completeness.notes)
    if len(prepared.raw) > budget.MAX_CHARS and prepared.normalised.body_end > budget.MAX_CHARS:
        result.notes.append(f"Only the first {budget.MAX_CHARS:,} characters were extracted.")
    result.title = title(prepared)
    return result


def title(prepared: Prepared) -> str:
    """The bulletin's title: an 'as of' line, else the first long line that is not only a date."""
    head = prepared.text[prepared.body_start : min(prepared.body_end, prepared.body_start + 2000)]
    lines = [line.strip() for line in head.splitlines() if line.strip()]
    as_of_line = next((line for line in lines if " as of " in f" {line.lower()} "), "")
    dated = {prepared.text[d.span.start : d.span.end] for d in dates.find_dates(head)}
    plain = next((line for line in lines if line not in dated and len(line) > 20), "")
    return (as_of_line or plain or prepared.hints.title)[:500]


def body_span(prepared: Prepared) -> Span:
    """The span extraction covers."""
    return Span(prepared.body_start, prepared.body_end)
