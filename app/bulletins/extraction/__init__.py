"""Pure extraction: bulletin text in, event and figure drafts out (no database).

Shared stages, each a pure function over the raw text whose results carry offsets into it:

- `normalise.normalise(raw) -> Normalised`: same-length text (emoji, bullets, hard wraps and
  repeated titles blanked), `body_end` (before page chrome), caption lines;
- `language.detect(text) -> str`: 'en', 'ru', 'uk', 'de', ... or 'und';
- `country.guess(text) -> str`: ISO 3166-1 alpha-2 the text is about;
- `issuer.identify(text, hints, prefer=...) -> IssuerResult`: slug, display name, reporter;
- `dates.bulletin_dates(text, body_start=, body_end=, hints=, in_caption=) -> DateInfo` and
  `dates.date_in_span(text, span, reference)`;
- `completeness.check(text, start, end) -> Completeness` (status, cut_at);
- `figures.find_counts(text, start, end)`, `figures.find_table_rows(...)`, `figures.to_draft(...)`;
- `places.spot(text, span, ...) -> list[PlaceMention]` (Ukrainian gazetteer) and
  `places.settle_regions(events)`;
- `common.prepare(raw, hints) -> Prepared` runs them in order; `common.new_result(NAME, VERSION,
  prepared)` starts a ParsedBulletin; `generic.add_sentences(...)` walks sentences with a classifier.

A format parser is a module with NAME, VERSION, `detect(text) -> float` and
`parse(text, *, hints=None) -> ParsedBulletin`, registered in `registry`.
"""
