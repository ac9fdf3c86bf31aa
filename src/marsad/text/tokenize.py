"""Word tokenization that keeps offsets into the original (display) text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from marsad.text.normalize import normalize_ar

# A word is a run of letters/digits; Arabic marks and tatweel inside a word belong to it, so
# a vowelled word is one token (SQLite's unicode61 splits it at every haraka).
_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u0640\u06d6-\u06ed\u200c\u200d"
_WORD = re.compile(rf"[^\W_](?:[^\W_]|[{_MARKS}])*")


@dataclass(frozen=True, slots=True)
class Token:
    """One word: its text as written, its span in the original string and its matching key."""

    text: str
    start: int
    end: int
    norm: str


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into word tokens with offsets and normalized keys.

    Example:
        >>> [t.norm for t in tokenize("وزيرُ الدفاع، يوآف")]
        ['وزير', 'الدفاع', 'يواف']
    """
    return list(_iter_tokens(text))


def _iter_tokens(text: str) -> Iterator[Token]:
    for match in _WORD.finditer(text):
        norm = normalize_ar(match.group())
        if norm:
            yield Token(match.group(), match.start(), match.end(), norm)


def words(text: str) -> list[str]:
    """The normalized words of ``text``, in order (no offsets: one normalization pass)."""
    return _WORD.findall(normalize_ar(text))
