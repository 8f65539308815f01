"""Paths of the sample files tests use."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "content" / "bulletins" / "2026-01-04-russian-mod-daily-report.txt"
WILSON = ROOT / "content" / "articles" / "wilson-center-forced-displacement.md"
