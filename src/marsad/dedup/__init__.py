"""Copies, stories and related articles: incremental, storage-agnostic algorithms.

- :class:`CopyDetector`: exact and near-duplicate articles, grouped under a canonical one.
- :class:`StoryClusterer`: articles about the same event within a sliding time window.
- :class:`RelatedIndex`: "read also" suggestions that are neither copies nor the same story.
- :class:`DedupEngine`: the three above in step, returning the edges a store keeps.
- :func:`compare`: the verdict on one pair of articles, with scores and a reason.
- :func:`signature`: the storable fingerprint copy detection works from.
"""

from marsad.dedup.copies import (
    CopyDecision,
    CopyDetector,
    CopyGroup,
    CopyMember,
    CopyThresholds,
    choose_canonical,
)
from marsad.dedup.engine import DedupEngine, DedupResult
from marsad.dedup.explain import Comparison, compare
from marsad.dedup.fingerprint import Signature, clean_body, signature, strip_dateline_ar
from marsad.dedup.related import RelatedIndex, RelatedItem
from marsad.dedup.stories import Story, StoryAssignment, StoryClusterer, StorySettings
from marsad.dedup.vectors import DocumentFrequencies
from marsad.dedup.window import article_time

__all__ = [
    "Comparison",
    "CopyDecision",
    "CopyDetector",
    "CopyGroup",
    "CopyMember",
    "CopyThresholds",
    "DedupEngine",
    "DedupResult",
    "DocumentFrequencies",
    "RelatedIndex",
    "RelatedItem",
    "Signature",
    "Story",
    "StoryAssignment",
    "StoryClusterer",
    "StorySettings",
    "article_time",
    "choose_canonical",
    "clean_body",
    "compare",
    "signature",
    "strip_dateline_ar",
]
