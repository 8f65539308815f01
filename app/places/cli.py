"""Gazetteer commands: build the shipped place file, evaluate the resolver."""

import time
from pathlib import Path

import click

from app.places.gazetteer import GAZETTEER_DIR


@click.group("places")
def places_cli() -> None:
    """Gazetteer data and resolver evaluation."""


@places_cli.command("build")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=GAZETTEER_DIR,
    show_default=True,
    help="Directory to write places.tsv.gz into.",
)
def build_command(out_dir: Path) -> None:
    """Build the place file from KATOTTG and GeoNames (needs the `gazetteer` extra)."""
    from app.places.build import build

    start = time.perf_counter()
    try:
        path = build(out_dir)
    except RuntimeError as error:
        raise click.ClickException(str(error)) from error
    seconds = time.perf_counter() - start
    click.echo(f"wrote {path} ({path.stat().st_size:,} bytes) in {seconds:.1f} s")


@places_cli.command("build-world")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=GAZETTEER_DIR,
    show_default=True,
    help="Directory to write world.tsv.gz into.",
)
def build_world_command(out_dir: Path) -> None:
    """Build the place file outside Ukraine from GeoNames (needs the `gazetteer` extra)."""
    from app.places.world_build import build

    try:
        path = build(out_dir)
    except RuntimeError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"wrote {path} ({path.stat().st_size:,} bytes)")


@places_cli.command("evaluate")
@click.option(
    "--labels",
    "labels_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Labelled mentions TSV (default: tests/places/data/labelled_mentions.tsv).",
)
@click.option("--verbose", "-v", is_flag=True, help="List every mention resolved wrongly or not.")
def evaluate_command(labels_path: Path | None, verbose: bool) -> None:
    """Resolve labelled mentions; print share auto-resolved, precision and lookups per second."""
    from app.places.evaluate import LABELS_FILE, evaluate, read_labels
    from app.places.gazetteer import load

    start = time.perf_counter()
    load()
    load_seconds = time.perf_counter() - start
    mentions = read_labels(labels_path or LABELS_FILE)
    report = evaluate(mentions)
    click.echo(f"mentions:          {report.total} ({report.resolvable} resolvable)")
    click.echo(f"auto-resolved:     {100 * report.auto_resolved:.1f}%")
    click.echo(f"precision:         {100 * report.precision:.1f}% ({report.correct}/{report.accepted})")
    click.echo(f"lookups/s:         {report.lookups_per_second:,.0f} (one core)")
    click.echo(f"gazetteer load:    {load_seconds:.2f} s")
    if verbose:
        for mention, result in report.errors:
            got = f"{result.place.code} {result.place.name}" if result.place else "unresolved"
            click.echo(f"  {mention.name!r} ({mention.region or '-'}): expected {mention.expected}, got {got}")
