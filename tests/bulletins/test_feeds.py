"""Following a feed served on loopback: new entries ingested, 304s honoured, one failing entry isolated."""

import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from app.bulletins import feeds
from app.bulletins.models import Bulletin, BulletinSource, FeedEntry
from app.cli import main
from tests.paths import SEED

OTHER = "Situation report, 6 January 2026\n\nShelling was reported in Kupiansk (Kharkiv Oblast).\n"


class Site:
    """What the loopback site serves, and how often each path was asked for."""

    def __init__(self) -> None:
        self.files: dict[str, tuple[bytes, str]] = {}
        self.etag = '"v1"'
        self.hits: Counter[str] = Counter()

    def rss(self, items: list[tuple[str, str, str]]) -> None:
        entries = "".join(
            f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid><pubDate>{day}</pubDate></item>"
            for title, link, day in items
        )
        body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Reports</title>{entries}</channel></rss>'
        self.files["/feed.xml"] = (body.encode(), "application/rss+xml")


@pytest.fixture
def site() -> Iterator[tuple[str, Site]]:
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            state.hits[self.path] += 1
            if self.path == "/feed.xml" and self.headers.get("If-None-Match") == state.etag:
                self.send_response(304)
                self.end_headers()
                return
            if self.path not in state.files:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body, kind = state.files[self.path]
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            if self.path == "/feed.xml":
                self.send_header("ETag", state.etag)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", state
    server.shutdown()
    server.server_close()


@pytest.fixture
def private_ok(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.config import get_settings

    monkeypatch.setenv("DKB_ALLOW_PRIVATE_URLS", "true")
    get_settings.cache_clear()


@pytest.mark.usefixtures("private_ok")
def test_a_feed_is_followed_with_conditional_gets(engine: Engine, site: tuple[str, Site]) -> None:
    base, state = site
    state.files["/b/seed.txt"] = (SEED.read_bytes(), "text/plain; charset=utf-8")
    state.rss([
        ("MoD report 4 January", f"{base}/b/seed.txt", "Sun, 04 Jan 2026 12:00:00 GMT"),
        ("Missing report", f"{base}/b/missing.txt", "Mon, 05 Jan 2026 12:00:00 GMT"),
    ])  # fmt: skip
    runner = CliRunner()
    first = runner.invoke(main, ["bulletins", "watch", f"{base}/feed.xml", "--once", "--interval", "600"])
    assert first.exit_code == 0, first.output
    assert "2 entries, 1 new, 0 duplicate, 1 failed" in first.output
    assert "missing.txt: the server answered HTTP 404" in first.output
    with Session(engine) as session:
        source = session.exec(select(BulletinSource).where(BulletinSource.kind == "feed")).one()
        assert (source.interval_seconds, source.etag) == (600, '"v1"')
        assert source.last_success is not None and "1 of 2 entries failed" in source.last_error
        bulletin = session.exec(select(Bulletin)).one()
        assert bulletin.source_id == source.id
        assert bulletin.hints["known_date"] == "2026-01-04" and bulletin.hints["title"] == "MoD report 4 January"
        statuses = {row.url.rsplit("/", 1)[1]: (row.status, row.attempts) for row in session.exec(select(FeedEntry))}
        assert statuses == {"seed.txt": ("ingested", 1), "missing.txt": ("failed", 1)}

    # Nothing changed: the server answers 304, no entry is fetched again except the failed one.
    second = runner.invoke(main, ["bulletins", "watch", f"{base}/feed.xml", "--once"])
    assert second.exit_code == 0 and "unchanged, 0 new" in second.output
    assert state.hits["/b/seed.txt"] == 1 and state.hits["/b/missing.txt"] == 2

    # A new entry appears and the missing report is now online.
    state.etag = '"v2"'
    state.files["/b/missing.txt"] = (OTHER.encode(), "text/plain")
    state.files["/b/other.txt"] = (SEED.read_bytes(), "text/plain")  # the same text under another link
    state.rss([
        ("MoD report 4 January", f"{base}/b/seed.txt", "Sun, 04 Jan 2026 12:00:00 GMT"),
        ("Missing report", f"{base}/b/missing.txt", "Mon, 05 Jan 2026 12:00:00 GMT"),
        ("Reprint", f"{base}/b/other.txt", "Tue, 06 Jan 2026 12:00:00 GMT"),
    ])  # fmt: skip
    third = runner.invoke(main, ["bulletins", "watch", f"{base}/feed.xml", "--once"])
    assert third.exit_code == 0 and "3 entries, 1 new, 1 duplicate, 0 failed" in third.output
    with Session(engine) as session:
        source = session.exec(select(BulletinSource).where(BulletinSource.kind == "feed")).one()
        assert (source.etag, source.last_error) == ('"v2"', "")
        assert len(session.exec(select(Bulletin)).all()) == 2
    assert state.hits["/b/seed.txt"] == 1


@pytest.mark.usefixtures("private_ok")
def test_an_unreachable_feed_is_recorded_not_fatal(engine: Engine, site: tuple[str, Site]) -> None:
    base, _ = site
    result = CliRunner().invoke(main, ["bulletins", "watch", f"{base}/nope.xml", "ftp://example.org/feed", "--once"])
    assert result.exit_code == 1 and "only http and https URLs" in result.output
    ok = CliRunner().invoke(main, ["bulletins", "watch", f"{base}/nope.xml", "--once"])
    assert ok.exit_code == 1 and "nope.xml: the server answered HTTP 404" in ok.output
    with Session(engine) as session:
        source = session.exec(select(BulletinSource)).one()
        assert source.last_checked is not None and source.last_success is None
        assert "HTTP 404" in source.last_error


def test_a_listing_page_gives_the_links_below_it() -> None:
    markup = """<html><nav><a href="/about">About</a></nav><main>
      <a href="/reports/2026-01-04.html">Report of 4 January</a>
      <a href='2026-01-05.html#top'>Report of <b>5 January</b></a>
      <a href="https://elsewhere.example/reports/x.html">Elsewhere</a>
      <a href="/reports/">This page</a><a href="/reports/2026-01-04.html">Again</a></main></html>"""
    entries = feeds.listing_links(markup, base="https://site.example/reports/")
    assert [(e.url, e.title) for e in entries] == [
        ("https://site.example/reports/2026-01-04.html", "Report of 4 January"),
        ("https://site.example/reports/2026-01-05.html", "Report of 5 January"),
    ]


@pytest.mark.usefixtures("private_ok")
def test_sources_are_listed_on_a_page_and_in_the_api(
    client: TestClient, engine: Engine, site: tuple[str, Site]
) -> None:
    base, state = site
    state.files["/b/seed.txt"] = (SEED.read_bytes(), "text/plain")
    state.rss([("MoD report", f"{base}/b/seed.txt", "Sun, 04 Jan 2026 12:00:00 GMT")])
    with Session(engine) as session:
        source = feeds.follow(session, location=f"{base}/feed.xml", interval=900)
        feeds.poll(session, source=source, allow_private=True)
    api = client.get("/api/v1/bulletins/sources").json()
    [feed] = [s for s in api["items"] if s["kind"] == "feed"]
    assert feed["location"] == f"{base}/feed.xml" and feed["interval_seconds"] == 900
    assert feed["entries"] == {"ingested": 1} and feed["last_error"] is None and feed["last_success"]
    page = client.get("/bulletins/sources")
    assert page.status_code == 200 and f"{base}/feed.xml" in page.text and "1 ingested" in page.text


def test_a_long_feed_is_taken_in_several_polls(
    engine: Engine, site: tuple[str, Site], monkeypatch: pytest.MonkeyPatch
) -> None:
    base, state = site
    monkeypatch.setattr(feeds, "MAX_ENTRIES_PER_POLL", 1)
    state.files["/b/seed.txt"] = (SEED.read_bytes(), "text/plain")
    state.files["/b/other.txt"] = (OTHER.encode(), "text/plain")
    state.rss([
        ("MoD report", f"{base}/b/seed.txt", "Sun, 04 Jan 2026 12:00:00 GMT"),
        ("Situation report", f"{base}/b/other.txt", "Tue, 06 Jan 2026 12:00:00 GMT"),
    ])  # fmt: skip
    with Session(engine) as session:
        source = feeds.follow(session, location=f"{base}/feed.xml")
        first = feeds.poll(session, source=source, allow_private=True)
        assert (len(first.ingested), source.etag) == (1, ""), "not all taken: the next poll must see the feed"
        second = feeds.poll(session, source=source, allow_private=True)
        assert (second.not_modified, len(second.ingested), source.etag) == (False, 1, '"v1"')
        third = feeds.poll(session, source=source, allow_private=True)
        assert (third.not_modified, third.ingested) == (True, [])
        assert len(session.exec(select(Bulletin)).all()) == 2


def test_a_listing_page_is_followed_like_a_feed(engine: Engine, site: tuple[str, Site]) -> None:
    base, state = site
    state.files["/reports/"] = (
        b'<html><body><nav><a href="/about">About</a></nav><ul>'
        b'<li><a href="/reports/2026-01-04.txt">Report of 4 January</a></li>'
        b'<li><a href="/reports/2026-01-06.txt">Report of 6 January</a></li></ul></body></html>',
        "text/html; charset=utf-8",
    )
    state.files["/reports/2026-01-04.txt"] = (SEED.read_bytes(), "text/plain")
    state.files["/reports/2026-01-06.txt"] = (OTHER.encode(), "text/plain")
    with Session(engine) as session:
        source = feeds.follow(session, location=f"{base}/reports/")
        result = feeds.poll(session, source=source, allow_private=True)
        assert (result.entries, len(result.ingested), result.errors) == (2, 2, [])
        titles = {row.title for row in session.exec(select(FeedEntry))}
        assert titles == {"Report of 4 January", "Report of 6 January"}
    assert state.hits["/about"] == 0


class _Stop(Exception):
    pass


def test_the_watcher_polls_when_due_then_waits_for_the_next_interval(engine: Engine, site: tuple[str, Site]) -> None:
    base, state = site
    state.rss([])
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 2:
            raise _Stop

    with pytest.raises(_Stop):
        feeds.watch(engine, locations=[f"{base}/feed.xml"], interval=600, allow_private=True, sleep=sleep)
    assert state.hits["/feed.xml"] == 1, "polled once, then not again before its interval"
    assert all(1 <= wait <= 600 for wait in waits), "it sleeps until the source is due, at most its interval"
