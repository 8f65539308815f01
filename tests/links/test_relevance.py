"""Links are about geography and time: no topic-only links, no event from another country, incremental refresh."""

from datetime import date
from pathlib import Path

from sqlmodel import Session, select

from app.articles import service as articles_service
from app.articles.flows import publish_paths
from app.bulletins.flows import ingest_sources
from app.events.models import ConflictEvent
from app.links import service
from app.links.models import ArticleEventLink
from app.places.models import Region
from tests.paths import ROOT, SEED

ARTICLES = ROOT / "content" / "articles"
OBLASTS = {"sumy", "kharkiv", "donetsk", "dnipropetrovsk", "zaporizhzhia", "kherson"}


def _linked(session: Session, slug: str) -> list[ConflictEvent]:
    article = articles_service.get_by_slug(session, slug=slug)
    return [event for _, event in service.events_for_article(session, article_id=article.id or 0, limit=1000)]


def _sudan_event(session: Session, *, day: date, bulletin_id: int) -> ConflictEvent:
    if session.get(Region, "SD-DN") is None:
        session.add(Region(code="SD-DN", name="North Darfur"))
        session.commit()
    event = ConflictEvent(
        bulletin_id=bulletin_id, date=day, claimant="OCHA", action="attack", place_as_written="El Fasher",
        place_start=0, place_end=9, region_code="SD-DN", quote="El Fasher", quote_start=0, quote_end=9,
    )  # fmt: skip
    session.add(event)
    session.commit()
    return event


def test_only_articles_about_the_events_geography_get_them(session: Session) -> None:
    assert publish_paths(session, paths=[ARTICLES]).errors == []
    ingest_sources(session, sources_=[str(SEED)])
    for article in articles_service.list_published(session, limit=500)[0]:
        events = _linked(session, article.slug)
        if article.slug.removesuffix("-oblast-displacement") in OBLASTS:
            assert events, article.slug
        else:
            assert events == [], f"{article.slug} shows Russian MoD events it is not about"
    assert _linked(session, "wilson-center-forced-displacement") == []


def test_a_new_bulletin_touches_only_the_articles_about_its_places(session: Session) -> None:
    publish_paths(session, paths=[ARTICLES])
    ingest_sources(session, sources_=[str(SEED)])
    rows = session.exec(select(ConflictEvent.place_code, ConflictEvent.region_code)).all()
    ids = service.articles_about(session, rows=rows)
    touched = {a.slug for a in articles_service.list_published(session, limit=500)[0] if a.id in ids}
    assert touched == {f"{name}-oblast-displacement" for name in OBLASTS}


def test_country_level_articles_take_events_of_their_country_only(session: Session) -> None:
    publish_paths(session, paths=[ARTICLES / "sudan-displacement-crisis.md", ARTICLES / "gaza-displacement.md"])
    ingest_sources(session, sources_=[str(SEED)])
    sudan = articles_service.get_by_slug(session, slug="sudan-displacement-crisis")
    assert sudan.published is not None
    event = _sudan_event(session, day=sudan.published, bulletin_id=1)
    service.refresh_for_events(session, event_ids=[event.id or 0])
    assert [e.id for e in _linked(session, "sudan-displacement-crisis")] == [event.id]
    link = session.exec(select(ArticleEventLink).where(ArticleEventLink.event_id == event.id)).one()
    assert link.reason == "Same country: SD (this article is about it)"
    assert _linked(session, "gaza-displacement") == []


def test_events_outside_the_window_around_the_published_date_are_not_linked(session: Session) -> None:
    publish_paths(session, paths=[ARTICLES / "sudan-displacement-crisis.md"])
    ingest_sources(session, sources_=[str(SEED)])
    old = _sudan_event(session, day=date(2023, 4, 15), bulletin_id=1)
    service.refresh_for_events(session, event_ids=[old.id or 0])
    assert _linked(session, "sudan-displacement-crisis") == []


def test_region_links_are_capped_newest_first(session: Session, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DKB_LINK_REGION_CAP", "3")
    from app.config import get_settings

    get_settings.cache_clear()
    ingest_sources(session, sources_=[str(SEED)])
    path = tmp_path / "donetsk-note.md"
    path.write_text(
        "---\ntitle: Donetsk note\nregions: [Donetsk]\ncontext: {from: 2026-01-01, to: 2026-01-31}\n---\nText.\n"
    )
    publish_paths(session, paths=[path])
    assert len(_linked(session, "donetsk-note")) == 3


def test_refresh_never_undoes_an_editors_pin_or_hide(session: Session, tmp_path: Path) -> None:
    ingest_sources(session, sources_=[str(SEED)])
    path = tmp_path / "sumy-note.md"
    path.write_text("---\ntitle: Sumy note\nregions: [Sumy]\ncontext: {from: 2026-01-01, to: 2026-01-31}\n---\nText.\n")
    publish_paths(session, paths=[path])
    article = articles_service.get_by_slug(session, slug="sumy-note")
    pinned, hidden = session.exec(select(ArticleEventLink).where(ArticleEventLink.article_id == article.id)).all()
    pinned.pinned, hidden.hidden = True, True
    session.add_all([pinned, hidden])
    session.commit()
    path.write_text(path.read_text().replace("2026-01-01, to: 2026-01-31", "2025-01-01, to: 2025-01-31"))
    publish_paths(session, paths=[path])
    links = session.exec(select(ArticleEventLink).where(ArticleEventLink.article_id == article.id)).all()
    assert {(link.pinned, link.hidden) for link in links} == {(True, False), (False, True)}
    assert [event.id for event in _linked(session, "sumy-note")] == [pinned.event_id]
