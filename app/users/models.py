"""Editors' accounts, their sessions and API tokens, login attempts and the audit log."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, DateTime
from sqlmodel import Field, SQLModel

from app.db import utcnow


def _stamp() -> Column[datetime]:
    return Column(DateTime(timezone=True), nullable=False)


class Role(StrEnum):
    """What an account may do: editors write and review, admins also publish directly."""

    editor = "editor"
    admin = "admin"


class TokenScope(StrEnum):
    """What an API token may write."""

    articles_write = "articles:write"
    bulletins_write = "bulletins:write"


class User(SQLModel, table=True):
    """An editor's or admin's account (there is no default one)."""

    __tablename__ = "app_user"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(unique=True, index=True, max_length=254)
    password_hash: str = Field(max_length=200)
    role: str = Field(default=Role.editor.value, max_length=10)  # a Role value
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_column=_stamp())


class UserSession(SQLModel, table=True):
    """A signed-in browser; only the hash of its id is stored, and logout ends it here."""

    id: int | None = Field(default=None, primary_key=True)
    key_hash: str = Field(unique=True, index=True, max_length=64)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_stamp())
    expires_at: datetime = Field(sa_column=_stamp())
    ended_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))


class ApiToken(SQLModel, table=True):
    """A Bearer token for tools, stored hashed; shown once when created."""

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True, index=True, max_length=64)
    user_id: int = Field(foreign_key="app_user.id", index=True)
    scope: str = Field(max_length=30)  # a TokenScope value
    created_at: datetime = Field(default_factory=utcnow, sa_column=_stamp())
    last_used_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    revoked: bool = False


class LoginAttempt(SQLModel, table=True):
    """A failed sign-in, kept in the database so the rate limit holds across workers."""

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(index=True, max_length=254)
    address: str = Field(index=True, max_length=64)
    attempted_at: datetime = Field(default_factory=utcnow, sa_column=_stamp())


class AuditEntry(SQLModel, table=True):
    """Who did what to what, and when."""

    id: int | None = Field(default=None, primary_key=True)
    actor: str = Field(index=True, max_length=254)
    action: str = Field(max_length=60)
    target: str = Field(default="", index=True, max_length=300)
    detail: str = Field(default="", max_length=2000)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_stamp())
