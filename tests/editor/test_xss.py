"""Hostile text in every editor-written field stays inert on public and editor pages."""

from bs4 import BeautifulSoup, Tag
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session, select

from app.events.models import ConflictEvent
from app.users.models import Role
from tests.accounts import login, make_user
from tests.conftest import seed, wait_for_sync

SCRIPT = "<script>alert('x')</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)><svg onload=alert(2)>'
BODY = "\n\n".join([
    SCRIPT, ATTRIBUTE, '<a href="javascript:alert(3)">raw link</a>', "[md link](javascript:alert(4))",
    "[upper](JAVASCRIPT:alert(5))", "[tab](java\tscript:alert(6))", "[entity](&#106;avascript:alert(7))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCg4KTwvc2NyaXB0Pg==)", '![img](x" onerror="alert(9))',
    "<iframe src=https://example.org></iframe>", "A harmless closing line about alertness.",
])  # fmt: skip
SAFE_SCRIPTS = {"/static/editor.js"}


def _our_chart(tag: Tag) -> bool:
    """The server-drawn charts and maps (app/events/timeline.py, app/places/locator.py) are ours."""
    return tag.name == "svg" and bool({"timeline", "locator", "figure-chart"} & set(tag.get("class") or []))


def assert_inert(html: str, where: str) -> None:
    """No script we did not write, no event-handler attribute, no script or data URL."""
    soup = BeautifulSoup(html, "html.parser")
    assert [s for s in soup.find_all("script") if s.get("src") not in SAFE_SCRIPTS] == [], where
    embedded = soup.find_all(["img", "svg", "iframe", "object", "embed"])
    assert [t for t in embedded if not _our_chart(t)] == [], where
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            assert not name.lower().startswith("on"), (where, tag)
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name in {"href", "src", "action", "formaction"}:
                squashed = "".join(text.split()).lower()
                assert not squashed.startswith(("javascript:", "data:", "vbscript:")), (where, tag)


def test_hostile_title_summary_body_url_and_reason_are_inert(client: TestClient, engine: Engine) -> None:
    with Session(engine) as session:
        seed(session)
        event_id = session.exec(select(ConflictEvent.id)).first()
    make_user(engine, "admin@example.org", Role.admin)
    token = login(client, "admin@example.org")
    form = {"csrf_token": token, "slug": "hostile", "title": SCRIPT + ATTRIBUTE, "summary": ATTRIBUTE + SCRIPT,
            "body": BODY, "source": SCRIPT, "regions": "Kharkiv", "topics": ["ihl"], "action": "save"}  # fmt: skip
    refused = client.post("/editor/articles/new", data={**form, "source_url": "javascript:alert(1)"})
    assert refused.status_code == 422 and "must be an http(s) URL" in refused.text
    assert_inert(refused.text, "the form with errors")
    saved = client.post("/editor/articles/new", data={**form, "source_url": 'https://example.org/"><script>x</script>'},
                        follow_redirects=False)  # fmt: skip
    assert saved.status_code == 303, saved.text[:500]
    client.post("/editor/articles/hostile/state", data={"csrf_token": token, "action": "publish"})
    client.post("/editor/articles/hostile/links", data={"csrf_token": token, "action": "add", "event_id": event_id,
                                                         "reason": SCRIPT + ATTRIBUTE})  # fmt: skip
    wait_for_sync(engine)
    public = client.get("/articles/hostile")
    assert public.status_code == 200 and "alertness" in public.text
    soup = BeautifulSoup(public.text, "html.parser")
    assert soup.h1 is not None and soup.h1.text.startswith("<script>")  # shown as text
    assert SCRIPT in soup.select_one("#conflict-context .reason").text  # type: ignore[union-attr]
    pages = {
        "public article": public.text,
        "editor article": client.get("/editor/articles/hostile").text, "dashboard": client.get("/editor").text,
        "revisions": client.get("/editor/articles/hostile/revisions").text,
        "audit": client.get("/editor/audit").text, "search": client.get("/search", params={"q": "alertness"}).text,
        "preview": client.post("/editor/preview", data={"csrf_token": token, "body": BODY}).text,
        "articles": client.get("/articles").text, "home": client.get("/").text,
        "event": client.get(f"/events/{event_id}").text,
    }  # fmt: skip
    assert "hostile" in pages["search"]
    for where, html in pages.items():
        assert_inert(html, where)
    api = client.get("/api/v1/articles/hostile")
    assert api.headers["content-type"] == "application/json" and api.json()["title"] == SCRIPT + ATTRIBUTE
