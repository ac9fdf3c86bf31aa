"""Arabic stopwords, stored as normalized keys so that any spelling variant matches."""

from __future__ import annotations

from importlib.resources import files

from marsad.text.normalize import normalize_ar


def _load() -> frozenset[str]:
    raw = files("marsad.text").joinpath("data/stopwords_ar.txt").read_text(encoding="utf-8")
    return frozenset(
        normalize_ar(line.strip()) for line in raw.splitlines() if line.strip() and not line.startswith("#")
    )


STOPWORDS_AR: frozenset[str] = _load()


def is_stopword(word: str) -> bool:
    """True when ``word`` (any spelling) is an Arabic function word."""
    return normalize_ar(word) in STOPWORDS_AR
