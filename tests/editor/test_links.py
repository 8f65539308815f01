"""Link curation: pins, hides, manual links and hiding by reason survive automatic refreshes."""

from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, select

from app.articles import workflow
from app.articles.flows import publish_paths
from app.bulletins.flows import ingest_sources
from app.errors import InputError
from app.links import service as links_service
from app.links.models import ArticleEventLink
from app.users.service import AuditEntry
from tests.conftest import seed
from tests.paths import SEED

SLUG = "kharkiv-returns"


def _publish_region_article(session: Session, tmp_path: Path) -> int:
    """An article about Kharkiv region (linked to its 9 events in the seed bulletin)."""
    seed(session)
    file = tmp_path / f"{SLUG}.md"
    file.write_text("---\ntitle: Returns\nregions: [Kharkiv]\nstatus: published\n---\nText.\n", encoding="utf-8")
    assert not publish_paths(session, paths=[file]).errors
    article = workflow.get_article(session, slug=SLUG)
    assert article.id is not None
    return article.id


def _later_bulletin(tmp_path: Path) -> str:
    later = tmp_path / "later.txt"
    text = SEED.read_text(encoding="utf-8").replace("January 4, 2026", "January 5, 2026")
    later.write_text(text.replace("4 January", "5 January"), encoding="utf-8")
    return str(later)


def test_editor_choices_survive_a_new_bulletin(session: Session, tmp_path: Path) -> None:
    article_id = _publish_region_article(session, tmp_path)
    links = links_service.all_links(session, article_id=article_id)
    assert len(links) == 9
    pinned, hidden = links[5][1].id, links[0][1].id
    assert pinned is not None and hidden is not None
    links_service.curate(session, article_id=article_id, event_id=pinned, action="pin", by="ed@example.org")
    links_service.curate(session, article_id=article_id, event_id=hidden, action="hide", by="ed@example.org")
    ingest_sources(session, sources_=[_later_bulletin(tmp_path)])
    visible = links_service.events_for_article(session, article_id=article_id)
    assert visible[0][1].id == pinned and hidden not in {e.id for _, e in visible}
    assert len(visible) == 17 and sum(1 for _, e in visible if e.date and e.date.day == 5) == 9
    links = links_service.all_links(session, article_id=article_id)
    flags = {link.event_id: (link.pinned, link.hidden) for link, _ in links}
    assert flags[pinned] == (True, False) and flags[hidden] == (False, True)
    actions = [e.action for e in session.exec(select(AuditEntry)).all()]
    assert actions == ["link.pin", "link.hide"]


def test_a_hidden_link_that_drops_out_of_the_candidates_is_kept_hidden(session: Session, tmp_path: Path) -> None:
    article_id = _publish_region_article(session, tmp_path)
    event_id = links_service.all_links(session, article_id=article_id)[0][1].id
    assert event_id is not None
    links_service.curate(session, article_id=article_id, event_id=event_id, action="hide", by="ed")
    article = workflow.get_article(session, slug=SLUG)
    article.context_from = date(2026, 1, 5)  # every seed event (4 January) falls out of the window
    session.commit()
    links_service.refresh_auto_links(session, article_ids=[article_id])
    remaining = session.exec(select(ArticleEventLink).where(ArticleEventLink.article_id == article_id)).all()
    assert [(link.event_id, link.hidden) for link in remaining] == [(event_id, True)]


def test_manual_links_need_a_reason_and_a_reason_can_be_hidden_at_once(session: Session, tmp_path: Path) -> None:
    _publish_region_article(session, tmp_path)
    article = workflow.get_article(session, slug=SLUG)
    assert article.id is not None
    found = links_service.find_events(session, q="Podoly")
    assert [e.place_as_written for e in found] == ["Podoly"] and found[0].id is not None
    with pytest.raises(InputError, match="needs a reason"):
        links_service.add_manual(session, article_id=article.id, event_id=found[0].id, reason="  ", by="ed")
    links_service.add_manual(session, article_id=article.id, event_id=found[0].id, reason="Cited in the text", by="ed")
    [reason] = {
        link.reason for link, _ in links_service.all_links(session, article_id=article.id) if link.origin == "auto"
    }
    hidden = links_service.hide_reason(session, article_id=article.id, reason=reason, by="ed")
    assert reason == "Same region: Kharkiv (UA-63)" and hidden == 8  # Podoly's link is manual now
    visible = links_service.events_for_article(session, article_id=article.id)
    assert [(link.origin, link.reason) for link, _ in visible] == [("manual", "Cited in the text")]
    links_service.refresh_auto_links(session, article_ids=[article.id])
    assert len(links_service.events_for_article(session, article_id=article.id)) == 1
    assert links_service.find_events(session, q=f"#{found[0].id}") == found
