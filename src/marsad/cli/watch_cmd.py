"""``marsad watch``: re-poll feeds on an interval and ingest what is new."""

from __future__ import annotations

import time
from pathlib import Path

import click
from rich.console import Console

from marsad.cli import cli
from marsad.cli.options import db_option
from marsad.ingest.fetch import Fetcher
from marsad.ingest.watch import load_feed_states, poll_feeds, save_feed_states
from marsad.store import open_store


def _default_state_file() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("marsad", appauthor=False)) / "feeds.json"


@cli.command("watch")
@click.argument("feeds", nargs=-1, required=True)
@db_option
@click.option("--interval", default=300.0, show_default=True, help="Seconds between polls of each feed.")
@click.option("--once", is_flag=True, help="Poll every feed once and stop.")
@click.option("--max-polls", type=int, default=None, help="Stop after this many rounds.")
@click.option(
    "--state",
    "state_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where feed state (ETag, Last-Modified, seen items) is kept.",
)
@click.option("--allow-private", is_flag=True, help="Allow feeds on loopback/private addresses.")
def watch_command(
    feeds: tuple[str, ...],
    db: str | None,
    interval: float,
    once: bool,
    max_polls: int | None,
    state_file: Path | None,
    allow_private: bool,
) -> None:
    """Poll RSS/Atom/JSON feeds with conditional GET and store only new items.

    Example:
        marsad watch https://example.com/rss.xml --interval 600
    """
    console = Console(stderr=True, soft_wrap=True)
    state_file = state_file or _default_state_file()
    states = load_feed_states(state_file)
    rounds = 1 if once else max_polls
    done = 0
    with open_store(db) as store, Fetcher(allow_private=allow_private) as fetcher:
        while rounds is None or done < rounds:
            for result in poll_feeds(list(feeds), states, fetcher):
                if result.error:
                    console.print(f"{result.url}: skipped ({result.error})")
                    continue
                added = store.add_articles(result.articles) if result.articles else []
                new = sum(r.status == "new" for r in added)
                console.print(f"{result.url}: {len(result.articles)} new items, {new} new articles")
            save_feed_states(state_file, states)
            done += 1
            if rounds is None or done < rounds:
                time.sleep(interval)
