"""Where bulletin texts come from: files, directories and http(s) URLs (SSRF-guarded)."""

import html
import ipaddress
import re
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import httpx
import nh3

from app import textfiles
from app.errors import InputError

MAX_BYTES = 5_000_000
TEXT_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ""}


@dataclass(frozen=True)
class RawBulletin:
    """A bulletin text and where it came from."""

    origin: str
    kind: str  # file / url
    text: str


def read_file(path: Path, *, limit: int = MAX_BYTES) -> RawBulletin:
    """One bulletin file."""
    text = textfiles.read(path, limit=limit)
    if path.suffix.lower() in {".html", ".htm"}:
        text = html_to_text(text)
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


def html_to_text(markup: str) -> str:
    """Readable text from an HTML page: block elements become paragraphs."""
    markup = re.sub(r"(?is)<(script|style|nav|header|footer)\b.*?</\1>", " ", markup)
    markup = re.sub(r"(?i)<br\s*/?>", "\n", markup)
    markup = re.sub(r"(?i)</(p|div|li|h[1-6]|tr|section|article)>", "\n\n", markup)
    text = html.unescape(nh3.clean(markup, tags=set()))
    text = re.sub(r"[ \t]+", " ", text)
    return re.sub(r"\n\s*\n(\s*\n)+", "\n\n", text).strip()


def check_url(url: str, *, allow_private: bool = False) -> None:
    """Refuse non-http(s) URLs and hosts that resolve to private or loopback addresses."""
    parsed = urlparse(url)
    if parsed.scheme not in {"http", "https"} or not parsed.hostname:
        raise InputError(f"{url}: only http and https URLs can be ingested")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parsed.hostname, parsed.port or 443, proto=socket.IPPROTO_TCP)
    except socket.gaierror as error:
        raise InputError(f"{url}: cannot resolve host {parsed.hostname} ({error.strerror})") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise InputError(
                f"{url}: refusing to fetch from {address}, a private, loopback or reserved "
                "address (set DKB_ALLOW_PRIVATE_URLS=true to allow it)"
            )


def fetch_url(url: str, *, allow_private: bool = False, limit: int = MAX_BYTES) -> RawBulletin:
    """Download a bulletin page with timeouts and a size cap; redirects are re-checked."""
    for _ in range(5):
        check_url(url, allow_private=allow_private)
        try:
            with httpx.stream("GET", url, timeout=10, follow_redirects=False) as response:
                if response.is_redirect:
                    url = str(response.url.join(response.headers.get("location", "")))
                    continue
                if response.status_code != 200:
                    raise InputError(f"{url}: the server answered HTTP {response.status_code}")
                body = b""
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > limit:
                        raise InputError(f"{url}: the response is larger than {limit:,} bytes")
                kind = response.headers.get("content-type", "")
        except httpx.HTTPError as error:
            raise InputError(f"{url}: download failed ({type(error).__name__}: {error})") from None
        text = textfiles.decode(body, origin=url)
        return RawBulletin(url, "url", html_to_text(text) if "html" in kind else text)
    raise InputError(f"{url}: too many redirects")
