"""Publishing Markdown files: revisions only on change, idempotence, and bad files in a batch."""

from pathlib import Path

from sqlmodel import Session, select

from app.articles import service
from app.articles.flows import publish_paths
from app.articles.models import ArticleRevision
from search.models import SearchOutbox
from tests.paths import WILSON

ARTICLE = """---
title: Humanitarian corridors
summary: Agreed routes for civilians.
topics: [evacuation]
regions: [Kharkiv]
---
Corridors are agreed routes.
"""


def _write(directory: Path, name: str, text: str | bytes) -> Path:
    path = directory / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def test_the_wilson_center_piece_is_published_as_supplied(session: Session) -> None:
    report = publish_paths(session, paths=[WILSON])
    assert report.errors == []
    article = service.get_by_slug(session, slug="wilson-center-forced-displacement")
    assert article.source == "Wilson Center"
    assert article.body.startswith("Forced displacement represents one of the most pressing")
    assert "the urgency ofinternational cooperation" in article.body  # kept exactly as supplied
    assert {"political-change", "host-communities", "organisations"} <= {
        t.slug for t in service.topics_of(session, article_id=article.id or 0)
    }


def test_publishing_is_idempotent_and_revises_only_on_change(session: Session, tmp_path: Path) -> None:
    path = _write(tmp_path, "corridors.md", ARTICLE)
    first = publish_paths(session, paths=[tmp_path])
    again = publish_paths(session, paths=[tmp_path])
    assert [o.action for o in first.outcomes] == ["created"]
    assert [o.action for o in again.outcomes] == ["unchanged"]
    path.write_text(ARTICLE.replace("agreed routes.", "agreed routes for civilians."))
    edited = publish_paths(session, paths=[path])
    assert [(o.action, o.revision) for o in edited.outcomes] == [("updated", 2)]
    assert len(session.exec(select(ArticleRevision)).all()) == 2
    assert len(session.exec(select(SearchOutbox)).all()) == 2  # one per change, none for "unchanged"
    article = service.get_by_slug(session, slug="corridors")
    assert "for civilians" in article.body_text


def test_bad_files_are_reported_and_the_rest_of_the_batch_goes_in(session: Session, tmp_path: Path) -> None:
    _write(tmp_path, "a-good.md", ARTICLE)
    _write(tmp_path, "b-broken.md", "---\ntitle: [oops\n---\nbody\n")
    _write(tmp_path, "c-binary.md", b"\x00\x01\x02binary")
    _write(tmp_path, "d-empty.md", b"")
    _write(tmp_path, "e-latin1.md", "---\ntitle: Café\n---\nbody\n".encode("latin-1"))
    _write(tmp_path, "f-good.md", ARTICLE.replace("Humanitarian corridors", "Second article"))
    report = publish_paths(session, paths=[tmp_path, tmp_path / "missing.md"])
    assert sorted(o.slug for o in report.outcomes) == ["a-good", "f-good"]
    errors = "\n".join(report.errors)
    assert "b-broken.md: front matter is not valid YAML" in errors
    assert "c-binary.md: this is a binary file" in errors
    assert "d-empty.md: the file is empty" in errors
    assert "e-latin1.md: invalid UTF-8" in errors
    assert "missing.md: no such file or directory" in errors
    assert len(report.errors) == 5


def test_two_files_with_one_slug_are_refused(session: Session, tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    _write(tmp_path, "same.md", ARTICLE)
    _write(tmp_path / "x", "same.md", ARTICLE)
    report = publish_paths(session, paths=[tmp_path])
    assert len(report.outcomes) == 1
    assert "field 'slug': slug 'same' is also used by" in report.errors[0]
