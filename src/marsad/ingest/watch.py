"""Re-polling feeds: remembered state (validators and seen items) in a small JSON file."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from marsad.ingest.fetch import FeedState, Fetcher, poll_feed
from marsad.models import Article
from marsad.parse.errors import ParseError


@dataclass(slots=True)
class PollResult:
    """One poll of one feed: its new articles, or the reason it failed."""

    url: str
    articles: list[Article] = field(default_factory=list)
    error: ParseError | None = None


def load_feed_states(path: Path) -> dict[str, FeedState]:
    """The saved state of every watched feed (empty when the file does not exist yet)."""
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {url: FeedState.from_dict(state) for url, state in data.items()}


def save_feed_states(path: Path, states: dict[str, FeedState]) -> None:
    """Write the states atomically (a crash never leaves half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps({url: s.to_dict() for url, s in states.items()}, ensure_ascii=False, indent=1)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False) as out:
        out.write(payload)
    os.replace(out.name, path)


def poll_feeds(urls: list[str], states: dict[str, FeedState], fetcher: Fetcher) -> list[PollResult]:
    """Poll each feed once; only items not seen before come back. States update in place."""
    results = []
    for url in urls:
        state = states.setdefault(url, FeedState(url))
        try:
            results.append(PollResult(url, poll_feed(url, state, fetcher=fetcher)))
        except ParseError as error:
            results.append(PollResult(url, error=error))
    return results
