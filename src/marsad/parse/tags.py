"""Splitting a tag line back into the phrases a reader sees.

Pages join tags either with a visible separator (``،``, ``,``, ``|``, ``؛``, ``/``) or with
nothing but spaces, as in ``وزير الدفاع الإسرائيلي يوآف جالانت واشنطن``. The first kind is
split on the separator. The second kind is segmented against the article's own text: tags
are names and noun phrases lifted from the title and body, so a good split is one whose
phrases occur there.

The segmentation is a dynamic programme over the normalized tokens of the tag line
(:func:`marsad.text.tokenize` keys, from :func:`marsad.text.normalize_ar`), with these
general preferences, in order of weight:

1. a phrase of two or more words must occur contiguously in the text, inside one clause
   (punctuation ends a clause: "وزير الدفاع الإسرائيلي، يوآف جالانت" attests the two
   phrases, not their union); a single word is always allowed;
2. fewer phrases are better (the longest attested phrases win), up to ``MAX_PHRASE_WORDS``
   words per phrase, since tags are short;
3. among splits with as many phrases, cut where neighbouring words stick together least in
   the text: a cut between two words that the text often writes side by side costs more
   than a cut between words that rarely meet, so a role and the name after it
   ("وزير الخارجية الأمريكي | أنتوني بلينكن") part where the role's own words cohere more.

No list of known tags is used anywhere.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from marsad.text import tokenize

MAX_PHRASE_WORDS = 3
_SEPARATORS = re.compile(r"\s*[،,|؛;/]\s*|\s+[-–—]\s+")
# Anything that is not a letter, digit, mark or space closes a clause.
_CLAUSE_BREAK = re.compile(r"[^\w\s\u0610-\u061a\u064b-\u065f\u0670\u0640\u06d6-\u06ed]+")


@dataclass(frozen=True)
class _TextStats:
    """N-gram counts of an article's text, clause by clause, on normalized tokens."""

    ngrams: Counter[tuple[str, ...]]

    def count(self, words: tuple[str, ...]) -> int:
        return self.ngrams.get(words, 0)


def split_tags(line: str, context: str = "") -> list[str]:
    """Split the value of a tag line into tags, using ``context`` (title + body) when the
    tags are joined by plain spaces.

    Example:
        >>> split_tags("دي ماريا، سان جرمان")
        ['دي ماريا', 'سان جرمان']
    """
    line = " ".join(line.split()).strip(" .:،,")
    if not line:
        return []
    if "#" in line:  # hashtags: "#الرياض #موسم_الرياض"
        return [t.replace("_", " ").strip(" ،,") for t in line.split("#") if t.strip(" ،,")]
    if _SEPARATORS.search(line):
        return [part for part in (p.strip() for p in _SEPARATORS.split(line)) if part]
    return segment_tags(line, context)


def segment_tags(line: str, context: str) -> list[str]:
    """Segment a space-joined tag line into phrases attested in ``context``."""
    tokens = tokenize(line)
    if len(tokens) <= 1:
        return [line] if line else []
    stats = _count_ngrams(context)
    cuts = _best_cuts([t.norm for t in tokens], stats)
    return [line[tokens[a].start : tokens[b - 1].end] for a, b in cuts]


def _count_ngrams(context: str) -> _TextStats:
    counts: Counter[tuple[str, ...]] = Counter()
    for clause in _CLAUSE_BREAK.split(context):
        words = [t.norm for t in tokenize(clause)]
        for size in range(1, MAX_PHRASE_WORDS + 1):
            for i in range(len(words) - size + 1):
                counts[tuple(words[i : i + size])] += 1
    return _TextStats(counts)


def _best_cuts(words: list[str], stats: _TextStats) -> list[tuple[int, int]]:
    """Lowest-cost split of ``words`` into spans, by dynamic programming."""
    size = len(words)
    best: list[tuple[float, list[tuple[int, int]]] | None] = [None] * (size + 1)
    best[0] = (0.0, [])
    for end in range(1, size + 1):
        for start in range(max(0, end - MAX_PHRASE_WORDS), end):
            previous = best[start]
            span = tuple(words[start:end])
            if previous is None or (len(span) > 1 and stats.count(span) == 0):
                continue
            cost = previous[0] + 1.0 + _cut_cost(words, start, stats)
            if best[end] is None or cost < best[end][0]:  # type: ignore[index]
                best[end] = (cost, [*previous[1], (start, end)])
    final = best[size]
    return final[1] if final else [(i, i + 1) for i in range(size)]


def _cut_cost(words: list[str], start: int, stats: _TextStats) -> float:
    """Cost of cutting before ``words[start]``: how strongly the two words cohere (0..1)."""
    if start == 0:
        return 0.0
    left, right = words[start - 1], words[start]
    together = stats.count((left, right))
    if together == 0:
        return 0.0
    # Dice coefficient: 1 when the two words only ever occur side by side.
    dice = 2 * together / (stats.count((left,)) + stats.count((right,)))
    return 0.5 * dice
