"""Normalization of Arabic (and any) text into a matching key.

Folds the spelling variation that Arabic writers and keyboards produce for the same word:
vowel marks, tatweel, hamza-carrying alef forms, alef maksura, ta marbuta, Persian letter
forms, Arabic-Indic and Persian digits, presentation forms (via NFKC), and Latin case.
"""

from __future__ import annotations

import re
import unicodedata

# Harakat, shadda, sukun, maddah/hamza above-below marks, superscript alef and the Quranic
# annotation marks: none of them change which word is meant.
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]")
_TATWEEL = "\u0640"
_LETTER_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ة": "ه",
        "ی": "ي",  # Persian yeh
        "ې": "ي",
        "ک": "ك",  # Persian keheh
        "ڪ": "ك",
        "ە": "ه",
        "ۀ": "ه",
        "ہ": "ه",
        "ھ": "ه",
        "ڨ": "ق",  # Maghrebi g (ڨابس = قابس)
        "ڤ": "ف",  # v in loanwords (ڤيديو = فيديو)
        "گ": "ك",
        "پ": "ب",
        "چ": "ج",
    }
)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_SPACES = re.compile(r"\s+")
_OUTSIDE_STABLE_RANGE = re.compile("[^\x00-\x7f\u0600-\u06ff]")
_ZERO_WIDTH = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def strip_diacritics(text: str) -> str:
    """Remove Arabic vowel marks and tatweel, keeping every letter."""
    return _DIACRITICS.sub("", text).replace(_TATWEEL, "")


def normalize_digits(text: str) -> str:
    """Map Arabic-Indic and Persian digits to ASCII digits."""
    return text.translate(_DIGITS)


def _normalize_once(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _ZERO_WIDTH.sub("", text)
    text = strip_diacritics(text)
    text = text.translate(_LETTER_FOLD).translate(_DIGITS)
    return text.casefold()


def normalize_ar(text: str) -> str:
    """Return the matching key of ``text``; idempotent and total on any Unicode string.

    Example:
        >>> normalize_ar("مُحَمَّد أحمد في المدرسةِ ٢٠٢٤")
        'محمد احمد في المدرسه 2024'
    """
    result = _normalize_once(text)
    if not _OUTSIDE_STABLE_RANGE.search(result):
        return result  # ASCII and Arabic-block text is a fixed point after one pass
    # NFKC and casefold interact on a handful of code points (e.g. Greek with dialytika);
    # iterating to the fixed point is what makes idempotency hold for every string.
    for _ in range(4):
        again = _normalize_once(result)
        if again == result:
            break
        result = again
    return result


def normalize_for_identity(text: str) -> str:
    """Normalization plus whitespace collapsing: the key used for article identity."""
    return _SPACES.sub(" ", normalize_ar(text)).strip()
