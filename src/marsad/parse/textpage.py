"""Scraped text pages: one article, its metadata lines, and the "read also" items glued on.

A scraped page (see ``shared/samples/000_*.txt``) is plain text, one paragraph per line::

    <title>
    <date line>            تاريخ النشر: 25th, June 2024 GMT   (any label, or none)
    <boilerplate>          تابع أحدث الأخبار عبر تطبيق       (anywhere, even in the body)
    <body paragraphs>
    <source line>          المصدر: البوابة نيوز
    <tag line>             كلمات دلالية: ...                 (spaces or ، between tags)
    <read-also marker>     إقرأ أيضاً:
    <glued item>*          title, optional bare date line, paragraphs

The rules are general, not a list of one site's strings:

* **Title**: the first line that is neither boilerplate nor a labelled line.
* **Labelled lines** (:mod:`marsad.parse.labels`): a line is a *date line* when the date
  parser accepts everything after an optional short label (an update label such as آخر
  تحديث fills ``updated``, and ``published`` too when the page shows no other date); a
  *source line* when its label belongs to the مصدر/source family; a *tag line* when its
  label belongs to the كلمات/وسوم/tags family. Tags joined by plain spaces are segmented
  against the article text (:mod:`marsad.parse.tags`).
* **Boilerplate** (:mod:`marsad.parse.boilerplate`): short lines of page furniture (calls to
  action, interface words, bare network names), removed wherever they stand. Bylines and
  a writer's contact lines are text a reader sees and stay in the body.
* **Read also**: the first short line made only of read-also words (اقرأ/إقرأ أيضا, المزيد,
  ذات صلة, related ...) ends the page's own article. What follows is split into items:
  an item is a title, an optional date line, then at least one paragraph. A later line
  starts a new item when it looks like a headline (at most ``MAX_TITLE_WORDS`` words, no
  sentence-final full stop, no list bullet) *and* is followed by a date line or by a
  paragraph; of two headline-like lines in a row, the one right before a date line is the
  title. Glued items inherit nothing from the page: no date, source or tags unless they
  carry their own lines.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from marsad.models import Article, Provenance, PublishedDate
from marsad.parse.boilerplate import is_boilerplate_line
from marsad.parse.dates import DateRejection
from marsad.parse.errors import ParseError
from marsad.parse.labels import (
    DateLine,
    match_date_line,
    match_date_lines,
    match_rejected_date_line,
    match_source_line,
    match_tags_line,
    split_read_also_marker,
)
from marsad.parse.labels import is_read_also_marker as _is_marker
from marsad.parse.tags import split_tags
from marsad.text.language import detect_language

MAX_TITLE_WORDS = 20
_SPACES = re.compile(r"\s+")
_BULLETS = ("*", "·", "•", "-", "–", "—", "▪", "■")
_NO_TITLE_ENDINGS = (".", ":", "،", ",", "؛", ";")


@dataclass(slots=True)
class _Item:
    """An article under construction."""

    title: str
    body: list[str] = field(default_factory=list)
    published: PublishedDate | None = None
    updated: PublishedDate | None = None
    source: str | None = None
    raw_tags: str | None = None
    date_rejected: DateRejection | None = None


@dataclass(frozen=True, slots=True)
class _Line:
    text: str
    kind: str  # "date", "title?" (headline-like), "para"
    date: PublishedDate | None = None


def parse_text_page(text: str, provenance: Provenance | None = None) -> list[Article]:
    """Parse a scraped text page into its own article followed by the glued-on items.

    ``Article.read_also`` of the first article lists the indices of the glued items.
    Raises :class:`ParseError` (``empty`` or ``no_article``) when there is no article.

    Example:
        >>> page = "عنوان الخبر\\nتاريخ النشر: 25th, June 2024 GMT\\nنص الخبر هنا."
        >>> [a.title for a in parse_text_page(page)], parse_text_page(page)[0].body
        (['عنوان الخبر'], ['نص الخبر هنا.'])
    """
    lines = clean_lines(text)
    if not lines:
        raise ParseError("empty", "the page has no text")
    marker, first_glued = _find_marker(lines)
    main = _read_main(lines[:marker])
    if main is None:
        raise ParseError("no_article", "no title line found")
    rest = lines[marker + 1 :]
    if first_glued:
        rest.insert(0, first_glued)
    else:
        rest = _take_trailing_labels(main, rest)
    glued = _read_glued(rest)
    items = [main, *glued]
    base = provenance or Provenance()
    articles = [_to_article(item, dataclasses.replace(base, position=i)) for i, item in enumerate(items)]
    articles[0].read_also = list(range(1, len(articles)))
    return articles


def clean_lines(text: str) -> list[str]:
    """Non-empty lines with whitespace inside each collapsed to single spaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    return [c for c in (_SPACES.sub(" ", line).strip() for line in text.split("\n")) if c]


def _find_marker(lines: list[str]) -> tuple[int, str]:
    """Index of the read-also marker (or ``len(lines)``) and any title on its line."""
    for index, line in enumerate(lines[1:], start=1):
        found, rest = split_read_also_marker(line)
        if found:
            return index, rest
    return len(lines), ""


def _take_trailing_labels(main: _Item, lines: list[str]) -> list[str]:
    """Source and tag lines right after the marker still belong to the page's article."""
    index = 0
    while index < len(lines) and (
        match_source_line(lines[index]) is not None or match_tags_line(lines[index]) is not None
    ):
        _absorb_label(main, lines[index])
        index += 1
    return lines[index:]


def _read_main(lines: list[str]) -> _Item | None:
    item: _Item | None = None
    pending: list[str] = []  # labelled lines seen before the title
    for line in lines:
        if item is None:
            if is_boilerplate_line(line) or _is_labelled(line):
                pending.append(line)
                continue
            item = _Item(title=line)
            for early in pending:
                _absorb_line(item, early)
            continue
        _absorb_line(item, line)
    return item


def _is_labelled(line: str) -> bool:
    return match_date_line(line) is not None or match_source_line(line) is not None or match_tags_line(line) is not None


def _absorb_line(item: _Item, line: str) -> None:
    """Route one line of an article into its metadata or its body."""
    if is_boilerplate_line(line):
        return
    if _absorb_label(item, line):
        return
    rejected = match_rejected_date_line(line)
    if rejected is not None:
        item.date_rejected = item.date_rejected or rejected
        return
    item.body.append(line)


def _absorb_label(item: _Item, line: str) -> bool:
    dates = match_date_lines(line)
    if dates is not None:
        return _absorb_dates(item, dates)
    source = match_source_line(line)
    if source is not None:
        item.source = item.source or source
        return True
    tags = match_tags_line(line)
    if tags is not None:
        item.raw_tags = tags if item.raw_tags is None else f"{item.raw_tags}، {tags}"
        return True
    return False


def _absorb_dates(item: _Item, dates: list[DateLine]) -> bool:
    if all(not d.updated for d in dates) and item.published is not None:
        return False  # a second bare date is text, not metadata
    for found in dates:
        if found.updated:
            item.updated = item.updated or found.date
        else:
            item.published = item.published or found.date
    return True


def _read_glued(lines: list[str]) -> list[_Item]:
    """Split the lines after a read-also marker into items (title, date?, paragraphs)."""
    # A second marker or page furniture between items is dropped.
    kept = [line for line in lines if not (_is_marker(line) or is_boilerplate_line(line))]
    return _segment_items(_classify(kept))


def _classify(lines: list[str]) -> list[_Line]:
    classified = []
    for line in lines:
        found = match_date_line(line)
        if found is not None:
            classified.append(_Line(line, "date", found.date))
        elif _looks_like_title(line):
            classified.append(_Line(line, "title?"))
        else:
            classified.append(_Line(line, "para"))
    return classified


def _looks_like_title(line: str) -> bool:
    if line.startswith(_BULLETS) or line.endswith(_NO_TITLE_ENDINGS):
        return False
    return len(line.split()) <= MAX_TITLE_WORDS


def _segment_items(lines: list[_Line]) -> list[_Item]:
    items: list[_Item] = []
    i = 0
    while i < len(lines):
        if lines[i].kind == "date" and not items:
            i += 1  # a date before any title belongs to nothing we can name
            continue
        item = _Item(title=lines[i].text)
        i += 1
        if i < len(lines) and lines[i].kind == "date":
            item.published = lines[i].date
            i += 1
        i = _read_item_body(item, lines, i)
        items.append(item)
    return [_finish_glued(item) for item in items]


def _read_item_body(item: _Item, lines: list[_Line], i: int) -> int:
    """Take the item's paragraphs: the first line always, then until a new title starts."""
    while i < len(lines):
        if item.body and _starts_item(lines, i):
            break
        line = lines[i]
        if not (line.kind == "date" and item.published is None and not item.body):
            item.body.append(line.text)
        elif line.date is not None:
            item.published = line.date
        i += 1
    return i


def _starts_item(lines: list[_Line], i: int) -> bool:
    if lines[i].kind != "title?" or i + 1 >= len(lines):
        return False
    following = lines[i + 1].kind
    if following in ("date", "para"):
        return True
    # Two headline-like lines: the one right before a date line is the title.
    return not (i + 2 < len(lines) and lines[i + 2].kind == "date")


def _finish_glued(item: _Item) -> _Item:
    """Metadata lines inside a glued item (its own source or tags) leave its body."""
    body: list[str] = []
    for line in item.body:
        if not _absorb_label_glued(item, line):
            body.append(line)
    item.body = body
    return item


def _absorb_label_glued(item: _Item, line: str) -> bool:
    source = match_source_line(line)
    if source is not None:
        item.source = item.source or source
        return True
    tags = match_tags_line(line)
    if tags is not None:
        item.raw_tags = tags
        return True
    return False


def _to_article(item: _Item, provenance: Provenance) -> Article:
    context = "\n".join([item.title, *item.body])
    return Article(
        title=item.title,
        body=item.body,
        # A page that shows only "آخر تحديث" gives no other date: that is the best we know.
        published=item.published or item.updated,
        updated=item.updated,
        source=item.source,
        # Tags are attested against the body: tag lines are often the headline's own words.
        tags=split_tags(item.raw_tags, "\n".join(item.body) or item.title) if item.raw_tags else [],
        language=detect_language(context),
        provenance=provenance,
        extra={"date_rejected": {"reason": item.date_rejected.reason, "raw": item.date_rejected.raw}}
        if item.date_rejected and not (item.published or item.updated)
        else {},
    )
