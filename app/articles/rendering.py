"""Markdown to sanitised HTML and to plain text for the index."""

import re

import nh3
from markdown_it import MarkdownIt

# "js-default" is CommonMark with raw HTML disabled; tables are enabled on top.
_MARKDOWN = MarkdownIt("js-default").enable("table")
_TAGS = {
    "p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "a", "blockquote", "code", "pre",
    "em", "strong", "table", "thead", "tbody", "tr", "th", "td", "hr", "br",
}  # fmt: skip
_ATTRIBUTES = {"a": {"href", "title"}, "th": {"style"}, "td": {"style"}}


def to_html(markdown: str) -> str:
    """Render Markdown without raw HTML and sanitise the result with an allowlist."""
    rendered = _MARKDOWN.render(markdown)
    rendered = re.sub(r"<(/?)h1>", r"<\1h2>", rendered)  # the page title is the only h1
    return nh3.clean(
        rendered, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )  # fmt: skip


def to_text(markdown: str) -> str:
    """Plain text of the Markdown (no link URLs, no markup) for search."""
    html = _MARKDOWN.render(markdown)
    text = nh3.clean(html, tags=set())
    text = re.sub(r"&amp;", "&", text)
    text = re.sub(r"&lt;", "<", re.sub(r"&gt;", ">", re.sub(r"&quot;|&#34;", '"', text)))
    return re.sub(r"\s+", " ", text).strip()
