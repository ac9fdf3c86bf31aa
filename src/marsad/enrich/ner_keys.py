"""Name keys: one string shared by the spelling variants of a named entity.

Arabic news spells the same name many ways. :func:`entity_key` folds the variation that does
not change who or what is meant, in four documented steps applied to each word:

1. :func:`marsad.text.normalize_ar` (vowel marks, hamza-carrying alef forms, ى/ي, ة/ه, digits),
   then the remaining hamza carriers ئ→ي, ؤ→و and a bare ء is dropped.
2. Letters used for sounds Arabic lacks are folded to the letter writers also use for them:
   غ, گ, چ → ج (the /g/ of جالانت/غالانت, Egyptian جيم), ڤ → ف, پ → ب, ژ → ز.
3. The article ال is removed from the front of a word (اللجنة/لجنة, الولايات/ولايات), except
   in الله.
4. Inside transliterated (foreign) names the long-vowel letters ا, و, ي are dropped from
   every position but the first and last: transliterations differ mostly in whether a vowel
   is written (بلينكن/بلنكن, نتانياهو/نتنياهو), while a native Arabic word's vowel letters
   are part of its fixed pattern (سلمان and سليمان are different names). A word counts as
   transliterated when it was written with one of the letters of step 2 other than غ, when it
   has two or more inner vowel letters, or when it is at least six letters long and has one.
   Short native names (محمد, محمود, سعيد, سعد) therefore keep their vowels and stay apart.

Keys are for grouping and lookup only; they are never shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from marsad.text import normalize_ar

_HAMZA_FOLD = str.maketrans({"ئ": "ي", "ؤ": "و", "ء": None})
_FOREIGN_LETTERS = "گچڤپژ"
_SOUND_FOLD = str.maketrans({"غ": "ج", "گ": "ج", "چ": "ج", "ڤ": "ف", "پ": "ب", "ژ": "ز"})
_VOWEL_LETTERS = frozenset("اوي")
_KEEP_ARTICLE = frozenset({"الله"})
_WORD_SPLIT = re.compile(r"[^\w]+")
_MIN_FOREIGN_LENGTH = 6  # with one inner vowel letter; see step 4

_PROCLITICS = ("وب", "ول", "وك", "فب", "فل", "فك", "و", "ف", "ب", "ل", "ك")
_MIN_REMAINDER = 3


def entity_key(name: str) -> str:
    """The grouping key of an entity name (see the module docstring for the rules).

    Example:
        >>> entity_key("يوآف جالانت") == entity_key("يوآف غالانت")
        True
        >>> entity_key("أنتوني بلينكن") == entity_key("انتوني بلنكن")
        True
    """
    parts = (_key_word(word) for word in _WORD_SPLIT.split(normalize_ar(name)))
    return " ".join(part for part in parts if part)


def _key_word(word: str) -> str:
    word = normalize_ar(word).translate(_HAMZA_FOLD)
    if not word:
        return ""
    foreign_letter = any(char in _FOREIGN_LETTERS for char in word)
    word = word.translate(_SOUND_FOLD)
    if word.startswith("ال") and len(word) > 3 and word not in _KEEP_ARTICLE:
        word = word[2:]
    if foreign_letter or _looks_transliterated(word):
        word = word[0] + "".join(c for c in word[1:-1] if c not in _VOWEL_LETTERS) + word[-1]
    return word


def looks_transliterated(word: str) -> bool:
    """Whether a normalized word is spelled like a transliterated foreign name (step 4)."""
    return any(char in _FOREIGN_LETTERS for char in word) or _looks_transliterated(
        word[2:] if word.startswith("ال") and len(word) > 3 else word
    )


def _looks_transliterated(word: str) -> bool:
    inner_vowels = sum(1 for char in word[1:-1] if char in _VOWEL_LETTERS)
    return inner_vowels >= 2 or (inner_vowels == 1 and len(word) >= _MIN_FOREIGN_LENGTH)


def count_proclitic_letters(norm: str, is_known: Callable[[str], bool]) -> int:
    """How many leading letters of a normalized word are a conjunction/preposition clitic.

    A prefix (و, ف, ب, ل, ك or a conjunction plus a preposition) is split off only when the
    word itself is not a known name and what remains is one (``is_known``) or starts with the
    article ال: وإسرائيل → إسرائيل, بالولايات → الولايات, but وليد and بيروت stay whole.
    """
    if is_known(norm):
        return 0
    for prefix in _PROCLITICS:
        rest = norm[len(prefix) :]
        if not norm.startswith(prefix) or len(rest) < _MIN_REMAINDER:
            continue
        if is_known(rest) or (rest.startswith("ال") and len(rest) > 3):
            return len(prefix)
    return 0
