"""HTML article pages → :class:`Article`: body text by trafilatura, metadata by marsad.

The page is parsed once with lxml. Metadata (title, author, dates, site, tags, canonical URL)
is read from that tree by :mod:`marsad.parse.htmlmeta`; then hostile markup and "related" /
"most read" blocks are cut out and trafilatura extracts the main text from what is left.
Scripts, event handlers and ``javascript:`` links never reach the body.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

import lxml.etree
import lxml.html
import trafilatura
from lxml.html import HtmlElement

from marsad.models import Article, Provenance
from marsad.parse.errors import ParseError
from marsad.parse.htmlmeta import LANGUAGE_SAMPLE, PageMeta, clean_text, extract_meta
from marsad.parse.labels import is_read_also_marker
from marsad.text.language import detect_language

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
# lxml parses these but refuses to write them back into a tree we edit
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_DANGEROUS_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "applet",
    "svg",
    "math",
    "button",
    "select",
    "textarea",
    "input",
)
_RELATED_LABELS = re.compile(
    r"^(?:مقالات|أخبار|اخبار|مواضيع|موضوعات|قصص)\s+(?:ذات\s+صلة|متعلقة|مشابهة)$"
    r"|^(?:اقرأ|إقرأ|اقرا)\s+(?:أيضا|أيضاً|ايضا|ايضاً|المزيد)$"
    r"|^الأكثر\s+(?:قراءة|قراءةً|تصفحا|تصفحاً|مشاهدة|تداولا|تداولاً|شعبية)$"
    r"|^(?:اخترنا\s+لكم|المزيد\s+من\s+الأخبار|شاهد\s+أيضا|شاهد\s+أيضاً|قد\s+يعجبك\s+أيضا)$"
    r"|^(?:related(?:\s+(?:articles|stories|news))?|most\s+(?:read|popular|viewed)|read\s+more)$",
    re.I,
)
# Disclaimers and comment rules that sites glue under every story.
_TAIL_BOILERPLATE = re.compile(
    r"جميع\s+الحقوق\s+محفوظة|لا\s+تعبر\s+(?:بالضرورة\s+)?عن\s+رأي|تعبر\s+عن\s+(?:رأي|وجهة\s+نظر)\s+"
    r"(?:كاتبها|أصحابها|اصحابها)|بالنقاش\s+الحيوي|مراجعة\s+التعليقات|اشترك\s+في\s+(?:نشرتنا|النشرة)"
    r"|all\s+rights\s+reserved",
    re.I,
)
_BYLINE_ITEMPROPS = (
    "author",
    "creator",
    "location",
    "contentlocation",
    "datepublished",
    "datemodified",
    "publisher",
    "dateline",
)
_MAX_BYLINE = 120
_MAX_TAIL_LINES = 3
_LABEL_PUNCT = re.compile(r"[:：.…«»\"'!-]+")
_MAX_LABEL = 40
_MIN_LINKS_IN_BLOCK = 2
_LINK_DENSITY_OF_BLOCK = 0.5
_MAX_CLIMB = 5
_MAX_READ_ALSO_LINE = 250  # characters: "اقرأ أيضاً: <one linked headline>"
_MAX_PREFIX_LINES = 3
MAX_PAGE_CHARS = 20_000_000  # trafilatura's own limit; libxml2 truncates text nodes past 10 MB
_MIN_BODY_CHARS = 25  # shorter than the shortest one-line news brief


def parse_html(data: str | bytes, provenance: Provenance, *, now: datetime | None = None) -> list[Article]:
    """Parse one article page; raises :class:`ParseError` (``no_article``, ``parse_error``, ...).

    ``provenance.url`` (where the page was fetched) resolves relative canonical links and is
    evidence for the publication day (``/2013/08/03/``). ``now`` (default: the fetch time)
    resolves relative dates ("منذ ساعتين") and bounds dates in the future.
    """
    tree = load_html_tree(data)
    meta = extract_meta(tree, provenance.url, now=now or provenance.fetched_at)
    strip_hostile_markup(tree)
    remove_related_blocks(tree)
    remove_byline_markup(tree)
    body = extract_body(tree, provenance.url, meta.title)
    if sum(map(len, body)) < _MIN_BODY_CHARS:
        raise ParseError("no_article", "no main text found in the page")
    return [_build_article(meta, body, provenance)]


def load_html_tree(data: str | bytes) -> HtmlElement:
    """Parse page text (or bytes, decoded by :func:`marsad.ingest.decode.decode_bytes`)."""
    if isinstance(data, bytes):
        from marsad.ingest.decode import decode_bytes

        data = decode_bytes(data)
    if len(data) > MAX_PAGE_CHARS:
        raise ParseError("too_large", f"{len(data):,} characters is over the {MAX_PAGE_CHARS:,} page limit")
    text = _CONTROL_CHARS.sub("", _XML_DECLARATION.sub("", data, count=1))
    if not text.strip():
        raise ParseError("empty", "the page has no markup")
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True)
    try:
        tree = lxml.html.document_fromstring(text, parser=parser)
    except (lxml.etree.ParserError, ValueError) as error:
        raise ParseError("parse_error", f"unreadable HTML: {error}") from None
    if tree is None or not isinstance(tree, HtmlElement):
        raise ParseError("parse_error", "unreadable HTML")
    return tree


def strip_hostile_markup(tree: HtmlElement) -> None:
    """Remove scripts, styles, embeds and form controls, event-handler attributes, and
    ``javascript:``/``data:`` links together with their text."""
    for element in list(tree.iter(*_DANGEROUS_TAGS)):
        _drop_keep_tail(element)
    for link in list(tree.iter("a")):
        if (link.get("href") or "").strip().lower().startswith(("javascript:", "vbscript:", "data:")):
            _drop_keep_tail(link)
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for name in [n for n in element.attrib if n.lower().startswith("on")]:
            del element.attrib[name]


def remove_related_blocks(tree: HtmlElement) -> int:
    """Cut "related articles" / "most read" blocks: the label and the link list it heads.

    A label's block is its nearest ancestor made mostly of links; the article's own container
    is never removed because its text is mostly not links. Returns the number of blocks cut.
    """
    labels = [text for text in tree.xpath("//text()") if len(text) <= _MAX_LABEL * 3 and _is_related_label(str(text))]
    for text in labels:
        owner = text.getparent()
        if owner is None or owner.getparent() is None or not _starts_its_block(text, owner):
            continue
        block = _link_block_around(owner.getparent() if text.is_tail else owner)
        if block is not None:
            _drop_keep_tail(block)
        elif text.is_tail:
            owner.tail = None
        elif len(owner):
            owner.text = None  # the label heads a container that is not a link list: keep it
        else:
            _drop_keep_tail(owner)
    return len(labels)


def remove_byline_markup(tree: HtmlElement) -> None:
    """Drop short microdata bylines (author, location, dates): metadata, not body text."""
    for element in list(tree.xpath("//*[@itemprop]")):
        props = set((element.get("itemprop") or "").lower().split())
        if props & set(_BYLINE_ITEMPROPS) and len(clean_text(element.text_content())) <= _MAX_BYLINE:
            _drop_keep_tail(element)


def _is_related_label(text: str) -> bool:
    own = clean_text(text)
    if not own or len(own) > _MAX_LABEL:
        return False
    return bool(_RELATED_LABELS.match(_LABEL_PUNCT.sub(" ", own).strip())) or is_read_also_marker(own)


def _starts_its_block(text: str, owner: HtmlElement) -> bool:
    """A label opens its line or box; the same words inside a sentence are prose."""
    block = owner.getparent() if text.is_tail else owner
    while block is not None and block.tag not in _BLOCK_TAGS:
        block = block.getparent()
    if block is None:
        return False
    return clean_text(block.text_content()).startswith(clean_text(str(text)))


def _link_block_around(start: HtmlElement | None) -> HtmlElement | None:
    """The smallest element from ``start`` up that is mostly links: a list, or one short line."""
    node = start
    for _ in range(_MAX_CLIMB):
        if node is None or node.tag in ("body", "html"):
            return None
        links = node.findall(".//a")
        enough = len(links) >= _MIN_LINKS_IN_BLOCK or (
            links and len(clean_text(node.text_content())) <= _MAX_READ_ALSO_LINE
        )
        if enough and _link_density(node, links) >= _LINK_DENSITY_OF_BLOCK:
            return node
        node = node.getparent()
    return None


def _link_density(node: HtmlElement, links: list[HtmlElement]) -> float:
    total = len(clean_text(node.text_content()))
    linked = sum(len(clean_text(a.text_content())) for a in links)
    return linked / total if total else 0.0


def _drop_keep_tail(element: HtmlElement) -> None:
    if element.getparent() is not None:
        element.drop_tree()


def extract_body(tree: HtmlElement, url: str | None = None, title: str | None = None) -> list[str]:
    """Main-text paragraphs by trafilatura, without the title and section label it repeats."""
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=False,
        include_comments=False,
        include_links=False,
        include_images=False,
        deduplicate=False,
    )
    text = getattr(document, "text", None) or ""
    lines = [clean_text(line) for line in text.split("\n")]
    lines = _drop_repeated_title([line for line in lines if line], title)
    return _drop_tail_boilerplate(lines)


def _drop_tail_boilerplate(lines: list[str]) -> list[str]:
    end = len(lines)
    while end > 0 and len(lines) - end < _MAX_TAIL_LINES and _TAIL_BOILERPLATE.search(lines[end - 1]):
        end -= 1
    return lines[:end]


def _drop_repeated_title(lines: list[str], title: str | None) -> list[str]:
    if not title:
        return lines
    key = _title_key(title)
    for index, line in enumerate(lines[:_MAX_PREFIX_LINES]):
        if _title_key(line) == key:
            # Lines above the title are the section label and breadcrumbs, not the story.
            return lines[index + 1 :]
    return lines


def _title_key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).lower()


def _build_article(meta: PageMeta, body: list[str], provenance: Provenance) -> Article:
    title = meta.title or body[0]
    sample = title + "\n" + "\n".join(body[:5])
    language = detect_language(sample[:LANGUAGE_SAMPLE])
    if language == "und" and meta.language:
        language = meta.language
    extra = {"date_evidence": meta.date_evidence} if meta.date_evidence else {}
    return Article(
        title=title,
        body=body,
        published=meta.published,
        updated=meta.updated,
        source=meta.source,
        url=meta.url or provenance.url,
        author=meta.author,
        tags=meta.tags,
        language=language,
        summary=meta.summary,
        provenance=replace(provenance, format="html"),
        extra=extra,
    )


def html_to_paragraphs(fragment: str) -> list[str]:
    """Plain paragraphs from an HTML fragment (feed item content): block elements split.

    Scripts, styles and ``javascript:`` links are dropped; inline markup is flattened.
    """
    if not fragment or not fragment.strip():
        return []
    if "<" not in fragment:
        return [p for p in (clean_text(part) for part in re.split(r"\n\s*\n", fragment)) if p]
    try:
        root = lxml.html.fragment_fromstring(_CONTROL_CHARS.sub("", fragment), create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return [clean_text(fragment)] if clean_text(fragment) else []
    strip_hostile_markup(root)
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for block in root.iter(*_BLOCK_TAGS):
        block.tail = "\n\n" + (block.tail or "")
        block.text = "\n\n" + (block.text or "")
    text = root.text_content()
    return [p for p in (clean_text(part) for part in re.split(r"\n\s*\n", text)) if p]


_BLOCK_TAGS = (
    "p",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "tr",
    "pre",
    "section",
    "article",
    "header",
    "footer",
    "figcaption",
    "dd",
    "dt",
    "table",
    "ul",
    "ol",
    "aside",
    "nav",
    "main",
    "body",
    "td",
    "th",
    "figure",
    "form",
    "dl",
)
