"""Full-text search over SQLite FTS5, fed with marsad's analyzed tokens.

FTS5 only sees space-separated normalized tokens and stems (see :mod:`analyzer`), so its
tokenizer never has to understand Arabic. Ranking is BM25 with per-column weights: title
above body, exact surface match above stem match.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import timedelta

from marsad.models import Article
from marsad.search.analyzer import analyze, analyze_term
from marsad.search.query import Query, QueryError, Term
from marsad.text import normalize_for_identity

# bm25() weights for (title_exact, body_exact, title_stem, body_stem).
COLUMN_WEIGHTS = (8.0, 2.0, 4.0, 1.0)
_EXACT = "{title_exact body_exact}"
_STEM = "{title_stem body_stem}"


@dataclass(slots=True)
class SearchPage:
    """One page of results: article primary keys with scores, and the total match count."""

    hits: list[tuple[int, float]] = field(default_factory=list)
    total: int = 0


def index_article(conn: sqlite3.Connection, pk: int, article: Article) -> None:
    """Add (or replace) one article's analyzed text in the index."""
    title, body = analyze(article.title), analyze(article.text)
    conn.execute("DELETE FROM articles_fts WHERE rowid = ?", (pk,))
    conn.execute(
        "INSERT INTO articles_fts (rowid, title_exact, body_exact, title_stem, body_stem) VALUES (?, ?, ?, ?, ?)",
        (pk, title.exact, body.exact, title.stem, body.stem),
    )


def build_match(query: Query) -> str:
    """Translate a parsed query into an FTS5 MATCH expression."""
    positive = [_term_expression(t) for t in query.positive_terms]
    positive = [p for p in positive if p]
    if not positive:
        raise QueryError("nothing to search for: the query has no words")
    expression = " AND ".join(positive)
    for term in query.terms:
        if term.negated and (excluded := _term_expression(term)):
            expression = f"({expression}) NOT {excluded}"
    return expression


def _term_expression(term: Term) -> str:
    sides = [_single_expression(t) for t in (term, *term.alternatives)]
    sides = [s for s in sides if s]
    return "(" + " OR ".join(sides) + ")" if len(sides) > 1 else (sides[0] if sides else "")


def _single_expression(term: Term) -> str:
    pairs = analyze_term(term.text)
    if not pairs:
        return ""
    exact = " ".join(e for e, _ in pairs)
    stem = " ".join(s for _, s in pairs)
    if term.prefix:
        return f'{_EXACT} : "{_quote(exact)}" *'
    return f'({_EXACT} : "{_quote(exact)}" OR {_STEM} : "{_quote(stem)}")'


def _quote(text: str) -> str:
    return text.replace('"', '""')


def search_index(conn: sqlite3.Connection, query: Query, *, limit: int = 10, offset: int = 0) -> SearchPage:
    """Run a parsed query with its filters; return a page of (pk, score) and the total."""
    match = build_match(query)
    where, params = filter_sql(query)
    order = {"newest": "a.sort_at DESC", "oldest": "a.sort_at ASC"}.get(query.sort, "score")
    base = f"FROM articles_fts JOIN articles a ON a.pk = articles_fts.rowid WHERE articles_fts MATCH ? {where}"
    weights = ", ".join(str(w) for w in COLUMN_WEIGHTS)
    try:
        rows = conn.execute(
            f"SELECT a.pk, bm25(articles_fts, {weights}) AS score {base} ORDER BY {order}, a.pk LIMIT ? OFFSET ?",
            (match, *params, limit, offset),
        ).fetchall()
        total = conn.execute(f"SELECT count(*) {base}", (match, *params)).fetchone()[0]
    except sqlite3.OperationalError as error:
        raise QueryError(f"the query could not be run ({error})") from None
    return SearchPage(hits=[(pk, -score) for pk, score in rows], total=total)


def filter_sql(query: Query) -> tuple[str, list[object]]:
    """SQL ``AND ...`` clauses (over alias ``a`` = articles) and parameters for the query's filters."""
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
    if query.date_from:
        clauses.append("a.sort_at >= ?")
        params.append(query.date_from.isoformat())
    if query.date_to:
        clauses.append("a.sort_at < ?")
        params.append((query.date_to + timedelta(days=1)).isoformat())
    return "".join(f" AND {c}" for c in clauses), params
