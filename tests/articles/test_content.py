"""Front matter validation: every error names the file, the field and the problem."""

from pathlib import Path

import pytest

from app.articles.content import ContentError, parse_article, read_text_file
from app.articles.models import ArticleStatus
from app.articles.rendering import to_html, to_text

TOPICS = {"ihl", "forced-displacement"}
GOOD = """---
title: Evacuation corridors
summary: What the law says.
topics: [ihl]
regions: [Kharkov region, "Donetsk People’s Republic"]
published: 2024-05-17
context: {from: 2024-05-01, to: 2024-06-30}
status: published
---
Body with **bold** text and a [link](https://example.org).
"""


def test_a_valid_file_becomes_a_draft() -> None:
    draft = parse_article(GOOD, path="content/articles/evacuation-corridors.md", known_topics=TOPICS)
    assert draft.slug == "evacuation-corridors"
    assert draft.regions == ["Kharkov region", "Donetsk People’s Republic"]
    assert str(draft.context_from) == "2024-05-01" and draft.status == ArticleStatus.published
    assert (
        draft.content_hash()
        == parse_article(GOOD, path="elsewhere/evacuation-corridors.md", known_topics=TOPICS).content_hash()
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Just text", "no front matter"),
        ("---\ntitle: [unclosed\n---\nbody", "front matter is not valid YAML (line 2)"),
        ("---\n- a list\n---\nbody", "front matter must be a mapping"),
        ("---\ntitle: x\ncolour: red\n---\nbody", "field 'colour': unknown field"),
        ("---\nsummary: no title\n---\nbody", "field 'title': is required"),
        ("---\ntitle: x\ntopics: [nope]\n---\nbody", "field 'topics': unknown topic 'nope'"),
        ("---\ntitle: x\nregions: [Atlantis]\n---\nbody", "field 'regions': unknown region 'Atlantis'"),
        ("---\ntitle: x\npublished: 2024-13-45\n---\nbody", "field 'published': '2024-13-45' is not a date"),
        ("---\ntitle: x\nstatus: live\n---\nbody", "field 'status': 'live' is not one of"),
        ("---\ntitle: x\nsource_url: ftp://x\n---\nbody", "field 'source_url': must be an http(s) URL"),
        (
            "---\ntitle: x\ncontext: {from: 2024-06-01, to: 2024-05-01}\n---\nbody",
            "field 'context': 'from' is after 'to'",
        ),
        ("---\ntitle: x\n---\n   \n", "no body text"),
    ],
)  # fmt: skip
def test_bad_front_matter_names_file_and_field(text: str, message: str) -> None:
    with pytest.raises(ContentError) as caught:
        parse_article(text, path="content/articles/bad.md", known_topics=TOPICS)
    assert caught.value.message.startswith("content/articles/bad.md")
    assert message in caught.value.message


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "the file is empty"), (b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
     (b"---\ntitle: caf\xe9\n---\n", "invalid UTF-8 at byte 14"), (b"x" * 1_000_001, "the limit is 1,000,000")],
)  # fmt: skip
def test_unreadable_files_are_refused(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.md"
    path.write_bytes(content)
    with pytest.raises(ContentError, match=message):
        read_text_file(path)


def test_markdown_is_rendered_without_raw_html_or_script_links() -> None:
    html = to_html("# Title\n\n<script>alert(1)</script> [x](javascript:alert(1)) [ok](https://a.org)")
    assert "<script>" not in html and "javascript:" not in html.replace("[x](javascript:alert(1))", "")
    assert '<a href="https://a.org"' in html and "<h2>Title</h2>" in html
    assert to_text("A [link](https://a.org) and **bold**") == "A link and bold"
