"""Ingest: raw text -> bulletin -> extraction -> events and figures (events domain) -> links."""

import hashlib
import logging
import multiprocessing
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, Table, func, insert, make_url
from sqlalchemy import select as select_columns
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, col, select

from app.bulletins import sources
from app.bulletins.extraction import registry
from app.bulletins.extraction.drafts import ParsedBulletin, ParseHints
from app.bulletins.models import (
    EXTRACTED,
    EXTRACTION_FAILED,
    NOT_EXTRACTED,
    STATUS_LABELS,
    Bulletin,
    BulletinSource,
)
from app.config import get_settings
from app.db import make_engine, utcnow
from app.errors import InputError
from app.events import service as events_service
from app.events.models import ConflictEvent, FigureClaim
from app.links import service as links_service
from app.places import service as places_service

log = logging.getLogger(__name__)
T = TypeVar("T")

# Languages the extractors read ("und": too short to tell); a bulletin in another language with
# nothing extracted, or one the pipeline marks so, is stored as "not extracted".
EXTRACTED_LANGUAGES = {"en", "ru", "uk", "und", ""}


@dataclass
class IngestReport:
    """One entry per bulletin and one message per error, as `--json` prints it."""

    bulletins: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class Outcome:
    """One text ingested: its report entry, what it did to events, and its error if extraction failed."""

    entry: dict[str, Any]
    changes: events_service.EventChanges = field(default_factory=events_service.EventChanges)
    error: str = ""


BATCH = 50  # new bulletins written per transaction


def ingest_sources(
    session: Session, *, sources_: Iterable[str], format: str | None = None, allow_private: bool = False,
    known_date: date | None = None, workers: int = 1, progress: Callable[[int, int], None] | None = None,
) -> IngestReport:  # fmt: skip
    """Ingest every file, directory and URL given; one bad input never stops the rest.

    Files are read, parsed and resolved to places in `workers` processes (with more than one)
    while this one writes them, in order, up to BATCH bulletins per transaction;
    `progress(done, total)` is called after each item of a source.
    """
    report = IngestReport()
    changes = events_service.EventChanges()
    known = places_service.corrections(session)  # editors' decisions as ingest starts
    with _Parsers(workers, format, known_date, known) as parsers:
        for source in sources_:
            try:
                items = list(sources.expand(source))
            except InputError as error:
                report.errors.append(error.message)
                continue
            writer = _Writer(session, report, changes, format=format, known_date=known_date,
                             allow_private=allow_private)  # fmt: skip
            for item, prepared in parsers.prepare(items):
                before = writer.done
                writer.add(item, prepared)
                if progress and writer.done > before:
                    progress(writer.done, len(items))
            writer.flush()
            if progress:
                progress(writer.done, len(items))
        events_service.refresh_links(
            session, changes=changes, start_claims=parsers.start_claims, map_candidates=parsers.map_candidates
        )
    return report


class _Writer:
    """Writes prepared bulletins in batches, in input order; anything else one at a time."""

    def __init__(
        self, session: Session, report: IngestReport, changes: events_service.EventChanges, *,
        format: str | None, known_date: date | None, allow_private: bool,
    ) -> None:  # fmt: skip
        self.session, self.report, self.changes = session, report, changes
        self.format, self.known_date, self.allow_private = format, known_date, allow_private
        self.batch: list[tuple[Path | str, _Ready]] = []
        self.done = 0  # items written (or failed) so far

    def add(self, item: Path | str, prepared: "Prepared") -> None:
        """Queue a prepared bulletin, or write anything else at once (after what is queued)."""
        if isinstance(prepared, _Ready):
            self.batch.append((item, prepared))
            if len(self.batch) >= BATCH:
                self.flush()
            return
        self.flush()
        self._one(item, prepared)

    def flush(self) -> None:
        """Write the queued bulletins in one transaction; if that fails, one by one (errors are theirs)."""
        batch, self.batch = self.batch, []
        if not batch:
            return
        try:
            outcomes = _write_batch(self.session, [ready for _, ready in batch])
        except Exception:  # a race with another writer, or one bad row: each item on its own finds out
            self.session.rollback()
            log.info("writing %d bulletins at once failed; writing them one by one", len(batch), exc_info=True)
            for item, ready in batch:
                self._one(item, ready.raw)
            return
        for outcome in outcomes:
            self._collect(outcome)
        self.done += len(batch)

    def _one(self, item: Path | str, prepared: "sources.RawBulletin | InputError | None") -> None:
        self.done += 1
        try:
            if isinstance(prepared, InputError):
                raise prepared
            raw = prepared if prepared is not None else _fetch(item, self.allow_private)
            outcome = ingest_raw(self.session, raw=raw, format=self.format, known_date=self.known_date)
        except InputError as error:
            self.session.rollback()
            self.report.errors.append(error.message)
            return
        except Exception as error:  # an unreadable file or a database error: this item's error only
            self.session.rollback()
            log.exception("ingesting %s failed", item)
            self.report.errors.append(f"{item}: {type(error).__name__}: {error}")
            return
        self._collect(outcome)

    def _collect(self, outcome: Outcome) -> None:
        _collect(self.report, outcome)
        self.changes.merge(outcome.changes)


def _fetch(item: Path | str, allow_private: bool) -> sources.RawBulletin:
    return sources.read_file(item) if isinstance(item, Path) else sources.fetch_url(item, allow_private=allow_private)


@dataclass
class _Ready:
    """A bulletin read, parsed and resolved to places (in a worker process): all the writer stores."""

    raw: sources.RawBulletin
    digest: str
    columns: dict[str, Any]  # the Bulletin row but its id, source and ingestion time
    source: dict[str, Any]  # the BulletinSource row, should its location be new
    rows: events_service.DraftRows


# Read and parsed (_Ready); read, but its parse failed (the writer parses again and records the
# failure); refused; or None: the writer reads it itself (a URL, or a file that failed to read).
Prepared = _Ready | sources.RawBulletin | InputError | None
_PARALLEL_FROM = 8  # fewer files than this are not worth starting processes for
_known_in_worker: dict[tuple[str, str], str | None] = {}


class _Parsers:
    """Reads, parses and resolves files in worker processes, handing results back in input order."""

    def __init__(
        self, workers: int, format: str | None, known_date: date | None, known: dict[tuple[str, str], str | None]
    ) -> None:
        self.workers, self.format, self.known_date, self.known = workers, format, known_date, known
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> "_Parsers":
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def prepare(self, items: Sequence[Path | str]) -> Iterator[tuple[Path | str, Prepared]]:
        """Each item with its file read, parsed and resolved (None: fetch it here, e.g. a URL)."""
        files = [item for item in items if isinstance(item, Path)]
        if self.workers <= 1 or len(files) < _PARALLEL_FROM:
            for item in items:
                yield item, _prepare_file(item, self.format, self.known_date, self.known) if isinstance(
                    item, Path) else None  # fmt: skip
            return
        if self.pool is None:
            # fork: workers share what this process loaded (the gazetteer), and start at once.
            places_service.load_resolution_data()
            self.pool = ProcessPoolExecutor(
                self.workers, mp_context=multiprocessing.get_context("fork"), initializer=_set_known,
                initargs=(self.known,),
            )  # fmt: skip
        window = 32 * self.workers  # parsed texts waiting to be written, at most
        pending: deque[tuple[Path | str, Future[Prepared] | None]] = deque()
        for item in items:
            future = self.pool.submit(_prepare_file, item, self.format, self.known_date) if isinstance(
                item, Path) else None  # fmt: skip
            pending.append((item, future))
            if len(pending) >= window:
                yield self._next(pending)
        while pending:
            yield self._next(pending)

    @property
    def start_claims(self) -> events_service.ClaimsStarter | None:
        """Compare claims in an idle worker (what is written is committed by then), or None: here."""
        if not self._shared_database():
            return None
        return lambda event_ids: self._elsewhere(_compare_claims, event_ids)

    @property
    def map_candidates(self) -> links_service.CandidatesMapper | None:
        """Compute link candidates in the workers, batches in order (or None: here)."""
        if not self._shared_database():
            return None

        def mapper(bounds: links_service.Bounds, batches: list[list[int]]) -> Iterator[links_service.Packed]:
            key = uuid.uuid4().hex  # one refresh: each worker reads its events once for all its batches
            results = [self._elsewhere(_link_candidates, key, bounds, ids) for ids in batches]
            return (result() for result in results)

        return mapper

    def _shared_database(self) -> bool:
        """True when worker processes run and can open the database this process writes (not in memory)."""
        database = make_url(get_settings().database_url).database
        return self.pool is not None and database not in (None, "", ":memory:")

    def _elsewhere(self, function: Callable[..., T], *args: Any) -> Callable[[], T]:
        """Run function(*args) in a worker; its result, or, should the worker fail, the result computed here."""
        assert self.pool is not None
        try:
            future = self.pool.submit(function, *args)
        except Exception:  # noqa: BLE001  (a broken pool: this process does the work)
            log.warning("worker pool unusable; %s runs here", function.__name__, exc_info=True)
            return lambda: function(*args)

        def result() -> T:
            try:
                return future.result()
            except Exception:  # noqa: BLE001  (a worker died or failed: the same work here, errors and all)
                log.warning("%s failed in a worker; running it here", function.__name__, exc_info=True)
                return function(*args)

        return result

    @staticmethod
    def _next(pending: "deque[tuple[Path | str, Future[Prepared] | None]]") -> tuple[Path | str, Prepared]:
        item, future = pending.popleft()
        return item, future.result() if future is not None else None


def _compare_claims(event_ids: list[int]) -> dict[str, list[int]]:
    """In a worker: which claim statuses change."""
    with Session(_worker_engine()) as session:
        return events_service.compare_claims(session, event_ids=event_ids)


def _link_candidates(key: str, bounds: links_service.Bounds, article_ids: list[int]) -> links_service.Packed:
    """In a worker: link candidates of these articles."""
    with Session(_worker_engine()) as session:
        return links_service.candidates_elsewhere(session, key=key, bounds=bounds, article_ids=article_ids)


@cache
def _worker_engine() -> Engine:
    """A worker's own engine: never the one inherited by fork, whose connection belongs to the writer."""
    return make_engine(get_settings().database_url)


def _set_known(known: dict[tuple[str, str], str | None]) -> None:
    """In a new worker: the editors' corrections to resolve places with."""
    global _known_in_worker  # noqa: PLW0603  (one value per worker process, set once as it starts)
    _known_in_worker = known


def _prepare_file(
    path: Path, format: str | None, known_date: date | None, known: dict[tuple[str, str], str | None] | None = None
) -> Prepared:
    """Read, parse and resolve one file (in a worker). A parser error is left to the writer to meet again."""
    try:
        raw = sources.read_file(path)
    except InputError as error:
        return error
    except Exception:  # noqa: BLE001  (read again by the writer, which reports the real error)
        return None
    try:
        hints = _hints(raw, known_date)
        parsed = registry.parse(raw.text, format=format, hints=hints)
        rows = events_service.draft_rows(
            text=raw.text, parsed=parsed, known=_known_in_worker if known is None else known
        )
    except Exception:  # noqa: BLE001  (parsed again by the writer, which records the real error)
        return raw
    columns = {
        "origin": raw.origin, "text": raw.text, "raw_page": raw.raw_page, "content_type": raw.content_type,
        "requested_format": format or "", "hints": hints_to_json(hints), **parse_columns(parsed),
    }  # fmt: skip
    return _Ready(raw, hashlib.sha256(raw.text.encode("utf-8")).hexdigest(), columns, _source_row(raw, parsed), rows)


def _write_batch(session: Session, batch: list[_Ready]) -> list[Outcome]:
    """Store a batch of prepared bulletins in one transaction: a few bulk statements, then one commit.

    A text stored before (or earlier in the batch) is reported as a duplicate. Raises on any
    database error (another process stored one of the texts meanwhile): the caller rolls back.
    """
    stored = {row.sha256: row for row in _by_digests(session, sorted({ready.digest for ready in batch}))}
    new: dict[str, _Ready] = {}
    for ready in batch:
        if ready.digest not in stored:
            new.setdefault(ready.digest, ready)
    created: dict[str, tuple[int, events_service.EventChanges]] = {}
    if new:
        fresh = list(new.values())
        source_ids = _source_ids(session, fresh)
        now = utcnow()
        rows = [{**r.columns, "sha256": r.digest, "source_id": source_ids[r.raw.origin], "ingested_at": now}
                for r in fresh]  # fmt: skip
        session.connection().execute(insert(_BULLETINS), rows)  # no RETURNING: SQLite would insert row by row
        by_digest = {row.sha256: row.id for row in _by_digests(session, [r.digest for r in fresh])}
        ids = [by_digest[r.digest] for r in fresh]
        changes = events_service.insert_rows(session, rows=[(i, r.rows) for i, r in zip(ids, fresh, strict=True)])
        created = {r.digest: (i, c) for i, r, c in zip(ids, fresh, changes, strict=True)}
    counts = _counts(session, [row.id for row in stored.values()])
    outcomes = []
    for ready in batch:
        if ready.digest in created:
            bulletin_id, change = created.pop(ready.digest)
            row = {**ready.columns, "id": bulletin_id, "sha256": ready.digest}
            entry = _entry_of(row, ready.raw.origin, duplicate=False, counts=(len(change.created), change.figures))
            outcomes.append(Outcome(entry, change))
            stored[ready.digest] = row  # a second copy later in the batch is a duplicate of it
            counts[bulletin_id] = (len(change.created), change.figures)
        else:
            row = stored[ready.digest]
            row_id = row["id"] if isinstance(row, dict) else row.id
            entry = _entry_of(row, ready.raw.origin, duplicate=True, counts=counts.get(row_id, (0, 0)))
            outcomes.append(Outcome(entry))
    session.commit()  # last: whatever failed before it is rolled back, and the batch written one by one
    return outcomes


_BULLETINS: Table = Bulletin.__table__  # type: ignore[attr-defined]
_SOURCES: Table = BulletinSource.__table__  # type: ignore[attr-defined]
_ENTRY_COLUMNS = ("id", "sha256", "format", "status", "extraction_error", "language", "issuer", "completeness", "notes")


def _by_digests(session: Session, digests: list[str]) -> list[Any]:
    """The report columns of bulletins stored with these digests."""
    query = select_columns(*(_BULLETINS.c[name] for name in _ENTRY_COLUMNS)).where(_BULLETINS.c.sha256.in_(digests))
    return list(session.execute(query).all())


def _counts(session: Session, bulletin_ids: list[int]) -> dict[int, tuple[int, int]]:
    """(events, figures) of each of these bulletins, in two queries."""
    if not bulletin_ids:
        return {}
    counted = []
    for model in (ConflictEvent, FigureClaim):
        bulletin = col(model.bulletin_id)
        query = select_columns(bulletin, func.count()).where(bulletin.in_(bulletin_ids)).group_by(bulletin)
        counted.append(dict(session.execute(query).tuples().all()))
    return {i: (int(counted[0].get(i, 0)), int(counted[1].get(i, 0))) for i in bulletin_ids}


def _source_row(raw: sources.RawBulletin, parsed: ParsedBulletin | None) -> dict[str, Any]:
    return {
        "name": (Path(raw.origin).name if raw.kind == "file" else raw.origin)[:300], "kind": raw.kind,
        "location": raw.origin[:1000], "format": parsed.format if parsed else "",
        "issuer": parsed.issuer if parsed else "",
    }  # fmt: skip


def _source_ids(session: Session, batch: list[_Ready]) -> dict[str, int]:
    """The source id of each bulletin's origin; new locations are stored (one INSERT)."""
    origins = sorted({ready.raw.origin for ready in batch})
    query = select_columns(_SOURCES.c.location, _SOURCES.c.id).where(_SOURCES.c.location.in_(origins))
    found: dict[str, int] = dict(session.execute(query).tuples().all())
    missing: dict[str, dict[str, Any]] = {}
    for ready in batch:
        if ready.raw.origin not in found:
            missing.setdefault(ready.raw.origin, ready.source)
    if missing:
        template = BulletinSource(name="", location="").model_dump(exclude={"id"})
        session.connection().execute(insert(_SOURCES), [{**template, **row} for row in missing.values()])
        found.update(session.execute(query).tuples().all())
    return found


def _hints(raw: sources.RawBulletin, known_date: date | None) -> ParseHints:
    if known_date is None:
        return raw.hints
    return ParseHints(url=raw.hints.url, known_date=known_date, http_date=raw.hints.http_date, title=raw.hints.title)


def _collect(report: IngestReport, outcome: Outcome) -> None:
    report.bulletins.append(outcome.entry)
    if outcome.error:
        report.errors.append(outcome.error)


def ingest_raw(
    session: Session, *, raw: sources.RawBulletin, format: str | None = None, known_date: date | None = None,
    source_id: int | None = None, parsed: ParsedBulletin | None = None,
) -> Outcome:  # fmt: skip
    """Store one bulletin (once per distinct text) with its events and figures; links are the caller's.

    Raises InputError for a text that is refused (unknown format name, not a bulletin); an
    exception inside extraction is the bulletin's own error: its text is stored, marked failed.
    """
    if format is not None and format not in registry.PARSERS:
        known = ", ".join(sorted(registry.PARSERS))
        raise InputError(f"{raw.origin}: unknown bulletin format {format!r} (known formats: {known})")
    hints = _hints(raw, known_date)
    digest = hashlib.sha256(raw.text.encode("utf-8")).hexdigest()
    for attempt in range(2):
        existing = _by_digest(session, digest)
        if existing is not None:
            return Outcome(_entry(session, existing, raw.origin, duplicate=True))
        try:
            return _store(session, raw, digest, format, hints, source_id, parsed)
        except (IntegrityError, OperationalError):
            # Another process stored the same text (or created the same source) meanwhile, or held
            # the write lock while it did: look again.
            session.rollback()
            if attempt:
                raise
    raise AssertionError("unreachable")


def _store(
    session: Session, raw: sources.RawBulletin, digest: str, format: str | None, hints: ParseHints,
    source_id: int | None, parsed: ParsedBulletin | None = None,
) -> Outcome:  # fmt: skip
    try:
        parsed = parsed or registry.parse(raw.text, format=format, hints=hints)
    except registry.UnknownFormatError as error:
        raise InputError(f"{raw.origin}: {error}") from None
    except Exception as error:  # any parser bug is this bulletin's error, never the batch's
        return _store_failed(session, raw, digest, format, hints, source_id, error)
    bulletin = Bulletin(sha256=digest, origin=raw.origin, text=raw.text, format=parsed.format)
    _describe(bulletin, raw, format, hints)
    try:
        bulletin.source_id = source_id or _source(session, raw, parsed).id
        apply_parse(bulletin, parsed)
        session.add(bulletin)
        session.flush()
        changes = events_service.create_from_drafts(session, bulletin=bulletin, parsed=parsed)
        session.commit()
    except (IntegrityError, OperationalError):
        raise
    except Exception as error:
        session.rollback()
        return _store_failed(session, raw, digest, format, hints, source_id, error)
    counts = (len(changes.created), changes.figures)  # a new bulletin: no need to count its rows again
    return Outcome(_entry(session, bulletin, raw.origin, duplicate=False, counts=counts), changes)


def _store_failed(
    session: Session, raw: sources.RawBulletin, digest: str, format: str | None, hints: ParseHints,
    source_id: int | None, error: Exception,
) -> Outcome:  # fmt: skip
    log.exception("extraction failed for %s", raw.origin)
    message = f"{type(error).__name__}: {error}"[:2000]
    bulletin = Bulletin(sha256=digest, origin=raw.origin, text=raw.text, format=format or "")
    _describe(bulletin, raw, format, hints)
    bulletin.source_id = source_id or _source(session, raw, None).id
    bulletin.status, bulletin.extraction_error = EXTRACTION_FAILED, message
    session.add(bulletin)
    session.commit()
    entry = _entry(session, bulletin, raw.origin, duplicate=False)
    return Outcome(
        entry, error=f"{raw.origin}: extraction failed ({message}); the text is kept as bulletin #{bulletin.id}"
    )


def _describe(bulletin: Bulletin, raw: sources.RawBulletin, format: str | None, hints: ParseHints) -> None:
    bulletin.raw_page, bulletin.content_type = raw.raw_page, raw.content_type
    bulletin.requested_format = format or ""
    bulletin.hints = hints_to_json(hints)


def apply_parse(bulletin: Bulletin, parsed: ParsedBulletin) -> None:
    """Copy what a parse says about the bulletin itself onto its row."""
    for name, value in parse_columns(parsed).items():
        setattr(bulletin, name, value)


def parse_columns(parsed: ParsedBulletin) -> dict[str, Any]:
    """The Bulletin columns a parse decides: what it says about the bulletin, and its status."""
    found = bool(parsed.events or parsed.figures)
    unread = parsed.completeness == "not extracted" or (parsed.language not in EXTRACTED_LANGUAGES and not found)
    return {
        "format": parsed.format, "parser_version": parsed.parser_version, "title": parsed.title[:500],
        "issuer": parsed.issuer, "issuer_slug": parsed.issuer_slug, "reporter": parsed.reporter,
        "country": parsed.country, "language": parsed.language, "published_on": parsed.published_on,
        "as_of": parsed.as_of, "window_start": parsed.window_start, "window_end": parsed.window_end,
        "body_start": parsed.body_start, "body_end": parsed.body_end, "completeness": parsed.completeness,
        "notes": list(parsed.notes), "status": NOT_EXTRACTED if unread else EXTRACTED, "extraction_error": "",
        "extracted_at": utcnow(),
    }  # fmt: skip


def hints_to_json(hints: ParseHints) -> dict[str, Any]:
    """Parse hints as stored on a bulletin, so re-extraction sees what ingestion saw."""
    return {
        "url": hints.url, "title": hints.title,
        "known_date": hints.known_date.isoformat() if hints.known_date else None,
        "http_date": hints.http_date.isoformat() if hints.http_date else None,
    }  # fmt: skip


def hints_from_json(data: dict[str, Any]) -> ParseHints:
    """The stored hints of a bulletin."""

    def day(value: Any) -> date | None:
        try:
            return date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            return None

    return ParseHints(url=str(data.get("url") or ""), title=str(data.get("title") or ""),
                      known_date=day(data.get("known_date")), http_date=day(data.get("http_date")))  # fmt: skip


def _by_digest(session: Session, digest: str) -> Bulletin | None:
    return session.exec(select(Bulletin).where(Bulletin.sha256 == digest)).first()


def _source(session: Session, raw: sources.RawBulletin, parsed: ParsedBulletin | None) -> BulletinSource:
    source = session.exec(select(BulletinSource).where(BulletinSource.location == raw.origin)).first()
    if source is None:
        source = BulletinSource(**_source_row(raw, parsed))
        session.add(source)
        session.flush()
    return source


def _entry(
    session: Session, bulletin: Bulletin, origin: str, *, duplicate: bool, counts: tuple[int, int] | None = None
) -> dict[str, Any]:
    if counts is None:
        assert bulletin.id is not None
        counts = _counts(session, [bulletin.id])[bulletin.id]
    return _entry_of({name: getattr(bulletin, name) for name in _ENTRY_COLUMNS}, origin, duplicate=duplicate,
                     counts=counts)  # fmt: skip


def _entry_of(row: Any, origin: str, *, duplicate: bool, counts: tuple[int, int]) -> dict[str, Any]:
    """A report entry from a bulletin's columns (a mapping or a result row)."""
    values = row if isinstance(row, dict) else row._mapping
    return {
        "id": values["id"], "source": origin, "sha256": values["sha256"], "duplicate": duplicate,
        "events": counts[0], "figures": counts[1], "format": values["format"],
        "status": STATUS_LABELS.get(values["status"], values["status"]), "error": values["extraction_error"] or None,
        "language": values["language"], "issuer": values["issuer"], "completeness": values["completeness"],
        "notes": values["notes"],
    }  # fmt: skip
