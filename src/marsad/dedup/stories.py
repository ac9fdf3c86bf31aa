"""Online story clustering: articles about the same event, within a sliding time window.

Each article becomes a TF-IDF vector over its title, body lead and (optionally) entity keys
(:mod:`marsad.dedup.vectors`). A story keeps the sum of its members' vectors as its
centroid. A new article joins the most similar story still active (last article within the
window, 72 h by default) when the cosine reaches ``join_threshold``; otherwise it opens a
story. A copy of an article already clustered joins that article's story whatever the
score. After a join, the grown story is compared with the other candidate stories and the
two merge when their centroids converge (``merge_threshold``).

State is bounded: stories that fall out of the window are dropped from memory (the caller's
store keeps them), centroids keep their ``centroid_terms`` heaviest terms.

Example:
    >>> clusterer = StoryClusterer()
    >>> assignment = clusterer.add("a1", article)  # doctest: +SKIP
    >>> assignment.story_id, assignment.is_new  # doctest: +SKIP
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np

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
from marsad.dedup.window import TimeWindow, article_time
from marsad.models import Article

_MERGE_CANDIDATES = 5  # converging stories share their heaviest terms: the top few suffice


@dataclass(frozen=True, slots=True)
class StorySettings:
    """Tunable parameters of :class:`StoryClusterer`.

    Attributes:
        window: how long a story stays open after its latest article.
        join_threshold: article-to-story cosine needed to join a story.
        merge_threshold: story-to-story cosine at which two stories merge.
        member_threshold: least cosine to at least one recent member needed as well
            (0 disables the check).
        members_checked: how many of a story's latest members that check looks at.
        day_penalty: subtracted from the join score per day since the story's latest
            article.
        candidate_terms: heaviest article terms used to find candidate stories.
        max_candidates: candidate stories scored exactly per article.
        centroid_terms: terms kept per story centroid (memory bound).
        breaking_articles, breaking_sources, breaking_span: a story is *breaking* when it
            gathers at least this many articles from this many sources within this span.
        semantic_weight: share of the join and member scores given to sentence-embedding
            similarity when :meth:`StoryClusterer.add` receives embeddings (the
            ``semantic`` extra); 0 keeps the lexical score alone.
        semantic_floor: embedding cosine that counts as no similarity: E5 cosines of
            unrelated news in one language rarely fall far below it, so they are rescaled
            from [floor, 1] to [0, 1] before mixing with the TF-IDF cosine.
    """

    window: timedelta = timedelta(hours=72)
    join_threshold: float = 0.3
    merge_threshold: float = 0.75
    member_threshold: float = 0.3
    day_penalty: float = 0.05
    members_checked: int = 30
    candidate_terms: int = 12
    max_candidates: int = 25
    centroid_terms: int = 300
    breaking_articles: int = 5
    breaking_sources: int = 3
    breaking_span: timedelta = timedelta(hours=6)
    semantic_weight: float = 0.0
    semantic_floor: float = 0.8


@dataclass(slots=True)
class StoryMember:
    """One article of a story, as its timeline shows it."""

    article_id: str
    when: datetime
    title: str
    source: str | None
    vector: Vector
    embedding: np.ndarray | None = None


@dataclass(slots=True)
class Story:
    """A cluster of articles about one event."""

    story_id: str
    members: list[StoryMember] = field(default_factory=list)
    centroid_sum: Vector = field(default_factory=dict)
    breaking: bool = False
    centroid: Vector = field(default_factory=dict)  # unit-length centroid_sum, kept in step
    embedding_sum: np.ndarray | None = None  # sum of the members' embeddings, when given

    @property
    def first_seen(self) -> datetime:
        """Time of the earliest article."""
        return min(m.when for m in self.members)

    @property
    def last_seen(self) -> datetime:
        """Time of the latest article."""
        return max(m.when for m in self.members)

    @property
    def sources(self) -> list[str]:
        """Distinct sources, in order of first appearance."""
        return list(dict.fromkeys(m.source for m in self.members if m.source))

    @property
    def source_count(self) -> int:
        """Number of distinct sources."""
        return len(self.sources)

    headline: str = ""  # refreshed by choose_headline() as the story grows

    def choose_headline(self) -> str:
        """Pick the title of the member closest to the centroid (earliest on ties)."""
        centroid = self.centroid
        best = max(self.members, key=lambda m: (cosine(m.vector, centroid), -m.when.timestamp()))
        self.headline = best.title
        return self.headline

    def timeline(self) -> list[tuple[datetime, str, str | None, str]]:
        """``(time, article_id, source, title)`` for every member, oldest first."""
        ordered = sorted(self.members, key=lambda m: (m.when, m.article_id))
        return [(m.when, m.article_id, m.source, m.title) for m in ordered]


@dataclass(frozen=True, slots=True)
class StoryAssignment:
    """Where :meth:`StoryClusterer.add` put one article.

    ``merged`` lists stories absorbed into ``story_id`` by this addition (the store should
    re-point their members).
    """

    article_id: str
    story_id: str
    is_new: bool
    score: float
    size: int
    source_count: int
    breaking: bool
    headline: str
    merged: tuple[str, ...] = ()


class StoryClusterer:
    """Incremental story clustering over a sliding time window.

    Args:
        settings: thresholds, window and limits (see :class:`StorySettings`).
        frequencies: document frequencies to start from (e.g. rebuilt from the store);
            a fresh table is learnt online otherwise.
    """

    def __init__(
        self,
        settings: StorySettings | None = None,
        frequencies: DocumentFrequencies | None = None,
    ) -> None:
        self.settings = settings or StorySettings()
        self.frequencies = frequencies or DocumentFrequencies()
        self._stories: dict[str, Story] = {}
        self._story_of: dict[str, str] = {}
        self._postings: dict[str, set[str]] = defaultdict(set)
        self._indexed_terms: dict[str, list[str]] = {}
        self._window = TimeWindow(self.settings.window)

    def __len__(self) -> int:
        return len(self._stories)

    def story(self, story_id: str) -> Story | None:
        """An open story by id."""
        return self._stories.get(story_id)

    def story_of(self, article_id: str) -> str | None:
        """The story id of an article still in memory."""
        return self._story_of.get(article_id)

    def stories(self) -> list[Story]:
        """The open stories."""
        return list(self._stories.values())

    def add(
        self,
        article_id: str,
        article: Article,
        entities: Iterable[str] = (),
        copy_of: str | None = None,
        embedding: np.ndarray | None = None,
    ) -> StoryAssignment:
        """Assign ``article`` to an open story or open a new one.

        Args:
            article_id: the caller's id; adding an id twice returns its current story.
            article: the article.
            entities: optional normalized entity keys found in the article.
            copy_of: id of an article this one copies (from :class:`CopyDetector`); the
                copy joins that article's story when it is still open.
            embedding: optional unit-length sentence embedding of the article (see
                :func:`marsad.dedup.semantic.embed_articles`), mixed into the scores by
                ``settings.semantic_weight``.
        """
        existing = self._story_of.get(article_id)
        if existing is not None and existing in self._stories:
            return self._assignment(article_id, self._stories[existing], False, 1.0)
        counts = article_terms(article, entities)
        self.frequencies.add(counts)
        vector = weigh(counts, self.frequencies)
        when = self._window.place(article_time(article))
        if embedding is not None and self.settings.semantic_weight <= 0:
            embedding = None  # not used: keep no state for it
        member = StoryMember(article_id, when, article.title, article.source, vector, embedding)
        story, score = self._choose_story(member, copy_of)
        is_new = story is None
        if story is None:
            story = Story(article_id)
            self._stories[article_id] = story
        self._join(story, member)
        merged = self._merge_converging(story, when)
        for expired in self._window.push(story.story_id, when):
            self._expire(expired)
        return self._assignment(article_id, story, is_new, score, merged)

    def _choose_story(self, member: StoryMember, copy_of: str | None) -> tuple[Story | None, float]:
        when = member.when
        if copy_of is not None:
            story = self._stories.get(self._story_of.get(copy_of, ""))
            if story is not None and self._is_open(story, when):
                return story, 1.0
        best, best_score = None, 0.0
        for story in self._candidates(member.vector, when):
            similarity = self._mix(cosine(member.vector, story.centroid), member.embedding, story.embedding_sum)
            score = similarity - self._staleness(story, when)
            if score > best_score and self._close_to_a_member(member, story):
                best, best_score = story, score
        if best is None or best_score < self.settings.join_threshold:
            return None, best_score
        return best, best_score

    def _staleness(self, story: Story, when: datetime) -> float:
        # Recurring template news (weather, market closes) looks alike every day; an event
        # that resurfaces after a quiet day needs more evidence to continue its story.
        gap_days = abs((when - story.last_seen).total_seconds()) / 86400
        return self.settings.day_penalty * gap_days

    def _close_to_a_member(self, member: StoryMember, story: Story) -> bool:
        # A centroid alone drifts into a topic ("all Eid parties", "all royal audiences");
        # requiring one close member keeps a story about one event.
        threshold = self.settings.member_threshold
        if threshold <= 0:
            return True
        recent = story.members[-self.settings.members_checked :]
        return any(
            self._mix(cosine(member.vector, m.vector), member.embedding, m.embedding) >= threshold for m in recent
        )

    def _mix(self, lexical: float, embedding: np.ndarray | None, other: np.ndarray | None) -> float:
        """The lexical cosine, mixed with the rescaled embedding cosine when both sides have one."""
        weight = self.settings.semantic_weight
        if embedding is None or other is None or weight <= 0:
            return lexical
        norm = float(np.linalg.norm(other))
        if norm == 0:
            return lexical
        floor = self.settings.semantic_floor
        semantic = max(0.0, (float(embedding @ other) / norm - floor) / (1 - floor))
        return (1 - weight) * lexical + weight * semantic

    def _candidates(self, vector: Vector, when: datetime, limit: int = 0) -> list[Story]:
        # Rank stories by the weight of the heavy terms they share with the article and
        # keep the best few for the exact cosine: common terms post to many stories.
        partial: dict[str, float] = defaultdict(float)
        for term in top_terms(vector, self.settings.candidate_terms):
            weight = vector[term]
            for sid in self._postings.get(term, ()):
                partial[sid] += weight
        ranked = sorted(partial, key=lambda sid: (-partial[sid], sid))
        keep = ranked[: limit or self.settings.max_candidates]
        stories = (self._stories.get(sid) for sid in keep)
        return [s for s in stories if s is not None and self._is_open(s, when)]

    def _is_open(self, story: Story, when: datetime) -> bool:
        return abs(when - story.last_seen) <= self.settings.window

    def _join(self, story: Story, member: StoryMember) -> None:
        story.members.append(member)
        total = dict(story.centroid_sum)
        for term, weight in member.vector.items():
            total[term] = total.get(term, 0.0) + weight
        story.centroid_sum = keep_top(total, self.settings.centroid_terms)
        story.centroid = normalize(story.centroid_sum)
        if member.embedding is not None:
            story.embedding_sum = _add(story.embedding_sum, member.embedding)
        self._story_of[member.article_id] = story.story_id
        self._reindex(story)
        story.breaking = story.breaking or self._is_breaking(story)
        size = len(story.members)
        if size <= 10 or size % 10 == 0:  # the headline settles as a story grows
            story.choose_headline()

    def _reindex(self, story: Story) -> None:
        for term in self._indexed_terms.get(story.story_id, ()):
            self._postings[term].discard(story.story_id)
        terms = top_terms(story.centroid_sum, self.settings.candidate_terms * 2)
        for term in terms:
            self._postings[term].add(story.story_id)
        self._indexed_terms[story.story_id] = terms

    def _is_breaking(self, story: Story) -> bool:
        s = self.settings
        if len(story.members) < s.breaking_articles:
            return False
        times = sorted(story.members, key=lambda m: m.when)
        for i in range(len(times) - s.breaking_articles + 1):
            burst = [m for m in times[i:] if m.when - times[i].when <= s.breaking_span]
            sources = {m.source for m in burst if m.source}
            if len(burst) >= s.breaking_articles and len(sources) >= s.breaking_sources:
                return True
        return False

    def _merge_converging(self, story: Story, when: datetime) -> tuple[str, ...]:
        merged = []
        centroid = story.centroid
        for other in self._candidates(centroid, when, limit=_MERGE_CANDIDATES):
            if other.story_id == story.story_id or other.story_id not in self._stories:
                continue
            if cosine(centroid, other.centroid) >= self.settings.merge_threshold:
                self._absorb(story, other)
                merged.append(other.story_id)
                centroid = story.centroid
        return tuple(merged)

    def _absorb(self, story: Story, other: Story) -> None:
        for member in other.members:
            story.members.append(member)
            self._story_of[member.article_id] = story.story_id
        total = dict(story.centroid_sum)
        for term, weight in other.centroid_sum.items():
            total[term] = total.get(term, 0.0) + weight
        story.centroid_sum = keep_top(total, self.settings.centroid_terms)
        story.centroid = normalize(story.centroid_sum)
        if other.embedding_sum is not None:
            story.embedding_sum = _add(story.embedding_sum, other.embedding_sum)
        self._drop(other.story_id)
        self._reindex(story)
        story.breaking = story.breaking or other.breaking or self._is_breaking(story)
        story.choose_headline()

    def _expire(self, story_id: str) -> None:
        story = self._stories.get(story_id)
        if story is None:
            return
        if self._window.watermark and story.last_seen >= self._window.watermark - self._window.span:
            # still active: a later member pushed it again, so it is queued again later
            return
        for member in story.members:
            if self._story_of.get(member.article_id) == story_id:
                del self._story_of[member.article_id]
        self._drop(story_id)

    def _drop(self, story_id: str) -> None:
        self._stories.pop(story_id, None)
        for term in self._indexed_terms.pop(story_id, ()):
            self._postings[term].discard(story_id)
            if not self._postings[term]:
                del self._postings[term]

    def _assignment(
        self,
        article_id: str,
        story: Story,
        is_new: bool,
        score: float,
        merged: tuple[str, ...] = (),
    ) -> StoryAssignment:
        return StoryAssignment(
            article_id,
            story.story_id,
            is_new,
            round(score, 4),
            len(story.members),
            story.source_count,
            story.breaking,
            story.headline,
            merged,
        )


def _add(total: np.ndarray | None, vector: np.ndarray) -> np.ndarray:
    return vector.astype(np.float32, copy=True) if total is None else total + vector
