"""The JSON API's shared contract: pages with next links, typed shapes in /docs, errors, HEAD, offline docs."""

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.articles.flows import publish_paths
from tests.conftest import seed
from tests.paths import ROOT


def test_every_list_answer_pages_with_limit_offset_next_and_total(client: TestClient, session: Session) -> None:
    seed(session)
    assert publish_paths(session, paths=[ROOT / "content" / "articles"]).errors == []
    for path in ("/articles", "/bulletins", "/events", "/regions", "/places", "/topics"):
        first = client.get(f"/api/v1{path}", params={"limit": 2}).json()
        assert {"items", "total", "limit", "offset", "next"} <= set(first), path
        assert first["limit"] == 2 and first["offset"] == 0 and len(first["items"]) == min(2, first["total"]), path
        if first["total"] > 2:
            following = client.get(first["next"]).json()
            assert following["offset"] == 2 and following["items"] != first["items"], path
        last = client.get(f"/api/v1{path}", params={"limit": 2, "offset": max(first["total"] - 2, 0)}).json()
        assert last["next"] is None, path


def test_region_topic_and_place_answers_are_complete(client: TestClient, session: Session) -> None:
    seed(session)
    publish_paths(session, paths=[ROOT / "content" / "articles" / "kharkiv-oblast-displacement.md"])
    region = client.get("/api/v1/regions/ua-63").json()
    assert region["code"] == "UA-63" and region["events"] == 9 and "Kharkov" in region["variants"]
    line = region["timeline"]
    assert (line["unit"], line["start"], line["end"], len(line["buckets"])) == ("day", "2025-12-22", "2026-01-04", 14)
    assert [b for b in line["buckets"] if b["total"]] == [{
        "start": "2026-01-04", "label": "4 Jan 2026", "counts": {"Russian Ministry of Defence": 9}, "total": 9,
    }]  # fmt: skip
    assert region["claimants"] == [{"value": "Russian Ministry of Defence", "events": 9}]
    assert [a["slug"] for a in region["linked_articles"]] == ["kharkiv-oblast-displacement"]
    place = client.get(region["top_places"][0]["url"].replace("/places/", "/api/v1/places/")).json()
    assert place["region"] == "UA-63" and place["events"] >= 1 and place["timeline"]["total"] == place["events"]
    assert all(n["distance_km"] is not None for n in place["neighbours"])
    topic = client.get("/api/v1/topics/forced-displacement").json()
    assert topic["slug"] == "forced-displacement" and topic["articles"] >= 1 and "children" in topic
    assert client.get("/api/v1/regions/Atlantis").status_code == 404
    assert client.get("/api/v1/topics/no-such-topic").json()["error"]["code"] == "not_found"


def test_unknown_filter_values_are_400_naming_them_and_spellings_resolve(client: TestClient, session: Session) -> None:
    seed(session)
    assert client.get("/api/v1/articles", params={"region": "Kharkov"}).status_code == 200
    for path, params in [("/articles", {"region": "Atlantis"}), ("/articles", {"topic": "nope"}),
                         ("/places", {"region": "Atlantis"}), ("/timeline", {"region": "Atlantis"})]:  # fmt: skip
        answer = client.get(f"/api/v1{path}", params=params)
        assert answer.status_code == 400 and next(iter(params.values())) in answer.json()["error"]["message"], path


def test_hostile_ids_dates_and_offsets_are_422_never_500(client: TestClient) -> None:
    huge = str(2**70)
    for path in (f"/api/v1/events/{huge}", f"/api/v1/bulletins/{huge}", f"/events/{huge}", f"/bulletins/{huge}",
                 f"/api/v1/bulletins?offset={huge}", f"/api/v1/articles?offset={huge}", "/api/v1/events?date_from=0",
                 "/api/v1/events?date_to=2026-02-30", "/api/v1/search?date_from=1",
                 "/api/v1/places/" + "9" * 40):  # fmt: skip
        answer = client.get(path)
        assert answer.status_code == 422, path
    error = client.get("/api/v1/events", params={"date_from": "yesterday"}).json()["error"]
    assert error == {"code": "invalid", "message": error["message"], "field": "query.date_from"}
    assert client.get("/api/v1/events/123456").status_code == 404


def test_head_answers_like_get_without_a_body_and_405_names_allowed_methods(client: TestClient) -> None:
    head = client.head("/api/v1/regions")
    assert head.status_code == 200 and head.content == b"" and head.headers["content-type"] == "application/json"
    refused = client.post("/api/v1/regions")
    assert refused.status_code == 405 and refused.headers["allow"] == "GET, HEAD"
    assert refused.json()["error"]["code"] == "method_not_allowed"


def test_docs_show_typed_shapes_and_use_only_local_assets(client: TestClient) -> None:
    from bs4 import BeautifulSoup

    schema = client.get("/openapi.json").json()
    region = schema["paths"]["/api/v1/regions/{code}"]["get"]["responses"]
    assert region["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/RegionDetail")
    assert region["404"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorResponse")
    assert {"EventPublic", "PlaceDetail", "TopicDetail", "BulletinDetail", "ArticleDetail", "TimelinePublic"} <= set(
        schema["components"]["schemas"]
    )
    docs = BeautifulSoup(client.get("/docs").text, "html.parser")
    assets = [tag.get("src") or tag.get("href") for tag in docs.find_all(["script", "link"])]
    assert assets and all(a is None or a.startswith("/") for a in assets), assets
    assert "https://" not in client.get("/docs").text
    for asset in (a for a in assets if a):
        assert client.get(asset).status_code == 200, asset


def test_allow_names_every_method_of_a_path_served_by_several_routes(client: TestClient) -> None:
    refused = client.request("OPTIONS", "/api/v1/bulletins")
    assert refused.status_code == 405 and refused.headers["allow"] == "GET, HEAD, POST"
    assert client.delete("/api/v1/articles/some-slug").headers["allow"] == "GET, HEAD, PUT"
