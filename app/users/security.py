"""Password hashing, the server's secret key, signed values and CSRF tokens."""

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from app.config import get_settings

# argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): the library default
# (64 MiB, 4 lanes) took about 0.8 s per sign-in on a busy 2-core server, an easy way to stall it.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
# Hashed once so an unknown email costs as much time as a wrong password.
_DUMMY_HASH = _HASHER.hash("not a real password")
MIN_PASSWORD_LENGTH = 10
MIN_SECRET_LENGTH = 32
# Values seen in templates and tutorials; a server keyed by one of them has no secret at all.
PLACEHOLDER_SECRETS = {
    "changethis", "changeme", "change-me", "change_me", "secret", "secret-key", "secret_key", "secretkey",
    "your-secret-key", "your_secret_key", "yoursecretkey", "please-change-me", "replace-me", "insecure",
    "development", "dev", "test", "password", "dkb_secret_key", "xxx", "todo",
}  # fmt: skip


class SecretKeyError(RuntimeError):
    """DKB_SECRET_KEY is set to something that is not a secret."""


def hash_password(password: str) -> str:
    """An argon2id hash of the password."""
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when the password matches; an absent hash still costs one verification."""
    try:
        return _HASHER.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when a stored hash was made with other parameters than today's."""
    return _HASHER.check_needs_rehash(password_hash)


def password_problem(password: str) -> str | None:
    """Why a new password is not acceptable (None when it is)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"the password must be at least {MIN_PASSWORD_LENGTH} characters"
    if password.strip().lower() in PLACEHOLDER_SECRETS:
        return "that password is on the list of placeholders"
    return None


def check_secret(value: str) -> str:
    """The configured secret, refused when it is a placeholder or too short to be one."""
    folded = value.strip().lower()
    if folded in PLACEHOLDER_SECRETS or folded.strip("x*-_.") == "":
        raise SecretKeyError("DKB_SECRET_KEY is a known placeholder; unset it (one is generated) or set a random value")
    if len(value) < MIN_SECRET_LENGTH:
        raise SecretKeyError(f"DKB_SECRET_KEY must be at least {MIN_SECRET_LENGTH} characters of random text")
    return value


def generated_secret(data_dir: Path) -> str:
    """The secret generated once into the data dir (mode 0600), like the Meilisearch key."""
    path = data_dir / "secret_key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another worker wrote it first
            return path.read_text().strip()
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def secret_key() -> bytes:
    """The key that signs cookies: DKB_SECRET_KEY, or the generated one."""
    settings = get_settings()
    if settings.secret_key:
        return check_secret(settings.secret_key).encode()
    return generated_secret(settings.data_dir).encode()


def digest(value: str) -> str:
    """A SHA-256 hex digest, for storing session ids and tokens."""
    return hashlib.sha256(value.encode()).hexdigest()


def _mac(purpose: str, value: str) -> str:
    return hmac.new(secret_key(), f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()


def sign(purpose: str, value: str) -> str:
    """value.signature, so a cookie cannot be forged without the secret."""
    return f"{value}.{_mac(purpose, value)}"


def unsign(purpose: str, signed: str) -> str | None:
    """The value of a signed string, or None when the signature does not match."""
    value, _, mac = signed.rpartition(".")
    if not value or not hmac.compare_digest(mac, _mac(purpose, value)):
        return None
    return value


def new_csrf_token(session: str = "") -> str:
    """A fresh signed CSRF token bound to this session cookie ("" before signing in).

    Double-submit: cookie and form field must carry the same token. Bound to the session, a token
    planted by someone who can set cookies for the site (a sibling subdomain) is worthless once the
    victim signs in, and signing in or out retires every token issued before.
    """
    return sign("csrf", f"{secrets.token_urlsafe(24)}~{_session_tag(session)}")


def csrf_matches(cookie: str | None, submitted: str | None, session: str = "") -> bool:
    """True when the submitted token equals the cookie's, carries our signature and this session's tag."""
    if not cookie or not submitted or not hmac.compare_digest(cookie, submitted):
        return False
    value = unsign("csrf", cookie)
    return value is not None and hmac.compare_digest(value.rpartition("~")[2], _session_tag(session))


def _session_tag(session: str) -> str:
    return _mac("csrf-session", session)[:32]
