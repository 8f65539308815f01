"""The write API: Bearer tokens with scopes, the web's validation, revisions and states."""

from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.cli import main
from app.users.models import Role
from tests.accounts import login, make_user
from tests.paths import SEED

ARTICLE = {
    "title": "Returns to Kharkiv", "summary": "Who comes back.", "topics": ["forced-displacement"],
    "regions": ["Kharkov region"], "places": ["Vovchansk"], "body": "People return.", "status": "draft",
}  # fmt: skip


def _token(engine: Engine, email: str, scope: str, role: Role = Role.editor) -> dict[str, str]:
    make_user(engine, email, role)
    created = CliRunner().invoke(main, ["tokens", "create", "--user", email, "--scope", scope])
    assert created.exit_code == 0, created.output
    return {"Authorization": f"Bearer {created.output.strip()}"}


def test_put_validates_like_files_and_keeps_revisions(client: TestClient, engine: Engine) -> None:
    editor = _token(engine, "tool@example.org", "articles:write")
    bad = client.put("/api/v1/articles/returns", json={**ARTICLE, "regions": ["Kharkvi"], "colour": 1}, headers=editor)
    assert bad.status_code == 422
    assert bad.json()["errors"]["regions"] == "unknown region 'Kharkvi'" and "colour" in bad.json()["errors"]
    created = client.put("/api/v1/articles/returns", json=ARTICLE, headers=editor)
    assert created.status_code == 201 and created.json() == {
        "slug": "returns", "revision": 1, "status": "draft", "url": "/articles/returns"}  # fmt: skip
    denied = client.put("/api/v1/articles/returns", json={**ARTICLE, "status": "published"}, headers=editor)
    assert denied.status_code == 403 and "admin" in denied.json()["error"]["message"]
    submitted = client.put("/api/v1/articles/returns", json={**ARTICLE, "body": "Edited.", "status": "in_review",
                                                             "base_revision": 1}, headers=editor)  # fmt: skip
    assert submitted.json() == {"slug": "returns", "revision": 2, "status": "in_review", "url": "/articles/returns"}
    stale = client.put(
        "/api/v1/articles/returns", json={**ARTICLE, "body": "Late.", "base_revision": 1}, headers=editor
    )
    assert stale.status_code == 409 and "Revision 2 was saved by tool@example.org" in stale.json()["error"]["message"]
    assert client.get("/api/v1/articles/returns/revisions").status_code == 404  # unpublished: not public
    listed = client.get("/api/v1/articles/returns/revisions", headers=editor).json()
    assert listed["total"] == 2 and [r["number"] for r in listed["items"]] == [2, 1]
    one = client.get("/api/v1/articles/returns/revisions/1", headers=editor).json()
    assert one["article"]["body"] == "People return." and one["origin"] == "api"
    admin = _token(engine, "boss@example.org", "articles:write", Role.admin)
    published = client.put("/api/v1/articles/returns", json={**ARTICLE, "body": "Edited.", "status": "published"},
                           headers=admin)  # fmt: skip
    assert published.json()["status"] == "published" and published.json()["revision"] == 2
    public = client.get("/api/v1/articles/returns/revisions").json()
    assert public["total"] == 2 and client.get("/api/v1/articles/returns").json()["body"] == "Edited."


def test_writes_need_a_valid_token_with_the_right_scope(client: TestClient, engine: Engine) -> None:
    bulletins = _token(engine, "feed@example.org", "bulletins:write")
    assert client.put("/api/v1/articles/x", json=ARTICLE).status_code == 401
    assert client.put("/api/v1/articles/x", json=ARTICLE).headers["www-authenticate"] == "Bearer"
    assert client.put("/api/v1/articles/x", json=ARTICLE, headers={"Authorization": "Bearer nope"}).status_code == 401
    wrong = client.put("/api/v1/articles/x", json=ARTICLE, headers=bulletins)
    assert wrong.status_code == 403 and "articles:write" in wrong.json()["error"]["message"]
    CliRunner().invoke(main, ["users", "disable", "feed@example.org"])
    assert client.post("/api/v1/bulletins", json={"text": "x"}, headers=bulletins).status_code == 401


def test_a_session_write_needs_the_csrf_header(client: TestClient, engine: Engine) -> None:
    make_user(engine, "ed@example.org")
    token = login(client, "ed@example.org")
    assert client.put("/api/v1/articles/web-tool", json=ARTICLE).status_code == 403
    made = client.put("/api/v1/articles/web-tool", json=ARTICLE, headers={"X-CSRF-Token": token})
    assert made.status_code == 201


def test_post_bulletins_ingests_text_like_the_cli(client: TestClient, engine: Engine) -> None:
    headers = _token(engine, "feed@example.org", "bulletins:write")
    text = SEED.read_text(encoding="utf-8")
    first = client.post("/api/v1/bulletins", json={"text": text, "source": "mod-2026-01-04"}, headers=headers)
    assert first.status_code == 201
    [entry] = first.json()["bulletins"]
    assert entry["events"] == 35 and entry["duplicate"] is False
    again = client.post("/api/v1/bulletins", json={"text": text}, headers=headers).json()
    assert again["bulletins"][0]["duplicate"] is True
    both = client.post("/api/v1/bulletins", json={"text": text, "url": "https://example.org"}, headers=headers)
    assert both.status_code == 422 and "exactly one" in both.json()["error"]["message"]
    private = client.post("/api/v1/bulletins", json={"url": "http://127.0.0.1:1/x"}, headers=headers)
    assert private.status_code == 422 and private.json()["errors"]
    junk = client.post("/api/v1/bulletins", json={"text": "\x00\x01"}, headers=headers)
    assert junk.status_code == 422 and "NUL character" in junk.json()["errors"][0]
