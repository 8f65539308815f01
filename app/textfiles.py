"""Reading user-supplied text safely: size, emptiness, binary content and encoding."""

from pathlib import Path

from app.errors import InputError


def decode(raw: bytes, *, origin: str) -> str:
    """Bytes to text, refusing empty, binary and invalid UTF-8 input with a clear reason."""
    if not raw.strip():
        raise InputError(f"{origin}: the file is empty" if raw == b"" else f"{origin}: the file holds only white space")
    if b"\x00" in raw[:8192]:
        raise InputError(f"{origin}: this is a binary file, not UTF-8 text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"{origin}: invalid UTF-8 at byte {error.start}") from None
    refuse_nul(text, origin=origin)
    return text


def refuse_nul(text: str, *, origin: str) -> None:
    """Refuse text with a NUL character (PostgreSQL cannot store one; no real text has one)."""
    position = text.find("\x00")
    if position >= 0:
        raise InputError(f"{origin}: NUL character at offset {position}; text may not contain NUL")


def read(path: Path, *, limit: int) -> str:
    """A text file's content, refusing files over `limit` bytes before reading them."""
    size = path.stat().st_size
    if size > limit:
        raise InputError(f"{path}: the file is {size:,} bytes; the limit is {limit:,}")
    return decode(path.read_bytes(), origin=str(path))
