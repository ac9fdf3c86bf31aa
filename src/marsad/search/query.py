"""The search query language.

``words``, ``"a phrase"``, ``-excluded``, ``a OR b``, ``name*`` (prefix), and filters
``source:``, ``tag:``, ``entity:``, ``topic:``, ``lang:``, ``from:``/``to:`` (ISO dates, or dates
as written such as ``from:"25 يونيو 2024"``), ``sort:newest``, ``match:any`` and ``recency:1``
(a prior for newer articles).
Filter values with spaces are quoted: ``source:"البوابة نيوز"``. Malformed queries raise
:class:`QueryError` with a message meant for the person who typed them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from marsad.text import normalize_digits

FILTERS = ("source", "tag", "entity", "lang", "from", "to", "sort", "topic", "match", "recency")
MATCH_MODES = ("all", "any")
_TOKEN = re.compile(r'(-?)(?:(\w+):)?(?:"([^"]*)"|(\S+))')


class QueryError(ValueError):
    """A query that cannot be run, with a message for the user."""


@dataclass(frozen=True, slots=True)
class Term:
    """One search term or phrase; ``alternatives`` holds the other sides of an ``OR``."""

    text: str
    phrase: bool = False
    prefix: bool = False
    negated: bool = False
    alternatives: tuple[Term, ...] = ()


@dataclass(slots=True)
class Query:
    """A parsed query: terms plus filters."""

    terms: list[Term] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    match: str = "all"  # "all": every term must occur; "any": any term, ranked by BM25 (for long queries)
    recency: float = 0.0  # weight of the recency prior added to the BM25 score (0 = pure relevance)

    @property
    def positive_terms(self) -> list[Term]:
        """Terms that must match (not excluded)."""
        return [t for t in self.terms if not t.negated]

    @property
    def has_filters(self) -> bool:
        """True when any filter narrows the results."""
        return bool(self.sources or self.tags or self.entities or self.topics or self.languages) or bool(
            self.date_from or self.date_to
        )


def parse_query(text: str, *, match: str = "all", recency: float = 0.0) -> Query:
    """Parse a query string; raise :class:`QueryError` for malformed input.

    ``match="any"`` ranks documents that contain any of the words (BM25 sorts the ones with
    more and rarer words first): the right mode for pasting a whole headline. ``recency``
    adds a prior for newer articles to the relevance score.

    Example:
        >>> q = parse_query('غزة "وقف إطلاق النار" -لبنان source:الرياض')
        >>> [t.text for t in q.terms], q.sources
        (['غزة', 'وقف إطلاق النار', 'لبنان'], ['الرياض'])
    """
    if text.count('"') % 2:
        raise QueryError('unbalanced quotes: close the phrase with a second "')
    if match not in MATCH_MODES:
        raise QueryError("match: takes all or any")
    query = Query(match=match, recency=float(recency))
    pending_or = False
    for match in _TOKEN.finditer(text.strip()):
        negated, name, quoted, bare = match.groups()
        value = quoted if quoted is not None else bare
        if not name and quoted is None and value.endswith(":") and value[:-1].lower() in FILTERS:
            raise QueryError(f"{value} needs a value right after the colon, e.g. {value}…")
        if name and name.lower() in FILTERS:
            _apply_filter(query, name.lower(), value)
            continue
        if name:  # "word:thing" that is not a filter: search it as text
            value = f"{name}:{value}"
        if quoted is None and value == "OR":
            if not query.terms or negated:
                raise QueryError("OR needs a term on each side")
            pending_or = True
            continue
        term = _make_term(value, phrase=quoted is not None, negated=bool(negated))
        if term is None:
            continue
        if pending_or:
            last = query.terms.pop()
            term = Term(last.text, last.phrase, last.prefix, last.negated, (*last.alternatives, term))
            pending_or = False
        query.terms.append(term)
    if pending_or:
        raise QueryError("OR needs a term on each side")
    if query.terms and not query.positive_terms:
        raise QueryError("a query of only excluded words matches nothing: add a word to look for")
    return query


def parse_plain(text: str, *, match: str = "any") -> Query:
    """A query of the words of ``text`` with no operators (a pasted headline, "more like this").

    Quotes, ``-``, ``OR`` and ``name:`` have no meaning here, so this never raises for
    lack of syntax; it raises :class:`QueryError` only when ``text`` has no word at all.
    """
    if match not in MATCH_MODES:
        raise QueryError("match: takes all or any")
    terms = [Term(word) for word in re.findall(r"[^\W_]\S*", text) if re.search(r"\w", word)]
    if not terms:
        raise QueryError("nothing to search for: the query has no words")
    return Query(terms=terms, match=match)


def _make_term(value: str, *, phrase: bool, negated: bool) -> Term | None:
    prefix = not phrase and value.endswith("*") and len(value.rstrip("*")) >= 2
    text = value.rstrip("*") if prefix else value
    if not re.search(r"\w", text):
        return None
    return Term(text=text, phrase=phrase, prefix=prefix, negated=negated)


def _apply_filter(query: Query, name: str, value: str) -> None:
    if not value:
        raise QueryError(f"{name}: needs a value, e.g. {name}:…")
    if name == "source":
        query.sources.append(value)
    elif name == "tag":
        query.tags.append(value)
    elif name == "entity":
        query.entities.append(value)
    elif name == "topic":
        query.topics.append(value)
    elif name == "lang":
        query.languages.append(value.lower())
    elif name == "sort":
        if value not in ("newest", "oldest", "relevance"):
            raise QueryError("sort: takes newest, oldest or relevance")
        query.sort = value
    elif name == "recency":
        try:
            weight = float(normalize_digits(value))
        except ValueError:
            weight = -1.0
        if not 0 <= weight <= 100:
            raise QueryError("recency: takes a weight from 0 to 100, e.g. recency:1")
        query.recency = weight
    elif name == "match":
        if value not in MATCH_MODES:
            raise QueryError("match: takes all or any")
        query.match = value
    else:
        parsed = _parse_filter_date(value, name)
        if name == "from":
            query.date_from = parsed
        else:
            query.date_to = parsed


def _parse_filter_date(value: str, name: str) -> date:
    value = normalize_digits(value)
    for pattern in (r"(\d{4})-(\d{1,2})-(\d{1,2})", r"(\d{4})-(\d{1,2})", r"(\d{4})"):
        match = re.fullmatch(pattern, value)
        if match:
            parts = [int(g) for g in match.groups()] + [1, 1]
            try:
                return date(parts[0], parts[1], parts[2])
            except ValueError:
                break
    from marsad.parse.dates import parse_date

    try:
        parsed = parse_date(value)
    except (NotImplementedError, ValueError, OverflowError, TypeError, LookupError):
        parsed = None
    if parsed is None:
        raise QueryError(f"{name}: expects a date such as 2024-06-25, got {value!r}")
    return parsed.day
