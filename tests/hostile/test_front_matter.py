"""Hostile front matter: each bad file is that file's clear error, and the good file still goes in."""

from pathlib import Path

import pytest
from sqlmodel import Session

from app.articles.flows import publish_paths
from tests.paths import WILSON

GOOD_BODY = "\n---\nBody text.\n"
LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
    f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n"
    for i in range(8)
)
HOSTILE = {
    "billion-laughs.md": ("---\ntitle: Laughs\n" + LAUGHS + "---\nBody.\n", "anchors or aliases"),
    "deep-flow.md": ("---\ntitle: Deep\nplaces: " + "[" * 5000 + "]" * 5000 + GOOD_BODY, "nested more than"),
    "deep-block.md": (
        "---\ntitle: Deep\ncontext:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(100)) + GOOD_BODY,
        "nested more than",
    ),
    "status-list.md": ("---\ntitle: T\nstatus: [published, draft]" + GOOD_BODY, "field 'status'"),
    "status-mapping.md": ("---\ntitle: T\nstatus: {a: 1}" + GOOD_BODY, "field 'status'"),
    "title-mapping.md": ("---\ntitle: {a: 1}" + GOOD_BODY, "field 'title'"),
    "topics-mapping.md": ("---\ntitle: T\ntopics: {a: b}" + GOOD_BODY, "field 'topics'"),
    "published-list.md": ("---\ntitle: T\npublished: [2024]" + GOOD_BODY, "field 'published'"),
    "nul-body.md": ("---\ntitle: T\n---\nBody \x00 with a NUL.\n", "binary file"),
    "nul-late.md": ("---\ntitle: T\n---\n" + "Body. " * 2000 + "\x00\n", "NUL character at offset 12"),
    "huge-front-matter.md": ("---\ntitle: T\nsummary: " + "x" * 70_000 + GOOD_BODY, "limit is 64,000"),
    ("x" * 201 + ".md"): ("---\ntitle: Long name" + GOOD_BODY, "limit is 200"),
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, (text, _expected) in HOSTILE.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / WILSON.name).write_text(WILSON.read_text())
    return folder


def test_every_hostile_file_is_its_own_error_and_the_batch_goes_on(session: Session, corpus: Path) -> None:
    report = publish_paths(session, paths=[corpus])
    assert [o.slug for o in report.outcomes] == ["wilson-center-forced-displacement"]
    assert len(report.errors) == len(HOSTILE), report.errors
    for name, (_text, expected) in HOSTILE.items():
        errors = [e for e in report.errors if e.startswith(str(corpus / name))]
        assert len(errors) == 1, (name, report.errors)
        assert expected in errors[0], (name, errors[0])
        assert "Traceback" not in errors[0] and "could not be published" not in errors[0], errors[0]


def test_nul_in_text_sent_to_the_parser_is_refused() -> None:
    from app.articles.content import ContentError, parse_article

    with pytest.raises(ContentError, match="NUL character"):
        parse_article("---\ntitle: T\x00\n---\nBody.\n", path="api", known_topics=set())
