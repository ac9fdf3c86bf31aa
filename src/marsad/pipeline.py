"""The one place where stages are wired together: inputs → documents → articles → store.

Each input either becomes articles or a :class:`~marsad.models.Skip` with a reason; a skip
never touches stored data. Articles are written in batches, each in one transaction, so an
interrupted run leaves whole batches only and running it again completes it.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from marsad.ingest.sources import DEFAULT_MAX_BYTES, iter_input_paths, read_document
from marsad.models import Article, Skip
from marsad.parse import parse_document
from marsad.parse.errors import ParseError
from marsad.store.base import Store

log = logging.getLogger(__name__)

ProgressCallback = Callable[[str, int], None]


@dataclass(slots=True)
class IngestReport:
    """What one ingest run did."""

    inputs: int = 0
    articles: int = 0
    new: int = 0
    known: int = 0
    skips: list[Skip] = field(default_factory=list)

    @property
    def skipped_by_reason(self) -> dict[str, int]:
        """Skip counts grouped by reason code."""
        return dict(Counter(s.reason for s in self.skips))

    @property
    def ok(self) -> bool:
        """True when no input was skipped."""
        return not self.skips


@dataclass(slots=True)
class IngestOptions:
    """Settings for one ingest run."""

    fmt: str | None = None
    batch_size: int = 200
    max_bytes: int = DEFAULT_MAX_BYTES


def parse_input(path: str, options: IngestOptions | None = None) -> list[Article]:
    """Read and parse one input into articles; raise :class:`ParseError` when it yields none."""
    options = options or IngestOptions()
    raw = read_document(path, max_bytes=options.max_bytes)
    return parse_document(raw, options.fmt)


def read_also_edges(articles: list[Article]) -> list[tuple[str, str, str]]:
    """``read_also`` edges from each article to the glued items its page listed after it."""
    return [
        (article.id, articles[index].id, "read_also")
        for article in articles
        for index in article.read_also
        if 0 <= index < len(articles)
    ]


def ingest_paths(
    specs: Iterable[str],
    store: Store,
    options: IngestOptions | None = None,
    on_progress: ProgressCallback | None = None,
) -> IngestReport:
    """Ingest files, folders, globs or ``-`` into ``store``; never raises for a bad input."""
    options = options or IngestOptions()
    report = IngestReport()
    batch: list[Article] = []
    edges: list[tuple[str, str, str]] = []
    for path in iter_input_paths(specs):
        report.inputs += 1
        try:
            articles = parse_input(path, options)
        except ParseError as error:
            report.skips.append(Skip(path, error.reason, error.detail))
            log.info("skipped %s: %s", path, error)
            articles = []
        except Exception as error:  # a parser bug must not stop the run; record it instead
            log.exception("parser failed on %s", path)
            report.skips.append(Skip(path, "parse_error", f"{type(error).__name__}: {error}"))
            articles = []
        batch.extend(articles)
        edges.extend(read_also_edges(articles))
        if len(batch) >= options.batch_size:
            _flush(store, batch, edges, report)
        if on_progress:
            on_progress(path, len(articles))
    _flush(store, batch, edges, report)
    return report


def _flush(store: Store, batch: list[Article], edges: list[tuple[str, str, str]], report: IngestReport) -> None:
    if not batch:
        return
    results = store.add_articles(batch, edges)
    report.articles += len(results)
    report.new += sum(r.status == "new" for r in results)
    report.known += sum(r.status == "known" for r in results)
    batch.clear()
    edges.clear()
