"""Sparse TF-IDF term vectors for story clustering, related articles and explanations.

Terms are light-stemmed, normalized content words (stopwords and one-letter tokens dropped),
so that المفاوضات and مفاوضات meet. The title counts double (it names the event) and only
the lead of the body is used: the first paragraphs say what happened, later ones drift into
background that many stories share. Entity keys, when a caller has them, enter as terms of
their own (``ent:<key>``).

Document frequencies are learnt online (:class:`DocumentFrequencies`), so the vectors need
no pre-trained model and can be rebuilt from stored articles in any order.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping

from marsad.dedup.fingerprint import clean_body, words_ar
from marsad.models import Article
from marsad.text import STOPWORDS_AR, stem_light_ar

Vector = dict[str, float]

TITLE_WEIGHT = 2  # the title names the event; the lead tells it
LEAD_WORDS = 120  # body words used: the lead says what happened, the rest drifts
ENTITY_WEIGHT = 2
_stem_cache: dict[str, str] = {}


def terms_ar(text: str) -> list[str]:
    """Content terms of ``text``: normalized, light-stemmed, stopwords dropped."""
    out = []
    for word in words_ar(text):
        if len(word) < 2 or word in STOPWORDS_AR or word.isdigit():
            continue
        stem = _stem_cache.get(word)
        if stem is None:
            if len(_stem_cache) > 1_000_000:
                _stem_cache.clear()
            stem = _stem_cache[word] = stem_light_ar(word)
        out.append(stem)
    return out


def article_terms(article: Article, entities: Iterable[str] = ()) -> Counter[str]:
    """Term counts of an article: title (weighted), body lead and entity keys."""
    counts: Counter[str] = Counter()
    for term in terms_ar(article.title):
        counts[term] += TITLE_WEIGHT
    lead = " ".join(words_ar(" ".join(clean_body(article)))[:LEAD_WORDS])
    counts.update(terms_ar(lead))
    for key in entities:
        counts["ent:" + key] += ENTITY_WEIGHT
    return counts


class DocumentFrequencies:
    """Online document frequencies and the IDF weights they imply."""

    def __init__(self) -> None:
        self.docs = 0
        self.df: Counter[str] = Counter()

    def add(self, terms: Iterable[str]) -> None:
        """Count one document's distinct terms."""
        self.docs += 1
        self.df.update(set(terms))

    def idf(self, term: str) -> float:
        """Smoothed inverse document frequency of ``term``."""
        return math.log((self.docs + 1) / (self.df.get(term, 0) + 1)) + 1.0


def weigh(counts: Mapping[str, float], df: DocumentFrequencies) -> Vector:
    """Unit-length TF-IDF vector (sublinear term frequency) of term counts."""
    vec = {t: (1.0 + math.log(c)) * df.idf(t) for t, c in counts.items() if c > 0}
    return normalize(vec)


def normalize(vec: Mapping[str, float]) -> Vector:
    """``vec`` scaled to unit length (empty stays empty)."""
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {t: v / norm for t, v in vec.items()} if norm else {}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Cosine of two unit vectors (their dot product)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def top_terms(vec: Mapping[str, float], k: int) -> list[str]:
    """The ``k`` heaviest terms of ``vec``."""
    return [t for t, _ in sorted(vec.items(), key=lambda kv: -kv[1])[:k]]


def keep_top(vec: Mapping[str, float], k: int) -> Vector:
    """The ``k`` heaviest terms of ``vec``, unscaled (bounds a centroid's size)."""
    if len(vec) <= k:
        return dict(vec)
    return {t: vec[t] for t in top_terms(vec, k)}
