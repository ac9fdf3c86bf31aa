"""The storage interface every backend implements, and the records it returns."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from marsad.models import Article, Provenance
from marsad.search.facets import Facets
from marsad.search.query import Query
from marsad.search.snippet import Segment


@dataclass(frozen=True, slots=True)
class AddResult:
    """What storing one article did: ``new`` (first time seen) or ``known`` (stored before)."""

    article_id: str
    status: Literal["new", "known"]


@dataclass(slots=True)
class StoredArticle:
    """An article as the store holds it: the article, its identity and where it was seen."""

    id: str
    article: Article
    first_seen_at: str
    provenances: list[Provenance] = field(default_factory=list)
    relations: dict[str, list[str]] = field(default_factory=dict)
    cursor: str = ""  # opaque position for "next page" in newest-first listings

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form: the article's fields plus identity, provenances and relations."""
        data = self.article.to_dict()
        data["id"] = self.id
        data["first_seen_at"] = self.first_seen_at
        data["provenances"] = [
            {k: v for k, v in _provenance_row(p).items() if v not in (None, "")} for p in self.provenances
        ]
        data.pop("provenance", None)
        data["relations"] = self.relations
        return data


def _provenance_row(p: Provenance) -> dict[str, object]:
    return {
        "file": p.file,
        "url": p.url,
        "format": p.format,
        "fetched_at": p.fetched_at.isoformat() if p.fetched_at else None,
        "position": p.position,
    }


@dataclass(slots=True)
class SearchHit:
    """One search result: the stored article, its score and a highlighted snippet."""

    article: StoredArticle
    score: float
    snippet: list[Segment] = field(default_factory=list)
    also_in: int = 0  # other sources that carried the same story (collapsed copies)


@dataclass(slots=True)
class SearchResults:
    """A page of search results with the total number of matches."""

    query: Query
    hits: list[SearchHit]
    total: int
    facets: Facets = field(default_factory=dict)
    total_capped: bool = False  # ``total`` is a lower bound (counting stops at fts.TOTAL_CAP)


def collect_stats(rows: Callable[[str], list[tuple[Any, ...]]], *, month: str) -> dict[str, object]:
    """Totals and counts by source, language and month, the same for every backend.

    ``rows`` runs one SQL statement and returns its rows; ``month`` is the backend's SQL for
    ``YYYY-MM`` of ``published_date``.
    """

    def counts(sql: str) -> dict[str, int]:
        return {str(k): v for k, v in rows(sql)}

    return {
        "articles": rows("SELECT count(*) FROM articles")[0][0],
        "provenances": rows("SELECT count(*) FROM provenances")[0][0],
        "relations": counts("SELECT kind, count(*) FROM relations GROUP BY kind"),
        "sources": counts(
            "SELECT COALESCE(source, '(unknown)'), count(*) c FROM articles GROUP BY 1 ORDER BY c DESC LIMIT 20"
        ),
        "languages": counts("SELECT language, count(*) c FROM articles GROUP BY 1 ORDER BY c DESC"),
        "months": counts(
            f"SELECT {month} m, count(*) FROM articles WHERE published_date IS NOT NULL "
            "GROUP BY m ORDER BY m DESC LIMIT 24"
        ),
        "undated": rows("SELECT count(*) FROM articles WHERE published_date IS NULL")[0][0],
    }


class Store(Protocol):
    """Persistent articles. Writes are batched and transactional; reads never block writes."""

    def add_articles(
        self, articles: Sequence[Article], relations: Sequence[tuple[str, str, str]] = ()
    ) -> list[AddResult]:
        """Store a batch and edges between them in one transaction; known articles gain a provenance."""
        ...

    def add_relation(self, src_id: str, dst_id: str, kind: str, score: float | None = None) -> None:
        """Record a directed edge (``read_also``, ``copy_of``, ``related``, ...)."""
        ...

    def known_ids(self, ids: Sequence[str]) -> set[str]:
        """The subset of ``ids`` already stored."""
        ...

    def add_relations(
        self,
        relations: Sequence[tuple[str, str, str, float | None]],
        repoint: Sequence[tuple[str, str, str]] = (),
    ) -> None:
        """Store edges ``(src, dst, kind, score)`` and move edges ``(old_dst, new_dst, kind)``."""
        ...

    def iter_since(self, sort_at: str) -> Iterator[StoredArticle]:
        """Articles at or after ``sort_at``, oldest first (to warm the dedup engine)."""
        ...

    def newest_sort_at(self) -> str | None:
        """The ``sort_at`` of the newest article."""
        ...

    def update_enrichment(self, article_id: str, article: Article) -> None:
        """Replace an article's enrichment results."""
        ...

    def get_article(self, article_id: str) -> StoredArticle | None:
        """One article by id, with provenances and relations."""
        ...

    def latest(self, limit: int = 20, *, before: str | None = None) -> list[StoredArticle]:
        """Newest first; ``before`` is the cursor returned with the previous page."""
        ...

    def iter_articles(self) -> Iterator[StoredArticle]:
        """Every stored article, oldest first, streaming."""
        ...

    def stats(self) -> dict[str, object]:
        """Counts by source, language and month, plus totals."""
        ...

    def close(self) -> None:
        """Release the connection."""
        ...
