"""End to end in headless Chromium: a reader searches and opens an article's context."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from search.client import SearchTarget
from tests.conftest import seed
from tests.live import serve

CHROMIUM = "/usr/bin/chromium"
pytestmark = pytest.mark.browser

IN_CI = os.environ.get("CI", "").lower() not in ("", "0", "false")


@pytest.fixture
def chromium() -> str:
    """The Debian Chromium binary; missing, a developer's run skips but a CI run fails."""
    if not Path(CHROMIUM).exists():
        if IN_CI:
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium", pytrace=False)
        pytest.skip("Debian chromium not installed (apt-get install chromium)")
    return CHROMIUM


@pytest.fixture
def live_url(meili: SearchTarget, engine: Engine) -> Iterator[str]:
    """The app served by uvicorn on a free port, with the seed data searchable."""
    with Session(engine) as session:
        seed(session)
    with serve(engine) as url:
        yield url


def test_reader_searches_places_and_opens_an_article(chromium: str, live_url: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        page = browser.new_page()
        page.goto(live_url)
        page.fill("form.big-search input[name=q]", "Kharkov")
        page.click("form.big-search button")
        expect(page.locator("ol.results li.hit").first).to_contain_text("Kharkov region")
        assert page.locator("ol.results li.hit-event").count() >= 3  # nine events, one result per sentence
        expect(page.locator("ol.results")).to_contain_text("4 places in this sentence")

        page.fill("header input[name=q]", "forced displacement")
        page.press("header input[name=q]", "Enter")
        page.locator("ol.results li.hit-article a").first.click()
        expect(page.locator("h1")).to_contain_text("Forced displacement")
        panel = page.locator("#conflict-context")
        expect(panel).to_contain_text("Conflict context")
        expect(panel).to_contain_text("No conflict events are linked")
        assert panel.locator("li.event").count() == 0
        page.screenshot(path=str(tmp_path / "article.png"), full_page=True)
        browser.close()
