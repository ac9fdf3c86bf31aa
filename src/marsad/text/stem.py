"""A light stemmer for normalized Arabic words, in the style of Larkey's light10.

Light stemming strips the clitics and the most common inflectional suffixes without trying
to find roots, which keeps distinct words apart (root stemmers merge far too much). The
length guards are what stop the well-known manglings: وزير stays وزير (a bare و-strip would
leave زير), short words are left alone.
"""

from __future__ import annotations

from functools import lru_cache

_ARTICLE_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
_CONJUNCTIONS = ("و", "ف")
_PREPOSITIONS = ("ب", "ك", "ل")
_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")

_MIN_AFTER_ARTICLE = 2
_MIN_AFTER_CLITIC = 4  # و/ف/ب/ك/ل + at least four letters: keeps وزير, ولد, بيت, كتب intact
_MIN_AFTER_SUFFIX = 3


@lru_cache(maxsize=262_144)  # news vocabulary is Zipfian: most calls are repeats
def stem_light_ar(word: str) -> str:
    """Stem one normalized Arabic word (see :func:`marsad.text.normalize_ar`).

    Non-Arabic words are returned unchanged.

    Example:
        >>> stem_light_ar("والمفاوضات")
        'مفاوض'
        >>> stem_light_ar("وزير")
        'وزير'
    """
    if not word or not _is_arabic(word[0]):
        return word
    stem = _strip_prefix(word)
    return _strip_suffixes(stem)


def _strip_prefix(word: str) -> str:
    for prefix in _ARTICLE_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= _MIN_AFTER_ARTICLE:
            return word[len(prefix) :]
    if word[0] in _CONJUNCTIONS and len(word) - 1 >= _MIN_AFTER_CLITIC:
        word = word[1:]
        for prefix in _ARTICLE_PREFIXES[-1:]:
            if word.startswith(prefix) and len(word) - len(prefix) >= _MIN_AFTER_ARTICLE:
                return word[len(prefix) :]
    if word[0] in _PREPOSITIONS and len(word) - 1 >= _MIN_AFTER_CLITIC + 1:
        return word[1:]
    return word


def _strip_suffixes(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_AFTER_SUFFIX:
            word = word[: -len(suffix)]
    return word


def _is_arabic(char: str) -> bool:
    return "\u0600" <= char <= "\u06ff"
