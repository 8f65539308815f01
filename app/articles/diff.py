"""A readable difference between two revisions: changed fields, then the body line by line."""

import difflib
from dataclasses import dataclass, field
from typing import Any

FIELD_LABELS = {
    "title": "Title", "summary": "Summary", "source": "Source", "source_url": "Source URL", "author": "Author",
    "published": "Published", "topics": "Topics", "regions": "Regions", "places": "Places",
    "context_from": "Context from", "context_to": "Context to",
}  # fmt: skip


@dataclass
class FieldChange:
    """One front-matter field that differs."""

    label: str
    old: str
    new: str


@dataclass
class BodyLine:
    """A body line: kind is 'same', 'added', 'removed' or 'gap' (unchanged lines left out)."""

    kind: str
    text: str


@dataclass
class RevisionDiff:
    """What changed from one snapshot to another."""

    fields: list[FieldChange] = field(default_factory=list)
    body: list[BodyLine] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when nothing differs."""
        return not self.fields and not any(line.kind in {"added", "removed"} for line in self.body)


def _show(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "(none)"
    return str(value) if value not in (None, "") else "(empty)"


def compare(old: dict[str, Any], new: dict[str, Any], *, context: int = 2) -> RevisionDiff:
    """Fields that changed, and the body as removed/added lines with a little context."""
    result = RevisionDiff()
    for key, label in FIELD_LABELS.items():
        if old.get(key) != new.get(key):
            result.fields.append(FieldChange(label, _show(old.get(key)), _show(new.get(key))))
    a = str(old.get("body", "")).splitlines()
    b = str(new.get("body", "")).splitlines()
    for group in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_grouped_opcodes(context):
        if result.body:
            result.body.append(BodyLine("gap", "…"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                result.body.extend(BodyLine("same", line) for line in a[i1:i2])
                continue
            result.body.extend(BodyLine("removed", line) for line in a[i1:i2])
            result.body.extend(BodyLine("added", line) for line in b[j1:j2])
    return result
