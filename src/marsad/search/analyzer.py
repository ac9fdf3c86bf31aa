"""Analysis shared by indexing and querying: normalized surface tokens and light stems.

Both forms are indexed, so an exact (normalized) match ranks above a match that only
agrees after stemming, and queries written with vowels, hamza variants, ta marbuta as ه or
extra clitics still find the unvowelled text. Numbers and Latin words are kept as tokens
(Latin is case-folded; the stemmer leaves non-Arabic words alone).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from marsad.text import STOPWORDS_AR, normalize_ar, stem_light_ar
from marsad.text.tokenize import _WORD  # the word pattern that keeps harakat inside a word


@dataclass(frozen=True, slots=True)
class Analyzed:
    """The two token streams for one field: normalized surface forms and their stems."""

    exact: str
    stem: str


@lru_cache(maxsize=1 << 18)
def _keys(raw: str) -> tuple[str, str]:
    """(normalized, stem) of one raw word; cached because news vocabulary repeats a lot."""
    norm = normalize_ar(raw)
    # normalize_ar can, rarely, introduce a space or punctuation (NFKC of ligatures): keep one token.
    norm = "".join(ch for ch in norm if ch.isalnum())
    return norm, stem_light_ar(norm) if norm else ""


def analyze_tokens(text: str) -> list[tuple[str, str]]:
    """(exact, stem) pairs for every word of ``text``, in order."""
    pairs = []
    for match in _WORD.finditer(text):
        norm, stem = _keys(match.group())
        if norm:
            pairs.append((norm, stem))
    return pairs


def analyze(text: str) -> Analyzed:
    """Analyze display text into space-joined exact and stemmed token strings."""
    pairs = analyze_tokens(text)
    return Analyzed(" ".join(e for e, _ in pairs), " ".join(s for _, s in pairs))


def analyze_term(term: str) -> list[tuple[str, str]]:
    """(exact, stem) pairs for a query term; a term may split into several tokens (``covid-19``)."""
    return analyze_tokens(term)


def is_stop_key(norm: str) -> bool:
    """True when a normalized token is an Arabic function word (dropped from ranked queries)."""
    return norm in STOPWORDS_AR
