"""The timeline: bucket sizes by window length, and the SVG's bars, title, description and legend."""

import xml.etree.ElementTree as ElementTree
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.events.timeline import Bucket, Timeline, bucket_start, describe, svg, unit_for
from tests.conftest import seed

SVG = "{http://www.w3.org/2000/svg}"


def test_bars_are_days_then_weeks_then_months() -> None:
    assert unit_for(date(2026, 1, 1), date(2026, 3, 31)) == "day"  # 90 days
    assert unit_for(date(2026, 1, 1), date(2026, 6, 30)) == "week"
    assert unit_for(date(2024, 1, 1), date(2026, 6, 30)) == "month"
    assert bucket_start(date(2026, 1, 4), "week") == date(2025, 12, 29)  # a Sunday belongs to Monday's week
    assert bucket_start(date(2026, 1, 4), "month") == date(2026, 1, 1)


def test_svg_stacks_claimants_and_describes_itself() -> None:
    mod, staff = "Russian Ministry of Defence", "General Staff of the Armed Forces of Ukraine"
    line = Timeline(
        date(2026, 1, 1), date(2026, 1, 3), "day", [mod, staff],
        [Bucket(date(2026, 1, 1), {mod: 4, staff: 2}), Bucket(date(2026, 1, 2)), Bucket(date(2026, 1, 3), {mod: 1})],
    )  # fmt: skip
    root = ElementTree.fromstring(svg(line, chart_id="t"))
    assert root.get("role") == "img" and root.get("aria-labelledby") == "t-title"
    assert root.find(f"{SVG}title").text == "Claimed events per day by claimant"  # type: ignore[union-attr]
    bars = root.findall(f".//{SVG}rect[@class='bar']")
    assert [bar.find(f"{SVG}title").text for bar in bars] == [  # type: ignore[union-attr]
        "1 Jan 2026: Russian MoD, 4 events", "1 Jan 2026: Ukrainian General Staff, 2 events",
        "3 Jan 2026: Russian MoD, 1 event",
    ]  # fmt: skip
    assert len({bar.get("fill") for bar in bars}) == 2
    heights = [float(bar.get("height", 0)) for bar in bars]
    assert heights[0] == pytest.approx(2 * heights[1], abs=0.3) and heights[0] == pytest.approx(4 * heights[2], abs=0.3)
    assert describe(line).startswith("7 claimed events from 1 Jan 2026 to 3 Jan 2026, one bar per day")
    assert "Ukrainian General Staff 2" in describe(line) and "busiest day was 1 Jan 2026 with 6" in describe(line)


def test_timeline_api_takes_the_event_filters(client: TestClient, session: Session) -> None:
    seed(session)
    whole = client.get("/api/v1/timeline").json()
    assert whole["total"] == 35 and whole["claimants"] == ["Russian Ministry of Defence"]
    window = client.get("/api/v1/timeline", params={"date_from": "2025-12-01", "date_to": "2026-01-31"}).json()
    assert window["unit"] == "day" and len(window["buckets"]) == 62 and window["total"] == 35
    assert client.get("/api/v1/timeline", params={"region": "Kharkov"}).json()["total"] == 9
    assert client.get("/api/v1/timeline", params={"date_from": "2030-01-01"}).json() is None
