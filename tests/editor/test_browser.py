"""The whole editorial path in headless Chromium, against a real server and a real Meilisearch."""

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from sqlalchemy import Engine
from sqlmodel import Session

from app.cli import main
from app.users.models import Role
from search.client import SearchTarget
from tests.accounts import PASSWORD, make_user
from tests.conftest import seed, wait_for_sync
from tests.live import serve
from tests.paths import SEED

CHROMIUM = "/usr/bin/chromium"
pytestmark = pytest.mark.browser

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium")
    pytest.skip("Debian chromium not installed (apt-get install chromium)", allow_module_level=True)

BODY = "## Evacuations\n\nFamilies left Kharkiv by train in May 2024.\n\n- first bus\n- second bus"


@pytest.fixture
def live_url(meili: SearchTarget, engine: Engine) -> Iterator[str]:
    """The app served by uvicorn on a free port, with seed data and two editors."""
    with Session(engine) as session:
        seed(session)
    make_user(engine, "alice@example.org", Role.editor)
    make_user(engine, "bob@example.org", Role.editor)
    with serve(engine) as url:
        yield url


def _login(page, url: str, email: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{url}/editor")
    assert "/login" in page.url
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login button")
    page.wait_for_url(f"{url}/editor")


def test_write_review_publish_curate_and_restore(live_url: str, engine: Engine, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        alice = browser.new_context().new_page()
        _login(alice, live_url, "alice@example.org")
        alice.click("text=New article")
        alice.fill("#f-slug", "kharkiv-train-evacuations")
        alice.fill("#f-title", "Train evacuations from Kharkiv")
        alice.fill("#f-summary", "How families left the city by rail.")
        alice.check("input[name=topics][value=forced-displacement]")
        alice.fill("#f-regions", "Kharkvi")
        alice.fill("#f-published", "2024-05-20")
        alice.fill("#f-from", "2026-01-01")
        alice.fill("#f-to", "2026-01-31")
        alice.fill("#f-body", BODY)
        expect(alice.locator("#preview h2")).to_have_text("Evacuations")  # live preview (JavaScript)
        alice.click("button[value=save]")
        error = alice.locator("#error-regions")
        expect(error).to_contain_text("unknown region 'Kharkvi'")
        expect(alice.locator("#f-regions + #error-regions")).to_have_count(1)  # next to its field
        alice.fill("#f-regions", "Kharkiv")
        alice.click("button[value=preview]")  # the no-JavaScript preview
        expect(alice.locator("#preview li")).to_have_count(2)
        expect(alice.locator(".tag-checks")).to_contain_text("Kharkiv (UA-63)")
        alice.click("button[value=save]")
        expect(alice.locator(".notice.ok")).to_contain_text("Saved as revision 1")
        alice.click("button[value=submit]")
        expect(alice.locator("#state")).to_have_text("in review")
        expect(alice.locator("form.states")).to_contain_text("a second editor or an admin must approve it")

        bob = browser.new_context().new_page()
        _login(bob, live_url, "bob@example.org")
        bob.click("#state-in_review a")
        bob.click("button[value=publish]")
        expect(bob.locator("#state")).to_have_text("published")

        wait_for_sync(engine)
        bob.goto(f"{live_url}/search?q=train+evacuations")
        bob.locator("ol.results li.hit-article a", has_text="Train evacuations").first.click()
        panel = bob.locator("#conflict-context")
        expect(panel.locator("li.event")).to_have_count(9)
        expect(panel).to_contain_text("Same region: Kharkiv (UA-63)")

        alice.goto(f"{live_url}/editor/articles/kharkiv-train-evacuations")
        rows = alice.locator("table.links tr.link")
        expect(rows).to_have_count(9)
        pinned_id = rows.nth(5).get_attribute("data-event")
        hidden_id = rows.nth(0).get_attribute("data-event")
        rows.nth(5).locator("button[value=pin]").click()
        alice.locator(f"tr.link[data-event='{hidden_id}'] button[value=hide]").click()
        expect(alice.locator(f"tr.link[data-event='{hidden_id}']")).to_have_class("link hidden")

        runner = CliRunner()
        token = runner.invoke(main, ["tokens", "create", "--user", "bob@example.org", "--scope", "bulletins:write"])
        later = SEED.read_text(encoding="utf-8").replace("January 4, 2026", "January 5, 2026")
        posted = httpx.post(f"{live_url}/api/v1/bulletins", json={"text": later.replace("4 January", "5 January")},
                            headers={"Authorization": f"Bearer {token.output.strip()}"}, timeout=60)  # fmt: skip
        assert posted.status_code == 201 and posted.json()["bulletins"][0]["duplicate"] is False

        bob.reload()
        events = bob.locator("#conflict-context li.event")
        expect(events).to_have_count(17)  # 9 + 9 new, minus the hidden one
        expect(events.first.locator("a")).to_have_attribute("href", f"/events/{pinned_id}")
        expect(bob.locator(f"#conflict-context a[href='/events/{hidden_id}']")).to_have_count(0)

        alice.goto(f"{live_url}/editor/articles/kharkiv-train-evacuations")
        alice.fill("#f-body", BODY + "\n\nA new closing paragraph.")
        alice.click("button[value=save]")
        expect(alice.locator(".notice.ok")).to_contain_text("Saved as revision 2")
        alice.click("text=Revisions and differences")
        expect(alice.locator(".diff-body .added", has_text="+ A new closing paragraph.")).to_have_count(1)
        alice.click("#revision-1 button")
        expect(alice.locator(".notice.ok")).to_contain_text("Saved as revision 3. It restores revision 1.")
        assert alice.input_value("#f-body") == BODY
        alice.screenshot(path=str(tmp_path / "editor.png"), full_page=True)
        browser.close()


def test_hostile_text_runs_no_script_in_chromium(live_url: str, engine: Engine) -> None:
    from playwright.sync_api import sync_playwright

    from app.articles import workflow
    from app.users.service import Actor, get_by_email
    from tests.editor.test_xss import ATTRIBUTE, BODY, SCRIPT

    make_user(engine, "admin@example.org", Role.admin)
    with Session(engine) as session:
        admin = Actor(get_by_email(session, email="admin@example.org"), "session")
        fields = {"title": SCRIPT + ATTRIBUTE, "summary": ATTRIBUTE, "source": SCRIPT, "regions": ["Kharkiv"],
                  "source_url": 'https://example.org/"><script>alert(10)</script>'}  # fmt: skip
        checked = workflow.validate(session, slug="hostile", fields=fields, body=BODY)
        assert not checked.errors, checked.errors
        workflow.save(session, draft=checked.draft, actor=admin, base_revision=None)
        workflow.publish(session, article=workflow.get_article(session, slug="hostile"), actor=admin)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_context().new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.set_content("<script>alert('control')</script>")  # the listener does see a script that runs
        assert dialogs == ["control"]
        dialogs.clear()
        _login(page, live_url, "admin@example.org")
        for path in ["/articles/hostile", "/editor/articles/hostile", "/editor", "/editor/articles/hostile/revisions"]:
            page.goto(live_url + path)
            for link in page.locator("main a").all()[:60]:
                link.hover()
        page.goto(f"{live_url}/articles/hostile")
        assert page.locator("a[href^='javascript'], a[href^='JAVASCRIPT'], a[href^='data:']").count() == 0
        assert "[md link](javascript:alert(4))" in page.locator("div.body").inner_text()  # shown as text
        browser.close()
    assert dialogs == []
