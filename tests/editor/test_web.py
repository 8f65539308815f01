"""The editor's pages over HTTP: forms, preview without JavaScript, and two people saving at once."""

import re

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.users.models import Role
from tests.accounts import login, make_user

FORM = {"slug": "camps", "title": "Camps", "summary": "Where people stay.", "regions": "Kharkiv", "body": "First.",
        "topics": ["forced-displacement"], "action": "save"}  # fmt: skip


def _textarea(html: str, name: str) -> str:
    match = re.search(rf'<textarea id="[^"]+" name="{name}"[^>]*>(.*?)</textarea>', html, re.S)
    assert match, name
    return match.group(1)


def test_a_second_save_on_an_old_revision_shows_the_difference_and_keeps_the_text(
    client: TestClient, engine: Engine
) -> None:
    make_user(engine, "alice@example.org")
    make_user(engine, "bob@example.org", Role.admin)
    alice = TestClient(client.app)  # type: ignore[arg-type]
    alice_token = login(alice, "alice@example.org")
    assert alice.post("/editor/articles/new", data={**FORM, "csrf_token": alice_token}).status_code == 200
    bob_token = login(client, "bob@example.org")
    base = {**FORM, "base_revision": "1"}
    saved = alice.post("/editor/articles/camps", data={**base, "body": "Alice's text.", "csrf_token": alice_token})
    assert "Saved as revision 2" in saved.text
    late = client.post("/editor/articles/camps", data={**base, "body": "Bob's text.", "csrf_token": bob_token})
    assert late.status_code == 409 and "Revision 2 was saved by alice@example.org" in late.text
    assert _textarea(late.text, "body") == "Bob&#39;s text."
    assert "- Alice&#39;s text." in late.text and "+ Bob&#39;s text." in late.text
    assert 'name="base_revision" value="2"' in late.text
    again = client.post("/editor/articles/camps", data={**base, "base_revision": "2", "body": "Bob's text.",
                                                        "csrf_token": bob_token})  # fmt: skip
    assert "Saved as revision 3" in again.text


def test_preview_without_javascript_saves_nothing(client: TestClient, engine: Engine) -> None:
    make_user(engine, "alice@example.org")
    token = login(client, "alice@example.org")
    shown = client.post("/editor/articles/new", data={**FORM, "body": "# Heading\n\n*soft*", "action": "preview",
                                                      "csrf_token": token})  # fmt: skip
    assert shown.status_code == 200 and '<div id="preview" class="body preview"' in shown.text
    assert "<h2>Heading</h2>" in shown.text and "<em>soft</em>" in shown.text
    assert client.get("/editor/articles/camps").status_code == 404
    bad = client.post("/editor/articles/new", data={**FORM, "regions": "Kharkvi\nDonetsk", "csrf_token": token})
    assert bad.status_code == 422
    assert re.search(r'id="error-regions"[^>]*>unknown region &#39;Kharkvi&#39;</p>', bad.text)
    assert "Region “Donetsk”: Donetsk (UA-14)" in bad.text and "Nothing was saved" in bad.text
    dashboard = client.get("/editor")
    assert "None." in dashboard.text and "camps" not in dashboard.text
