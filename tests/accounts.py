"""Helpers for tests that sign in: accounts, login through the real form, CSRF tokens."""

import re

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from app.users import service
from app.users.models import Role

PASSWORD = "correct horse battery"


def make_user(engine: Engine, email: str, role: Role = Role.editor) -> None:
    """Create an account with the shared test password."""
    with Session(engine) as session:
        service.create_user(session, email=email, role=role, password=PASSWORD)


def csrf(client: TestClient, path: str = "/login") -> str:
    """The CSRF token a page's forms carry (the page also sets the cookie)."""
    page = client.get(path)
    match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert match, (path, page.status_code, page.text[:300])
    return match.group(1)


def login(client: TestClient, email: str, password: str = PASSWORD) -> str:
    """Sign in through the form; returns the CSRF token for later posts (signing in issues a new one)."""
    token = csrf(client)
    response = client.post("/login", data={"email": email, "password": password, "csrf_token": token},
                           follow_redirects=False)  # fmt: skip
    assert response.status_code == 303, response.text[:500]
    return csrf(client, "/editor")
