"""Markdown files with YAML front matter: read, validate, and turn into article drafts."""

import hashlib
import json
import re
from collections.abc import Callable, Collection
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from app import textfiles
from app.articles.models import ArticleStatus
from app.errors import InputError
from app.places import countries as countries_table
from app.places import regions as regions_table

MAX_FILE_BYTES = 1_000_000
MAX_FRONT_MATTER_CHARS = 64_000
MAX_YAML_DEPTH = 20
ALLOWED_FIELDS = {
    "title", "summary", "source", "source_url", "author", "published", "topics", "regions",
    "countries", "places", "context", "status", "slug",
}  # fmt: skip
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?P<yaml>.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)


class _FrontMatterLoader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text, so a bad date is our error with the field named."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class ContentError(InputError):
    """A content file that cannot be published; names the file, the field and the problem."""

    def __init__(self, path: str, problem: str, field_name: str = "") -> None:
        where = f"{path}: field '{field_name}'" if field_name else path
        super().__init__(f"{where}: {problem}")
        self.path, self.field, self.problem = path, field_name, problem


@dataclass
class ArticleDraft:
    """A validated article as written in its file."""

    slug: str
    title: str
    body: str
    summary: str = ""
    source: str = ""
    source_url: str = ""
    author: str = ""
    published: date | None = None
    topics: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    context_from: date | None = None
    context_to: date | None = None
    status: ArticleStatus = ArticleStatus.published
    origin_path: str = ""

    def content_hash(self) -> str:
        """A hash of everything an editor wrote (not where the file lives)."""
        data = {k: v for k, v in asdict(self).items() if k != "origin_path"}
        encoded = json.dumps(data, sort_keys=True, default=str).encode()
        return hashlib.sha256(encoded).hexdigest()

    def snapshot(self) -> dict[str, Any]:
        """The draft as JSON-safe data for a revision."""
        return json.loads(json.dumps(asdict(self), default=str))


def read_text_file(path: Path, *, limit: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 text file, refusing empty, huge, binary and mis-encoded files."""
    try:
        return textfiles.read(path, limit=limit)
    except InputError as error:
        raise ContentError(str(path), error.message.removeprefix(f"{path}: ")) from None


def parse_article(
    text: str, *, path: str, known_topics: Collection[str],
    place_check: Callable[[str, list[str], list[str]], str | None] | None = None,
) -> ArticleDraft:  # fmt: skip
    """Validate front matter and body; raise ContentError naming the file and the field."""
    match = _FRONT_MATTER.match(text)
    if not match:
        raise ContentError(
            path,
            "no front matter: the file must start with a '---' line, YAML, and a closing '---' line",
        )
    try:
        textfiles.refuse_nul(text, origin=path)
    except InputError as error:
        raise ContentError(path, error.message.removeprefix(f"{path}: ")) from None
    try:
        _check_yaml_shape(match.group("yaml"), path)
        data = yaml.load(match.group("yaml"), Loader=_FrontMatterLoader)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" (line {mark.line + 2})" if mark else ""
        raise ContentError(path, f"front matter is not valid YAML{line}: {getattr(error, 'problem', error)}") from None
    if not isinstance(data, dict):
        raise ContentError(path, "front matter must be a mapping of fields (key: value)")
    draft, errors = validate(
        data, text[match.end() :], path=path, known_topics=known_topics, place_check=place_check,
        default_slug=Path(path).stem.lower(),
    )  # fmt: skip
    if errors:
        raise errors[0]
    return draft


def _check_yaml_shape(source: str, path: str) -> None:
    """Refuse YAML bombs before building anything: size, aliases (billion laughs) and depth."""
    if len(source) > MAX_FRONT_MATTER_CHARS:
        raise ContentError(path, f"front matter is {len(source):,} characters; the limit is {MAX_FRONT_MATTER_CHARS:,}")
    depth = 0
    for event in yaml.parse(source, Loader=_FrontMatterLoader):  # noqa: S506 (events only, a SafeLoader)
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise ContentError(path, "front matter may not use YAML anchors or aliases (&name, *name)")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                raise ContentError(path, f"front matter is nested more than {MAX_YAML_DEPTH} levels deep")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _nul_fields(data: dict[str, Any], body: str) -> list[str]:
    """Fields (and the body) holding a NUL character anywhere."""
    found = ["body"] if "\x00" in body else []
    for key, value in data.items():
        if "\x00" in str(key) or "\x00" in repr(value):
            found.append(str(key))
    return found


def validate(
    data: dict[str, Any], body: str, *, path: str, known_topics: Collection[str],
    place_check: Callable[[str, list[str], list[str]], str | None] | None = None, default_slug: str = "",
) -> tuple[ArticleDraft, list[ContentError]]:  # fmt: skip
    """Check front-matter fields and body; every problem found, each naming its field.

    Files (parse_article) and the web editor and API share this one rule set.
    """
    errors: list[ContentError] = []
    unknown = sorted(set(map(str, data)) - ALLOWED_FIELDS)
    if unknown:
        errors.append(ContentError(path, f"unknown field (allowed: {', '.join(sorted(ALLOWED_FIELDS))})", unknown[0]))
    draft = ArticleDraft(slug=default_slug, title="", body=body.strip(), origin_path=path)
    for name in _nul_fields(data, body):
        errors.append(ContentError(path, "contains a NUL character, which text may not hold", name))

    def check(step: Callable[[], None]) -> None:
        try:
            step()
        except ContentError as error:
            errors.append(error)

    if not draft.body:
        errors.append(ContentError(path, "the article has no body text after the front matter", "body"))

    def slug() -> None:
        draft.slug = _text(data, "slug", path, 200) or default_slug
        if len(draft.slug) > 200:
            raise ContentError(
                path, f"the slug from the file name is {len(draft.slug)} characters; the limit is 200", "slug"
            )
        if not _SLUG.match(draft.slug):
            raise ContentError(path, f"'{draft.slug}' is not a slug (lower-case letters, digits and hyphens)", "slug")

    def summary() -> None:
        draft.summary = _text(data, "summary", path, 1000)

    def source() -> None:
        draft.source = _text(data, "source", path, 300)

    def author() -> None:
        draft.author = _text(data, "author", path, 300)

    def title() -> None:
        draft.title = _text(data, "title", path, 300, required=True)

    def source_url() -> None:
        draft.source_url = _text(data, "source_url", path, 1000)
        if draft.source_url and not re.match(r"^https?://[^\s/]+", draft.source_url):
            raise ContentError(path, "must be an http(s) URL", "source_url")

    def published() -> None:
        draft.published = _date(data.get("published"), path, "published")

    def topics() -> None:
        draft.topics = _list(data, "topics", path)
        for slug_ in draft.topics:
            if slug_ not in known_topics:
                raise ContentError(path, f"unknown topic '{slug_}' (see content/topics.yml)", "topics")

    def regions() -> None:
        draft.regions = _list(data, "regions", path)
        for name in draft.regions:
            if regions_table.resolve(name) is None:
                raise ContentError(path, f"unknown region '{name}'", "regions")

    def countries() -> None:
        draft.countries = _list(data, "countries", path)
        for name in draft.countries:
            if countries_table.resolve(name) is None:
                raise ContentError(path, f"unknown country '{name}' (a name or an ISO 3166-1 code)", "countries")

    def places() -> None:
        draft.places = _list(data, "places", path)
        if place_check:
            for name in draft.places:
                problem = place_check(name, draft.regions, [p for p in draft.places if p != name])
                if problem:
                    raise ContentError(path, problem, "places")

    def status() -> None:
        value = data.get("status", "published")
        if not isinstance(value, str) or value not in {s.value for s in ArticleStatus}:
            raise ContentError(path, f"'{value}' is not one of {', '.join(s.value for s in ArticleStatus)}", "status")
        draft.status = ArticleStatus(value)

    steps = (slug, title, summary, source, author, source_url, published, topics, regions, countries, places, status)
    for step in steps:
        check(step)
    check(lambda: _context(data.get("context"), path, draft))
    return draft, errors


def _text(data: dict[str, Any], name: str, path: str, limit: int, *, required: bool = False) -> str:
    value = data.get(name)
    if value is None or value == "":
        if required:
            raise ContentError(path, "is required", name)
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise ContentError(path, f"must be text, not {type(value).__name__}", name)
    text = str(value).strip()
    if len(text) > limit:
        raise ContentError(path, f"is {len(text)} characters; the limit is {limit}", name)
    return text


def _list(data: dict[str, Any], name: str, path: str) -> list[str]:
    value = data.get(name) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ContentError(path, "must be a list of names", name)
    return [v.strip() for v in value]


def _date(value: Any, path: str, name: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ContentError(path, f"'{value}' is not a date (YYYY-MM-DD)", name) from None


def _context(value: Any, path: str, draft: ArticleDraft) -> None:
    if value is None:
        return
    if not isinstance(value, dict) or not set(value) <= {"from", "to"}:
        raise ContentError(path, "must be a mapping like {from: 2024-05-01, to: 2024-06-30}", "context")
    draft.context_from = _date(value.get("from"), path, "context")
    draft.context_to = _date(value.get("to"), path, "context")
    if draft.context_from and draft.context_to and draft.context_from > draft.context_to:
        raise ContentError(path, "'from' is after 'to'", "context")
