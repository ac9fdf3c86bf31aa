"""Online copy detection: exact and near-duplicate articles grouped under a canonical one.

An article is a *copy* of another when its cleaned body is the same text: identical after
normalization (``exact``), or sharing most of its word 3-gram shingles (``near``: light
edits, a changed dateline, a trimmed or added paragraph), or when nearly every word of the
shorter text sits in a shingle the longer one has (word *coverage*: a wire text with a few
words edited, or the whole text inside a longer report). Candidates come from MinHash LSH
banding; every candidate is then verified on the exact shingles, so precision does not
depend on the MinHash estimate.

State is in memory and bounded by a sliding time window; the store persists the decisions
and the signatures (:meth:`marsad.dedup.fingerprint.Signature.to_bytes`) and can rebuild a
detector by replaying them through :meth:`CopyDetector.add_signature`.

Example:
    >>> detector = CopyDetector()
    >>> decision = detector.add("a1", article)  # doctest: +SKIP
    >>> decision.is_copy, decision.canonical_id  # doctest: +SKIP
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

import numpy as np

from marsad.dedup.fingerprint import NUM_PERM, Signature, coverage, overlap, signature
from marsad.dedup.substitution import Substitution, distinct, substitutions
from marsad.dedup.window import TimeWindow, article_time
from marsad.models import Article

CopyKind = Literal["original", "exact", "near"]
# Words covered >= 0.8 with under 30% of the shingles shared would mean an edit every
# third or fourth word: a rewrite, not a light edit. Below this, coverage is not computed.
_MIN_CONTAINMENT_FOR_COVERAGE = 0.3


@dataclass(frozen=True, slots=True)
class CopyThresholds:
    """When two verified shingle sets make a copy.

    Attributes:
        jaccard: shingle Jaccard at or above which two bodies are copies.
        containment: share of the shorter body's shingles found in the longer body at or
            above which the shorter is a trimmed copy (prefix/suffix paragraphs added)...
        coverage: ...or share of the shorter body's *words* inside a shingle of the longer
            one (:func:`marsad.dedup.fingerprint.coverage`; tolerant of scattered edits)...
        min_size_ratio: ...provided the shorter body keeps at least this share of the
            longer one's shingles (a one-paragraph brief is not a copy of a long report).
        min_words: bodies shorter than this are only ever exact copies.
        short_words, short_jaccard, short_coverage: bodies shorter than ``short_words``
            words need a Jaccard of at least ``short_jaccard``, or every word covered
            (``short_coverage``: the short text whole inside the other). In a few lines one
            changed word or figure is usually a different claim, not an edit.
        substitutions: two bodies that pass the rules above are still different news when
            their aligned words differ in at least this many distinct figures, dates,
            places or names (:func:`marsad.dedup.substitution.substitutions`: template news
            such as cables to two presidents or two days' bulletins); 0 turns it off.
    """

    jaccard: float = 0.5
    containment: float = 0.8
    coverage: float = 0.8
    min_size_ratio: float = 0.15
    min_words: int = 12
    short_words: int = 40
    short_jaccard: float = 0.9
    short_coverage: float = 1.0
    substitutions: int = 2


@dataclass(frozen=True, slots=True)
class CopyDecision:
    """What :meth:`CopyDetector.add` decided about one article.

    ``group_id`` is stable (the id of the group's first article); ``canonical_id`` is the
    group's current canonical article, which changes when an earlier or more complete copy
    arrives later (``previous_canonical_id`` then names the one it replaced).
    """

    article_id: str
    kind: CopyKind
    group_id: str
    canonical_id: str
    matched_id: str | None = None
    jaccard: float = 0.0
    containment: float = 0.0
    previous_canonical_id: str | None = None
    coverage: float = 0.0

    @property
    def is_copy(self) -> bool:
        """True when the article repeats one seen before."""
        return self.kind != "original"


@dataclass(slots=True)
class CopyMember:
    """One article of a copy group."""

    article_id: str
    when: datetime
    n_words: int
    source: str | None = None
    url: str | None = None


@dataclass(slots=True)
class CopyGroup:
    """Articles carrying the same text, with the canonical one to show."""

    group_id: str
    canonical_id: str
    members: list[CopyMember] = field(default_factory=list)

    @property
    def sources(self) -> list[str]:
        """Distinct sources, in order of first appearance."""
        return list(dict.fromkeys(m.source for m in self.members if m.source))

    @property
    def urls(self) -> list[str]:
        """Distinct URLs, in order of first appearance."""
        return list(dict.fromkeys(m.url for m in self.members if m.url))

    @property
    def first_seen(self) -> datetime:
        """Time of the earliest member."""
        return min(m.when for m in self.members)


@dataclass(slots=True)
class _Entry:
    signature: Signature
    member: CopyMember
    band_keys: list[int]
    group_id: str


def word_coverage(a: Signature, b: Signature, cont: float) -> float:
    """Coverage of the shorter text's words by the other's shingles (``cont`` without a
    shingle sequence)."""
    short, long = (a, b) if a.n_words <= b.n_words else (b, a)
    if short.sequence is None:
        return cont
    return coverage(short.sequence, long.shingles)


def is_copy_pair(
    a: Signature,
    b: Signature,
    jac: float,
    cont: float,
    thresholds: CopyThresholds,
    cov: float | None = None,
) -> bool:
    """The copy rule on two verified signatures with their shingle Jaccard and containment
    (and word coverage, computed here when not given): enough shared text
    (:func:`overlaps_as_copy`) and not template news (:func:`template_substitutions`)."""
    if not overlaps_as_copy(a, b, jac, cont, thresholds, cov):  # identical bodies pass here
        return False
    return not is_template_news(a, b, thresholds)


def is_template_news(a: Signature, b: Signature, thresholds: CopyThresholds) -> bool:
    """Two bodies that fill at least ``thresholds.substitutions`` aligned slots differently
    (figures, dates, places, names): one template, different news (0 turns the check off)."""
    need = thresholds.substitutions
    return bool(need) and len(template_substitutions(a, b, need)) >= need


def template_substitutions(a: Signature, b: Signature, at_least: int = 1) -> list[Substitution]:
    """The distinct figures, dates, places and names the two bodies fill in differently at
    aligned places (none when either signature was built without its text; possibly none
    when fewer than ``at_least`` exist)."""
    if a.text is None or b.text is None or a.body_hash == b.body_hash:
        return []
    return distinct(substitutions(a.text.split(), b.text.split(), at_least=at_least))


def overlaps_as_copy(
    a: Signature,
    b: Signature,
    jac: float,
    cont: float,
    thresholds: CopyThresholds,
    cov: float | None = None,
) -> bool:
    """The shared-text part of the copy rule: Jaccard, containment and word coverage."""
    if a.body_hash == b.body_hash and a.n_words > 0:
        return True
    if min(a.n_words, b.n_words) < thresholds.min_words:
        return False
    if cov is None and jac < thresholds.jaccard:
        cov = word_coverage(a, b, cont)
    if min(a.n_words, b.n_words) < thresholds.short_words:
        # In a few lines one changed word or figure is the news ("29 killed" / "53 killed",
        # "Syria calls" / "Russia calls"): only near-identical short texts, or a short text
        # found whole in the other, are copies.
        return jac >= thresholds.short_jaccard or (cov is not None and cov >= thresholds.short_coverage)
    if jac >= thresholds.jaccard:
        return True
    small, large = sorted((len(a.shingles), len(b.shingles)))
    if small < thresholds.min_size_ratio * large:
        return False
    return cont >= thresholds.containment or (cov is not None and cov >= thresholds.coverage)


def choose_canonical(members: list[CopyMember]) -> CopyMember:
    """The member to show: the earliest, then the most complete (longest), then by id."""
    return min(members, key=lambda m: (m.when, -m.n_words, m.article_id))


class CopyDetector:
    """Incremental exact and near-duplicate detection within a sliding time window.

    Args:
        window: how far apart in time two copies may be (default 7 days).
        thresholds: the copy rule applied to verified candidates.
        rows_per_band: MinHash values per LSH band; ``NUM_PERM // rows`` bands. 3 rows
            finds 94% of pairs at Jaccard 0.4 and 99.9% at 0.6.
        max_verify: most candidates verified exactly per article (best LSH hits first).
        star: a new member matched on word coverage alone must copy the group's canonical
            article too, not only the member it matched best (no chains of template news
            through a group).
    """

    def __init__(
        self,
        window: timedelta = timedelta(days=7),
        thresholds: CopyThresholds | None = None,
        rows_per_band: int = 3,
        max_verify: int = 30,
        star: bool = True,
    ) -> None:
        self.thresholds = thresholds or CopyThresholds()
        self.star = star
        self.rows = rows_per_band
        self.bands = NUM_PERM // rows_per_band
        self.max_verify = max_verify
        self._window = TimeWindow(window)
        self._entries: dict[str, _Entry] = {}
        self._by_hash: dict[bytes, str] = {}
        self._buckets: list[dict[int, list[str]]] = [defaultdict(list) for _ in range(self.bands)]
        self._groups: dict[str, CopyGroup] = {}
        self._decisions: dict[str, CopyDecision] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, article_id: str, article: Article) -> CopyDecision:
        """Fingerprint ``article`` and decide whether it copies an article in the window.

        Adding an id a second time returns the first decision and changes nothing.
        """
        if article_id in self._decisions:
            return self._decisions[article_id]
        return self.add_signature(
            article_id,
            signature(article),
            when=article_time(article),
            source=article.source,
            url=article.url,
        )

    def add_signature(
        self,
        article_id: str,
        sig: Signature,
        when: datetime | None = None,
        source: str | None = None,
        url: str | None = None,
    ) -> CopyDecision:
        """Like :meth:`add` for a stored signature (how a store rebuilds the detector)."""
        if article_id in self._decisions:
            return self._decisions[article_id]
        placed = self._window.place(when)
        member = CopyMember(article_id, placed, sig.n_words, source, url)
        match = self._find_match(sig)
        if match is None:
            group = CopyGroup(article_id, article_id, [member])
            self._groups[article_id] = group
            decision = CopyDecision(article_id, "original", article_id, article_id)
        else:
            decision = self._join(member, *match)
        if self._remember(article_id, sig, member, decision.group_id):
            self._decisions[article_id] = decision
        return decision

    def group_of(self, article_id: str) -> CopyGroup | None:
        """The copy group of an article still in the window, or None."""
        entry = self._entries.get(article_id)
        return self._groups.get(entry.group_id) if entry else None

    def groups(self, min_size: int = 2) -> list[CopyGroup]:
        """The groups in memory with at least ``min_size`` members."""
        return [g for g in self._groups.values() if len(g.members) >= min_size]

    def _find_match(self, sig: Signature) -> tuple[str, CopyKind, float, float, float] | None:
        if sig.n_words == 0:
            return None
        exact = self._by_hash.get(sig.body_hash)
        if exact is not None:
            return exact, "exact", 1.0, 1.0, 1.0
        if sig.n_words < self.thresholds.min_words:
            return None
        passing: list[tuple[str, float, float, float, bool]] = []
        for candidate in self._candidates(sig):
            other = self._entries[candidate].signature
            if other.n_words < self.thresholds.min_words:
                continue
            jac, cont = overlap(sig.shingles, other.shingles)
            strong = jac >= self.thresholds.jaccard or cont >= self.thresholds.containment
            # coverage only where it can decide: high coverage needs a fair containment
            cov = cont if strong or cont < _MIN_CONTAINMENT_FOR_COVERAGE else word_coverage(sig, other, cont)
            if overlaps_as_copy(sig, other, jac, cont, self.thresholds, cov):
                passing.append((candidate, jac, cont, cov, strong))
        # best (Jaccard, coverage) first; the slower checks run only until one passes
        passing.sort(key=lambda c: (c[1], c[3]), reverse=True)
        for candidate, jac, cont, cov, strong in passing:
            if not (strong or self._agrees_with_canonical(sig, candidate)):
                continue
            if is_template_news(sig, self._entries[candidate].signature, self.thresholds):
                continue
            return candidate, "near", jac, cont, cov
        return None

    def _agrees_with_canonical(self, sig: Signature, matched: str) -> bool:
        """A copy by word coverage alone must also copy the group's canonical text (when
        still in memory): otherwise template news chains up (cable to Egypt ~ cable to
        Oman ~ cable to Tunisia) and a long roundup joins unrelated short texts it each
        contains."""
        if not self.star:
            return True
        canonical = self._groups[self._entries[matched].group_id].canonical_id
        entry = self._entries.get(canonical)
        if canonical == matched or entry is None:
            return True
        other = entry.signature
        jac, cont = overlap(sig.shingles, other.shingles)
        return self._is_copy(sig, other, jac, cont, word_coverage(sig, other, cont))

    def _is_copy(self, a: Signature, b: Signature, jac: float, cont: float, cov: float) -> bool:
        return is_copy_pair(a, b, jac, cont, self.thresholds, cov)

    def _candidates(self, sig: Signature) -> list[str]:
        hits: dict[str, int] = defaultdict(int)
        for band, key in enumerate(self._band_keys(sig)):
            for other in self._buckets[band].get(key, ()):
                hits[other] += 1
        if not hits:
            return []
        ranked = sorted(hits, key=hits.__getitem__, reverse=True)[: self.max_verify]
        return ranked

    def _band_keys(self, sig: Signature) -> list[int]:
        rows = sig.minhash[: self.bands * self.rows].reshape(self.bands, self.rows)
        packed = rows.astype(np.uint64)
        keys = packed[:, 0]
        for i in range(1, self.rows):
            keys = keys * np.uint64(0x100000001B3) ^ packed[:, i]
        return keys.tolist()

    def _join(
        self, member: CopyMember, matched: str, kind: CopyKind, jac: float, cont: float, cov: float
    ) -> CopyDecision:
        group = self._groups[self._entries[matched].group_id]
        previous = group.canonical_id
        group.members.append(member)
        group.canonical_id = choose_canonical(group.members).article_id
        return CopyDecision(
            member.article_id,
            kind,
            group.group_id,
            group.canonical_id,
            matched_id=matched,
            jaccard=round(jac, 4),
            containment=round(cont, 4),
            previous_canonical_id=previous if previous != group.canonical_id else None,
            coverage=round(cov, 4),
        )

    def _remember(self, article_id: str, sig: Signature, member: CopyMember, group: str) -> bool:
        if self._window.is_stale(member.when):
            # older than the window: decided against what is in memory, but not kept
            self._forget_group_if_empty(group)
            return False
        keys = self._band_keys(sig) if sig.n_words >= self.thresholds.min_words else []
        self._entries[article_id] = _Entry(sig, member, keys, group)
        self._by_hash.setdefault(sig.body_hash, article_id)
        for band, key in enumerate(keys):
            self._buckets[band][key].append(article_id)
        for expired in self._window.push(article_id, member.when):
            self._evict(expired)
        return True

    def _evict(self, article_id: str) -> None:
        entry = self._entries.pop(article_id, None)
        self._decisions.pop(article_id, None)
        if entry is None:
            return
        if self._by_hash.get(entry.signature.body_hash) == article_id:
            del self._by_hash[entry.signature.body_hash]
        for band, key in enumerate(entry.band_keys):
            bucket = self._buckets[band][key]
            bucket.remove(article_id)
            if not bucket:
                del self._buckets[band][key]
        self._forget_group_if_empty(entry.group_id)

    def _forget_group_if_empty(self, group_id: str) -> None:
        group = self._groups.get(group_id)
        if group and not any(m.article_id in self._entries for m in group.members):
            del self._groups[group_id]
