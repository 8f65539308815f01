"""Accounts, sign-in with a rate limit, sessions, API tokens and the audit log."""

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.db import utcnow
from app.errors import AppError, InputError, NotFound
from app.users import security
from app.users.models import ApiToken, AuditEntry, LoginAttempt, Role, TokenScope, User, UserSession

SESSION_LIFETIME = timedelta(days=7)
RATE_WINDOW = timedelta(minutes=1)
MAX_FAILURES_PER_ACCOUNT = 9  # the tenth wrong password within a minute is refused
MAX_FAILURES_PER_ADDRESS = 30  # several people may share one address
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class LoginRefused(AppError):
    """Wrong email or password (never says which)."""

    status_code = 401


class TooManyAttempts(AppError):
    """The sign-in rate limit was reached."""

    status_code = 429


class Unauthorized(AppError):
    """No valid session or token."""

    status_code = 401


class Forbidden(AppError):
    """Signed in, but not allowed to do this."""

    status_code = 403


@dataclass(frozen=True)
class Actor:
    """Who is acting: the account, and how it authenticated (session or a token's scope)."""

    user: User
    via: str  # "session" or a token scope

    @property
    def email(self) -> str:
        """The account's email, as revisions and the audit log record it."""
        return self.user.email

    @property
    def is_admin(self) -> bool:
        """True for admins."""
        return self.user.role == Role.admin


def normalise_email(email: str) -> str:
    """Emails are compared case-insensitively."""
    return email.strip().lower()


def create_user(session: Session, *, email: str, role: Role, password: str, by: str = "cli") -> User:
    """A new account; refuses a malformed email, a taken one or a weak password."""
    email = normalise_email(email)
    if not _EMAIL.match(email) or len(email) > 254:
        raise InputError(f"'{email}' is not an email address")
    problem = security.password_problem(password)
    if problem:
        raise InputError(problem)
    if session.exec(select(User).where(User.email == email)).first():
        raise AppError(f"an account for {email} already exists", 409)
    user = User(email=email, role=role.value, password_hash=security.hash_password(password))
    session.add(user)
    audit(session, actor=by, action="user.create", target=email, detail=f"role {role.value}")
    session.commit()
    session.refresh(user)
    return user


def first_admin_hint(session: Session) -> str | None:
    """The command that creates the first admin, while no account exists (there is no default one)."""
    if session.exec(select(User.id).limit(1)).first() is not None:
        return None
    return (
        "No editor account yet. Create the first admin with:\n  .venv/bin/dkb users create you@example.org --role admin"
    )


def get_by_email(session: Session, *, email: str) -> User:
    """An account by email."""
    user = session.exec(select(User).where(User.email == normalise_email(email))).first()
    if user is None:
        raise NotFound(f"no account {normalise_email(email)}")
    return user


def list_users(session: Session) -> list[User]:
    """Every account, by email."""
    return list(session.exec(select(User).order_by(col(User.email))).all())


def set_active(session: Session, *, email: str, active: bool, by: str = "cli") -> User:
    """Disable (or re-enable) an account; disabling ends its sessions and revokes its tokens."""
    user = get_by_email(session, email=email)
    user.active = active
    if not active:
        now = utcnow()
        for row in session.exec(select(UserSession).where(UserSession.user_id == user.id)):
            row.ended_at = row.ended_at or now
        for token in session.exec(select(ApiToken).where(ApiToken.user_id == user.id)):
            token.revoked = True
    audit(session, actor=by, action="user.enable" if active else "user.disable", target=user.email)
    session.commit()
    return user


def set_role(session: Session, *, email: str, role: Role, by: str = "cli") -> User:
    """Change an account's role."""
    user = get_by_email(session, email=email)
    user.role = role.value
    audit(session, actor=by, action="user.set_role", target=user.email, detail=role.value)
    session.commit()
    return user


def _failures(session: Session, column: object, value: str, since: datetime) -> int:
    query = select(func.count()).select_from(LoginAttempt).where(column == value, LoginAttempt.attempted_at >= since)
    return int(session.exec(query).one())


def authenticate(session: Session, *, email: str, password: str, address: str) -> User:
    """The account for these credentials; counts failures per account and per address."""
    email = normalise_email(email)[:254]
    address = address[:64]
    since = utcnow() - RATE_WINDOW
    if _failures(session, LoginAttempt.email, email, since) >= MAX_FAILURES_PER_ACCOUNT:
        raise TooManyAttempts(
            "Too many wrong passwords for this account in the last minute. Wait a minute and try again."
        )
    if _failures(session, LoginAttempt.address, address, since) >= MAX_FAILURES_PER_ADDRESS:
        raise TooManyAttempts(
            "Too many failed sign-ins from your address in the last minute. Wait a minute and try again."
        )
    user = session.exec(select(User).where(User.email == email)).first()
    ok = security.verify_password(user.password_hash if user else None, password)
    if user is None or not ok or not user.active:
        session.add(LoginAttempt(email=email, address=address))
        session.commit()
        raise LoginRefused("That email and password do not match an active account.")
    if security.needs_rehash(user.password_hash):
        user.password_hash = security.hash_password(password)
        session.commit()
    return user


def start_session(session: Session, *, user: User) -> str:
    """A new server-side session; returns the id for the cookie (only its hash is stored)."""
    assert user.id is not None
    key = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(UserSession(key_hash=security.digest(key), user_id=user.id, created_at=now,
                            expires_at=now + SESSION_LIFETIME))  # fmt: skip
    audit(session, actor=user.email, action="login")
    session.commit()
    return key


def user_for_session(session: Session, *, key: str) -> User | None:
    """The active account of a live session, or None."""
    row = session.exec(select(UserSession).where(UserSession.key_hash == security.digest(key))).first()
    if row is None or row.ended_at is not None or _aware(row.expires_at) <= utcnow():
        return None
    user = session.get(User, row.user_id)
    return user if user is not None and user.active else None


def end_session(session: Session, *, key: str) -> None:
    """Log out: the session id stops working on the server, whatever the browser keeps."""
    row = session.exec(select(UserSession).where(UserSession.key_hash == security.digest(key))).first()
    if row is not None and row.ended_at is None:
        row.ended_at = utcnow()
        user = session.get(User, row.user_id)
        audit(session, actor=user.email if user else "?", action="logout")
        session.commit()


def create_token(session: Session, *, email: str, scope: TokenScope, by: str = "cli") -> str:
    """A new API token for an account; the clear text is returned once and stored hashed."""
    user = get_by_email(session, email=email)
    if not user.active:
        raise AppError(f"{user.email} is disabled")
    assert user.id is not None
    token = "dkb_" + secrets.token_urlsafe(32)
    session.add(ApiToken(token_hash=security.digest(token), user_id=user.id, scope=scope.value))
    audit(session, actor=by, action="token.create", target=user.email, detail=scope.value)
    session.commit()
    return token


def list_tokens(session: Session) -> list[tuple[ApiToken, str]]:
    """Every token (never its clear text) with its account's email."""
    query = select(ApiToken, User.email).join(User, col(User.id) == ApiToken.user_id)
    return [(token, email) for token, email in session.exec(query.order_by(col(ApiToken.id))).all()]


def revoke_token(session: Session, *, token_id: int, by: str = "cli") -> ApiToken:
    """Revoke one token; it stops working at once."""
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(f"no token {token_id}")
    token.revoked = True
    audit(session, actor=by, action="token.revoke", target=str(token_id), detail=token.scope)
    session.commit()
    return token


def actor_for_token(session: Session, *, token: str) -> Actor | None:
    """The account and scope behind a Bearer token, or None when it is unknown or revoked."""
    row = session.exec(select(ApiToken).where(ApiToken.token_hash == security.digest(token))).first()
    if row is None or row.revoked:
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    row.last_used_at = utcnow()
    session.commit()
    return Actor(user, row.scope)


def audit(session: Session, *, actor: str, action: str, target: str = "", detail: str = "") -> None:
    """Record an editorial action in the caller's transaction."""
    session.add(AuditEntry(actor=actor[:254], action=action[:60], target=target[:300], detail=detail[:2000]))


def recent_audit(session: Session, *, limit: int = 200, target: str | None = None) -> list[AuditEntry]:
    """The latest audit entries, newest first (optionally for one target)."""
    query = select(AuditEntry)
    if target is not None:
        query = query.where(AuditEntry.target == target)
    return list(session.exec(query.order_by(col(AuditEntry.id).desc()).limit(limit)).all())


def _aware(moment: datetime) -> datetime:
    # SQLite returns naive datetimes for timezone-aware columns; they were stored as UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)
