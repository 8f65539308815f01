"""Automatic article-event links, each with a reason: region, place and topic."""

from sqlmodel import Session, select

from app.articles import service as articles_service
from app.articles.flows import publish_paths
from app.bulletins.flows import ingest_sources
from app.links import service
from app.links.models import ArticleEventLink
from tests.paths import ROOT, SEED

EXPLAINERS = {
    "sumy-oblast-displacement": ("UA-59", 2),
    "kharkiv-oblast-displacement": ("UA-63", 9),
    "donetsk-oblast-displacement": ("UA-14", 15),
    "dnipropetrovsk-oblast-displacement": ("UA-12", 2),
    "zaporizhzhia-oblast-displacement": ("UA-23", 5),
    "kherson-oblast-displacement": ("UA-65", 2),
}


def test_each_oblast_explainer_shows_the_seed_events_of_its_region(session: Session) -> None:
    report = publish_paths(session, paths=[ROOT / "content" / "articles"])
    assert report.errors == []
    ingest_sources(session, sources_=[str(SEED)])
    for slug, (code, count) in EXPLAINERS.items():
        article = articles_service.get_by_slug(session, slug=slug)
        linked = service.events_for_article(session, article_id=article.id or 0)
        assert len(linked) == count, slug
        assert {event.region_code for _, event in linked} == {code}
        assert all(link.reason.startswith(("Same region", "Same place")) for link, _ in linked)


def test_a_named_place_is_a_stronger_reason_than_its_region(session: Session) -> None:
    publish_paths(session, paths=[ROOT / "content" / "articles" / "kharkiv-oblast-displacement.md"])
    ingest_sources(session, sources_=[str(SEED)])
    article = articles_service.get_by_slug(session, slug="kharkiv-oblast-displacement")
    linked = service.events_for_article(session, article_id=article.id or 0)
    first_link, first_event = linked[0]
    assert first_event.place_as_written == "Zolochev"  # the article names Zolochiv
    assert first_link.reason == "Same place: Zolochiv (named in this article)"
    assert linked[1][0].reason == "Same region: Kharkiv (UA-63)"


def test_links_follow_the_context_window_and_edits(session: Session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ingest_sources(session, sources_=[str(SEED)])
    path = tmp_path / "sumy-note.md"
    path.write_text("---\ntitle: Sumy note\ntopics: [evacuation]\nregions: [Sumy]\n"
                    "context: {from: 2026-01-01, to: 2026-01-31}\n---\nText.\n")  # fmt: skip
    publish_paths(session, paths=[path])
    article = articles_service.get_by_slug(session, slug="sumy-note")
    assert len(service.events_for_article(session, article_id=article.id or 0)) == 2
    path.write_text(path.read_text().replace("2026-01-01, to: 2026-01-31", "2025-01-01, to: 2025-12-31"))
    publish_paths(session, paths=[path])
    assert service.events_for_article(session, article_id=article.id or 0) == []
    assert session.exec(select(ArticleEventLink)).all() == []
