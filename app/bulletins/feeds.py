"""Following RSS/Atom feeds and listing pages: conditional polls, new entries ingested, outcomes recorded."""

import html
import io
import logging
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urldefrag, urljoin, urlparse

import feedparser
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from app.bulletins import flows, sources
from app.bulletins.extraction.drafts import ParseHints
from app.bulletins.models import BulletinSource, FeedEntry
from app.db import utcnow
from app.errors import InputError
from app.events import service as events_service

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3  # a failing entry is retried on the next polls, then left for an operator
MAX_ENTRIES_PER_POLL = 100
_ANCHOR = re.compile(
    r"""<a\s[^>]{0,500}?href\s*=\s*["']([^"'<>\s]{1,1000})["'][^>]{0,500}>(.{0,500}?)</a\s*>""", re.I | re.S
)


@dataclass(frozen=True)
class Entry:
    """One item a feed or listing page points to."""

    key: str
    url: str
    title: str = ""
    published_on: date | None = None


@dataclass
class PollResult:
    """What one poll of one source did."""

    source: str
    not_modified: bool = False
    entries: int = 0
    ingested: list[int] = field(default_factory=list)
    duplicates: int = 0
    errors: list[str] = field(default_factory=list)
    error: str = ""  # the source itself failed


def follow(session: Session, *, location: str, interval: int | None = None, format: str = "") -> BulletinSource:
    """The stored feed source for a URL, created (or its interval updated) as asked."""
    sources.check_url(location, allow_private=True)  # the scheme only; the address is checked at each poll
    source = session.exec(select(BulletinSource).where(BulletinSource.location == location)).first()
    if source is None:
        source = BulletinSource(name=location[:300], kind="feed", location=location, format=format)
    source.kind = "feed"
    if interval is not None:
        if interval < 1:
            raise InputError(f"{location}: the polling interval must be at least one second")
        source.interval_seconds = interval
    session.add(source)
    session.commit()
    session.refresh(source)
    return source


def list_sources(session: Session) -> list[BulletinSource]:
    """Every bulletin source, feeds first, then by name."""
    query = select(BulletinSource).order_by(col(BulletinSource.kind) != "feed", col(BulletinSource.name))
    return list(session.exec(query).all())


def entry_counts(session: Session) -> dict[int, dict[str, int]]:
    """Per source id, how many feed entries are ingested, duplicate and failed."""
    counts: dict[int, dict[str, int]] = {}
    for source_id, status in session.exec(select(FeedEntry.source_id, FeedEntry.status)).all():
        bucket = counts.setdefault(source_id, {})
        bucket[status] = bucket.get(status, 0) + 1
    return counts


def is_due(source: BulletinSource, *, now: datetime) -> bool:
    """True when a source was never checked or its interval has passed."""
    if source.last_checked is None:
        return True
    checked = source.last_checked if source.last_checked.tzinfo else source.last_checked.replace(tzinfo=now.tzinfo)
    return now - checked >= timedelta(seconds=source.interval_seconds)


def poll(session: Session, *, source: BulletinSource, allow_private: bool = False) -> PollResult:
    """Fetch a source once (conditionally), ingest its new entries, and record how it went."""
    result = PollResult(source.location)
    source_id, checked = source.id, utcnow()
    assert source_id is not None
    headers = {"If-None-Match": source.etag} if source.etag else {}
    if source.last_modified:
        headers["If-Modified-Since"] = source.last_modified
    try:
        fetched = sources.http_get(source.location, allow_private=allow_private, headers=headers)
        entries = [] if fetched.status == 304 else parse_entries(fetched)
    except Exception as error:  # a refused URL, a dead server or a page no parser can read
        message = (
            error.message if isinstance(error, InputError) else f"{source.location}: {type(error).__name__}: {error}"
        )
        source.last_checked, source.last_error = checked, message[:2000]
        result.error = message
        session.add(source)
        session.commit()
        return result
    result.not_modified, result.entries = fetched.status == 304, len(entries)
    if result.not_modified:
        entries = _retryable(session, source_id)  # nothing new, but earlier failures get another try
    changes = events_service.EventChanges()
    fetched_entries, complete = 0, True
    for entry in entries:
        if fetched_entries >= MAX_ENTRIES_PER_POLL:
            complete = False  # the rest waits for the next poll, which must not be answered 304
            break
        done = _ingest_entry(session, source_id, entry, result, allow_private=allow_private, format=source.format)
        if done is not None:
            fetched_entries += 1
            changes.merge(done)
    source = session.get(BulletinSource, source_id) or source
    if not result.not_modified and complete:
        source.etag = fetched.headers.get("etag", "")[:500]
        source.last_modified = fetched.headers.get("last-modified", "")[:100]
    source.last_checked, source.last_success = checked, utcnow()
    failed = len(result.errors)
    source.last_error = f"{failed} of {result.entries} entries failed; first: {result.errors[0]}" if failed else ""
    session.add(source)
    session.commit()
    events_service.refresh_links(session, changes=changes)
    return result


def _ingest_entry(
    session: Session, source_id: int, entry: Entry, result: PollResult, *, allow_private: bool, format: str
) -> events_service.EventChanges | None:
    """Fetch and ingest one entry unless it is done or gave up; None when it was skipped."""
    query = select(FeedEntry).where(FeedEntry.source_id == source_id, FeedEntry.key == entry.key)
    row = session.exec(query).first()
    if row is not None and (row.status in {"ingested", "duplicate"} or row.attempts >= MAX_ATTEMPTS):
        return None
    attempts = (row.attempts if row else 0) + 1
    hints = ParseHints(url=entry.url, known_date=entry.published_on, title=entry.title)
    changes = events_service.EventChanges()
    status, error_text, bulletin_id = "failed", "", None
    try:
        raw = sources.fetch_url(entry.url, allow_private=allow_private, hints=hints)
        outcome = flows.ingest_raw(session, raw=raw, format=format or None, source_id=source_id)
    except Exception as error:  # one bad entry never stops the others
        session.rollback()
        error_text = error.message if isinstance(error, InputError) else f"{entry.url}: {type(error).__name__}: {error}"
        result.errors.append(error_text)
    else:
        bulletin_id, error_text, changes = outcome.entry["id"], outcome.error, outcome.changes
        status = "duplicate" if outcome.entry["duplicate"] else "ingested"
        if outcome.error:
            result.errors.append(outcome.error)
        if outcome.entry["duplicate"]:
            result.duplicates += 1
        else:
            result.ingested.append(bulletin_id)
    row = session.exec(query).first() or FeedEntry(source_id=source_id, key=entry.key, url=entry.url)
    row.url, row.title, row.published_on = entry.url, entry.title[:500], entry.published_on
    row.attempts, row.last_attempt, row.status = attempts, utcnow(), status
    row.error, row.bulletin_id = error_text[:2000], bulletin_id
    session.add(row)
    session.commit()
    return changes


def _retryable(session: Session, source_id: int) -> list[Entry]:
    query = select(FeedEntry).where(
        FeedEntry.source_id == source_id, FeedEntry.status == "failed", col(FeedEntry.attempts) < MAX_ATTEMPTS
    )
    return [Entry(row.key, row.url, row.title, row.published_on) for row in session.exec(query).all()]


def parse_entries(fetched: sources.Fetched) -> list[Entry]:
    """Entries of an RSS/Atom feed, oldest first; else the article links of a listing page."""
    content_type = fetched.headers.get("content-type", "").lower()
    # A stream, never bytes: feedparser opens a bytes argument as a file name if one exists.
    feed: Any = feedparser.parse(io.BytesIO(fetched.body), response_headers={"content-location": fetched.url})
    if feed.entries and "html" not in content_type:
        return _feed_entries(feed.entries, base=fetched.url)
    if "html" in content_type or fetched.body.lstrip()[:1] == b"<":
        text = sources.decode(fetched.body, origin=fetched.url, charset=_charset(content_type))
        return listing_links(text, base=fetched.url)
    raise InputError(f"{fetched.url}: neither an RSS/Atom feed nor an HTML listing page")


def _feed_entries(items: Sequence[Any], *, base: str) -> list[Entry]:
    entries = []
    for item in items:
        link = item.get("link") or ""
        if not link:
            continue
        url = urljoin(base, link)
        stamp = item.get("published_parsed") or item.get("updated_parsed")
        day = date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday) if stamp else None
        entries.append(Entry(str(item.get("id") or url)[:1000], url, str(item.get("title") or ""), day))
    return sorted(entries, key=lambda e: e.published_on or date.min)


def listing_links(markup: str, *, base: str) -> list[Entry]:
    """Links of a listing page that lead below it on the same site (menus and other sites left out)."""
    page = urlparse(base)
    folder = page.path if page.path.endswith("/") else page.path.rsplit("/", 1)[0] + "/"
    seen: dict[str, Entry] = {}
    body = sources.without_chrome(markup)
    for href, label in _ANCHOR.findall(body):
        url = urldefrag(urljoin(base, html.unescape(href)))[0]
        target = urlparse(url)
        if target.netloc != page.netloc or target.scheme not in {"http", "https"}:
            continue
        if not target.path.startswith(folder) or url.rstrip("/") == base.split("#")[0].rstrip("/"):
            continue
        title = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]*>", " ", label))).strip()
        seen.setdefault(url, Entry(url, url, title[:500]))
    return list(seen.values())


def _charset(content_type: str) -> str:
    match = re.search(r"charset\s*=\s*\"?([A-Za-z0-9_.:-]{1,40})", content_type)
    return match.group(1) if match else ""


def watch(
    engine: Engine, *, locations: Sequence[str], interval: int | None = None, once: bool = False,
    allow_private: bool = False, report: Callable[[PollResult], None] = lambda r: None,
    sleep: Callable[[float], None] = time.sleep,
) -> None:  # fmt: skip
    """Poll each source when due (all of them once with `once`), until interrupted."""
    with Session(engine) as session:
        ids = [follow(session, location=loc, interval=interval).id for loc in locations]
    while True:
        waits = []
        for source_id in ids:
            with Session(engine) as session:
                source = session.get(BulletinSource, source_id)
                if source is None:
                    continue
                if once or is_due(source, now=utcnow()):
                    report(_poll_safely(session, source, allow_private))
                    session.refresh(source)
                waits.append(_seconds_until_due(source))
        if once:
            return
        sleep(max(1.0, min(waits, default=60.0)))


def _poll_safely(session: Session, source: BulletinSource, allow_private: bool) -> PollResult:
    """One poll; an unexpected failure (the database, say) is reported, and the watcher keeps going."""
    try:
        return poll(session, source=source, allow_private=allow_private)
    except Exception as error:
        log.exception("polling %s failed", source.location)
        session.rollback()
        return PollResult(source.location, error=f"{source.location}: {type(error).__name__}: {error}")


def _seconds_until_due(source: BulletinSource) -> float:
    if source.last_checked is None:
        return 0.0
    now = utcnow()
    checked = source.last_checked if source.last_checked.tzinfo else source.last_checked.replace(tzinfo=now.tzinfo)
    return max(0.0, source.interval_seconds - (now - checked).total_seconds())
