"""The ANT corpus layout: TREC-style ``<DOC>`` records (DOCNO, URL, SRC, CAT, TITLE, TIME,
AUTHOR, ABSTRACT, TEXT), one or many per file.

The markup is not well-formed XML (raw ``&`` in URLs, unescaped text), so fields are read
with tolerant patterns rather than an XML parser.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime

from marsad.models import Article, Provenance, PublishedDate
from marsad.parse.errors import ParseError
from marsad.text.language import detect_language

_DOC = re.compile(r"<DOC>(.*?)</DOC>", re.DOTALL)
_FIELD = re.compile(r"<(DOCNO|URL|SRC|CAT|TITLE|TIME|AUTHOR|ABSTRACT|TEXT)>(.*?)</\1>", re.DOTALL)
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):?(\d{2}):?(\d{2})?([+-]\d{2}:?\d{2}|Z)?")
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def looks_like_ant(text: str) -> bool:
    """True when ``text`` holds ANT/TREC ``<DOC>`` records."""
    head = text.lstrip()[:2000]
    return head.startswith("<DOC>") and "<TEXT>" in text


def parse_ant(text: str, provenance: Provenance | None = None) -> list[Article]:
    """Parse every ``<DOC>`` record in ``text`` into an article (empty bodies are dropped)."""
    articles = list(iter_ant(text, provenance or Provenance(format="ant")))
    if not articles:
        raise ParseError("no_article", "no <DOC> record with a title and a body")
    return articles


def iter_ant(text: str, provenance: Provenance) -> Iterator[Article]:
    """Yield the articles of the ``<DOC>`` records in ``text``, in order."""
    for position, match in enumerate(_DOC.finditer(text)):
        article = _parse_record(match.group(1), replace(provenance, format="ant", position=position))
        if article is not None:
            yield article


def _parse_record(record: str, provenance: Provenance) -> Article | None:
    fields = {name: html.unescape(value.strip()) for name, value in _FIELD.findall(record)}
    body = [_clean(line) for line in fields.get("TEXT", "").splitlines() if line.strip()]
    title = _clean(fields.get("TITLE", ""))
    if not body or not title:
        return None
    url = fields.get("URL") or None
    return Article(
        title=title,
        body=body,
        published=parse_ant_time(fields.get("TIME", "")),
        source=fields.get("SRC") or None,
        url=url,
        author=fields.get("AUTHOR") or None,
        language=detect_language(title + " " + " ".join(body[:3])),
        summary=fields.get("ABSTRACT") or None,
        provenance=replace(provenance, url=url),
        extra={k: v for k, v in (("docno", fields.get("DOCNO")), ("section", fields.get("CAT"))) if v},
    )


def _clean(text: str) -> str:
    return " ".join(text.split())


def parse_ant_time(raw: str) -> PublishedDate | None:
    """ANT TIME values: ISO-8601 with offset (a moment) or ``DD/MM/YYYY`` (a day)."""
    raw = raw.strip()
    if match := _ISO.fullmatch(raw):
        year, month, day, hour, minute, second, zone = match.groups()
        local = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
        aware = local.replace(tzinfo=_parse_offset(zone)) if zone else local.replace(tzinfo=UTC)
        return PublishedDate(
            day=local.date(),
            time=f"{int(hour):02d}:{int(minute):02d}",
            at=aware.astimezone(UTC),
            precision="minute",
            raw=raw,
            tz_assumed=zone is None,
        )
    if match := _DMY.fullmatch(raw):
        day, month, year = (int(g) for g in match.groups())
        try:
            return PublishedDate(day=date(year, month, day), raw=raw)
        except ValueError:
            return None
    return None


def _parse_offset(zone: str):
    if zone == "Z":
        return UTC
    return datetime.strptime(zone.replace(":", ""), "%z").tzinfo
