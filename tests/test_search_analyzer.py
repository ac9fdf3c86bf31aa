"""The search analyzer: every spelling a reader may type reaches the same keys."""

import pytest

from marsad.search.analyzer import analyze, search_key, term_keys
from marsad.text.stem import stem_light_ar, stem_skeleton_ar


def keys(word: str) -> tuple[str, str]:
    (exact, stem, _root) = term_keys(word)[0]
    return exact, stem


@pytest.mark.parametrize(
    ("variant", "plain"),
    [
        ("مُحَمَّدٌ", "محمد"),  # vowelled: one token, marks gone
        ("الأسرى", "الاسري"),  # hamza on alef, alef maksura
        ("إسرائيل", "اسراييل"),  # hamza below alef, hamza on yeh
        ("مسؤول", "مسوول"),  # hamza on waw
        ("مسئول", "مسيول"),
        ("علماء", "علما"),  # lone hamza dropped
        ("مدرسة", "مدرسه"),  # ta marbuta
        ("مستشفى", "مستشفي"),  # alef maksura
        ("کتاب", "كتاب"),  # Persian keheh
        ("فارسی", "فارسي"),  # Persian yeh
        ("الأخبـــار", "الاخبار"),  # tatweel
        ("٢٠٢٤", "2024"),  # Arabic-Indic digits
        ("۱۴۰۳", "1403"),  # Persian digits
        ("COVID", "covid"),  # Latin kept, case-folded
    ],
)
def test_spelling_variants_share_the_exact_key(variant, plain):
    assert keys(variant)[0] == search_key(plain) == keys(plain)[0]


def test_clitics_reach_the_same_stem():
    base = keys("المدرسة")[1]
    for form in ["والمدرسة", "بالمدرسة", "مدرسة", "للمدرسة", "فالمدرسة"]:
        assert keys(form)[1] == base, form


def test_stemmer_keeps_distinct_words_apart():
    assert stem_light_ar("وزير") == "وزير"
    assert stem_light_ar(search_key("فلسطين")) == "فلسطين"


def test_skeleton_joins_verbs_and_verbal_nouns():
    for verb, noun in [("يرتفع", "ارتفاع"), ("يعترف", "اعتراف"), ("يهبط", "هبوط"), ("تخفض", "تخفيض")]:
        assert stem_skeleton_ar(search_key(verb)) == stem_skeleton_ar(search_key(noun)), (verb, noun)
    assert stem_skeleton_ar("gaza") == "gaza"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("تركيا", "التركية"),  # a country and its adjective
        ("فرنسا", "الفرنسي"),
        ("أمريكا", "الأمريكية"),
        ("قياسياً", "قياسي"),  # the accusative alef
        ("يوميا", "اليومي"),
        ("تتراجع", "تراجع"),  # the present of تفاعل/تفعّل verbs and their verbal noun
        ("تتدهور", "التدهور"),
        ("قضايا", "قضية"),  # a broken plural in ايا loses its alef only
    ],
)
def test_skeleton_joins_countries_adjectives_and_accusatives(one, other):
    assert stem_skeleton_ar(search_key(one)) == stem_skeleton_ar(search_key(other))


def test_skeleton_keeps_short_words_and_hamza_plurals_apart():
    assert stem_skeleton_ar(search_key("الرؤساء")) != stem_skeleton_ar(search_key("روسيا"))
    assert stem_skeleton_ar(search_key("آسيا")) == stem_skeleton_ar(search_key("اسيا")) != "اس"


def test_numbers_and_latin_words_are_tokens():
    analyzed = analyze("قمة G20 في 2024 حول COVID-19")
    assert analyzed.exact.split() == ["قمه", "g20", "في", "2024", "حول", "covid", "19"]
    assert len(analyzed.stem.split()) == len(analyzed.root.split()) == 7


def test_vowelled_text_is_analyzed_like_plain_text():
    assert analyze("وَزِيرُ الدِّفَاعِ") == analyze("وزير الدفاع")
