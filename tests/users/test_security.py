"""Passwords, the secret key and CSRF tokens."""

import stat
from pathlib import Path

import pytest

from app.config import get_settings
from app.users import security


def test_passwords_are_argon2_hashes_that_verify() -> None:
    hashed = security.hash_password("a long enough password")
    assert hashed.startswith("$argon2id$")
    assert security.verify_password(hashed, "a long enough password")
    assert not security.verify_password(hashed, "a long enough passworD")
    assert not security.verify_password(None, "anything at all")
    assert not security.verify_password("not-a-hash", "anything at all")
    assert security.password_problem("short") and security.password_problem("changethis")


def test_the_secret_key_is_generated_once_into_the_data_dir_mode_0600(env: Path) -> None:
    key = security.secret_key()
    path = env / "secret_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and len(key) >= 48
    assert security.secret_key() == key


@pytest.mark.parametrize("value", ["changethis", "CHANGEME", "secret", "xxxxxxxx", "short-but-random-9f2"])
def test_a_placeholder_or_short_secret_key_is_refused(env: Path, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("DKB_SECRET_KEY", value)
    get_settings.cache_clear()
    with pytest.raises(security.SecretKeyError, match="DKB_SECRET_KEY"):
        security.secret_key()


def test_csrf_tokens_must_match_the_cookie_and_carry_our_signature(env: Path) -> None:
    token = security.new_csrf_token()
    assert security.csrf_matches(token, token)
    assert not security.csrf_matches(token, security.new_csrf_token())
    assert not security.csrf_matches(None, token) and not security.csrf_matches(token, "")
    forged = "attacker-chosen.0000"
    assert not security.csrf_matches(forged, forged)  # a planted cookie without our signature
    assert security.unsign("session", security.sign("csrf", "x")) is None


def test_csrf_tokens_are_bound_to_the_session_they_were_issued_for(env: Path) -> None:
    alice, bob = security.sign("session", "alice-key"), security.sign("session", "bob-key")
    token = security.new_csrf_token(alice)
    assert security.csrf_matches(token, token, alice)
    assert not security.csrf_matches(token, token, bob)  # planted before the victim signed in, or another's
    assert not security.csrf_matches(token, token)  # signed out
    anonymous = security.new_csrf_token()
    assert security.csrf_matches(anonymous, anonymous) and not security.csrf_matches(anonymous, anonymous, alice)


def test_the_app_refuses_to_start_with_a_placeholder_secret(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fastapi.testclient import TestClient

    from app.main import create_app

    monkeypatch.setenv("DKB_SECRET_KEY", "changethis")
    get_settings.cache_clear()
    with pytest.raises(security.SecretKeyError, match="known placeholder"), TestClient(create_app()):
        pass
