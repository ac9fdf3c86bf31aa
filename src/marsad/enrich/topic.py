"""Section labels (topic) for articles: a small linear model trained by marsad on ANT.

The model is a linear classifier over sublinear TF-IDF features: normalized words, light
stems, stem bigrams and character n-grams of normalized words. It is trained by
``train/topic.py`` on the Apache-2.0 ANT corpus (articles dated up to 2016-12) and shipped as
a compressed numpy archive (``models/topic.npz``: vocabulary, IDF, weights), so inference
needs only numpy: no pickle, no scikit-learn at run time. ``models/TOPIC_MODEL.md`` records
its provenance and measured figures.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

import numpy as np

from marsad.enrich.keywords import words_cached as words
from marsad.text import STOPWORDS_AR, stem_light_ar

TOPIC_LABELS = (
    "culture",
    "diverse",
    "economy",
    "international",
    "local",
    "politics",
    "society",
    "sport",
    "technology",
)
TOPIC_MODEL_VERSION = "topic-ant-linear-1"
MODEL_RESOURCE = "models/topic.npz"

_CHAR_RANGE = (3, 5)
_TITLE_WEIGHT = 2  # title words are counted this many times: headlines name the section


@dataclass(frozen=True, slots=True)
class TopicModel:
    """A linear model over named features: ``scores = tfidf(x) @ weights + bias``."""

    vocabulary: dict[str, int]
    idf: np.ndarray
    weights: np.ndarray  # (n_features, n_labels)
    bias: np.ndarray  # (n_labels,)
    labels: tuple[str, ...]
    version: str
    temperature: float = 1.0  # softmax scale fitted on out-of-fold scores
    groups: str = "wsbc"  # feature groups the vocabulary uses (w, s, b, c prefixes)


def extract_topic_features(title: str, body: list[str], groups: str = "wsbc") -> Counter[str]:
    """Count the named features of one article (the same code trains and predicts).

    ``groups`` picks the families: ``w`` words, ``s`` stems, ``b`` stem bigrams, ``c``
    character 3-5-grams of words.

    Example:
        >>> extract_topic_features("مباراة الترجي", [])["s:مباراه"]
        2
    """
    counts: Counter[str] = Counter()
    title_words = words(title)
    for _ in range(_TITLE_WEIGHT):
        _add_word_features(counts, title_words, groups)
    for paragraph in body:
        _add_word_features(counts, words(paragraph), groups)
    return counts


def _add_word_features(counts: Counter[str], tokens: list[str], groups: str) -> None:
    content = [t for t in tokens if t not in STOPWORDS_AR and not t.isdigit()]
    stems = [stem_light_ar(t) for t in content]
    if "w" in groups:
        counts.update("w:" + t for t in content)
    if "s" in groups:
        counts.update("s:" + s for s in stems)
    if "b" in groups:
        counts.update(f"b:{a}_{b}" for a, b in itertools.pairwise(stems))
    if "c" in groups:
        for token in content:
            counts.update(_char_ngrams(token))


def _char_ngrams(token: str) -> list[str]:
    padded = f"<{token}>"
    low, high = _CHAR_RANGE
    return ["c:" + padded[i : i + n] for n in range(low, high + 1) for i in range(len(padded) - n + 1)]


def vectorize_counts(counts: Counter[str], vocabulary: dict[str, int], idf: np.ndarray):
    """Sublinear TF-IDF, L2-normalized: ``(indices, values)`` of the known features."""
    pairs = [(vocabulary[f], c) for f, c in counts.items() if f in vocabulary]
    if not pairs:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    indices = np.fromiter((i for i, _ in pairs), dtype=np.int64, count=len(pairs))
    tf = np.fromiter((1.0 + math.log(c) for _, c in pairs), dtype=np.float64, count=len(pairs))
    values = tf * idf[indices]
    norm = float(np.linalg.norm(values))
    return indices, values / norm if norm else values


@lru_cache(maxsize=1)
def load_topic_model() -> TopicModel:
    """Load the shipped topic model (cached)."""
    with files("marsad.enrich").joinpath(MODEL_RESOURCE).open("rb") as handle:
        archive = np.load(handle, allow_pickle=False)
        vocab = [str(f) for f in archive["vocabulary"]]
        return TopicModel(
            vocabulary={f: i for i, f in enumerate(vocab)},
            idf=archive["idf"].astype(np.float64),
            weights=archive["weights"].astype(np.float32),
            bias=archive["bias"].astype(np.float64),
            labels=tuple(str(label) for label in archive["labels"]),
            version=str(archive["version"]),
            temperature=float(archive["temperature"]),
            groups="".join(sorted({f[0] for f in vocab})),
        )


def score_topics(title: str, body: list[str], model: TopicModel | None = None) -> np.ndarray:
    """Per-label probabilities (softmax of the linear scores), in ``model.labels`` order."""
    model = model or load_topic_model()
    indices, values = vectorize_counts(extract_topic_features(title, body, model.groups), model.vocabulary, model.idf)
    scores = (values @ model.weights[indices] + model.bias) * model.temperature
    scores = scores - scores.max()
    exp = np.exp(scores)
    return exp / exp.sum()


def classify_topic(title: str, body: list[str]) -> tuple[str, float]:
    """The section label of an article and the model's confidence in it (0..1).

    Labels: politics, economy, sport, culture, society, technology, international, local,
    diverse. An article with no known feature (empty, or in another language) gets the
    prior's favourite label with a low confidence.

    Example:
        >>> classify_topic("الترجي يفوز على النجم في الدربي", ["سجل المهاجم هدفين"])[0]
        'sport'
    """
    model = load_topic_model()
    probabilities = score_topics(title, body, model)
    best = int(np.argmax(probabilities))
    return model.labels[best], float(probabilities[best])
