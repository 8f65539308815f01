"""Without a session every editor page redirects to login and every write answers 401."""

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from app.articles import workflow
from app.users.models import Role
from app.users.service import get_by_email
from tests.accounts import make_user
from tests.conftest import seed

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# Signing in and out are the only writes that do not need a session.
OPEN_WRITES = {"/login", "/logout"}


def _path(path: str) -> str:
    return path.replace("{slug}", "wilson-center-forced-displacement").replace("{number}", "1")


def test_every_editor_page_redirects_and_every_write_is_401(client: TestClient, engine: Engine) -> None:
    with Session(engine) as session:
        seed(session)
    routes = {path: {m.upper() for m in ops} for path, ops in client.get("/openapi.json").json()["paths"].items()}
    pages = [path for path, methods in routes.items() if path.startswith("/editor") and "GET" in methods]
    writes = [(m, path) for path, methods in routes.items() for m in methods & WRITE_METHODS if path not in OPEN_WRITES]
    assert len(pages) >= 6 and len(writes) >= 9
    for path in pages:
        response = client.get(_path(path), follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/login?next=%2Feditor"), path
    for method, path in writes:
        response = client.request(method, _path(path), data={"action": "publish"}, follow_redirects=False)
        assert response.status_code == 401, (method, path, response.status_code)


def test_a_logged_in_form_post_without_csrf_is_403(client: TestClient, engine: Engine) -> None:
    from tests.accounts import login

    with Session(engine) as session:
        seed(session)
    make_user(engine, "admin@example.org", Role.admin)
    token = login(client, "admin@example.org")
    slug = "wilson-center-forced-displacement"
    for path, data in [(f"/editor/articles/{slug}/state", {"action": "unpublish"}),
                       (f"/editor/articles/{slug}", {"title": "x", "body": "y"}),
                       (f"/editor/articles/{slug}/links", {"action": "hide_reason", "reason": "x"}),
                       ("/editor/preview", {"body": "x"}), ("/logout", {})]:  # fmt: skip
        assert client.post(path, data=data, follow_redirects=False).status_code == 403, path
        assert client.post(path, data={**data, "csrf_token": token + "x"}, follow_redirects=False).status_code == 403
    with Session(engine) as session:
        assert workflow.get_article(session, slug=slug).status.value == "published"
        assert get_by_email(session, email="admin@example.org").active
    assert client.get("/editor").status_code == 200  # still signed in: logout was refused too
