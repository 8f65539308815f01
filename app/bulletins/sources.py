"""Where bulletin texts come from: files, directories and http(s) URLs (SSRF-guarded, deadline-bound)."""

import asyncio
import codecs
import html
import ipaddress
import logging
import re
import socket
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlparse

import httpx
import nh3

from app import textfiles
from app.bulletins.extraction.drafts import ParseHints
from app.errors import InputError

log = logging.getLogger(__name__)

MAX_BYTES = 5_000_000
DEADLINE_SECONDS = 60.0  # a whole download, however slowly the server trickles it
READ_TIMEOUT_SECONDS = 10.0
TEXT_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ""}
USER_AGENT = "displacement-kb bulletin fetcher"
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
_CHROME_OPEN = re.compile(r"<(script|style|nav|header|footer|aside)\b")
_TITLE = re.compile(r"<title[^>]{0,200}>([^<]{1,500})</title>", re.IGNORECASE)


@dataclass(frozen=True)
class RawBulletin:
    """A bulletin text, where it came from, and what is known about it besides the text."""

    origin: str
    kind: str  # file / url / text
    text: str
    raw_page: str | None = None  # the HTML page the text was extracted from
    content_type: str = ""
    hints: ParseHints = field(default_factory=ParseHints)


@dataclass(frozen=True)
class Fetched:
    """One HTTP answer: 200 with a body, or 304 (not modified) without one."""

    url: str
    status: int
    body: bytes
    headers: Mapping[str, str]


def read_file(path: Path, *, limit: int = MAX_BYTES) -> RawBulletin:
    """One bulletin file (an HTML file is reduced to its article text, the page kept)."""
    size = path.stat().st_size
    if size > limit:
        raise InputError(f"{path}: the file is {size:,} bytes; the limit is {limit:,}")
    text = decode(path.read_bytes(), origin=str(path))
    if path.suffix.lower() in {".html", ".htm"}:
        article, title = article_text(text)
        return RawBulletin(str(path), "file", article, raw_page=text, content_type="text/html",
                           hints=ParseHints(title=title))  # fmt: skip
    return RawBulletin(str(path), "file", text)


def expand(source: str) -> Iterator[str | Path]:
    """A source argument as URLs or files (a directory gives its files, sorted)."""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", source):
        yield source
        return
    path = Path(source)
    if path.is_dir():
        yield from sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
    elif path.is_file():
        yield path
    else:
        raise InputError(f"{source}: no such file or directory")


def decode(raw: bytes, *, origin: str, charset: str = "") -> str:
    """Bytes to text: a byte-order mark first, then the declared charset, else UTF-8; NUL refused."""
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                          (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if raw.startswith(bom):
            text = _decode_as(raw, encoding, origin)
            break
    else:
        if charset and codecs.lookup(_codec(charset, origin)).name not in {"utf-8", "utf-8-sig", "ascii"}:
            text = _decode_as(raw, charset, origin)
        else:
            text = textfiles.decode(raw, origin=origin)
    if not text.strip():
        raise InputError(f"{origin}: the file holds only white space")
    nul = text.find("\x00")
    if nul >= 0:
        raise InputError(f"{origin}: the text holds a NUL character (at character {nul:,}); bulletins are plain text")
    return text


def _codec(charset: str, origin: str) -> str:
    try:
        return codecs.lookup(charset.strip().strip("\"'")).name
    except LookupError:
        raise InputError(f"{origin}: unknown character set {charset!r}") from None


def _decode_as(raw: bytes, charset: str, origin: str) -> str:
    encoding = _codec(charset, origin)
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(f"{origin}: invalid {encoding} at byte {error.start}") from None


def html_to_text(markup: str) -> str:
    """Readable text from an HTML page: block elements become paragraphs."""
    markup = without_chrome(markup)
    markup = re.sub(r"(?i)<br\s*/?>", "\n", markup)
    markup = re.sub(r"(?i)</(p|div|li|h[1-6]|tr|section|article)>", "\n\n", markup)
    text = html.unescape(nh3.clean(markup, tags=set()))
    text = re.sub(r"[ \t]+", " ", text)
    return re.sub(r"\n\s*\n(\s*\n)+", "\n\n", text).strip()


def without_chrome(markup: str) -> str:
    """The page without scripts, styles, menus, headers, footers and asides (linear in the page size)."""
    lower = markup.lower()
    kept: list[str] = []
    cursor = 0
    for opening in _CHROME_OPEN.finditer(lower):
        if opening.start() < cursor:
            continue  # inside an element already cut
        kept.append(markup[cursor : opening.start()])
        close = lower.find(f"</{opening.group(1)}", opening.end())
        if close < 0:
            return "".join(kept)  # never closed: it runs to the end of the page
        end = lower.find(">", close)
        cursor = len(markup) if end < 0 else end + 1
        kept.append(" ")
    kept.append(markup[cursor:])
    return "".join(kept)


def article_text(markup: str) -> tuple[str, str]:
    """The article text of an HTML page (trafilatura; the plain converter if it finds none) and its title."""
    title_match = _TITLE.search(markup)
    title = html.unescape(title_match.group(1)).strip() if title_match else ""
    try:
        import trafilatura

        extracted = trafilatura.extract(
            without_chrome(markup), output_format="txt", include_comments=False, include_tables=True, favor_recall=True
        )
    except Exception as error:  # a library failure on a hostile page must not lose the page
        log.warning("trafilatura failed (%s: %s); using the plain converter", type(error).__name__, error)
        extracted = None
    if not extracted or not extracted.strip():
        return html_to_text(markup), title
    # trafilatura puts one block per line; the extractors read paragraphs between blank lines.
    lines = [line.strip() for line in extracted.splitlines()]
    return "\n\n".join(line for line in lines if line), title


def check_url(url: str, *, allow_private: bool = False) -> None:
    """Refuse non-http(s) URLs and hosts that resolve to private or loopback addresses."""
    try:
        parsed = urlparse(url)
        port = parsed.port
    except ValueError as error:
        raise InputError(f"{url}: not a valid URL ({error})") from None
    if parsed.scheme not in {"http", "https"} or not parsed.hostname:
        raise InputError(f"{url}: only http and https URLs can be ingested")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parsed.hostname, port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as error:
        reason = error.strerror if isinstance(error, socket.gaierror) else str(error)
        raise InputError(f"{url}: cannot resolve host {parsed.hostname} ({reason})") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise InputError(
                f"{url}: refusing to fetch from {address}, a private, loopback or reserved "
                "address (set DKB_ALLOW_PRIVATE_URLS=true to allow it)"
            )


def http_get(
    url: str, *, allow_private: bool = False, limit: int = MAX_BYTES, deadline: float = DEADLINE_SECONDS,
    headers: Mapping[str, str] | None = None,
) -> Fetched:  # fmt: skip
    """GET with a size cap, redirects re-checked and one deadline for the whole exchange."""
    try:
        return asyncio.run(_get_within(url, allow_private, limit, deadline, dict(headers or {})))
    except TimeoutError:
        raise InputError(f"{url}: no complete answer within {deadline:g} seconds (download deadline)") from None
    except (httpx.HTTPError, httpx.InvalidURL, UnicodeError) as error:
        raise InputError(f"{url}: download failed ({type(error).__name__}: {error})") from None


async def _get_within(url: str, allow_private: bool, limit: int, deadline: float, headers: dict[str, str]) -> Fetched:
    async with asyncio.timeout(deadline):
        return await _get(url, allow_private, limit, min(deadline, READ_TIMEOUT_SECONDS), headers)


async def _get(url: str, allow_private: bool, limit: int, timeout: float, headers: dict[str, str]) -> Fetched:
    headers = {"User-Agent": USER_AGENT, **headers}
    async with httpx.AsyncClient(timeout=timeout, follow_redirects=False) as client:
        for _ in range(5):
            check_url(url, allow_private=allow_private)
            async with client.stream("GET", url, headers=headers) as response:
                if response.status_code == 304:
                    return Fetched(url, 304, b"", dict(response.headers))
                if response.has_redirect_location:
                    url = str(response.url.join(response.headers["location"]))
                    continue
                if response.status_code != 200:
                    raise InputError(f"{url}: the server answered HTTP {response.status_code}")
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit:
                    raise InputError(f"{url}: the response is larger than {limit:,} bytes")
                body = bytearray()
                async for chunk in response.aiter_bytes():
                    body += chunk
                    if len(body) > limit:
                        raise InputError(f"{url}: the response is larger than {limit:,} bytes")
                return Fetched(url, 200, bytes(body), dict(response.headers))
    raise InputError(f"{url}: too many redirects")


def fetch_url(
    url: str, *, allow_private: bool = False, limit: int = MAX_BYTES, deadline: float = DEADLINE_SECONDS,
    hints: ParseHints | None = None,
) -> RawBulletin:  # fmt: skip
    """Download a bulletin page; an HTML page gives its article text, and the page is kept."""
    fetched = http_get(url, allow_private=allow_private, limit=limit, deadline=deadline)
    return raw_from_response(fetched, origin=url, hints=hints)


def raw_from_response(fetched: Fetched, *, origin: str, hints: ParseHints | None = None) -> RawBulletin:
    """A fetched body as a bulletin: decoded by its charset, HTML reduced to the article text."""
    content_type = fetched.headers.get("content-type", "")
    charset = _header_charset(content_type)
    is_html = "html" in content_type.lower() or (not content_type and fetched.body.lstrip()[:15].lower().startswith(
        (b"<!doctype html", b"<html")))  # fmt: skip
    if is_html and not charset:
        meta = _META_CHARSET.search(fetched.body[:4096])
        charset = meta.group(1).decode("ascii") if meta else ""
    text = decode(fetched.body, origin=origin, charset=charset)
    given = hints or ParseHints()
    article, title = article_text(text) if is_html else (text, "")
    known = ParseHints(
        url=given.url or fetched.url, known_date=given.known_date,
        http_date=given.http_date or _header_date(fetched.headers), title=given.title or title,
    )  # fmt: skip
    return RawBulletin(origin, "url", article, raw_page=text if is_html else None,
                       content_type=content_type[:200], hints=known)  # fmt: skip


def _header_charset(content_type: str) -> str:
    match = re.search(r"charset\s*=\s*\"?([A-Za-z0-9_.:-]{1,40})", content_type, re.IGNORECASE)
    return match.group(1) if match else ""


def _header_date(headers: Mapping[str, str]) -> date | None:
    """The Last-Modified header's day, else the Date header's."""
    for name in ("last-modified", "date"):
        value = headers.get(name)
        if value:
            try:
                return parsedate_to_datetime(value).date()
            except (TypeError, ValueError):
                continue
    return None
