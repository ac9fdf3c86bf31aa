"""Related articles ("اقرأ أيضاً"): same topic or actors, but neither a copy nor the same story.

:class:`RelatedIndex` keeps a TF-IDF vector (its heaviest terms only) per article in memory
with an inverted index over those terms. For an article it scores the articles sharing its
heavy terms, drops the article itself, its copies and its story (as told by the caller, from
:class:`~marsad.dedup.copies.CopyDetector` and :class:`~marsad.dedup.stories.StoryClusterer`),
drops pairs so close that they are the same story anyway, keeps the best matches and returns
them newest first. The store feeds it by replaying ``add`` for recent articles, in any order.

Example:
    >>> index = RelatedIndex()
    >>> index.add("a1", article, story_id="s1")  # doctest: +SKIP
    >>> index.related("a1", k=5)  # doctest: +SKIP
"""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from marsad.dedup.vectors import (
    DocumentFrequencies,
    Vector,
    article_terms,
    cosine,
    keep_top,
    normalize,
    top_terms,
    weigh,
)
from marsad.dedup.window import article_time
from marsad.models import Article

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class RelatedItem:
    """One related article, with the similarity that selected it."""

    article_id: str
    score: float
    when: datetime | None
    title: str


@dataclass(slots=True)
class _Entry:
    vector: Vector
    when: datetime | None
    title: str
    story_id: str | None
    copy_group: str | None


class RelatedIndex:
    """In-memory index of recent articles for "read also" suggestions.

    Args:
        frequencies: document frequencies to weigh terms (shared with the clusterer is
            best); learnt from the added articles otherwise.
        min_score: least cosine for a suggestion (same topic or actors).
        max_score: cosines at or above this are the same story, not a suggestion.
        pool: how many best-scoring candidates are re-ordered newest first.
        max_articles: memory bound; the oldest added articles are forgotten first.
        vector_terms: terms kept per article vector.
    """

    def __init__(
        self,
        frequencies: DocumentFrequencies | None = None,
        min_score: float = 0.12,
        max_score: float = 0.5,
        pool: int = 20,
        max_articles: int = 100_000,
        vector_terms: int = 40,
    ) -> None:
        self.frequencies = frequencies or DocumentFrequencies()
        self.min_score = min_score
        self.max_score = max_score
        self.pool = pool
        self.max_articles = max_articles
        self.vector_terms = vector_terms
        self._learn = frequencies is None
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._postings: dict[str, set[str]] = defaultdict(set)

    def __len__(self) -> int:
        return len(self._entries)

    def add(
        self,
        article_id: str,
        article: Article,
        *,
        entities: Iterable[str] = (),
        story_id: str | None = None,
        copy_group: str | None = None,
    ) -> None:
        """Index an article (adding an id again updates its story and copy group)."""
        if article_id in self._entries:
            entry = self._entries[article_id]
            entry.story_id = story_id or entry.story_id
            entry.copy_group = copy_group or entry.copy_group
            return
        counts = article_terms(article, entities)
        if self._learn:
            self.frequencies.add(counts)
        vector = normalize(keep_top(weigh(counts, self.frequencies), self.vector_terms))
        when = article_time(article)
        self._entries[article_id] = _Entry(vector, when, article.title, story_id, copy_group)
        for term in vector:
            self._postings[term].add(article_id)
        while len(self._entries) > self.max_articles:
            self._forget(next(iter(self._entries)))

    def related(self, article_id: str, k: int = 5) -> list[RelatedItem]:
        """Up to ``k`` related articles for an indexed article, newest first."""
        entry = self._entries.get(article_id)
        if entry is None:
            return []
        scored = []
        for other_id in self._candidates(entry.vector, article_id):
            other = self._entries[other_id]
            if self._same_cluster(entry, other):
                continue
            score = cosine(entry.vector, other.vector)
            if self.min_score <= score < self.max_score:
                scored.append((score, other_id))
        scored.sort(reverse=True)
        best = [(self._entries[oid], oid, s) for s, oid in scored[: self.pool]]
        best.sort(key=lambda item: (item[0].when or _EPOCH, item[2]), reverse=True)
        return [RelatedItem(oid, round(s, 4), e.when, e.title) for e, oid, s in best[:k]]

    def _candidates(self, vector: Vector, article_id: str) -> set[str]:
        found: set[str] = set()
        for term in top_terms(vector, 10):
            found.update(self._postings.get(term, ()))
        found.discard(article_id)
        return found

    @staticmethod
    def _same_cluster(a: _Entry, b: _Entry) -> bool:
        same_story = a.story_id is not None and a.story_id == b.story_id
        same_copy = a.copy_group is not None and a.copy_group == b.copy_group
        return same_story or same_copy

    def _forget(self, article_id: str) -> None:
        entry = self._entries.pop(article_id)
        for term in entry.vector:
            postings = self._postings.get(term)
            if postings is not None:
                postings.discard(article_id)
                if not postings:
                    del self._postings[term]
