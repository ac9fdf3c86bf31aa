"""The one place where stages are wired together: inputs → documents → articles → store.

Each input either becomes articles or a :class:`~marsad.models.Skip` with a reason; a skip
never touches stored data. Single documents (pages, feeds, small files) are read whole within
a size cap; archives (WARC) and record dumps (JSONL/CSV, SaudiNewsNet) are streamed record by
record, so memory stays flat whatever the corpus size. Articles are written in batches, each in
one transaction, so an interrupted run leaves whole batches only and running it again
completes it.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from marsad.enrich.apply import EnrichOptions, enrich_article
from marsad.ingest.sources import DEFAULT_MAX_BYTES, STDIN, iter_input_paths, read_document
from marsad.models import Article, RawDocument, Skip
from marsad.parse import RECORD_FORMATS, keep_articles, parse_document
from marsad.parse.errors import ParseError
from marsad.store.base import Store

log = logging.getLogger(__name__)

ProgressCallback = Callable[[str, int], None]
SkipCallback = Callable[[Skip], None]


@dataclass(slots=True)
class IngestReport:
    """What one ingest run did."""

    inputs: int = 0
    articles: int = 0
    new: int = 0
    known: int = 0
    skips: list[Skip] = field(default_factory=list)
    bad_dates: list[Skip] = field(default_factory=list)  # stored, but an impossible date was dropped

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
    mapping: dict[str, str] | None = None  # JSONL/CSV field names: {"title": "headline", ...}
    batch_size: int = 200
    max_bytes: int = DEFAULT_MAX_BYTES
    allow_private: bool = False  # fetch URLs on loopback/private addresses (tests, intranets)
    fetcher: object | None = None  # a shared marsad.ingest.fetch.Fetcher (rate limits per host)
    enrich: EnrichOptions | None = field(default_factory=EnrichOptions)  # None: no enrichment
    dedup: bool = True  # copies, stories and related articles for every new article
    semantic: bool = False  # mix sentence embeddings into story clustering (the `semantic` extra)
    related_k: int = 5


def is_url(spec: str) -> bool:
    """True for ``http://`` and ``https://`` inputs."""
    return spec.startswith(("http://", "https://"))


def parse_input(path: str, options: IngestOptions | None = None) -> list[Article]:
    """Read and parse one input (file, ``-`` or URL) into articles; raise :class:`ParseError`."""
    articles: list[Article] = []
    for group in iter_input_articles(path, options or IngestOptions(), on_skip=None):
        articles.extend(group)
    return articles


def iter_input_articles(spec: str, options: IngestOptions, on_skip: SkipCallback | None) -> Iterator[list[Article]]:
    """Yield the articles of one input, one document's articles at a time.

    Streams archives and dumps; with ``on_skip``, a bad record inside a stream becomes a skip
    and the stream goes on, else it raises :class:`ParseError`.
    """
    if is_url(spec):
        yield keep_articles(parse_document(_fetch(spec, options), options.fmt, mapping=options.mapping))
        return
    fmt = options.fmt or (None if spec == STDIN else _detect_file_format(spec))
    if fmt == "warc" and spec != STDIN:
        yield from _iter_warc(spec, on_skip)
    elif fmt in RECORD_FORMATS:
        from marsad.parse.records import iter_records

        for article in iter_records(spec, options.mapping, fmt=fmt, on_skip=on_skip):
            yield [article]
    else:
        raw = read_document(spec, max_bytes=options.max_bytes)
        yield parse_document(raw, fmt, mapping=options.mapping)


def _detect_file_format(path: str) -> str | None:
    from marsad.ingest.detect import detect_file_format

    try:
        return detect_file_format(path)
    except OSError:
        return None  # reading it will report why


def _iter_warc(path: str, on_skip: SkipCallback | None) -> Iterator[list[Article]]:
    from marsad.ingest.warc import iter_warc_file

    for raw in iter_warc_file(path, on_skip=on_skip):
        try:
            yield parse_document(raw, "html")
        except ParseError as error:
            if on_skip is None:
                raise
            on_skip(Skip(raw.provenance.url or path, error.reason, error.detail))


def _fetch(url: str, options: IngestOptions) -> RawDocument:
    from marsad.ingest.fetch import Fetcher

    if options.fetcher is None:
        options.fetcher = Fetcher(allow_private=options.allow_private)
    return options.fetcher.fetch(url).to_raw_document()  # type: ignore[attr-defined]


def read_also_edges(articles: list[Article]) -> list[tuple[str, str, str]]:
    """``read_also`` edges from each article to the glued items its page listed after it."""
    return [
        (article.id, articles[index].id, "read_also")
        for article in articles
        for index in article.read_also
        if 0 <= index < len(articles)
    ]


class _Batcher:
    """Collects articles, enriches the new ones, writes a batch per transaction, then dedups.

    Enrichment runs only for articles the store does not hold yet, so re-ingesting is cheap
    and changes nothing; copy, story and related edges are computed for new articles only.
    """

    def __init__(self, store: Store, report: IngestReport, options: IngestOptions) -> None:
        self.store, self.report, self.options = store, report, options
        self.engine = warm_dedup_engine(store, semantic=options.semantic) if options.dedup else None
        self.articles: list[Article] = []
        self.edges: list[tuple[str, str, str]] = []

    def add(self, articles: list[Article]) -> None:
        for article in articles:
            if rejected := article.extra.get("date_rejected"):
                where = article.provenance.url or article.provenance.file or article.title
                self.report.bad_dates.append(Skip(where, "bad_date", f"{rejected['reason']}: {rejected['raw']}"))
        self.articles.extend(articles)
        self.edges.extend(read_also_edges(articles))
        if len(self.articles) >= self.options.batch_size:
            self.flush()

    def flush(self) -> None:
        if not self.articles:
            return
        known = self.store.known_ids([a.id for a in self.articles])
        if self.options.enrich and self.options.enrich.any:
            for article in self.articles:
                if article.id not in known:
                    enrich_article(article, self.options.enrich)
        results = self.store.add_articles(self.articles, self.edges)
        self.report.articles += len(results)
        self.report.new += sum(r.status == "new" for r in results)
        self.report.known += sum(r.status == "known" for r in results)
        if self.engine is not None:
            new = {r.article_id: a for r, a in zip(results, self.articles, strict=True) if r.status == "new"}
            self._dedup(new)
        self.articles, self.edges = [], []

    def _dedup(self, new: dict[str, Article]) -> None:
        relations: list[tuple[str, str, str, float | None]] = []
        repoint: list[tuple[str, str, str]] = []
        assert self.engine is not None
        embeddings = None
        if self.options.semantic:
            from marsad.dedup.semantic import story_embeddings

            embeddings = story_embeddings(list(new.values()))
        for index, (article_id, article) in enumerate(new.items()):
            # No entity keys: the story figures were measured without them, and CRF span
            # mistakes (a place plus the next word as one name) split a follow-up from its story.
            embedding = None if embeddings is None else embeddings[index]
            result = self.engine.add(article_id, article, embedding=embedding)
            relations.extend(result.relations)
            repoint.extend(result.repoint)
            relations.extend(
                (article_id, item.article_id, "related", round(item.score, 4))
                for item in self.engine.related(article_id, self.options.related_k)
            )
        self.store.add_relations(relations, repoint)


DEDUP_WARMUP_DAYS = 7  # the copy detector's window: older articles cannot be copies of new ones


def warm_dedup_engine(store: Store, *, semantic: bool = False):
    """A dedup engine holding the store's recent articles, so new ones are compared to them.

    The engine's state is rebuilt by replaying the last week of stored articles, oldest
    first; its decisions about them are already stored, so nothing is written here. With
    ``semantic`` the story clusterer mixes in sentence embeddings of new articles (replayed
    ones are not embedded again: their scores stay lexical, which keeps a restart cheap).
    """
    from datetime import datetime, timedelta

    from marsad.dedup.engine import DedupEngine
    from marsad.dedup.stories import StoryClusterer

    if semantic:
        from marsad.dedup.semantic import SEMANTIC_STORY_SETTINGS, semantic_available

        if not semantic_available():
            raise ImportError("semantic story clustering needs: pip install 'marsad[semantic]'")
        engine = DedupEngine(stories=StoryClusterer(SEMANTIC_STORY_SETTINGS))
    else:
        engine = DedupEngine()
    newest = store.newest_sort_at()
    if newest:
        since = (datetime.fromisoformat(newest[:10]) - timedelta(days=DEDUP_WARMUP_DAYS)).date().isoformat()
        for stored in store.iter_since(since):
            engine.add(stored.id, stored.article)
    return engine


def ingest_paths(
    specs: Iterable[str],
    store: Store,
    options: IngestOptions | None = None,
    on_progress: ProgressCallback | None = None,
) -> IngestReport:
    """Ingest files, folders, globs, URLs or ``-`` into ``store``; never raises for a bad input."""
    options = options or IngestOptions()
    report = IngestReport()
    batcher = _Batcher(store, report, options)
    for spec in _expand(specs):
        report.inputs += 1
        count = 0
        try:
            for articles in iter_input_articles(spec, options, on_skip=report.skips.append):
                batcher.add(articles)
                count += len(articles)
        except ParseError as error:
            report.skips.append(Skip(spec, error.reason, error.detail))
            log.info("skipped %s: %s", spec, error)
        except Exception as error:  # a parser bug must not stop the run; record it instead
            log.exception("parser failed on %s", spec)
            report.skips.append(Skip(spec, "parse_error", f"{type(error).__name__}: {error}"))
        if on_progress:
            on_progress(spec, count)
    batcher.flush()
    return report


def _expand(specs: Iterable[str]) -> Iterator[str]:
    for spec in specs:
        if is_url(spec):
            yield spec
        else:
            yield from iter_input_paths([spec])
