"""Ingest: raw text -> bulletin -> extraction -> events and figures (events domain) -> links."""

import hashlib
import logging
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, select

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
from app.db import utcnow
from app.errors import InputError
from app.events import service as events_service
from app.events.models import ConflictEvent, FigureClaim

log = logging.getLogger(__name__)

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


def ingest_sources(
    session: Session, *, sources_: Iterable[str], format: str | None = None, allow_private: bool = False,
    known_date: date | None = None, workers: int = 1, progress: Callable[[int, int], None] | None = None,
) -> IngestReport:  # fmt: skip
    """Ingest every file, directory and URL given; one bad input never stops the rest.

    With workers > 1, files are read and parsed in that many processes while this one writes
    (in order); `progress(done, total)` is called after each item of a source.
    """
    report = IngestReport()
    changes = events_service.EventChanges()
    with _Parsers(workers, format, known_date) as parsers:
        for source in sources_:
            try:
                items = list(sources.expand(source))
            except InputError as error:
                report.errors.append(error.message)
                continue
            for done, (item, prepared) in enumerate(parsers.prepare(items), start=1):
                try:
                    if isinstance(prepared, InputError):
                        raise prepared
                    raw, parsed = prepared if prepared is not None else (_fetch(item, allow_private), None)
                    outcome = ingest_raw(session, raw=raw, format=format, known_date=known_date, parsed=parsed)
                except InputError as error:
                    session.rollback()
                    report.errors.append(error.message)
                    continue
                except Exception as error:  # an unreadable file or a database error: this item's error only
                    session.rollback()
                    log.exception("ingesting %s failed", item)
                    report.errors.append(f"{item}: {type(error).__name__}: {error}")
                    continue
                finally:
                    if progress:
                        progress(done, len(items))
                _collect(report, outcome)
                changes.merge(outcome.changes)
    events_service.refresh_links(session, changes=changes)
    return report


def _fetch(item: Path | str, allow_private: bool) -> sources.RawBulletin:
    return sources.read_file(item) if isinstance(item, Path) else sources.fetch_url(item, allow_private=allow_private)


Prepared = tuple[sources.RawBulletin, ParsedBulletin | None] | InputError | None
_PARALLEL_FROM = 8  # fewer files than this are not worth starting processes for


class _Parsers:
    """Reads and parses files in worker processes, handing results back in input order."""

    def __init__(self, workers: int, format: str | None, known_date: date | None) -> None:
        self.workers, self.format, self.known_date = workers, format, known_date
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> "_Parsers":
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def prepare(self, items: Sequence[Path | str]) -> Iterator[tuple[Path | str, Prepared]]:
        """Each item with its file read and parsed (None: fetch it here, e.g. a URL)."""
        files = [item for item in items if isinstance(item, Path)]
        if self.workers <= 1 or len(files) < _PARALLEL_FROM:
            yield from ((item, None) for item in items)
            return
        if self.pool is None:
            # fork: workers share what this process loaded (the gazetteer), and start at once.
            self.pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("fork"))
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

    @staticmethod
    def _next(pending: "deque[tuple[Path | str, Future[Prepared] | None]]") -> tuple[Path | str, Prepared]:
        item, future = pending.popleft()
        return item, future.result() if future is not None else None


def _prepare_file(path: Path, format: str | None, known_date: date | None) -> Prepared:
    """In a worker: read and parse one file. A parser error is left to the writer to meet again."""
    try:
        raw = sources.read_file(path)
    except InputError as error:
        return error
    except Exception:  # noqa: BLE001  (read again by the writer, which reports the real error)
        return None
    try:
        return raw, registry.parse(raw.text, format=format, hints=_hints(raw, known_date))
    except Exception:  # noqa: BLE001  (parsed again by the writer, which records the real error)
        return raw, None


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
    bulletin.format, bulletin.parser_version = parsed.format, parsed.parser_version
    bulletin.title, bulletin.issuer, bulletin.issuer_slug = parsed.title[:500], parsed.issuer, parsed.issuer_slug
    bulletin.reporter, bulletin.country, bulletin.language = parsed.reporter, parsed.country, parsed.language
    bulletin.published_on, bulletin.as_of = parsed.published_on, parsed.as_of
    bulletin.window_start, bulletin.window_end = parsed.window_start, parsed.window_end
    bulletin.body_start, bulletin.body_end = parsed.body_start, parsed.body_end
    bulletin.completeness, bulletin.notes = parsed.completeness, list(parsed.notes)
    found = bool(parsed.events or parsed.figures)
    unread = parsed.completeness == "not extracted" or (parsed.language not in EXTRACTED_LANGUAGES and not found)
    bulletin.status = NOT_EXTRACTED if unread else EXTRACTED
    bulletin.extraction_error = ""
    bulletin.extracted_at = utcnow()


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
        source = BulletinSource(
            name=(Path(raw.origin).name if raw.kind == "file" else raw.origin)[:300], kind=raw.kind,
            location=raw.origin[:1000], format=parsed.format if parsed else "", issuer=parsed.issuer if parsed else "",
        )  # fmt: skip
        session.add(source)
        session.flush()
    return source


def _entry(
    session: Session, bulletin: Bulletin, origin: str, *, duplicate: bool, counts: tuple[int, int] | None = None
) -> dict[str, Any]:
    if counts is not None:
        events, figures = counts
    else:
        events = session.exec(
            select(func.count()).select_from(ConflictEvent).where(ConflictEvent.bulletin_id == bulletin.id)
        ).one()
        figures = session.exec(
            select(func.count()).select_from(FigureClaim).where(FigureClaim.bulletin_id == bulletin.id)
        ).one()
    return {
        "id": bulletin.id, "source": origin, "sha256": bulletin.sha256, "duplicate": duplicate,
        "events": int(events), "figures": int(figures), "format": bulletin.format,
        "status": STATUS_LABELS.get(bulletin.status, bulletin.status), "error": bulletin.extraction_error or None,
        "language": bulletin.language, "issuer": bulletin.issuer, "completeness": bulletin.completeness,
        "notes": bulletin.notes,
    }  # fmt: skip
