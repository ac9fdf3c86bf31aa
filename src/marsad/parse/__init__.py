"""Parse stage: raw documents → :class:`marsad.models.Article` objects.

:func:`parse_document` is the one entry point: it decodes the bytes, picks the format
(detected, or forced by the caller) and hands the text to that format's parser. Every
failure comes out as :class:`marsad.parse.errors.ParseError` with a skip reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from marsad.models import Article, Provenance, RawDocument
from marsad.parse.errors import ParseError

TextParser = Callable[[str, Provenance], list[Article]]


def _parse_text_page(text: str, provenance: Provenance) -> list[Article]:
    from marsad.parse.textpage import parse_text_page

    return parse_text_page(text, replace(provenance, format="text"))


def _parse_ant(text: str, provenance: Provenance) -> list[Article]:
    from marsad.parse.ant import parse_ant

    return parse_ant(text, provenance)


PARSERS: dict[str, TextParser] = {
    "text": _parse_text_page,
    "ant": _parse_ant,
}


def detect_text_format(text: str, filename: str | None = None) -> str:
    """Pick a parser for decoded text: ANT ``<DOC>`` records or a scraped text page."""
    from marsad.parse.ant import looks_like_ant

    if looks_like_ant(text):
        return "ant"
    return "text"


def parse_document(raw: RawDocument, fmt: str | None = None) -> list[Article]:
    """Decode and parse one raw document into its articles.

    Raises :class:`ParseError` (``empty``, ``binary``, ``encoding``, ``no_article``,
    ``unknown_format``) when the document yields no article.
    """
    from marsad.ingest.decode import decode_bytes

    text = decode_bytes(raw.data)
    fmt = fmt or detect_text_format(text, raw.provenance.file)
    parser = PARSERS.get(fmt)
    if parser is None:
        raise ParseError("unknown_format", f"no parser for format {fmt!r}")
    articles = [a for a in parser(text, raw.provenance) if a.title and a.body]
    if not articles:
        raise ParseError("no_article", "no title with body text was found")
    return articles


__all__ = ["PARSERS", "ParseError", "detect_text_format", "parse_document"]
