"""Review states, revisions, optimistic locking, unpublishing, and files and web together."""

from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from app.articles import workflow
from app.articles.flows import publish_paths
from app.cli import main
from app.config import get_settings
from app.users.models import Role
from app.users.service import Actor, Forbidden, get_by_email
from search.client import SearchTarget, make_client
from tests.accounts import make_user
from tests.conftest import wait_for_sync

FIELDS = {"title": "Shelter in Zaporizhzhia", "summary": "Collective centres.", "topics": ["forced-displacement"],
          "regions": ["Zaporozhye"], "places": ["Vilniansk"]}  # fmt: skip


def _actor(engine: Engine, email: str, role: Role = Role.editor) -> Actor:
    make_user(engine, email, role)
    with Session(engine) as session:
        user = get_by_email(session, email=email)
        session.expunge(user)
    return Actor(user, "session")


def _save(session: Session, actor: Actor, body: str, base: int | None, **changes: object) -> int:
    checked = workflow.validate(session, slug="shelter", fields={**FIELDS, **changes}, body=body)
    assert not checked.errors, checked.errors
    return workflow.save(session, draft=checked.draft, actor=actor, base_revision=base).number


def test_the_validator_is_the_one_content_files_use(session: Session) -> None:
    checked = workflow.validate(session, slug="Bad Slug", fields={**FIELDS, "regions": ["Zaporozhie-x"],
                                "topics": ["nope"], "source_url": "javascript:alert(1)", "published": "May 2024",
                                "colour": "red"}, body="")  # fmt: skip
    assert checked.errors == {
        "colour": checked.errors["colour"], "body": "the article has no body text after the front matter",
        "slug": "'Bad Slug' is not a slug (lower-case letters, digits and hyphens)",
        "source_url": "must be an http(s) URL", "published": "'May 2024' is not a date (YYYY-MM-DD)",
        "topics": "unknown topic 'nope' (see content/topics.yml)", "regions": "unknown region 'Zaporozhie-x'",
    }  # fmt: skip
    assert checked.errors["colour"].startswith("unknown field")


def test_review_needs_a_second_editor_and_every_save_is_a_revision(engine: Engine, session: Session) -> None:
    alice, bob = _actor(engine, "alice@example.org"), _actor(engine, "bob@example.org")
    assert _save(session, alice, "First text.", None) == 1
    article = workflow.get_article(session, slug="shelter")
    workflow.submit(session, article=article, actor=alice)
    with pytest.raises(Forbidden, match="second editor or an admin"):
        workflow.publish(session, article=article, actor=alice)
    workflow.publish(session, article=article, actor=bob)
    assert (article.status.value, workflow.state(article)) == ("published", "published")
    # Editing a published article keeps the live text until the new revision is approved.
    assert _save(session, bob, "Second text.", 1) == 2
    assert workflow.state(article) == "draft" and article.body == "First text."
    workflow.submit(session, article=article, actor=bob)
    workflow.publish(session, article=article, actor=alice)
    assert article.body == "Second text." and article.pending_status == ""
    revisions = workflow.latest_revision(session, article_id=article.id or 0)
    assert revisions is not None and (revisions.number, revisions.created_by) == (2, "bob@example.org")


def test_a_second_save_on_an_old_revision_is_told_and_loses_nothing(engine: Engine, session: Session) -> None:
    alice, bob = _actor(engine, "alice@example.org"), _actor(engine, "bob@example.org")
    _save(session, alice, "First text.", None)
    _save(session, alice, "Alice's change.", 1)
    with pytest.raises(workflow.RevisionConflict, match="Revision 2 was saved by alice@example.org") as conflict:
        _save(session, bob, "Bob's change.", 1)
    assert conflict.value.latest.number == 2
    assert _save(session, bob, "Bob's change.", 2) == 3  # saving on top, knowingly


def test_unpublishing_answers_410_and_removes_the_article_from_search(
    client: TestClient, engine: Engine, meili: SearchTarget
) -> None:
    admin = _actor(engine, "admin@example.org", Role.admin)
    with Session(engine) as session:
        _save(session, admin, "Text about collective centres in Vilniansk.", None)
        article = workflow.get_article(session, slug="shelter")
        workflow.publish(session, article=article, actor=admin)  # an admin publishes directly
    wait_for_sync(engine)
    index = make_client(meili).index(meili.uid("articles"))
    assert index.search("collective centres Vilniansk")["hits"]
    assert client.get("/articles/shelter").status_code == 200
    with Session(engine) as session:
        workflow.unpublish(session, article=workflow.get_article(session, slug="shelter"), actor=admin)
    page = client.get("/articles/shelter")
    assert page.status_code == 410 and "withdrawn" in page.text
    assert client.get("/api/v1/articles/shelter").status_code == 410
    wait_for_sync(engine)
    assert not index.search("collective centres Vilniansk")["hits"]
    assert "shelter" not in client.get("/articles").text


def test_export_then_publish_is_a_no_op_round_trip(env: Path, engine: Engine, session: Session) -> None:
    alice, bob = _actor(engine, "alice@example.org"), _actor(engine, "bob@example.org")
    corpus = publish_paths(session, paths=[get_settings().content_dir / "articles"])
    assert not corpus.errors and len(corpus.outcomes) >= 20
    body = "Web text with **bold**, a [link](https://example.org) and a table:\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    _save(session, alice, body, None, context={"from": "2024-05-01"}, countries=["Ukraine"], source="UNHCR")
    article = workflow.get_article(session, slug="shelter")
    workflow.submit(session, article=article, actor=alice)
    workflow.publish(session, article=article, actor=bob)
    _save(session, alice, body + "\n\nA pending edit.", 1)  # a published article with a newer draft
    out = env / "export"
    runner = CliRunner()
    assert runner.invoke(main, ["content", "export", str(out)]).exit_code == 0
    result = runner.invoke(main, ["content", "publish", str(out)])
    assert result.exit_code == 0, result.output
    assert f"0 created, 0 updated, {len(corpus.outcomes) + 1} unchanged, 0 errors" in result.output


def test_a_file_never_silently_overwrites_a_newer_web_revision(env: Path, engine: Engine, session: Session) -> None:
    alice = _actor(engine, "alice@example.org")
    folder = env / "articles"
    folder.mkdir()
    file = folder / "shelter.md"
    file.write_text("---\ntitle: Shelter\nsummary: From the file.\nstatus: published\n---\nFile text.\n")
    assert not publish_paths(session, paths=[folder]).errors
    _save(session, alice, "Web text.", 1)
    file.write_text(file.read_text().replace("File text.", "File text, edited."))
    report = publish_paths(session, paths=[folder])
    assert report.errors and "newer revision (2, by alice@example.org)" in report.errors[0]
    assert "--force" in report.errors[0]
    forced = publish_paths(session, paths=[folder], force=True)
    assert not forced.errors and forced.outcomes[0].action == "updated" and forced.outcomes[0].revision == 3


def test_a_deleted_file_is_reported_and_archived_only_with_prune(env: Path, session: Session) -> None:
    folder = env / "articles"
    folder.mkdir()
    for name in ("keep", "gone"):
        (folder / f"{name}.md").write_text(f"---\ntitle: {name}\nstatus: published\n---\nText of {name}.\n")
    assert not publish_paths(session, paths=[folder]).errors
    (folder / "gone.md").unlink()
    report = publish_paths(session, paths=[folder])
    assert report.missing == [f"gone ({folder / 'gone.md'})"] and report.archived == []
    assert workflow.get_article(session, slug="gone").status.value == "published"
    runner = CliRunner()
    result = runner.invoke(main, ["content", "publish", "--prune", str(folder)])
    assert "archived  gone" in result.output
    session.expire_all()
    assert workflow.get_article(session, slug="gone").status.value == "archived"
    assert workflow.get_article(session, slug="keep").status.value == "published"
