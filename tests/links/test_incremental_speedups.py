"""Incremental refresh skips articles that cannot change: the links end up exactly as a full refresh makes them."""

import random
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, delete, select

from app.articles.flows import publish_paths
from app.bulletins.flows import ingest_sources
from app.config import get_settings
from app.links import service
from app.links.models import ArticleEventLink
from bench import corpus
from tests.paths import ROOT

ARTICLES = ROOT / "content" / "articles"


def _links(session: Session) -> set[tuple[int, int, str, float]]:
    rows = session.exec(select(ArticleEventLink)).all()
    return {(link.article_id, link.event_id, link.reason, link.score) for link in rows}


def _bulletin(tmp_path: Path, name: str, day: date, seed: int) -> Path:
    from app.places.gazetteer import load

    places = corpus.region_places(load(), random.Random(11))
    path = tmp_path / name
    path.write_text(corpus.bulletin_text(day, random.Random(seed), places, 30), encoding="utf-8")
    return path


def test_bulletins_inside_and_outside_article_windows_link_as_a_full_refresh_would(
    session: Session, tmp_path: Path
) -> None:
    generated = tmp_path / "corpus"
    corpus.write(generated, events=240, articles=12)  # articles about front-line regions, windows around March 2022
    assert publish_paths(session, paths=[ARTICLES, generated / "articles"]).errors == []
    assert ingest_sources(session, sources_=[str(generated / "bulletins")]).errors == []
    before = _links(session)
    assert before
    # A bulletin years after every window, then one inside them.
    for name, day, seed in [("late.txt", date(2031, 5, 1), 1), ("inside.txt", date(2022, 3, 3), 2)]:
        report = ingest_sources(session, sources_=[str(_bulletin(tmp_path, name, day, seed))])
        assert report.errors == [] and report.bulletins[0]["events"] > 0
        incremental = _links(session)
        service.refresh_auto_links(session)  # everything recomputed from scratch
        assert _links(session) == incremental
    assert _links(session) != before  # the bulletin inside the windows did add links


def test_many_articles_refreshed_in_memory_link_as_one_article_at_a_time(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generated = tmp_path / "corpus"
    corpus.write(generated, events=400, articles=30)
    about = (generated / "articles" / "bench-article-00001.md").read_text(encoding="utf-8")
    country_level = about.replace("regions: [", "countries: [UA]\nregions: [").replace("bench-article-00001", "x")
    (generated / "articles" / "country-level.md").write_text(country_level, encoding="utf-8")
    assert publish_paths(session, paths=[ARTICLES, generated / "articles"]).errors == []
    extra = _bulletin(tmp_path, "extra.txt", date(2022, 3, 2), 3)
    assert ingest_sources(session, sources_=[str(generated / "bulletins"), str(extra)]).errors == []
    monkeypatch.setenv("DKB_LINK_REGION_CAP", "7")  # region and country caps bite
    get_settings.cache_clear()
    monkeypatch.setattr(service, "_POOL_FROM", 10**9)  # each article asks the database
    service.refresh_auto_links(session)
    one_by_one = _links(session)
    monkeypatch.setattr(service, "_POOL_FROM", 1)  # every article's candidates from one read of the events
    session.exec(delete(ArticleEventLink))
    session.commit()
    service.refresh_auto_links(session)
    assert _links(session) == one_by_one
    assert {reason.split(":")[0] for _, _, reason, _ in one_by_one} >= {"Same place", "Same region", "Same country"}
