"""Dump what the ingest worker makes of every bulletin we have, to prove a speed-up changes nothing.

`.venv/bin/python -m bench.parse_equivalence --out FILE [--check BASELINE] [--generated N]`.
Runs the worker's pipeline (read, detect, parse, resolve places, build rows: `flows._prepare_file`)
and the full parse (every draft, figure and note) over: the development set
(tests/bulletins/corpus, with and without its metadata date), the bulletin fixtures under tests/
and content/bulletins, the long string literals of the extraction tests (hostile and edge cases
included), and N generated scale-corpus bulletins (bench/corpus.py). Writes one canonical JSON
line per input; with --check, compares with a baseline dump and names the first difference.
Not a timed test: it prints counts and asserts nothing but equality when asked.
"""

import argparse
import ast
import dataclasses
import hashlib
import json
import sys
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_DIRS = ("tests/bulletins/corpus", "tests/bulletins/fixtures", "content/bulletins")
LITERAL_DIRS = ("tests/bulletins", "tests/places", "tests/events", "tests/hostile")
MIN_LITERAL = 40  # string literals in tests at least this long are parsed as bulletin texts


def _plain(value: Any) -> Any:
    """A JSON-ready copy of dataclasses, dates, sets and tuples (sets sorted)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted(_plain(v) for v in value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _error(error: BaseException) -> dict[str, str]:
    return {"error": type(error).__name__, "message": str(error)}


def _relative(text: str) -> str:
    """Paths inside the dump, independent of where the worktree or the temporary corpus lives."""
    return text.replace(str(ROOT), "<root>").replace(tempfile.gettempdir(), "<tmp>")


def _parse_text(text: str, known_date: date | None = None) -> dict[str, Any]:
    """The full parse and the rows the worker would build from it."""
    from app.bulletins.extraction import registry
    from app.bulletins.extraction.drafts import ParseHints
    from app.events import service as events_service

    try:
        parsed = registry.parse(text, hints=ParseHints(known_date=known_date))
        rows = events_service.draft_rows(text=text, parsed=parsed, known={})
    except Exception as error:  # noqa: BLE001  (an error is part of the output to compare)
        return _error(error)
    return {"parsed": _plain(parsed), "rows": _plain(rows)}


def _worker(path: Path, known_date: date | None = None) -> dict[str, Any]:
    """What `flows._prepare_file` hands the writer, minus the ingestion time."""
    from app.bulletins import flows
    from app.errors import InputError

    prepared = flows._prepare_file(path, None, known_date, {})
    if isinstance(prepared, flows._Ready):
        columns = {k: v for k, v in prepared.columns.items() if k != "extracted_at"}
        return {"ready": _plain({"digest": prepared.digest, "columns": columns, "source": prepared.source,
                                 "rows": prepared.rows})}  # fmt: skip
    if isinstance(prepared, InputError):
        return {"refused": prepared.message}
    return {"fallback": type(prepared).__name__}


def _file_entries(path: Path, known_date: date | None) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8", errors="replace")
    return {"worker": _worker(path, known_date), "parse": _parse_text(text, known_date)}


def _metadata_date(txt: Path) -> date | None:
    spec_path = txt.with_suffix(".yml")
    if not spec_path.exists():
        return None
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8")) or {}
    known = (spec.get("metadata") or {}).get("date")
    return known if isinstance(known, date) else None


def fixture_inputs() -> Iterator[tuple[str, Path, date | None]]:
    """(label, file, known date) of every bulletin file kept in the repo."""
    for folder in FIXTURE_DIRS:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path.suffix in (".txt", ".html", ".htm") and path.name != "README.md":
                label = str(path.relative_to(ROOT))
                yield label, path, None
                known = _metadata_date(path)
                if known is not None:
                    yield f"{label}@{known.isoformat()}", path, known


def literal_inputs() -> Iterator[tuple[str, str]]:
    """(label, text) of the long string literals in the extraction and place tests."""
    for folder in LITERAL_DIRS:
        for path in sorted((ROOT / folder).glob("*.py")):
            seen: set[str] = set()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) >= MIN_LITERAL:
                    if node.value not in seen:  # named by content: editing a test moves no other label
                        seen.add(node.value)
                        digest = hashlib.sha1(node.value.encode("utf-8")).hexdigest()[:12]
                        yield f"{path.relative_to(ROOT)}:{digest}", node.value


def generated_inputs(count: int, directory: Path) -> Iterator[tuple[str, Path]]:
    """(label, file) of `count` generated scale-corpus bulletins (written once into directory)."""
    from bench import corpus

    folder = directory / "bulletins"
    if not folder.is_dir() or len(list(folder.iterdir())) != count:
        corpus.write(directory, events=count * 40, articles=0)
    for path in sorted(folder.iterdir()):
        yield f"generated/{path.name}", path


def dump(out: Path, generated: int, generated_dir: Path) -> int:
    """Write one canonical JSON line per input; returns how many inputs."""
    lines = []
    for label, path, known in fixture_inputs():
        lines.append({"input": label, **_file_entries(path, known)})
    for label, text in literal_inputs():
        lines.append({"input": label, "parse": _parse_text(text)})
    if generated:
        for label, path in generated_inputs(generated, generated_dir):
            lines.append({"input": label, **_file_entries(path, None)})
    with out.open("w", encoding="utf-8") as handle:
        for line in lines:
            handle.write(_relative(json.dumps(line, sort_keys=True, ensure_ascii=False, default=str)) + "\n")
    return len(lines)


def check(out: Path, baseline: Path) -> bool:
    """Whether every input of the baseline gives the same line again; prints what differs or is missing."""
    got = {json.loads(line)["input"]: line for line in out.read_text(encoding="utf-8").splitlines()}
    want = {json.loads(line)["input"]: line for line in baseline.read_text(encoding="utf-8").splitlines()}
    different = [label for label, line in want.items() if got.get(label) != line]
    for label in different[:10]:
        print(f"{'DIFFERENT' if label in got else 'MISSING'}: {label}")
    added = len(set(got) - set(want))
    if added:
        print(f"{added} inputs not in the baseline (new test texts?): not compared")
    return not different


def _kind(label: str) -> str:
    """Where an input came from, for the summary line."""
    if ".py:" in label:
        return "test literals"
    folder = label.rsplit("/", 1)[0]
    return f"{folder} (with metadata date)" if "@" in label else folder


def main() -> None:
    """Dump, and compare with a baseline when given."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--check", type=Path, help="a baseline dump to compare with")
    parser.add_argument("--generated", type=int, default=300, help="generated scale-corpus bulletins")
    parser.add_argument("--generated-dir", type=Path, default=Path(tempfile.gettempdir()) / "dkb-parse-equivalence")
    args = parser.parse_args()
    from app.places.gazetteer import load

    load()
    count = dump(args.out, args.generated, args.generated_dir)
    kinds = [_kind(json.loads(line)["input"]) for line in args.out.read_text(encoding="utf-8").splitlines()]
    print(f"{count} inputs dumped to {args.out} ({', '.join(f'{k}: {kinds.count(k)}' for k in sorted(set(kinds)))})")
    if args.check:
        same = check(args.out, args.check)
        print("identical to the baseline" if same else "NOT identical to the baseline")
        sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
