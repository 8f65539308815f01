"""Fetching bulletins over HTTP from a real server on loopback (private targets allowed explicitly)."""

import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlmodel import Session

from app.bulletins import sources
from app.bulletins.flows import ingest_sources
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
