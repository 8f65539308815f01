"""Bulletin pages in headless Chromium: extraction status, and the sources page with a failing feed."""

import shutil
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from app.bulletins import feeds
from tests.web.test_browser import CHROMIUM, live_url

__all__ = ["live_url"]  # the fixture, shared with the other browser tests
pytestmark = pytest.mark.browser

UNREACHABLE_FEED = "http://127.0.0.1:9/feed.xml"  # port 9 (discard) refuses connections


def test_a_reader_sees_extraction_status_and_feed_health(live_url: str, engine: Engine, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    with Session(engine) as session:
        source = feeds.follow(session, location=UNREACHABLE_FEED, interval=300)
        feeds.poll(session, source=source, allow_private=True)
    assert shutil.which(CHROMIUM) or Path(CHROMIUM).exists()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto(f"{live_url}/bulletins")
        page.locator("ul li a").first.click()
        expect(page.locator("dl.provenance")).to_contain_text("extracted (language: en)")
        page.goto(f"{live_url}/bulletins")
        page.get_by_role("link", name="Sources and followed feeds").click()
        row = page.locator("table.sources tr", has_text=UNREACHABLE_FEED)
        expect(row).to_contain_text("feed")
        expect(row).to_contain_text("300 s")
        expect(row).to_contain_text("download failed")
        expect(row).to_contain_text("never")
        page.screenshot(path=str(tmp_path / "sources.png"), full_page=True)
        browser.close()
