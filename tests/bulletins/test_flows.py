"""Ingesting bulletins into the database: the seed, duplicates and every kind of bad input."""

from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from app.bulletins import sources
from app.bulletins.flows import ingest_sources
from app.bulletins.models import Bulletin
from app.events.models import ConflictEvent, FigureClaim
from tests.paths import SEED


def test_the_seed_bulletin_becomes_35_events_with_regions(session: Session) -> None:
    report = ingest_sources(session, sources_=[str(SEED)])
    assert report.errors == []
    [entry] = report.bulletins
    assert (entry["events"], entry["duplicate"]) == (35, False)
    bulletin = session.get(Bulletin, entry["id"])
    assert bulletin is not None and bulletin.text == SEED.read_text(encoding="utf-8")
    assert str(bulletin.published_on) == "2026-01-04" and bulletin.completeness == "truncated"
    events = session.exec(select(ConflictEvent).order_by(ConflictEvent.place_start)).all()
    assert {e.claimant for e in events} == {"Russian Ministry of Defence"}
    by_region = {(e.region_as_written, e.region_code) for e in events}
    assert ("Kharkov region", "UA-63") in by_region
    assert ("Donetsk People’s Republic", "UA-14") in by_region
    assert ("Zaporozhye region", "UA-23") in by_region
    kherson = next(e for e in events if e.place_as_written == "Kherson")
    assert (kherson.region_as_written, kherson.region_code, kherson.region_method) == (
        "",
        "UA-65",
        "inferred",  # the extractor's region for a place written without one
    )
    for event in events:
        assert bulletin.text[event.quote_start : event.quote_end] == event.quote
        assert bulletin.text[event.place_start : event.place_end] == event.place_as_written


def test_the_same_text_twice_is_one_bulletin(session: Session, tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    first = ingest_sources(session, sources_=[str(SEED)])
    again = ingest_sources(session, sources_=[str(copy)])
    assert again.bulletins[0]["duplicate"] is True
    assert again.bulletins[0]["id"] == first.bulletins[0]["id"]
    assert len(session.exec(select(ConflictEvent)).all()) == 35
    assert len(session.exec(select(FigureClaim)).all()) == first.bulletins[0]["figures"]


def test_bad_inputs_are_named_and_the_rest_of_the_batch_goes_in(session: Session, tmp_path: Path) -> None:
    tmp_path = tmp_path / "inbox"
    tmp_path.mkdir()
    (tmp_path / "a.bin").write_bytes(b"\x7fELF\x00\x00\x01")
    (tmp_path / "b-empty.txt").write_bytes(b"")
    (tmp_path / "c-latin1.txt").write_bytes("Сводка".encode("cp1251"))
    (tmp_path / "d-unknown.txt").write_text("Nothing here that looks like a bulletin.")
    (tmp_path / "e-seed.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    report = ingest_sources(
        session,
        sources_=[
            str(tmp_path),
            str(tmp_path / "nope.txt"),
            "ftp://example.org/x",
            "http://127.0.0.1:9/x",
        ],
    )
    assert [b["events"] for b in report.bulletins] == [35]
    errors = "\n".join(report.errors)
    assert "a.bin: this is a binary file" in errors
    assert "b-empty.txt: the file is empty" in errors
    assert "c-latin1.txt: invalid UTF-8 at byte 0" in errors
    assert "d-unknown.txt: not a recognised bulletin format" in errors
    assert "nope.txt: no such file or directory" in errors
    assert "ftp://example.org/x: only http and https URLs" in errors
    assert "http://127.0.0.1:9/x: refusing to fetch from 127.0.0.1" in errors
    assert len(report.errors) == 7


def test_an_unknown_format_name_is_an_error(session: Session) -> None:
    report = ingest_sources(session, sources_=[str(SEED)], format="nato_sitrep")
    assert report.bulletins == []
    assert "unknown bulletin format 'nato_sitrep'" in report.errors[0]


def test_unreadable_files_and_malformed_urls_are_errors_of_their_own(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("Report of 4 January 2026")
    real_read = sources.read_file

    def read_file(path: Path, **kwargs: Any) -> sources.RawBulletin:
        if path == locked:  # what a file without read permission does for a non-root user
            raise PermissionError(13, "Permission denied", str(path))
        return real_read(path, **kwargs)

    monkeypatch.setattr(sources, "read_file", read_file)
    report = ingest_sources(session, sources_=["http://[::1/x", "http://example.org:99999/x", str(locked), str(SEED)])
    assert [b["events"] for b in report.bulletins] == [35]
    assert report.errors[0].startswith("http://[::1/x: not a valid URL")
    assert report.errors[1].startswith("http://example.org:99999/x: not a valid URL")
    assert report.errors[2] == f"{locked}: PermissionError: [Errno 13] Permission denied: '{locked}'"
