"""Offline language identification with a tiny footprint (no model download, < 1 MB).

Two steps: the dominant script decides the family (Arabic, Hebrew, Latin, Cyrillic, ...);
inside the Arabic script, letters that only Persian or Urdu use tell them apart from Arabic;
inside Latin, the share of each language's commonest function words decides.
"""

from __future__ import annotations

import re
from collections import Counter

_PERSIAN_ONLY = set("پچژگکی")
_URDU_ONLY = set("ٹڈڑںےھۓ")
_LATIN_FUNCTION_WORDS = {
    "en": {"the", "and", "of", "to", "in", "is", "that", "for", "with", "on", "was", "said"},
    "fr": {"le", "la", "les", "et", "des", "du", "un", "une", "est", "dans", "pour", "que"},
    "es": {"el", "la", "los", "las", "y", "de", "del", "que", "en", "por", "con", "para"},
    "de": {"der", "die", "das", "und", "ist", "nicht", "mit", "den", "von", "zu", "ein"},
    "tr": {"ve", "bir", "bu", "ile", "için", "da", "de", "olarak", "olan", "gibi", "çok"},
    "id": {"yang", "dan", "di", "ini", "itu", "dengan", "untuk", "dari", "tidak", "akan"},
}
_LATIN_WORD = re.compile(r"[a-zà-ÿğışçöü]+")


def _script_of(char: str) -> str | None:
    code = ord(char)
    if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF:
        return "arabic"
    if 0x0590 <= code <= 0x05FF:
        return "hebrew"
    if 0x0400 <= code <= 0x04FF:
        return "cyrillic"
    if (char.isascii() and char.isalpha()) or 0x00C0 <= code <= 0x024F:
        return "latin"
    return None


def detect_language(text: str) -> str:
    """Return an ISO 639-1 code for ``text`` (``"und"`` when there is too little to tell).

    Example:
        >>> detect_language("وزير الخارجية يبحث تثبيت وقف إطلاق النار")
        'ar'
        >>> detect_language("The minister met his counterpart in Washington on Monday.")
        'en'
    """
    scripts = Counter(s for s in map(_script_of, text[:20000]) if s)
    if sum(scripts.values()) < 3:
        return "und"
    script, _ = scripts.most_common(1)[0]
    if script == "arabic":
        return _arabic_script_language(text)
    if script == "hebrew":
        return "he"
    if script == "cyrillic":
        return "ru"
    return _latin_language(text)


def _arabic_script_language(text: str) -> str:
    sample = text[:20000]
    urdu = sum(ch in _URDU_ONLY for ch in sample)
    persian = sum(ch in _PERSIAN_ONLY for ch in sample)
    letters = sum(_script_of(ch) == "arabic" for ch in sample) or 1
    if urdu / letters > 0.01:
        return "ur"
    if persian / letters > 0.02:
        return "fa"
    return "ar"


def _latin_language(text: str) -> str:
    tokens = _LATIN_WORD.findall(text[:20000].lower())
    if not tokens:
        return "und"
    counts = Counter(tokens)
    scores = {lang: sum(counts[w] for w in vocab) / len(tokens) for lang, vocab in _LATIN_FUNCTION_WORDS.items()}
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] > 0.03 else "und"
