"""In headless Chromium: the timeline and locator SVGs render with bars and accessible names; /docs works offline."""

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from app.articles.flows import publish_paths
from app.bulletins.flows import ingest_sources
from app.links.service import refresh_auto_links
from search.client import SearchTarget
from tests.conftest import seed
from tests.live import serve
from tests.paths import ROOT

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]  # fmt: skip
pytestmark = pytest.mark.browser

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium")
    pytest.skip("Debian chromium not installed (apt-get install chromium)", allow_module_level=True)


@pytest.fixture
def live_url(meili: SearchTarget, engine: Engine) -> Iterator[str]:
    """The seed, the Kharkiv article and an OCHA flash update about Kharkiv region, served by uvicorn."""
    with Session(engine) as session:
        seed(session)
        publish_paths(session, paths=[ROOT / "content" / "articles" / "kharkiv-oblast-displacement.md"])
        ocha = ROOT / "tests" / "bulletins" / "corpus" / "humanitarian-ocha-2024-05-12-1.txt"
        assert not ingest_sources(session, sources_=[str(ocha)]).errors
        refresh_auto_links(session)
    with serve(engine) as url:
        yield url


def test_timeline_and_locator_render_as_accessible_images(live_url: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    shots = Path(os.environ.get("DKB_SCREENSHOTS", tmp_path))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{live_url}/regions/UA-63")
        chart = page.get_by_role("img", name="Claimed events per day by claimant")
        expect(chart).to_be_visible()
        expect(chart).to_have_accessible_description(re.compile(r"^9 claimed events .* Russian MoD 9\."))
        bars = chart.locator("rect.bar")
        assert bars.count() == 1
        box = bars.first.bounding_box()
        assert box is not None and box["height"] > 50 and box["width"] > 5  # one tall bar: 9 events on 4 January
        expect(page.locator("table.region-figures")).to_contain_text("more than 4,000 civilians")
        page.get_by_text("Data table").first.click()
        expect(page.locator(".timeline-table table")).to_contain_text("4 Jan 2026")
        page.screenshot(path=str(shots / "region.png"), full_page=True)

        page.goto(f"{live_url}/places?q=Zolochev")
        page.locator("ul.places-found a").first.click()
        locator = page.get_by_role("img", name="Where Zolochiv is")
        expect(locator).to_be_visible()
        marker = locator.locator("circle.place").bounding_box()
        frame = locator.bounding_box()
        assert marker and frame and frame["x"] <= marker["x"] <= frame["x"] + frame["width"]
        assert locator.locator("circle.context").count() > 50
        page.screenshot(path=str(shots / "place.png"), full_page=True)

        page.goto(f"{live_url}/articles/kharkiv-oblast-displacement")
        expect(
            page.locator("#conflict-context").get_by_role("img", name="Claimed events per day by claimant")
        ).to_be_visible()
        page.screenshot(path=str(shots / "article.png"), full_page=True)
        for name in ("regions", "places", "topics"):
            page.goto(f"{live_url}/{name}")
            expect(page.locator("h1")).to_contain_text(name.capitalize())
            page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
        browser.close()


def test_docs_render_with_the_network_off(live_url: str, tmp_path: Path) -> None:
    from playwright.sync_api import Route, expect, sync_playwright

    outside: list[str] = []

    def local_only(route: Route) -> None:
        if route.request.url.startswith(live_url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.route("**/*", local_only)
        page.goto(f"{live_url}/docs")
        expect(page.locator(".swagger-ui .opblock-tag").first).to_be_visible(timeout=20_000)
        expect(page.locator(".swagger-ui")).to_contain_text("/api/v1/regions/{code}")
        page.screenshot(path=str(Path(os.environ.get("DKB_SCREENSHOTS", tmp_path)) / "docs.png"), full_page=False)
        browser.close()
    assert outside == []
