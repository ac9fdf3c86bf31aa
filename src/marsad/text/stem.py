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

_AFTER_CONJUNCTION = frozenset("يتنسا")

# Frequent names whose last letters look like a suffix (ين، ان، ون): the stem stops at them, so
# فلسطين, فلسطيني and الفلسطينيين all stem to فلسطين instead of a mangled فلسط/لبن/سود.
_KEEP_WORDS = """فلسطين بحرين بوتين برلين ياسين حسين لبنان ايران سودان يابان عمان اذربيجان باكستان افغانستان
    كازاخستان اوزبكستان طاجيكستان تركمانستان قرغيزستان كردستان طهران سلمان عثمان سليمان رمضان شعبان
    لقمان فاتيكان يونان ارجنتين فلبين الصين صين جيبوتي عدن تطوان زيدان مرسين ميلان بكين ستالين لينين
    عمران حمدان شيحان سفيان عدنان رضوان مروان غسان حسان نيسان اذار حزيران تشرين واشنطن جيران"""
_KEEP = frozenset(_KEEP_WORDS.split())

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
    if word[0] in _CONJUNCTIONS and len(word) - 1 >= _MIN_AFTER_CLITIC and _conjunction_fits(word[1:]):
        word = word[1:]
        for prefix in _ARTICLE_PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= _MIN_AFTER_ARTICLE:
                return word[len(prefix) :]
    if word[0] in _PREPOSITIONS and len(word) - 1 >= _MIN_AFTER_CLITIC + 1:
        return word[1:]
    return word


def _conjunction_fits(rest: str) -> bool:
    # A leading و/ف is only taken for "and"/"so" when what follows starts like a word of its
    # own: a verb prefix (ي ت ن س ا) or an article with a preposition (بال، لل، كال). Any other
    # letter is more likely part of the word: وزارة, فلسطين, فرنسا, وطن keep their first letter.
    return rest[0] in _AFTER_CONJUNCTION or rest.startswith(_ARTICLE_PREFIXES)


def _strip_suffixes(word: str) -> str:
    for suffix in _SUFFIXES:
        if word in _KEEP:
            break
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_AFTER_SUFFIX:
            word = word[: -len(suffix)]
    return word


def _is_arabic(char: str) -> bool:
    return "\u0600" <= char <= "\u06ff"


_DERIVATION_PREFIXES = "يتنا"  # imperfect-verb prefixes and the ا/ت/ن of derived forms (استفعال, تفعيل, انفعال)
_LONG_VOWELS = frozenset("اوي")


def stem_skeleton_ar(word: str) -> str:
    """A coarse key that joins a verb with its verbal noun: يرتفع/ارتفاع, يعترف/اعتراف, يهبط/هبوط.

    The light stem, less a final accusative alef (قياسيا ~ قياسي, جديدا ~ جديد), which also
    joins a country with its adjective (تركيا ~ التركية, فرنسا ~ الفرنسي, امريكا ~ الامريكي),
    less the derivational prefix letters (ي ت ن ا, or both letters of the يت/تت that make
    the present of تفعّل/تفاعل verbs: تتراجع ~ تراجع), less the long vowels inside the word, an
    infixed ت (افتعال) and a final ت (حذرت). It merges far more than the light stem, so search
    indexes it as a third, low-precision stream beside the surface form and the light stem;
    it is never shown and never used alone. Non-Arabic words come back unchanged.

    Example:
        >>> stem_skeleton_ar("يرتفع") == stem_skeleton_ar("ارتفاع")
        True
        >>> stem_skeleton_ar("تركيا") == stem_skeleton_ar("التركيه")
        True
    """
    stem = stem_light_ar(word)
    if not stem or not _is_arabic(stem[0]):
        return stem
    stem = _strip_final_alef(stem)
    if len(stem) >= 5 and stem[0] in "يت" and stem[1] == "ت":
        stem = stem[2:]
    elif len(stem) >= 4 and stem[0] in _DERIVATION_PREFIXES:
        stem = stem[1:]
    if len(stem) >= 4:
        core = stem[0] + "".join(ch for ch in stem[1:-1] if ch not in _LONG_VOWELS) + stem[-1]
        if len(core) >= 3:
            stem = core
    if len(stem) >= 4 and stem[1] == "ت":
        stem = stem[0] + stem[2:]
    if len(stem) >= 4 and stem[-1] == "ت":  # past tense, feminine: حذرت ~ تحذر
        stem = stem[:-1]
    return stem


def _strip_final_alef(stem: str) -> str:
    # The light stemmer keeps a final ا: the alef of the accusative (قياسياً, رسمياً, جديداً) and of
    # countries whose adjective ends in ي (تركيا/تركي, سوريا/سوري, امريكا/امريكي). Five letters
    # at least, so that short words and the فعلاء plurals whose hamza the search key drops (وزرا،
    # علما) keep it; not after another ا. The ايا of broken plurals loses its ا only (قضايا ~ قضية).
    if len(stem) < 5 or stem[-1] != "ا" or stem[-2] == "ا":
        return stem
    return stem[:-2] if stem[-2] == "ي" and stem[-3] != "ا" else stem[:-1]
