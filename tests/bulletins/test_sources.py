"""Fetching bulletins over HTTP from a real server on loopback (private targets allowed explicitly)."""

import html
import json
import threading
import time
from collections.abc import Iterator
from datetime import date
from functools import partial
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlmodel import Session

from app.bulletins import sources
from app.bulletins.flows import ingest_sources
from app.bulletins.models import Bulletin
from app.cli import main
from app.db import get_engine
from app.errors import InputError
from tests.paths import SEED


@pytest.fixture
def web_root(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A static file server on 127.0.0.1 serving tmp_path."""
    handler = partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None  # type: ignore[assignment]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", tmp_path
    server.shutdown()
    thread.join(timeout=5)


def test_a_bulletin_url_is_ingested_once(session: Session, web_root: tuple[str, Path]) -> None:
    base, root = web_root
    (root / "report.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    report = ingest_sources(session, sources_=[f"{base}/report.txt"], allow_private=True)
    assert report.errors == []
    assert report.bulletins[0]["events"] == 35 and report.bulletins[0]["source"] == f"{base}/report.txt"
    again = ingest_sources(session, sources_=[f"{base}/report.txt"], allow_private=True)
    assert again.bulletins[0]["duplicate"] is True


def test_an_html_page_becomes_paragraphs(web_root: tuple[str, Path]) -> None:
    base, root = web_root
    (root / "page.html").write_text(
        "<html><head><style>p{}</style></head><body><nav>Menu</nav><p>First &amp; one.</p><p>Second</p></body></html>"
    )
    raw = sources.fetch_url(f"{base}/page.html", allow_private=True)
    assert raw.kind == "url" and raw.text == "First & one.\n\nSecond"


def test_http_errors_and_oversized_responses_are_named(web_root: tuple[str, Path]) -> None:
    base, root = web_root
    with pytest.raises(InputError, match="missing.txt: the server answered HTTP 404"):
        sources.fetch_url(f"{base}/missing.txt", allow_private=True)
    (root / "big.txt").write_bytes(b"x" * 2048)
    with pytest.raises(InputError, match="larger than 1,000 bytes"):
        sources.fetch_url(f"{base}/big.txt", allow_private=True, limit=1000)


class _Scripted(BaseHTTPRequestHandler):
    """Answers each path with the bytes and headers a test scripted; /slow trickles one byte every 2 s."""

    routes: dict[str, tuple[bytes, dict[str, str]]] = {}

    def do_GET(self) -> None:  # noqa: N802 - the http.server naming
        if self.path == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            try:
                for _ in range(30):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(2)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        body, headers = self.routes.get(self.path, (b"", {}))
        self.send_response(200 if body else 404)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def scripted() -> Iterator[tuple[str, dict[str, tuple[bytes, dict[str, str]]]]]:
    """A loopback server answering what the test puts in its routes."""
    routes: dict[str, tuple[bytes, dict[str, str]]] = {}
    handler = type("Handler", (_Scripted,), {"routes": routes})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", routes
    server.shutdown()
    server.server_close()


def test_a_trickling_server_hits_the_total_deadline(scripted: tuple[str, dict[str, Any]]) -> None:
    base, _ = scripted
    with pytest.raises(InputError, match=r"/slow: no complete answer within 3 seconds \(download deadline\)"):
        sources.fetch_url(f"{base}/slow", allow_private=True, deadline=3)


def test_declared_charsets_and_byte_order_marks_are_decoded(scripted: tuple[str, dict[str, Any]]) -> None:
    base, routes = scripted
    routes["/latin1"] = (
        "Réfugiés à Bunia, 5 janvier 2026".encode("latin-1"),
        {"Content-Type": "text/plain; charset=ISO-8859-1"},
    )
    routes["/utf16"] = ("Біженці, 5 January 2026".encode("utf-16"), {"Content-Type": "text/plain"})
    routes["/nul"] = (b"Report of 5 January 2026" + b"a" * 9000 + b"\x00tail", {"Content-Type": "text/plain"})
    routes["/binary"] = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", {"Content-Type": "image/png"})
    assert sources.fetch_url(f"{base}/latin1", allow_private=True).text == "Réfugiés à Bunia, 5 janvier 2026"
    assert sources.fetch_url(f"{base}/utf16", allow_private=True).text == "Біженці, 5 January 2026"
    with pytest.raises(InputError, match="/nul: NUL character at offset"):
        sources.fetch_url(f"{base}/nul", allow_private=True)
    with pytest.raises(InputError, match="/binary: this is a binary file"):
        sources.fetch_url(f"{base}/binary", allow_private=True)


def test_a_utf16_file_with_a_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes("Report of 5 January 2026 from Kharkiv".encode("utf-16"))
    assert sources.read_file(path).text == "Report of 5 January 2026 from Kharkiv"


def test_an_html_page_keeps_the_page_its_title_and_the_http_date(
    session: Session, scripted: tuple[str, dict[str, Any]]
) -> None:
    base, routes = scripted
    seed_html = "".join(f"<p>{html.escape(p)}</p>" for p in SEED.read_text(encoding="utf-8").split("\n\n"))
    page = (
        "<html><head><title>MoD report | Example wire</title></head><body><nav>Home News Contact</nav>"
        f"<article>{seed_html}</article><footer>Share the post</footer></body></html>"
    )
    headers = {"Content-Type": "text/html; charset=utf-8", "Last-Modified": "Sun, 04 Jan 2026 18:00:00 GMT"}
    routes["/news/report.html"] = (page.encode("utf-8"), headers)
    report = ingest_sources(
        session, sources_=[f"{base}/news/report.html"], allow_private=True, known_date=date(2026, 1, 4)
    )
    assert report.errors == []
    [entry] = report.bulletins
    assert entry["events"] == 35
    bulletin = session.get(Bulletin, entry["id"])
    assert bulletin is not None and bulletin.raw_page == page and bulletin.content_type.startswith("text/html")
    assert "Home News Contact" not in bulletin.text and "Share the post" not in bulletin.text
    assert bulletin.hints == {
        "url": f"{base}/news/report.html", "title": "MoD report | Example wire",
        "known_date": "2026-01-04", "http_date": "2026-01-04",
    }  # fmt: skip


def test_ingest_date_option_is_kept_as_the_known_date(env: Path) -> None:
    result = CliRunner().invoke(main, ["bulletins", "ingest", str(SEED), "--date", "2026-01-04", "--json"])
    assert result.exit_code == 0, result.output
    [entry] = json.loads(result.output)["bulletins"]
    with Session(get_engine()) as session:
        bulletin = session.get(Bulletin, entry["id"])
        assert bulletin is not None and bulletin.hints["known_date"] == "2026-01-04"
    bad = CliRunner().invoke(main, ["bulletins", "ingest", str(SEED), "--date", "4 January"])
    assert bad.exit_code == 2
    assert "'4 January' does not match the format '%Y-%m-%d'" in bad.output


def test_page_chrome_is_cut_even_from_hostile_markup() -> None:
    assert (
        sources.without_chrome("<p>a</p><NAV class=x>menu</nav ><p>b</p><script>x()</script>") == "<p>a</p> <p>b</p> "
    )
    assert sources.without_chrome("<p>kept</p><aside>never closed <p>gone") == "<p>kept</p>"
    hostile = "<nav>" * 200_000 + "<p>tail</p>"  # one unclosed element: the rest of the page is chrome
    assert sources.without_chrome(hostile) == ""
    text, _ = sources.article_text("<p>Report of 4 January 2026.</p>" + "<header>" * 50_000)
    assert text == "Report of 4 January 2026."
