"""``marsad ingest``: parse inputs and store their articles, idempotently."""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from marsad.cli import cli
from marsad.cli.options import db_option, engine_option
from marsad.pipeline import IngestOptions, IngestReport, ingest_paths
from marsad.store import open_store

MAX_LISTED = 50  # skips printed one per line; --errors FILE has every one


@cli.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@db_option
@engine_option
@click.option("--format", "fmt", default=None, help="Force the input format (default: detected).")
@click.option("--errors", "errors_file", type=click.Path(dir_okay=False), help="Write skipped inputs as JSONL.")
@click.option("--map", "mapping", default=None, help="JSONL/CSV field names, e.g. title=headline,body=text.")
@click.option("--allow-private", is_flag=True, help="Allow URLs on loopback/private addresses.")
@click.option("--no-enrich", is_flag=True, help="Skip keyphrases, entities, topic and summary.")
@click.option("--no-dedup", is_flag=True, help="Skip copies, stories and related articles.")
@click.option(
    "--semantic", is_flag=True, help="Mix sentence embeddings into story clustering (pip install 'marsad[semantic]')."
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
def ingest_command(
    paths: tuple[str, ...],
    db: str | None,
    engine: str | None,
    fmt: str | None,
    errors_file: str | None,
    mapping: str | None,
    allow_private: bool,
    no_enrich: bool,
    no_dedup: bool,
    semantic: bool,
    quiet: bool,
) -> None:
    """Ingest files, folders, globs, URLs or - (stdin) into the database.

    Formats are detected (text pages, HTML, RSS/Atom/JSON Feed, WARC, JSONL/CSV, ANT,
    SaudiNewsNet; gzip too); archives and dumps are streamed. Running it twice stores nothing
    twice. Exit status 1 when any input was skipped.

    Example:
        marsad ingest ../shared/samples/ ../shared/data/saudinewsnet/ --db news.db
        marsad ingest dump.csv --map title=headline,body=text,published=date
    """
    from marsad.parse.errors import ParseError
    from marsad.parse.records import parse_field_mapping

    try:
        fields = parse_field_mapping(mapping) if mapping else None
    except (ParseError, ValueError) as error:
        raise click.BadParameter(str(error), param_hint="--map") from None
    if semantic:
        from marsad.dedup.semantic import semantic_available

        if not semantic_available():
            raise click.UsageError("--semantic needs the optional extra: pip install 'marsad[semantic]'")
    options = IngestOptions(fmt=fmt, mapping=fields, allow_private=allow_private, dedup=not no_dedup, semantic=semantic)
    if no_enrich:
        options.enrich = None
    console = Console(stderr=True, soft_wrap=True)
    with open_store(db, engine=engine) as store, _progress(console, quiet) as progress:
        task = progress.add_task("ingest", total=None)

        def on_progress(path: str, count: int) -> None:
            progress.update(task, advance=1, description=_short(path))

        report = ingest_paths(paths, store, options, on_progress)
    _print_summary(console, report)
    if errors_file:
        with open(errors_file, "w", encoding="utf-8") as out:
            for skip in [*report.skips, *report.bad_dates]:
                row = {"input": skip.input, "reason": skip.reason, "detail": skip.detail}
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
    if not report.ok:
        raise SystemExit(1)


def _progress(console: Console, quiet: bool) -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=quiet or not console.is_terminal,
        transient=True,
    )


def _short(path: str, width: int = 40) -> str:
    return path if len(path) <= width else "…" + path[-width + 1 :]


def _by_reason(counts: dict[str, int]) -> str:
    return ", ".join(f"{reason}: {n}" for reason, n in sorted(counts.items(), key=lambda kv: -kv[1]))


def _print_summary(console: Console, report: IngestReport) -> None:
    console.print(
        f"{report.inputs} inputs → {report.articles} articles: "
        f"[green]{report.new} new[/], {report.known} already known, "
        f"[{'red' if report.skips else 'green'}]{len(report.skips)} skipped[/]"
        + (f" ({_by_reason(report.skipped_by_reason)})" if report.skips else "")
    )
    for skip in report.skips[:MAX_LISTED]:
        console.print(f"  skipped {skip.input}: {skip.reason}" + (f" ({skip.detail})" if skip.detail else ""))
    if len(report.skips) > MAX_LISTED:
        console.print(f"  … and {len(report.skips) - MAX_LISTED} more (--errors FILE lists them all)")
    for bad in report.bad_dates:
        console.print(f"  stored without its date {bad.input}: {bad.reason} ({bad.detail})")
