"""Search documents built from column queries match what the rows say, field by field."""

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from app.articles.flows import publish_paths
from app.articles.models import Article, ArticlePlace, ArticleRegion, ArticleStatus, ArticleTopic
from app.bulletins.flows import ingest_sources
from app.events import wording
from app.events.models import ConflictEvent
from app.places.models import Place, Region
from app.topics.models import Topic
from search.documents import (
    ACTION_LABELS,
    BODY_LIMIT,
    ENTITIES,
    EVENT_TOPICS,
    article_passages,
    load_articles,
    load_events,
)
from tests.paths import ROOT, SEED

ARTICLES = ["wilson-center-forced-displacement", "kharkiv-oblast-displacement", "donetsk-oblast-displacement"]
DRAFT = """---
title: "A draft on evacuation corridors"
summary: "Not published yet."
topics: [evacuation]
regions: [Kharkiv]
status: draft
---
Draft body.
"""


def _seed(session: Session, tmp_path: Path) -> None:
    (tmp_path / "draft.md").write_text(DRAFT, encoding="utf-8")
    paths = [ROOT / "content" / "articles" / f"{slug}.md" for slug in ARTICLES] + [tmp_path / "draft.md"]
    assert publish_paths(session, paths=paths).errors == []
    assert ingest_sources(session, sources_=[str(SEED)]).errors == []


def _midnight(day: Any) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()) if day else 0


def expected_article(session: Session, article: Article) -> dict[str, Any]:
    """The document an article should have, read through ORM objects one relation at a time."""
    topic_links = session.exec(select(ArticleTopic).where(ArticleTopic.article_id == article.id)).all()
    topics = [t for t in (session.get(Topic, link.topic_slug) for link in topic_links) if t]
    topics.sort(key=lambda topic: topic.slug)  # a stable order: by slug
    region_links = session.exec(select(ArticleRegion).where(ArticleRegion.article_id == article.id)).all()
    regions = [r for r in (session.get(Region, link.region_code) for link in region_links) if r]
    regions.sort(key=lambda region: region.code)
    places = session.exec(select(ArticlePlace).where(ArticlePlace.article_id == article.id)).all()
    names = {p.name for p in (session.get(Place, a.place_code) for a in places if a.place_code) if p}
    return {
        "id": str(article.id), "type": "article", "slug": article.slug, "title": article.title,
        "summary": article.summary, "body": article.body_text[:BODY_LIMIT],
        "topics": [t.slug for t in topics], "topic_names": [t.name for t in topics],
        "regions": [r.code for r in regions], "region_names": [r.name for r in regions],
        "places": sorted({p.name_as_written for p in places} | names),
        "place_codes": sorted({p.place_code for p in places if p.place_code}),
        "source": article.source, "published": article.published.isoformat() if article.published else None,
        "published_ts": _midnight(article.published), "url": f"/articles/{article.slug}",
    }  # fmt: skip


def expected_event(session: Session, event: ConflictEvent) -> dict[str, Any]:
    """The document an event should have, read through ORM objects."""
    place = session.get(Place, event.place_code) if event.place_code else None
    region = session.get(Region, event.region_code) if event.region_code else None
    return {
        "id": str(event.id), "type": "event",
        "title": wording.event_title(event, place_name=place.name if place else None,
                                     region_name=region.name if region else None),
        "place_as_written": event.place_as_written, "place_name": place.name if place else "",
        "place_variants": [place.name_uk] if place and place.name_uk else [], "place_code": event.place_code,
        "region_as_written": event.region_as_written, "region_name": region.name if region else "",
        "regions": [region.code] if region else [], "topics": EVENT_TOPICS, "group": event.group_name,
        "action": event.action, "action_label": ACTION_LABELS.get(event.action, event.action),
        "claimant": event.claimant, "quote": event.quote,
        "date": event.date.isoformat() if event.date else None, "date_ts": _midnight(event.date),
        "bulletin_id": event.bulletin_id, "url": f"/events/{event.id}",
    }  # fmt: skip


def _without_vectors(documents: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {d["id"]: {k: v for k, v in d.items() if k != "_vectors"} for d in documents}


def test_article_documents_match_their_rows(session: Session, tmp_path: Path) -> None:
    _seed(session, tmp_path)
    articles = session.exec(select(Article).order_by(col(Article.id))).all()
    published = [a for a in articles if a.status == ArticleStatus.published]
    draft = next(a for a in articles if a.status != ArticleStatus.published)
    documents, deletions = load_articles(session, [str(a.id) for a in articles] + ["999999"])
    assert deletions == [str(draft.id), "999999"]
    assert _without_vectors(documents) == {str(a.id): expected_article(session, a) for a in published}
    kharkiv = next(d for d in documents if d["slug"] == "kharkiv-oblast-displacement")
    assert kharkiv["regions"] == ["UA-63"] and "Vovchansk" in kharkiv["places"] and kharkiv["place_codes"]
    assert kharkiv["topics"] == sorted(kharkiv["topics"]) and len(kharkiv["topics"]) == 4
    for document in documents:  # one vector per passage: title + summary, then the body in pieces
        assert len(document["_vectors"]["default"]) == len(article_passages(document))


def test_event_documents_match_their_rows(session: Session, tmp_path: Path) -> None:
    _seed(session, tmp_path)
    events = session.exec(select(ConflictEvent).order_by(col(ConflictEvent.id))).all()
    documents, missing = load_events(session, [str(e.id) for e in events] + ["999999"])
    assert missing == ["999999"]
    assert _without_vectors(documents) == {str(e.id): expected_event(session, e) for e in events}
    assert len(events) == 35
    assert any(d["place_name"] and d["place_variants"] for d in documents)  # resolved places


def test_a_full_rebuild_reads_the_same_documents_in_batches(session: Session, tmp_path: Path) -> None:
    _seed(session, tmp_path)
    for entity in ENTITIES.values():
        ids = entity.all_ids(session)
        loaded, _ = entity.load(session, ids)
        batches = list(entity.batches(session, 7))  # a size that leaves a short last batch
        assert all(len(batch) == 7 for batch in batches[:-1]) and 0 < len(batches[-1]) <= 7
        streamed = [d for batch in batches for d in batch]
        assert [d["id"] for d in streamed] == sorted((d["id"] for d in loaded), key=int)
        assert {d["id"]: d for d in streamed} == {d["id"]: d for d in loaded}  # vectors included
