"""Analysis shared by indexing and querying: normalized surface tokens and light stems.

Both forms are indexed, so an exact (normalized) match ranks above a match that only
agrees after stemming, and queries written with vowels, hamza variants, ta marbuta as ه or
extra clitics still find the unvowelled text. Numbers and Latin words are kept as tokens
(Latin is case-folded; the stemmer leaves non-Arabic words alone).
"""

from __future__ import annotations

from dataclasses import dataclass

from marsad.text import STOPWORDS_AR, normalize_ar, stem_light_ar, words
from marsad.text.stem import stem_skeleton_ar
from marsad.text.tokenize import _WORD  # the word pattern that keeps harakat inside a word


@dataclass(frozen=True, slots=True)
class Analyzed:
    """The token streams of one field: surface forms, light stems and skeleton stems."""

    exact: str
    stem: str
    root: str = ""


# Hamza on a seat or alone is often left out or moved in news and in queries (مسؤول, مسئول,
# مسول; علماء, علما): search keys drop it, beyond normalize_ar's folding of alef forms.
_HAMZA_FOLD = str.maketrans({"ؤ": "و", "ئ": "ي", "ء": None})
_CACHE: dict[str, tuple[str, str, str]] = {}
_CACHE_MAX = 1 << 19


def search_key(word: str) -> str:
    """The normalized key a word is indexed and searched under (normalize_ar plus hamza folding)."""
    norm = normalize_ar(word).translate(_HAMZA_FOLD)
    # normalize_ar can, rarely, introduce a space or punctuation (NFKC of ligatures): keep one token.
    return norm if norm.isalnum() else "".join(ch for ch in norm if ch.isalnum())


def _keys(raw: str) -> tuple[str, str, str]:
    """(normalized, light stem, skeleton) of one raw word; cached: news vocabulary repeats a lot."""
    keys = _CACHE.get(raw)
    if keys is None:
        norm = search_key(raw)
        keys = (norm, stem_light_ar(norm), stem_skeleton_ar(norm)) if norm else ("", "", "")
        if len(_CACHE) >= _CACHE_MAX:
            _CACHE.clear()
        _CACHE[raw] = keys
    return keys


def word_keys(raw: str) -> tuple[str, str, str]:
    """(exact, stem, skeleton) keys of one word as written (any vowels, hamza or clitics)."""
    return _keys(raw)


def analyze_tokens(text: str) -> list[tuple[str, str, str]]:
    """(exact, stem, skeleton) triples for every word of ``text``, in order."""
    return [keys for keys in map(_keys, _WORD.findall(text)) if keys[0]]


def analyze(text: str) -> Analyzed:
    """Analyze display text into space-joined exact, stem and skeleton token strings."""
    triples = analyze_tokens(text)
    return Analyzed(
        " ".join([t[0] for t in triples]), " ".join([t[1] for t in triples]), " ".join([t[2] for t in triples])
    )


_LAST_DOCUMENT: list[tuple[str, str, Analyzed, Analyzed]] = []


def analyze_document(title: str, body: str) -> tuple[Analyzed, Analyzed]:
    """``analyze`` of a title and a body, remembering the last document: when a store keeps
    two indexes (FTS5 and tantivy), each article is analyzed once, not once per index."""
    if _LAST_DOCUMENT:
        last_title, last_body, t, b = _LAST_DOCUMENT[0]
        if last_title == title and last_body == body:
            return t, b
    t, b = analyze(title), analyze(body)
    _LAST_DOCUMENT[:] = [(title, body, t, b)]
    return t, b


def term_keys(term: str) -> list[tuple[str, str, str]]:
    """(exact, stem, skeleton) for a query term; a term may split into several tokens (``covid-19``)."""
    return analyze_tokens(term)


def analyze_term(term: str) -> list[tuple[str, str]]:
    """(normalized, light stem) pairs of a query term, as :func:`marsad.text.words` splits it.

    The plain-normalization interface that other stores (PostgreSQL) index with; the SQLite
    index uses :func:`term_keys` (hamza-insensitive keys and the skeleton stream).
    """
    return [(token, stem_light_ar(token)) for token in words(term)]


def conjunction_alternative(exact: str, stem: str) -> tuple[str, str, str] | None:
    """The (exact, stem, skeleton) keys of ``exact`` without a leading و/ف that the stemmer kept.

    The stemmer keeps و/ف before most letters, because they are often part of the word
    (وزير, فرنسا). A query word such as ومصر or ووزير is then searched as written and also as
    مصر / وزير, which is what a reader who typed the clitic meant.
    """
    if len(exact) >= 4 and exact[0] in "وف" and stem[:1] == exact[0]:
        rest = exact[1:]
        return rest, stem_light_ar(rest), stem_skeleton_ar(rest)
    return None


def is_stop_key(norm: str) -> bool:
    """True when a normalized token is an Arabic function word (dropped from ranked queries)."""
    return norm in STOPWORDS_AR
