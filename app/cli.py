"""The `dkb` command line: database, content, bulletins, search, places and the server."""

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import click
from sqlmodel import Session

from app.bootstrap import reference_data
from app.config import get_settings
from app.db import get_engine
from app.places.cli import places_cli
from app.users.cli import tokens_cli, users_cli
from search.client import SearchTarget, make_client


@click.group()
def main() -> None:
    """displacement-kb: articles on displacement and IHL beside the conflict events around them."""


@main.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Migrate the database to the latest schema."""
    from app.migrate import upgrade

    upgrade(get_engine())
    with Session(get_engine()) as session:
        reference_data(session)
    from sqlalchemy import make_url

    shown = make_url(get_settings().resolved_database_url).render_as_string(hide_password=True)
    click.echo(f"database ready: {shown}")


@main.group()
def content() -> None:
    """Curated Markdown articles."""


@content.command("publish")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--force", is_flag=True, help="Overwrite newer revisions made on the web or through the API.")
@click.option("--prune", is_flag=True, help="Archive articles whose file was deleted (they are reported anyway).")
def content_publish(paths: tuple[Path, ...], as_json: bool, force: bool, prune: bool) -> None:
    """Validate and publish Markdown files (default: content/articles)."""
    from app.articles.flows import publish_paths

    targets = list(paths) or [get_settings().content_dir / "articles"]
    with Session(get_engine()) as session:
        reference_data(session)
        report = publish_paths(session, paths=targets, force=force, prune=prune)
    if as_json:
        click.echo(json.dumps({"articles": [o.__dict__ for o in report.outcomes], "errors": report.errors,
                               "missing": report.missing, "archived": report.archived}))  # fmt: skip
    else:
        for outcome in report.outcomes:
            click.echo(f"{outcome.action:9} {outcome.slug} (revision {outcome.revision})")
        for error in report.errors:
            click.echo(f"error     {error}", err=True)
        for gone in report.missing:
            verb = "archived " if prune else "missing  "
            click.echo(f"{verb} {gone}: its file was deleted" + ("" if prune else " (--prune archives it)"))
        counts = {a: sum(o.action == a for o in report.outcomes) for a in ("created", "updated", "unchanged")}
        click.echo(", ".join(f"{n} {a}" for a, n in counts.items()) + f", {len(report.errors)} errors")
    sys.exit(1 if report.errors else 0)


@content.command("export")
@click.argument("directory", type=click.Path(path_type=Path))
def content_export(directory: Path) -> None:
    """Write every article as a Markdown file with front matter."""
    from app.articles.export import export_all

    with Session(get_engine()) as session:
        written = export_all(session, directory=directory)
    click.echo(f"{written} articles written to {directory}")


@main.group()
def bulletins() -> None:
    """Military and humanitarian bulletins."""


@contextmanager
def _progress(label: str) -> Iterator[Callable[[int, int], None]]:
    """A rich progress bar on stderr (only on a terminal) fed with (done, total)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(stderr=True)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, disable=not console.is_terminal, transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


@bulletins.command("ingest")
@click.argument("sources", nargs=-1, required=True)
@click.option("--format", "format_", default=None, help="Parser name (default: detect).")
@click.option("--date", "known_date", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Publication date (YYYY-MM-DD) for datelines without a year.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def bulletins_ingest(sources: tuple[str, ...], format_: str | None, known_date: datetime | None, as_json: bool) -> None:
    """Ingest bulletin files, directories or http(s) URLs."""
    from app.bulletins.flows import ingest_sources

    settings = get_settings()
    with Session(get_engine()) as session, _progress("Ingesting bulletins") as progress:
        reference_data(session)
        report = ingest_sources(
            session, sources_=sources, format=format_, allow_private=settings.allow_private_urls,
            known_date=known_date.date() if known_date else None, workers=os.cpu_count() or 1,
            progress=progress,
        )  # fmt: skip
    if as_json:
        click.echo(json.dumps({"bulletins": report.bulletins, "errors": report.errors}))
    else:
        for entry in report.bulletins:
            state = "duplicate" if entry["duplicate"] else "new"
            click.echo(
                f"{state:9} #{entry['id']} {entry['source']}: {entry['events']} events, {entry['figures']} figures"
                + ("" if entry["status"] == "extracted" else f" ({entry['status']})")
            )
        for error in report.errors:
            click.echo(f"error     {error}", err=True)
    sys.exit(1 if report.errors else 0)


@bulletins.command("evaluate")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--details", is_flag=True, help="Also list what each development file missed (never holdout files).")
def bulletins_evaluate(directory: Path | None, as_json: bool, details: bool) -> None:
    """Score extraction on the development set, per format family (dev and holdout)."""
    from app.bulletins import evaluate

    folder = directory or evaluate.DEFAULT_DIR
    if not folder.is_dir():
        raise click.ClickException(f"{folder}: not a directory")
    scores = evaluate.evaluate(folder)
    rows = evaluate.summarise(scores)
    if as_json:
        click.echo(json.dumps({"families": [r.as_dict() for r in rows]}))
        return
    click.echo(evaluate.render(rows))
    if details:
        click.echo(evaluate.details(scores))


@bulletins.command("reextract")
@click.argument("ids", nargs=-1, type=int)
@click.option("--all", "every", is_flag=True, help="Every stored bulletin.")
@click.option("--stale", is_flag=True, help="Bulletins read by an older parser version, or whose extraction failed.")
@click.option("--format", "format_", default=None, help="Bulletins stored with this format.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def bulletins_reextract(ids: tuple[int, ...], every: bool, stale: bool, format_: str | None, as_json: bool) -> None:
    """Run extraction again on stored texts (events kept by id, editor corrections kept, links refreshed)."""
    from app.bulletins.reextraction import reextract, select_for_reextraction

    if sum((bool(ids), every, stale, bool(format_))) != 1:
        raise click.UsageError("give bulletin ids, or exactly one of --all, --stale or --format NAME")
    with Session(get_engine()) as session:
        chosen = select_for_reextraction(session, ids=ids, every=every, format=format_, stale=stale)
        report = reextract(session, bulletin_ids=chosen)
    if as_json:
        click.echo(json.dumps({"bulletins": report.bulletins, "errors": report.errors}))
    else:
        for b in report.bulletins:
            version = b["parser_version"]
            click.echo(
                f"#{b['id']} {b['format']} {version['before'] or '?'} -> {version['after']}: {b['created']} new, "
                f"{b['updated']} kept, {b['deleted']} removed events; {b['figures']} figures"
            )
        for error in report.errors:
            click.echo(f"error     {error}", err=True)
        click.echo(f"{len(report.bulletins)} bulletins re-extracted, {len(report.errors)} errors")
    sys.exit(1 if report.errors else 0)


@bulletins.command("failed")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def bulletins_failed(as_json: bool) -> None:
    """Bulletins whose extraction failed (their texts are stored), with the error."""
    from app.bulletins.reextraction import failed

    with Session(get_engine()) as session:
        rows = failed(session)
    if as_json:
        items = [{"id": b.id, "origin": b.origin, "error": b.extraction_error, "sha256": b.sha256} for b in rows]
        click.echo(json.dumps({"items": items, "total": len(items)}))
        return
    for b in rows:
        click.echo(f"#{b.id} {b.origin}: {b.extraction_error}")
    click.echo(f"{len(rows)} bulletins failed extraction (fix the parser, then: dkb bulletins reextract --stale)")


@bulletins.command("watch")
@click.argument("sources", nargs=-1, required=True)
@click.option("--interval", type=click.IntRange(min=1), default=None, help="Seconds between polls of each source.")
@click.option("--once", is_flag=True, help="Poll every source once, then exit.")
def bulletins_watch(sources: tuple[str, ...], interval: int | None, once: bool) -> None:
    """Follow RSS/Atom feeds or listing pages and ingest each new bulletin they link to."""
    from app.bulletins.feeds import PollResult, watch
    from app.errors import InputError

    failed_sources: list[str] = []

    def show(result: PollResult) -> None:
        if result.error:
            failed_sources.append(result.source)
            click.echo(f"error     {result.error}", err=True)
            return
        state = "unchanged" if result.not_modified else f"{result.entries} entries"
        click.echo(f"{result.source}: {state}, {len(result.ingested)} new, {result.duplicates} duplicate, "
                   f"{len(result.errors)} failed")  # fmt: skip
        for error in result.errors:
            click.echo(f"error     {error}", err=True)

    with Session(get_engine()) as session:
        reference_data(session)
    try:
        watch(get_engine(), locations=sources, interval=interval, once=once,
              allow_private=get_settings().allow_private_urls, report=show)  # fmt: skip
    except InputError as error:
        raise click.ClickException(error.message) from None
    except KeyboardInterrupt:
        click.echo("stopped")
    sys.exit(1 if once and failed_sources else 0)


@contextmanager
def search_target() -> Iterator[SearchTarget]:
    """The configured server, the running app's embedded one, or a temporary embedded one."""
    from search.server import MeiliServer, running_embedded_url

    settings = get_settings()
    if settings.meili_url:
        yield SearchTarget(settings.meili_url, settings.meili_key, settings.meili_index_prefix)
        return
    server = MeiliServer(data_dir=settings.data_dir, binary=settings.meili_binary)
    url = running_embedded_url(settings.data_dir)
    if url:
        yield SearchTarget(url, server.key, settings.meili_index_prefix)
        return
    server.start(timeout=settings.meili_start_timeout)
    try:
        yield SearchTarget(server.url, server.key, settings.meili_index_prefix)
    finally:
        server.stop()


def _synonyms() -> dict[str, list[str]]:
    from search.synonyms import all_synonyms

    with Session(get_engine()) as session:
        return all_synonyms(session)


@main.group()
def search() -> None:
    """The Meilisearch indexes."""


@search.command("sync")
@click.option("--watch", is_flag=True, help="Keep relaying until interrupted (the external relay process).")
def search_sync(watch: bool) -> None:
    """Push the outbox to Meilisearch (with --watch: forever, waiting for Meilisearch when down)."""
    from search.client import is_healthy
    from search.relay import RelayLoop

    settings = get_settings()
    with search_target() as target:
        loop = RelayLoop(
            engine=get_engine(), target=target, synonyms=_synonyms, interval=settings.relay_interval,
            report=click.echo,
        )  # fmt: skip
        if watch:
            click.echo(f"relaying the outbox to {target.url} (Ctrl-C stops)")
            try:
                loop.run_forever()
            except KeyboardInterrupt:
                loop.stop()
            return
        if not is_healthy(target):
            raise click.ClickException(f"Meilisearch is not reachable at {target.url}")
        while loop.step() == 0:
            pass
        if loop.state.errors:
            raise click.ClickException(loop.state.last_error)


@search.command("reindex")
def search_reindex() -> None:
    """Rebuild every index from the database into a new index, then swap it in."""
    from search.maintenance import rebuild

    with search_target() as target:
        counts = rebuild(get_engine(), make_client(target, timeout=60), target, _synonyms())
    click.echo(", ".join(f"{name}: {n} documents" for name, n in counts.items()))


@search.command("evaluate")
@click.option(
    "--file",
    "path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Judged queries (default tests/search/judged.yml).",
)
@click.option("--misses", is_flag=True, help="Also list the queries that missed a top-3 document.")
def search_evaluate(path: Path | None, misses: bool) -> None:
    """recall@3, nDCG@10 and MRR per query class on judged queries, hybrid and keyword only."""
    from search.evaluate import JUDGED_FILE, compare, load_judged, table
    from search.maintenance import ensure_indexes
    from search.outbox import relay_once

    with search_target() as target:
        client = make_client(target, timeout=60)
        ensure_indexes(client, target, _synonyms())
        while relay_once(get_engine(), client, target).processed:
            pass
        with Session(get_engine()) as session:
            results = compare(session, target, load_judged(path or JUDGED_FILE))
    click.echo(table(results))
    if misses:
        for mode, scores in results.items():
            for miss in scores["all"].misses:
                click.echo(f"{mode} miss: {miss}")


@search.command("status")
def search_status() -> None:
    """Server health, document counts and the outbox backlog."""
    from search.maintenance import status

    with search_target() as target:
        click.echo(json.dumps(status(get_engine(), make_client(target), target), indent=2))


@main.group()
def places() -> None:
    """The gazetteer and the review list of unresolved place names."""


@places.command("unresolved")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def places_unresolved(as_json: bool) -> None:
    """Place mentions left unresolved (region-level events), with candidate places."""
    from app.places.review import unresolved

    with Session(get_engine()) as session:
        mentions = unresolved(session)
    if as_json:
        items = [
            {
                "name": m.name,
                "region": m.region_code,
                "events": m.event_ids,
                "score": round(m.score, 1),
                "candidates": [
                    {"id": c.code, "name": c.name, "name_uk": c.name_uk, "raion": c.raion} for c in m.candidates
                ],
            }
            for m in mentions
        ]
        click.echo(json.dumps({"items": items, "total": len(items)}, ensure_ascii=False))
        return
    for m in mentions:
        options = "; ".join(f"{c.name} ({c.raion}) {c.code}" for c in m.candidates[:3]) or "no candidate"
        click.echo(f"{m.name} [{m.region_code or 'no region'}] x{m.count}: {options}")
    click.echo(f"{len(mentions)} unresolved names")


@places.command("correct")
@click.argument("name")
@click.option("--region", required=True, help="ISO 3166-2 code of the region, e.g. UA-14.")
@click.option("--place", "place_code", help="KATOTTG code of the right settlement.")
@click.option("--not-a-place", is_flag=True, help="The name is not a settlement (keep region level).")
@click.option("--by", "decided_by", default="", help="Who decided.")
def places_correct(name: str, region: str, place_code: str | None, not_a_place: bool, decided_by: str) -> None:
    """Confirm or correct a name in a region; remembered for future bulletins."""
    from app.places.review import correct

    if bool(place_code) == not_a_place:
        raise click.UsageError("give exactly one of --place CODE or --not-a-place")
    with Session(get_engine()) as session:
        changed = correct(session, name=name, region_code=region.upper(), place_code=place_code, decided_by=decided_by)
    click.echo(f"remembered; {changed} events updated")


@main.command()
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=8000, type=int)
@click.option("--workers", default=1, type=click.IntRange(min=1), help="Web worker processes.")
def serve(host: str, port: int, workers: int) -> None:
    """Start the web app (and, by default, its own Meilisearch)."""
    import os

    import uvicorn

    click.echo(f"displacement-kb on http://{host}:{port}" + (f" ({workers} workers)" if workers > 1 else ""))
    with Session(get_engine()) as session:
        from app.users.service import first_admin_hint

        hint = first_admin_hint(session)
    if hint:
        click.echo(hint)
    if workers == 1:
        uvicorn.run("app.main:app", host=host, port=port, log_level="info")
        return
    from app.main import make_search_runtime

    # This process supervises: it runs the one embedded Meilisearch (if any) and the one relay;
    # the workers only serve requests and reach Meilisearch through the URL it hands them.
    runtime = make_search_runtime()
    runtime.start()
    os.environ["DKB_MEILI_URL"], os.environ["DKB_MEILI_KEY"] = runtime.target.url, runtime.target.key
    if get_settings().relay == "embedded":
        os.environ["DKB_RELAY"] = "external"
    try:
        uvicorn.run("app.main:app", host=host, port=port, log_level="info", workers=workers)
    finally:
        runtime.stop()


for _command in places_cli.commands.values():
    places.add_command(_command)

main.add_command(users_cli)
main.add_command(tokens_cli)
