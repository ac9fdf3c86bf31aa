"""Parse stage: raw documents → :class:`marsad.models.Article` objects.

:func:`parse_document` is the one entry point for a document held in memory: it picks the
format (detected from content and name, or forced by the caller), decodes the bytes where the
format is text, and hands over to that format's parser. Every failure comes out as
:class:`marsad.parse.errors.ParseError` with a skip reason. Archives and record dumps of any
size are streamed by the pipeline instead (:func:`marsad.pipeline.iter_input_articles`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

from marsad.models import Article, Provenance, RawDocument
from marsad.parse.errors import ParseError

TextParser = Callable[[str, Provenance], list[Article]]
TEXT_FORMATS = ("text", "html", "rss", "atom", "jsonfeed", "ant")
RECORD_FORMATS = ("jsonl", "csv", "tsv", "snn")


def _parse_text_page(text: str, provenance: Provenance) -> list[Article]:
    from marsad.parse.textpage import parse_text_page

    return parse_text_page(text, provenance)


def _parse_ant(text: str, provenance: Provenance) -> list[Article]:
    from marsad.parse.ant import parse_ant

    return parse_ant(text, provenance)


def _parse_html(text: str, provenance: Provenance) -> list[Article]:
    from marsad.parse.html import parse_html

    return parse_html(text, provenance)


def _parse_feed(text: str, provenance: Provenance) -> list[Article]:
    from marsad.parse.feed import parse_feed

    return parse_feed(text, provenance)


PARSERS: dict[str, TextParser] = {
    "text": _parse_text_page,
    "ant": _parse_ant,
    "html": _parse_html,
    "rss": _parse_feed,
    "atom": _parse_feed,
    "jsonfeed": _parse_feed,
}


def parse_document(
    raw: RawDocument, fmt: str | None = None, *, mapping: Mapping[str, str] | None = None
) -> list[Article]:
    """Parse one in-memory document into its articles.

    ``fmt`` forces a format (see :data:`marsad.ingest.detect.FORMATS`); ``mapping`` names the
    fields of JSONL/CSV records (``{"title": "headline", "body": "text"}``). Raises
    :class:`ParseError` (``empty``, ``binary``, ``encoding``, ``no_article``,
    ``unknown_format``, ...) when the document yields no article.
    """
    from marsad.ingest.decode import decode_bytes
    from marsad.ingest.detect import detect_format

    fmt = fmt or detect_format(raw)
    provenance = replace(raw.provenance, format=fmt)
    if fmt == "warc":
        from marsad.ingest.warc import parse_warc

        articles = parse_warc(raw.data, provenance)
    elif fmt in RECORD_FORMATS:
        from marsad.parse.records import parse_records

        articles = parse_records(raw.data, provenance, mapping, fmt=fmt)
    elif fmt in PARSERS:
        articles = PARSERS[fmt](decode_bytes(raw.data), provenance)
    else:
        raise ParseError("unknown_format", f"no parser for format {fmt!r}")
    return keep_articles(articles)


def keep_articles(articles: list[Article]) -> list[Article]:
    """Drop items without a title or body text; raise ``no_article`` when none is left."""
    new_index = {}
    kept: list[Article] = []
    for index, article in enumerate(articles):
        if article.title and article.body:
            new_index[index] = len(kept)
            kept.append(article)
    if not kept:
        raise ParseError("no_article", "no title with body text was found")
    for article in kept:  # read_also indices point into the list: follow the items that stayed
        article.read_also = [new_index[i] for i in article.read_also if i in new_index]
    return kept


__all__ = ["PARSERS", "ParseError", "keep_articles", "parse_document"]
