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
_PERSIAN_RE = re.compile(f"[{''.join(sorted(_PERSIAN_ONLY))}]")
_URDU_RE = re.compile(f"[{''.join(sorted(_URDU_ONLY))}]")
_LATIN_WORD = re.compile(r"[a-zà-ÿğışçöü]+")


_SCRIPTS = {
    "arabic": re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufeff]"),
    "hebrew": re.compile("[\u0590-\u05ff]"),
    "cyrillic": re.compile("[\u0400-\u04ff]"),
    "latin": re.compile("[A-Za-z\u00c0-\u024f]"),
}
_SAMPLE = 4000  # characters: plenty to tell scripts and function words apart


def detect_language(text: str) -> str:
    """Return an ISO 639-1 code for ``text`` (``"und"`` when there is too little to tell).

    Example:
        >>> detect_language("وزير الخارجية يبحث تثبيت وقف إطلاق النار")
        'ar'
        >>> detect_language("The minister met his counterpart in Washington on Monday.")
        'en'
    """
    sample = text[:_SAMPLE]
    scripts = Counter({name: len(pattern.findall(sample)) for name, pattern in _SCRIPTS.items()})
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
    sample = text[:_SAMPLE]
    urdu = len(_URDU_RE.findall(sample))
    persian = len(_PERSIAN_RE.findall(sample))
    letters = len(_SCRIPTS["arabic"].findall(sample)) or 1
    if urdu / letters > 0.01:
        return "ur"
    if persian / letters > 0.02:
        return "fa"
    return "ar"


def _latin_language(text: str) -> str:
    tokens = _LATIN_WORD.findall(text[:_SAMPLE].lower())
    if not tokens:
        return "und"
    counts = Counter(tokens)
    scores = {lang: sum(counts[w] for w in vocab) / len(tokens) for lang, vocab in _LATIN_FUNCTION_WORDS.items()}
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] > 0.03 else "und"
