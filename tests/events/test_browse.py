"""Browsing and exporting events: filters in any spelling, facets, CSV, GeoJSON and the /events page."""

import csv
import io
import json
from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlmodel import Session, col

from app.articles.flows import publish_paths
from app.events import browse
from app.events import service as events_service
from app.events.models import ConflictEvent
from tests.conftest import seed
from tests.paths import ROOT


def test_region_filter_takes_any_spelling_and_unknown_values_are_400(client: TestClient, session: Session) -> None:
    seed(session)
    by_code = client.get("/api/v1/events", params={"region": "UA-63"}).json()
    by_russian_name = client.get("/api/v1/events", params={"region": "Kharkov"}).json()
    assert by_code["total"] == by_russian_name["total"] == 9
    assert [e["id"] for e in by_code["items"]] == [e["id"] for e in by_russian_name["items"]]
    bad = client.get("/api/v1/events", params={"region": "Atlantis"})
    assert bad.status_code == 400 and "Atlantis" in bad.text


def test_lists_page_with_next_links(client: TestClient, session: Session) -> None:
    seed(session)
    first = client.get("/api/v1/events", params={"limit": 20}).json()
    assert first["total"] == 35 and first["next"] and "cursor=" in first["next"]
    last = client.get(first["next"]).json()
    assert len(last["items"]) == 15 and last["next"] is None


def _walk(client: TestClient, **params: object) -> list[int]:
    ids: list[int] = []
    page = client.get("/api/v1/events", params={**params, "limit": 4}).json()  # type: ignore[arg-type]
    while True:
        assert page["offset"] == len(ids)  # a cursor page still says where it starts
        ids += [item["id"] for item in page["items"]]
        if not page["next"]:
            return ids
        assert "offset" not in page["next"] and all(f"{k}=" in page["next"] for k in params)
        page = client.get(page["next"]).json()


def test_next_cursors_walk_the_whole_list_in_order_past_undated_events(client: TestClient, session: Session) -> None:
    seed(session)
    two_days = [1, 2, 3, 4, 5, 6, 7]
    session.exec(update(ConflictEvent).where(col(ConflictEvent.id).in_([8, 9, 10, 11])).values(date=None))
    session.exec(update(ConflictEvent).where(col(ConflictEvent.id).in_(two_days)).values(date=date(2026, 1, 3)))
    session.commit()
    for sort in ("newest", "oldest"):
        whole = client.get("/api/v1/events", params={"limit": 500, "sort": sort}).json()
        listed = [item["id"] for item in whole["items"]]
        assert _walk(client, sort=sort) == listed and len(listed) == 35, sort
        assert sorted(listed[-4:]) == [8, 9, 10, 11]  # undated last in either order
    kharkiv = [item["id"] for item in client.get("/api/v1/events", params={"region": "UA-63"}).json()["items"]]
    assert _walk(client, region="UA-63") == kharkiv


def test_a_cursor_the_list_did_not_hand_out_is_a_400(client: TestClient, session: Session) -> None:
    seed(session)
    for cursor in ["nonsense", "MjAyNn4xfjF-MQ", "LX45OTk5OTk5OTk5OTk5OTk5OTk5OTk5OX4xfjE", "a" * 201, "../../etc"]:
        answer = client.get("/api/v1/events", params={"cursor": cursor})
        assert answer.status_code in (400, 422) and answer.json()["error"]["message"], cursor


def test_csv_export_keeps_claimant_quote_span_and_name_as_written(client: TestClient, session: Session) -> None:
    seed(session)
    response = client.get("/api/v1/events.csv", params={"region": "Kharkiv"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 9
    zolochev = next(r for r in rows if r["place_as_written"] == "Zolochev")
    assert zolochev["place_name"] == "Zolochiv" and zolochev["claimant"] == "Russian Ministry of Defence"
    text = client.get(f"/api/v1/bulletins/{zolochev['bulletin_id']}").json()["text"]
    assert text[int(zolochev["span_start"]) : int(zolochev["span_end"])] == zolochev["quote"]


def test_geojson_export_is_a_feature_collection_of_points(client: TestClient, session: Session) -> None:
    from geojson_pydantic import FeatureCollection

    seed(session)
    body = client.get("/api/v1/events.geojson").json()
    collection = FeatureCollection.model_validate(body)
    assert collection.features, "resolved places with coordinates become points"
    for feature in body["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert 22 < lon < 41 and 44 < lat < 53  # inside Ukraine
        assert feature["properties"]["claimant"] and feature["properties"]["quote"]
    assert json.dumps(body)


def test_events_page_filters_with_facet_counts(client: TestClient, session: Session) -> None:
    seed(session)
    page = client.get("/events", params={"region": "Kharkov", "sort": "oldest"})
    assert page.status_code == 200
    assert "9 events" in page.text and "Russian MoD claims" in page.text
    assert "/api/v1/events.csv?region=Kharkov" in page.text
    assert client.get("/events", params={"region": "nowhere"}).status_code == 400


def test_kept_facet_counts_give_way_to_any_event_write(session: Session) -> None:
    seed(session)
    counts = browse.facets(session, filters=browse.EventFilters())
    assert dict(counts["region"])["UA-63"] == 9
    assert browse.facets(session, filters=browse.EventFilters()) is counts  # nothing changed: kept
    kharkiv, _ = browse.list_events(session, filters=browse.EventFilters(region="UA-63"), limit=9)
    events_service.set_place_resolution(session, event=kharkiv[0], place_code=None)  # an update, no new row
    session.commit()
    assert browse.facets(session, filters=browse.EventFilters()) is not counts
    events_service.delete_for_bulletin(session, bulletin_id=kharkiv[0].bulletin_id)
    session.commit()
    assert browse.facets(session, filters=browse.EventFilters())["region"] == []


def test_article_context_is_grouped_by_claimant_day_and_paragraph(client: TestClient, session: Session) -> None:
    seed(session)
    publish_paths(session, paths=[ROOT / "content" / "articles" / "kharkiv-oblast-displacement.md"])
    from app.links.service import refresh_auto_links

    refresh_auto_links(session)
    page = client.get("/articles/kharkiv-oblast-displacement").text
    assert "Russian MoD, 4 January 2026: losses inflicted near 4 places in Kharkiv" in page
    assert "/events?article=kharkiv-oblast-displacement" in page
    listed = client.get("/api/v1/events", params={"article": "kharkiv-oblast-displacement"}).json()
    assert listed["total"] == 9
