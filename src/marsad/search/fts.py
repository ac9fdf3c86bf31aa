"""Full-text search over SQLite FTS5, fed with marsad's analyzed tokens.

FTS5 only sees space-separated normalized tokens and stems (see :mod:`analyzer`), so its
tokenizer never has to understand Arabic. Ranking is BM25 with per-column weights: title
above body, exact surface match above stem match, optionally multiplied by a recency prior.
Copies of one story (``relations`` rows of kind ``copy_of``, src = copy, dst = canonical)
collapse into one hit that knows in how many other sources the story also ran.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from typing import Protocol

import numpy as np

from marsad.enrich.ner_keys import entity_key
from marsad.models import Article
from marsad.search.analyzer import analyze_document, conjunction_alternative, is_stop_key, term_keys
from marsad.search.query import Query, QueryError, Term
from marsad.text import normalize_for_identity

# Contentless: the analyzed streams are derived data (the display text lives in ``articles``),
# so FTS5 keeps only its inverted index; no prefix index either (a name* query walks the
# term range of its prefix), which keeps the index about a third of its size with them.
FTS_SCHEMA = """
CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title_exact, body_exact, title_stem, body_stem, title_root, body_root,
    content = '',
    tokenize = "unicode61 remove_diacritics 0"
)"""
# bm25() weights per column, in FTS_SCHEMA order: the title counts TITLE_BOOST times the body;
# the light stem carries the match, the surface form breaks ties toward the exact word, and
# the skeleton stream (verb ~ verbal noun) adds recall for reworded headlines.
TITLE_BOOST = 4.0
STREAM_WEIGHTS = {"exact": 1.0, "stem": 2.0, "root": 3.0}
COLUMN_WEIGHTS = tuple(weight * boost for weight in STREAM_WEIGHTS.values() for boost in (TITLE_BOOST, 1.0))
# Matches are joined to their articles through the narrow index (migration 5), never the wide rows.
_JOIN = "CROSS JOIN articles a INDEXED BY articles_search_meta ON a.pk = articles_fts.rowid"
_EXACT = "{title_exact body_exact}"
_STEM = "{title_stem body_stem}"
_ROOT = "{title_root body_root}"
# Term proximity for ranked "any" queries (a pasted headline): each pair of neighbouring content
# words of the query is also searched as NEAR(a b, PROXIMITY_WINDOW) on the body's light stems, so
# BM25, which sums over every phrase of the expression, adds the pair's words again for articles
# that keep them within that many words of each other (the sequential dependence idea). Body only:
# in a headline every word is near every other, and reworded headlines change the order.
PROXIMITY_WINDOW = 3
PROXIMITY_MAX_PAIRS = 12
# Days over which the recency prior halves: score * (1 + recency / (1 + age_days / half-life)).
RECENCY_HALF_LIFE_DAYS = 7.0
# Totals are counted exactly up to this many matches and reported as a lower bound beyond.
TOTAL_CAP = 10_000
# BM25 costs time per matching row. When every word of an all-words query is so common that
# more than RANK_WINDOW articles match, the words say little about relevance: BM25 then ranks
# the RANK_WINDOW newest matches (a recency tier; a filter or a rarer word reaches the archive).
RANK_WINDOW = 3_000


@dataclass(slots=True)
class SearchPage:
    """One page of results: article primary keys with scores, and the total match count.

    ``also_in`` maps a hit's pk to the number of other sources that carried the same story
    (copies collapsed into it); ``total_capped`` is true when ``total`` is a lower bound.
    """

    hits: list[tuple[int, float]] = field(default_factory=list)
    total: int = 0
    also_in: dict[int, int] = field(default_factory=dict)
    total_capped: bool = False


class SearchIndex(Protocol):
    """What the store needs from a full-text engine; the index can always be rebuilt from the store."""

    def add(self, pk: int, article: Article) -> None:
        """Add (or replace) one article."""
        ...

    def clear(self) -> None:
        """Remove every document (before a rebuild)."""
        ...

    def search(self, query: Query, *, limit: int = 10, offset: int = 0, collapse: bool = True) -> SearchPage:
        """A page of (pk, score) hits for a parsed query, best first (copies of a story collapsed)."""
        ...

    def matching_pks(self, query: Query, limit: int) -> Sequence[int] | np.ndarray:
        """The pks of the newest (largest pk) ``limit`` articles the query matches, for facets."""
        ...

    def update(self, pk: int) -> None:
        """The stored article ``pk``'s tags, entities or topic changed (enrichment rewrote them)."""
        ...

    def commit(self) -> None:
        """The store committed a batch: make what was added since visible."""
        ...

    def rollback(self) -> None:
        """The store rolled a batch back: forget what was added since the last commit."""
        ...

    def close(self) -> None:
        """Write out anything pending; the store is closing."""
        ...

    def preload(self) -> int:
        """Pull the index's files into the OS page cache (a server does it at start); bytes read."""
        ...


class FtsIndex:
    """The default engine: the ``articles_fts`` FTS5 table beside the articles in one SQLite file."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def add(self, pk: int, article: Article) -> None:
        """Add one new article's analyzed text."""
        index_article(self.conn, pk, article)

    def clear(self) -> None:
        """Empty the index."""
        clear_fts(self.conn)

    def search(self, query: Query, *, limit: int = 10, offset: int = 0, collapse: bool = True) -> SearchPage:
        """Run the query with its filters, ranking and copy collapsing."""
        return search_index(self.conn, query, limit=limit, offset=offset, collapse=collapse)

    def matching_pks(self, query: Query, limit: int) -> np.ndarray:
        """The newest ``limit`` matches' pks (FTS5 walks its doclists backwards).

        SQLite joins them into one string that numpy parses: for thousands of matches, a
        third of the time of one Python tuple per row.
        """
        match = build_match(query)
        where, params = filter_sql(query)
        if where:
            sql = (
                f"SELECT a.pk AS pk FROM articles_fts {_JOIN} WHERE articles_fts MATCH ? {where} "
                "ORDER BY articles_fts.rowid DESC LIMIT ?"
            )
        else:  # no filter: the rowids straight from the index, no articles lookup per match
            sql = "SELECT rowid AS pk FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT ?"
        try:
            joined = self.conn.execute(f"SELECT group_concat(pk, ',') FROM ({sql})", (match, *params, limit))
            text = joined.fetchone()[0]
        except sqlite3.OperationalError as error:
            raise QueryError(f"the query could not be run ({error})") from None
        return np.fromstring(text, dtype=np.int64, sep=",") if text else np.zeros(0, np.int64)

    def update(self, pk: int) -> None:
        """Nothing to do: FTS5 holds only the text; filters read the article rows."""

    def commit(self) -> None:
        """Nothing to do: the FTS5 rows commit with the store's transaction."""

    def rollback(self) -> None:
        """Nothing to do: the FTS5 rows roll back with the store's transaction."""

    def close(self) -> None:
        """Nothing to do."""

    def preload(self) -> int:
        """Nothing to do: the index lives in the database file, which SQLite pages in itself."""
        return 0


def index_article(conn: sqlite3.Connection, pk: int, article: Article) -> None:
    """Add one new article's analyzed text to the index (a changed article needs a reindex)."""
    index_text(conn, pk, article.title, article.text)


def clear_fts(conn: sqlite3.Connection) -> None:
    """Empty the contentless index."""
    conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('delete-all')")


def index_text(conn: sqlite3.Connection, pk: int, title: str, body: str) -> None:
    """Add one document's title and body text under rowid ``pk``."""
    t, b = analyze_document(title, body)
    conn.execute(
        "INSERT INTO articles_fts (rowid, title_exact, body_exact, title_stem, body_stem, title_root, body_root) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (pk, t.exact, b.exact, t.stem, b.stem, t.root, b.root),
    )


def rebuild_fts(conn: sqlite3.Connection) -> int:
    """Refill ``articles_fts`` from the ``articles`` table (inside the caller's transaction)."""
    import json

    clear_fts(conn)
    count = 0
    for pk, title, body in conn.execute("SELECT pk, title, body FROM articles ORDER BY pk"):
        index_text(conn, pk, title, "\n\n".join(json.loads(body)))
        count += 1
    return count


def build_match(query: Query) -> str:
    """Translate a parsed query into an FTS5 MATCH expression.

    Function words are left out of ranked terms (they still count inside "phrases"), unless
    the query has nothing else. ``query.match == "any"`` joins the terms with OR and lets a
    word also match on the skeleton stream (ارتفاع finds يرتفع): broad matching for ranked
    long queries; the default all-words mode stays precise (and its match sets small).
    """
    terms = query.positive_terms
    content = [t for t in terms if not _is_stop_term(t)]
    broad = query.match == "any"
    positive = [p for p in (_term_expression(t, broad=broad) for t in (content or terms)) if p]
    if not positive:
        raise QueryError("nothing to search for: the query has no words")
    joiner = " OR " if query.match == "any" else " AND "
    expression = joiner.join(positive)
    if broad and (near := proximity_expression(terms)):
        expression = f"{expression} OR {near}"
    for term in query.terms:
        if term.negated and (excluded := _term_expression(term)):
            expression = f"({expression}) NOT {excluded}"
    return expression


def proximity_pairs(terms: Sequence[Term]) -> list[tuple[str, str]]:
    """Light stems of each pair of neighbouring content words, in query order, at most PROXIMITY_MAX_PAIRS.

    Function words between two content words are skipped (وزير في الحكومة pairs وزير with
    حكومه); a phrase, prefix or OR term breaks the chain.
    """
    stems: list[str | None] = []
    for term in terms:
        if term.phrase or term.prefix or term.alternatives:
            stems.append(None)
            continue
        stems += [stem for exact, stem, _ in term_keys(term.text) if not is_stop_key(exact)]
    pairs: list[tuple[str, str]] = []
    for a, b in pairwise(stems):
        if a and b and a != b and (a, b) not in pairs:
            pairs.append((a, b))
    return pairs[:PROXIMITY_MAX_PAIRS]


def proximity_expression(terms: Sequence[Term]) -> str:
    """NEAR groups on ``body_stem`` for the :func:`proximity_pairs` of ``terms`` ("" if none).

    Every article a group matches also matches its words, so the groups change the ranking,
    never the set of matches.
    """
    groups = [f'NEAR("{_quote(a)}" "{_quote(b)}", {PROXIMITY_WINDOW})' for a, b in proximity_pairs(terms)]
    return f"{{body_stem}} : ({' OR '.join(groups)})" if groups else ""


def _is_stop_term(term: Term) -> bool:
    if term.phrase or term.prefix or term.alternatives:
        return False
    pairs = term_keys(term.text)
    return bool(pairs) and all(is_stop_key(p[0]) for p in pairs)


def _term_expression(term: Term, *, broad: bool = False) -> str:
    sides = [_single_expression(t, broad=broad) for t in (term, *term.alternatives)]
    sides = [s for s in sides if s]
    return "(" + " OR ".join(sides) + ")" if len(sides) > 1 else (sides[0] if sides else "")


def _single_expression(term: Term, *, broad: bool = False) -> str:
    pairs = term_keys(term.text)
    if not pairs:
        return ""
    exact = " ".join(p[0] for p in pairs)
    stem = " ".join(p[1] for p in pairs)
    if term.prefix:
        return f'{_EXACT} : "{_quote(exact)}" *'
    if term.phrase or len(pairs) > 1:
        return f'({_EXACT} : "{_quote(exact)}" OR {_STEM} : "{_quote(stem)}")'
    extra = ""
    if broad:  # ranked "any" queries also match on the skeleton stream (verb ~ verbal noun)
        extra += f' OR {_ROOT} : "{_quote(pairs[0][2])}"'
    if alternative := conjunction_alternative(exact, stem):
        alt_exact, alt_stem, alt_root = (_quote(k) for k in alternative)
        extra += f' OR {_EXACT} : "{alt_exact}" OR {_STEM} : "{alt_stem}"'
        if broad:
            extra += f' OR {_ROOT} : "{alt_root}"'
    return f'({_EXACT} : "{_quote(exact)}" OR {_STEM} : "{_quote(stem)}"{extra})'


def _quote(text: str) -> str:
    return text.replace('"', '""')


def _weights() -> str:
    return ", ".join(str(w) for w in COLUMN_WEIGHTS)


def search_index(
    conn: sqlite3.Connection, query: Query, *, limit: int = 10, offset: int = 0, collapse: bool = True
) -> SearchPage:
    """Run a parsed query with its filters; return a page of (pk, score) and the total."""
    match = build_match(query)
    where, params = filter_sql(query)
    collapse = collapse and _has_copies(conn)
    try:
        total, capped = _count(conn, match, where, params, collapse)
        floor = 0
        if query.sort == "relevance" and query.match == "all" and total > RANK_WINDOW:
            floor = _window_floor(conn, match, where, params) or 0
        if query.sort == "relevance" and not query.recency and function_words_only(query):
            rows = _newest_rows(conn, match, where, params, limit, offset, collapse)
        else:
            rows = _ranked_rows(conn, query, match, where, params, limit, offset, collapse, floor)
    except sqlite3.OperationalError as error:
        raise QueryError(f"the query could not be run ({error})") from None
    if not collapse:
        return SearchPage(hits=[(pk, score) for pk, score, _ in rows], total=total, total_capped=capped)
    return _collapsed_page(conn, rows, offset, limit, total, capped)


def _ranked_rows(
    conn: sqlite3.Connection,
    query: Query,
    match: str,
    where: str,
    params: list[object],
    limit: int,
    offset: int,
    collapse: bool,
    floor: int = 0,
) -> list[tuple[int, float, int]]:
    """(pk, score, story group pk) rows in result order; with collapsing, enough to fill the page.

    ``floor`` > 0 ranks only matches with a larger rowid (the recency tier, see RANK_WINDOW).
    """
    if floor:
        where, params = f"{where} AND articles_fts.rowid > ?", [*params, floor]
    group, fetch, skip = _paging(collapse, limit, offset)
    relevance = f"-bm25(articles_fts, {_weights()})"
    if query.sort in ("newest", "oldest"):
        order = "a.sort_at DESC, a.pk DESC" if query.sort == "newest" else "a.sort_at ASC, a.pk ASC"
        sql = (
            f"SELECT a.pk, {relevance}, {group} FROM articles_fts {_JOIN} "
            f"WHERE articles_fts MATCH ? {where} ORDER BY {order} LIMIT ? OFFSET ?"
        )
        return conn.execute(sql, (match, *params, fetch, skip)).fetchall()
    if query.recency > 0:
        score = (
            f"{relevance} * (1.0 + ? / (1.0 + max(0.0, (SELECT julianday(max(sort_at)) FROM articles) "
            f"- julianday(a.sort_at)) / {RECENCY_HALF_LIFE_DAYS}))"
        )
        sql = (
            f"SELECT a.pk, {score} AS s, {group} FROM articles_fts {_JOIN} "
            f"WHERE articles_fts MATCH ? {where} ORDER BY s DESC, a.pk LIMIT ? OFFSET ?"
        )
        return conn.execute(sql, (query.recency, match, *params, fetch, skip)).fetchall()
    if not where or where == " AND articles_fts.rowid > ?":
        # Rank inside FTS5 first, then join only the page: no articles lookup per match.
        sql = (
            f"SELECT m.rowid, m.s, {group} FROM (SELECT rowid, {relevance} AS s FROM articles_fts "
            f"WHERE articles_fts MATCH ? {where} ORDER BY s DESC, rowid LIMIT ? OFFSET ?) m "
            "JOIN articles a ON a.pk = m.rowid ORDER BY m.s DESC, m.rowid"
        )
        return conn.execute(sql, (match, *params, fetch, skip)).fetchall()
    sql = (
        f"SELECT a.pk, {relevance} AS s, {group} FROM articles_fts {_JOIN} "
        f"WHERE articles_fts MATCH ? {where} ORDER BY s DESC, a.pk LIMIT ? OFFSET ?"
    )
    return conn.execute(sql, (match, *params, fetch, skip)).fetchall()


def _paging(collapse: bool, limit: int, offset: int) -> tuple[str, int, int]:
    """The story-group expression, rows to fetch and rows to skip for one page of hits."""
    if not collapse:
        return "a.pk", limit, offset
    group = (
        "COALESCE((SELECT c.pk FROM relations r JOIN articles c ON c.id = r.dst_id "
        "WHERE r.src_id = a.id AND r.kind = 'copy_of' LIMIT 1), a.pk)"
    )
    return group, (offset + limit) * 4 + 20, 0  # enough rows to fill the page after collapsing


def function_words_only(query: Query) -> bool:
    """True when every searched term is a function word (في, من, على): nothing to rank by.

    BM25 gives such terms no weight (FTS5 clamps the IDF of a term in over half the documents
    to almost zero), yet computing it walks the term's whole doclist, hundreds of milliseconds
    at a million articles. Their matches are listed newest first instead.
    """
    terms = query.positive_terms
    return bool(terms) and all(_is_stop_term(t) for t in terms)


def _newest_rows(
    conn: sqlite3.Connection, match: str, where: str, params: list[object], limit: int, offset: int, collapse: bool
) -> list[tuple[int, float, int]]:
    """(pk, 0.0, group) rows, newest stored first (FTS5 walks the doclist backwards)."""
    group, fetch, skip = _paging(collapse, limit, offset)
    sql = (
        f"SELECT a.pk, 0.0, {group} FROM articles_fts {_JOIN} "
        f"WHERE articles_fts MATCH ? {where} ORDER BY articles_fts.rowid DESC LIMIT ? OFFSET ?"
    )
    return conn.execute(sql, (match, *params, fetch, skip)).fetchall()


def _window_floor(conn: sqlite3.Connection, match: str, where: str, params: list[object]) -> int | None:
    """The rowid below the newest RANK_WINDOW matches (FTS5 walks its doclists backwards)."""
    join = f" {_JOIN}" if where else ""
    row = conn.execute(
        f"SELECT articles_fts.rowid FROM articles_fts{join} WHERE articles_fts MATCH ? {where} "
        "ORDER BY articles_fts.rowid DESC LIMIT 1 OFFSET ?",
        (match, *params, RANK_WINDOW),
    ).fetchone()
    return int(row[0]) if row else None


def _count(conn: sqlite3.Connection, match: str, where: str, params: list[object], collapse: bool) -> tuple[int, bool]:
    join = f" {_JOIN}" if where or collapse else ""
    copies = (
        " AND NOT EXISTS (SELECT 1 FROM relations r WHERE r.src_id = a.id AND r.kind = 'copy_of')" if collapse else ""
    )
    sql = f"SELECT count(*) FROM (SELECT 1 FROM articles_fts{join} WHERE articles_fts MATCH ? {where}{copies} LIMIT ?)"
    total = conn.execute(sql, (match, *params, TOTAL_CAP + 1)).fetchone()[0]
    return min(total, TOTAL_CAP), total > TOTAL_CAP


def _has_copies(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM relations WHERE kind = 'copy_of' LIMIT 1").fetchone() is not None


def _collapsed_page(
    conn: sqlite3.Connection, rows: list[tuple[int, float, int]], offset: int, limit: int, total: int, capped: bool
) -> SearchPage:
    """Keep the best-ranked member of each story group, then page."""
    seen: set[int] = set()
    firsts: list[tuple[int, float, int]] = []
    for pk, score, group in rows:
        if group not in seen:
            seen.add(group)
            firsts.append((pk, score, group))
    page = firsts[offset : offset + limit]
    also_in = {pk: _other_sources(conn, group, pk) for pk, _, group in page}
    return SearchPage(
        hits=[(pk, score) for pk, score, _ in page],
        total=total,
        also_in={pk: n for pk, n in also_in.items() if n},
        total_capped=capped,
    )


def _other_sources(conn: sqlite3.Connection, group_pk: int, hit_pk: int) -> int:
    """How many distinct sources, besides the hit's own, carried the story of ``group_pk``."""
    row = conn.execute(
        """WITH members(pk) AS (
               SELECT ? UNION
               SELECT s.pk FROM articles g JOIN relations r ON r.dst_id = g.id AND r.kind = 'copy_of'
               JOIN articles s ON s.id = r.src_id WHERE g.pk = ?)
           SELECT count(DISTINCT COALESCE(a.source, '')) FROM members m JOIN articles a ON a.pk = m.pk
           WHERE COALESCE(a.source, '') != (SELECT COALESCE(source, '') FROM articles WHERE pk = ?)""",
        (group_pk, group_pk, hit_pk),
    ).fetchone()
    return int(row[0])


class Filters(Protocol):
    """What :func:`filter_sql` reads: a parsed :class:`Query`, or a listing's filters."""

    sources: list[str]
    languages: list[str]
    tags: list[str]
    entities: list[str]
    topics: list[str]
    date_from: date | None
    date_to: date | None


def filter_sql(query: Filters, stories: Sequence[str] = ()) -> tuple[str, list[object]]:
    """SQL ``AND ...`` clauses (over alias ``a`` = articles) and parameters for the filters.

    The one definition of every filter, shared by search, facets and the site's listings, so
    that ``entity:بلينكن`` selects the same articles on a search page and on an entity page.
    ``stories`` (story ids) narrows to the members of those stories.
    """
    clauses: list[str] = []
    params: list[object] = []
    if query.sources:
        clauses.append(f"a.source IN ({', '.join('?' * len(query.sources))})")
        params += query.sources
    if query.languages:
        clauses.append(f"a.language IN ({', '.join('?' * len(query.languages))})")
        params += query.languages
    for tag in query.tags:
        clauses.append("a.pk IN (SELECT article_pk FROM article_tags WHERE tag_key = ?)")
        params.append(normalize_for_identity(tag))
    for entity in query.entities:
        # By key (as given, normalized, or the NER name key that groups spelling variants), by
        # the name as written, or as a whole word of a longer name (entity:بلينكن finds
        # "أنتوني بلينكن").
        name_key = entity_key(entity)
        clauses.append(
            "a.pk IN (SELECT article_pk FROM article_entities WHERE key IN (?, ?, ?) OR text = ? "
            "OR (' ' || key || ' ') LIKE ?)"
        )
        params += [entity, normalize_for_identity(entity), name_key, entity, f"% {name_key} %"]
    for topic in query.topics:
        clauses.append("lower(COALESCE(a.topic, json_extract(a.extra, '$.topic'))) = ?")
        params.append(topic.strip().lower())
    if query.date_from:
        clauses.append("a.sort_at >= ?")
        params.append(query.date_from.isoformat())
    for story in stories:
        clauses.append("a.id IN (SELECT src_id FROM relations WHERE kind = 'story' AND dst_id = ?)")
        params.append(story)
    if query.date_to:
        clauses.append("a.sort_at < ?")
        params.append((query.date_to + timedelta(days=1)).isoformat())
    return "".join(f" AND {c}" for c in clauses), params
