"""Arabic text handling for matching: normalization, tokenization, stopwords, light stemming.

Everything here produces keys for indexing and comparison; display text is never altered.
"""

from marsad.text.normalize import (
    normalize_ar,
    normalize_digits,
    normalize_for_identity,
    strip_diacritics,
)
from marsad.text.stem import stem_light_ar
from marsad.text.stopwords import STOPWORDS_AR, is_stopword
from marsad.text.tokenize import Token, tokenize, words

__all__ = [
    "STOPWORDS_AR",
    "Token",
    "is_stopword",
    "normalize_ar",
    "normalize_digits",
    "normalize_for_identity",
    "stem_light_ar",
    "strip_diacritics",
    "tokenize",
    "words",
]
