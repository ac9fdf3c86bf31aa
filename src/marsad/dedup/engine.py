"""One entry point for ingest: copies, then stories, then the related index, per article.

:class:`DedupEngine` runs :class:`CopyDetector`, :class:`StoryClusterer` and
:class:`RelatedIndex` in the right order (a copy joins its original's story; related
suggestions skip both) and turns their decisions into the edges the store keeps:
``(src_id, dst_id, kind, score)`` with kinds ``copy_of`` (article to its group's canonical
article) and ``story`` (article to its story id). A store rebuilds the engine after a
restart by replaying recent articles oldest first through :meth:`DedupEngine.add`.

Example:
    >>> engine = DedupEngine()
    >>> result = engine.add(stored_id, article)  # doctest: +SKIP
    >>> for src, dst, kind, score in result.relations:  # doctest: +SKIP
    ...     store.add_relation(src, dst, kind, score)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from marsad.dedup.copies import CopyDecision, CopyDetector
from marsad.dedup.related import RelatedIndex, RelatedItem
from marsad.dedup.stories import StoryAssignment, StoryClusterer
from marsad.dedup.vectors import DocumentFrequencies
from marsad.models import Article

if TYPE_CHECKING:
    import numpy as np

Relation = tuple[str, str, str, float | None]


@dataclass(frozen=True, slots=True)
class DedupResult:
    """The copy and story decisions for one article and the edges to store.

    ``repoint`` lists ``(old_id, new_id, kind)``: edges of that kind pointing at ``old_id``
    should now point at ``new_id`` (a new canonical article, or a story merged into another).
    """

    article_id: str
    copy: CopyDecision
    story: StoryAssignment
    relations: list[Relation] = field(default_factory=list)
    repoint: list[tuple[str, str, str]] = field(default_factory=list)


class DedupEngine:
    """Copies, stories and related articles, kept in step for every added article."""

    def __init__(
        self,
        copies: CopyDetector | None = None,
        stories: StoryClusterer | None = None,
        related: RelatedIndex | None = None,
    ) -> None:
        frequencies = stories.frequencies if stories else DocumentFrequencies()
        self.copies = copies or CopyDetector()
        self.stories = stories or StoryClusterer(frequencies=frequencies)
        self.related_index = related or RelatedIndex(frequencies=self.stories.frequencies)

    def add(
        self, article_id: str, article: Article, entities: Iterable[str] = (), embedding: np.ndarray | None = None
    ) -> DedupResult:
        """Decide copy and story for an article, index it, and return the edges to store.

        ``embedding`` (optional, the ``semantic`` extra) is the article's sentence embedding,
        used by story clustering when its settings give it a weight.
        """
        keys = tuple(entities)
        copy = self.copies.add(article_id, article)
        story = self.stories.add(article_id, article, entities=keys, copy_of=copy.matched_id, embedding=embedding)
        self.related_index.add(article_id, article, entities=keys, story_id=story.story_id, copy_group=copy.group_id)
        relations: list[Relation] = [(article_id, story.story_id, "story", story.score)]
        repoint: list[tuple[str, str, str]] = []
        if copy.is_copy:
            relations.append((article_id, copy.canonical_id, "copy_of", copy.jaccard))
        if copy.previous_canonical_id:
            repoint.append((copy.previous_canonical_id, copy.canonical_id, "copy_of"))
            relations.append((copy.previous_canonical_id, copy.canonical_id, "copy_of", None))
        repoint.extend((old, story.story_id, "story") for old in story.merged)
        return DedupResult(article_id, copy, story, relations, repoint)

    def related(self, article_id: str, k: int = 5) -> list[RelatedItem]:
        """Up to ``k`` "read also" suggestions for an added article, newest first."""
        return self.related_index.related(article_id, k)
