"""The tantivy engine behind the same :class:`~marsad.search.fts.SearchIndex` interface.

An optional alternative to FTS5, measured side by side in ``eval/search.py`` and
``bench/search.py`` (``pip install tantivy``). It indexes exactly marsad's analyzed token
streams (surface form, light stem, skeleton) with tantivy's whitespace tokenizer and
ranks with tantivy's BM25 and the same column weights as FTS5. It supports words, phrases,
prefixes, exclusion, OR, ``match``, and the ``source:``, ``lang:`` and date filters; the
store-side filters (tag, entity, topic), recency and copy collapsing stay with FTS5, the
default engine, so those raise :class:`QueryError` here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from marsad.models import Article
from marsad.search.analyzer import analyze, conjunction_alternative, is_stop_key, term_keys
from marsad.search.fts import COLUMN_WEIGHTS, PROXIMITY_WINDOW, SearchPage, proximity_pairs
from marsad.search.query import Query, QueryError, Term

_FIELDS = ("title_exact", "body_exact", "title_stem", "body_stem", "title_root", "body_root")
_WEIGHT = dict(zip(_FIELDS, COLUMN_WEIGHTS, strict=True))


class TantivyIndex:
    """A tantivy index in ``path`` (a folder), or in memory when ``path`` is None."""

    def __init__(self, path: str | Path | None) -> None:
        import tantivy

        self._t = tantivy
        builder = tantivy.SchemaBuilder()
        builder.add_integer_field("pk", stored=True, indexed=True, fast=True)
        for name in _FIELDS:
            builder.add_text_field(name, tokenizer_name="whitespace", index_option="position")
        builder.add_text_field("source", tokenizer_name="raw", index_option="basic")
        builder.add_text_field("lang", tokenizer_name="raw", index_option="basic")
        builder.add_integer_field("day", indexed=True, fast=True)
        self.schema = builder.build()
        if path is not None:
            Path(path).mkdir(parents=True, exist_ok=True)
        self.index = tantivy.Index(self.schema, path=None if path is None else str(path))
        self._writer: Any = None

    # -- writes -----------------------------------------------------------------------------

    def _document(self, pk: int, title: str, body: str, **meta: Any) -> Any:
        t, b = analyze(title), analyze(body)
        values = dict(zip(_FIELDS, (t.exact, b.exact, t.stem, b.stem, t.root, b.root), strict=True))
        doc = self._t.Document(pk=pk, **{k: v for k, v in values.items() if v})
        if meta.get("source"):
            doc.add_text("source", meta["source"])
        if meta.get("lang"):
            doc.add_text("lang", meta["lang"])
        if meta.get("day"):
            doc.add_integer("day", int(meta["day"]))
        return doc

    def _writer_open(self) -> Any:
        if self._writer is None:
            self._writer = self.index.writer(heap_size=256_000_000, num_threads=1)
        return self._writer

    def add(self, pk: int, article: Article) -> None:
        """Add (or replace) one article; visible after :meth:`commit` (or the next search)."""
        writer = self._writer_open()
        delete = getattr(writer, "delete_documents_by_term", None) or writer.delete_documents
        delete("pk", pk)
        day = int(article.published.day.strftime("%Y%m%d")) if article.published else None
        writer.add_document(
            self._document(pk, article.title, article.text, source=article.source, lang=article.language, day=day)
        )

    def add_many(self, rows: Iterable[tuple[int, str, str]]) -> None:
        """Bulk-add ``(pk, title, body)`` documents and commit."""
        writer = self._writer_open()
        for pk, title, body in rows:
            writer.add_document(self._document(pk, title, body))
        self.commit()

    def clear(self) -> None:
        """Remove every document."""
        writer = self._writer_open()
        writer.delete_all_documents()
        self.commit()

    def commit(self) -> None:
        """Make pending writes searchable."""
        if self._writer is not None:
            self._writer.commit()
            self._writer.wait_merging_threads()
            self._writer = None
        self.index.reload()

    # -- search -----------------------------------------------------------------------------

    def search(self, query: Query, *, limit: int = 10, offset: int = 0, collapse: bool = False) -> SearchPage:
        """A page of (pk, score) hits, best first; ``total`` counts every match."""
        if self._writer is not None:
            self.commit()
        if query.tags or query.entities or query.topics or query.recency or query.sort != "relevance":
            raise QueryError("the tantivy engine does not support tag:, entity:, topic:, sort: or recency")
        tq = self._build(query)
        searcher = self.index.searcher()
        result = searcher.search(tq, limit=limit, offset=offset, count=True)
        hits = [(int(searcher.doc(address)["pk"][0]), float(score)) for score, address in result.hits]
        return SearchPage(hits=hits, total=int(result.count or 0))

    def _build(self, query: Query) -> Any:
        t = self._t
        terms = query.positive_terms
        content = [term for term in terms if not _is_stop(term)] or terms
        broad = query.match == "any"
        clauses = [q for q in (self._term(term, broad) for term in content) if q is not None]
        if not clauses:
            raise QueryError("nothing to search for: the query has no words")
        if broad:  # as with FTS5's NEAR groups: neighbouring query words kept together in the body rank higher
            for pair in proximity_pairs(terms):
                near = t.Query.phrase_query(self.schema, "body_stem", list(pair), slop=PROXIMITY_WINDOW)
                clauses.append(t.Query.boost_query(near, _WEIGHT["body_stem"]))
        occur = t.Occur.Should if query.match == "any" else t.Occur.Must
        parts = [(occur, q) for q in clauses]
        for term in query.terms:
            if term.negated and (excluded := self._term(term, False)) is not None:
                parts.append((t.Occur.MustNot, excluded))
        filters = self._filters(query)
        if filters:
            parts = [(t.Occur.Must, t.Query.boolean_query(parts)), *filters]
        return t.Query.boolean_query(parts)

    def _term(self, term: Term, broad: bool) -> Any:
        t = self._t
        sides = [q for q in (self._single(s, broad) for s in (term, *term.alternatives)) if q is not None]
        if not sides:
            return None
        return sides[0] if len(sides) == 1 else t.Query.boolean_query([(t.Occur.Should, q) for q in sides])

    def _single(self, term: Term, broad: bool) -> Any:
        t = self._t
        triples = term_keys(term.text)
        if not triples:
            return None
        streams = {"exact": [x[0] for x in triples], "stem": [x[1] for x in triples], "root": [x[2] for x in triples]}
        should = []
        for name in _FIELDS:
            stream = name.split("_")[1]
            if stream == "root" and not broad:
                continue  # as with FTS5: the skeleton stream only widens ranked "any" queries
            words = streams[stream]
            if term.prefix:
                if stream != "exact":
                    continue
                q = t.Query.regex_query(self.schema, name, re.escape(" ".join(words)) + ".*")
            elif len(words) > 1:
                if stream == "root":
                    continue
                q = t.Query.phrase_query(self.schema, name, words)
            else:
                q = t.Query.term_query(self.schema, name, words[0])
                if alternative := conjunction_alternative(triples[0][0], triples[0][1]):
                    alt_word = alternative[("exact", "stem", "root").index(stream)]
                    alt = t.Query.term_query(self.schema, name, alt_word)
                    q = t.Query.boolean_query([(t.Occur.Should, q), (t.Occur.Should, alt)])
            should.append((t.Occur.Should, t.Query.boost_query(q, _WEIGHT[name])))
        return t.Query.boolean_query(should)

    def _filters(self, query: Query) -> list[tuple[Any, Any]]:
        t = self._t
        out = []
        if query.sources:
            sources = [(t.Occur.Should, t.Query.term_query(self.schema, "source", s)) for s in query.sources]
            out.append((t.Occur.Must, t.Query.boolean_query(sources)))
        if query.languages:
            langs = [(t.Occur.Should, t.Query.term_query(self.schema, "lang", s)) for s in query.languages]
            out.append((t.Occur.Must, t.Query.boolean_query(langs)))
        if query.date_from or query.date_to:
            low = int(query.date_from.strftime("%Y%m%d")) if query.date_from else 0
            high = int(query.date_to.strftime("%Y%m%d")) if query.date_to else 99_991_231
            out.append((t.Occur.Must, t.Query.range_query(self.schema, "day", t.FieldType.Integer, low, high)))
        return out


def _is_stop(term: Term) -> bool:
    if term.phrase or term.prefix or term.alternatives:
        return False
    triples = term_keys(term.text)
    return bool(triples) and all(is_stop_key(x[0]) for x in triples)
