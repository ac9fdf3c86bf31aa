"""Keyphrase extraction: agreement with the seed's own tags, display forms, edge cases."""

from __future__ import annotations

from marsad.enrich.keywords import extract_keywords, split_chunks
from marsad.text import is_stopword, normalize_ar
from tests.conftest import SEED_TAGS
from tests.enrich_helpers import ENGLISH_BODY, load_seed


def _key(phrase: str) -> str:
    return " ".join(normalize_ar(phrase).split())


def _contains_words(longer: str, shorter: str) -> bool:
    return f" {shorter} " in f" {longer} "


def test_seed_keyphrases_overlap_its_human_tags():
    title, body = load_seed()
    keywords = extract_keywords(title, body)
    assert 5 <= len(keywords) <= 10
    tags = {_key(t) for t in SEED_TAGS}
    exact = {_key(k) for k in keywords} & tags
    # a keyphrase overlaps a tag when one contains the other as whole words
    overlapping = [k for k in keywords if any(_contains_words(t, _key(k)) or _contains_words(_key(k), t) for t in tags)]
    assert len(exact) >= 2, keywords
    assert len(overlapping) >= 5, keywords
    assert any(" " in k for k in keywords), "expected multi-word phrases"


def test_keyphrases_occur_verbatim_and_have_no_stopword_edges():
    title, body = load_seed()
    text = "\n".join([title, *body])
    for phrase in extract_keywords(title, body):
        assert phrase in text
        first, *_, last = phrase.split() if " " in phrase else [phrase, phrase]
        assert not is_stopword(first) and not is_stopword(last), phrase


def test_ngrams_never_cross_punctuation():
    body = [
        "زار الوزير قطاع غزة، واشنطن ترحب.",
        "قصف الاحتلال قطاع غزة، واشنطن صامتة.",
        "يعيش سكان قطاع غزة ظروفا صعبة.",
    ]
    keywords = extract_keywords("", body)
    assert "قطاع غزة" in keywords
    assert not any("غزة واشنطن" in _key(k) or "غزه واشنطن" in _key(k) for k in keywords)
    assert [[w for w, _ in c] for c in split_chunks("قطاع غزة، واشنطن")] == [["قطاع", "غزة"], ["واشنطن"]]


def test_clitic_variants_are_shown_in_their_bare_form():
    body = [
        "التقى لوزير الخارجية الأمريكي أمس.",
        "وقال وزير الخارجية الأمريكي إن الوضع صعب.",
        "وأكد لوزير الخارجية الأمريكي موقفه.",
    ]
    keywords = extract_keywords("", body, k=5)
    assert "وزير الخارجية الأمريكي" in keywords


def test_empty_article_has_no_keywords():
    assert extract_keywords("", []) == []
    assert extract_keywords("", ["", "  "]) == []
    assert extract_keywords("في من على", ["إلى عن"]) == []


def test_k_limits_the_number_of_keyphrases():
    title, body = load_seed()
    assert len(extract_keywords(title, body, k=3)) <= 3
    assert extract_keywords(title, body, k=0) == []


def test_english_article_gets_english_phrases_from_its_text():
    keywords = extract_keywords("Bank raises rates", ENGLISH_BODY)
    assert keywords
    text = " ".join(["Bank raises rates", *ENGLISH_BODY])
    assert all(k in text for k in keywords)
    assert not {"the", "by", "on"} & {k.casefold() for k in keywords}


def test_very_long_article_still_returns_at_most_k():
    title, body = load_seed()
    long_body = body * 150
    keywords = extract_keywords(title, long_body)
    assert 5 <= len(keywords) <= 10


def test_name_connectors_start_names_but_never_end_a_phrase():
    body = [
        "أعلنت السلطات أن عمر بن لادن وصل إلى القاهرة.",
        "وقال محامي بن لادن إن موكله طلب اللجوء.",
        "ورفضت السلطات طلب بن لادن أمس.",
    ]
    keywords = extract_keywords("", body)
    assert "بن لادن" in keywords
    assert not any(_key(k).split()[-1] in {"بن", "ابن", "ابو"} for k in keywords)
    assert "بن" not in keywords


def test_a_word_with_the_article_is_not_taken_for_the_function_word_its_stem_matches():
    # الله stems to له, a stopword; the surface decides
    body = ["الحمد لله، وعلى الله التوكل.", "قال إن الله رحيم.", "ذكر الله في كل حين."]
    assert "الله" in extract_keywords("", body)


def test_one_word_groups_show_the_noun_rather_than_its_adjective():
    # السياحة and السياحية share a stem; readers tag the noun
    body = [
        "تنمو السياحة في البلاد، والمشاريع السياحية كثيرة.",
        "قال وزير السياحة إن الوجهات السياحية جاهزة.",
        "وتبقى السياحة الداخلية والبرامج السياحية أولوية.",
    ]
    keywords = extract_keywords("", body)
    assert "السياحة" in keywords
    assert "السياحية" not in keywords


def test_fragments_of_a_chosen_phrase_are_dropped():
    # every use of الدفاع الإسرائيلي lies inside وزير الدفاع الإسرائيلي
    body = [
        "التقى وزير الدفاع الإسرائيلي نظيره أمس.",
        "وقال وزير الدفاع الإسرائيلي إن المحادثات جرت.",
        "وأضاف وزير الدفاع الإسرائيلي أن الأمن أولوية.",
    ]
    keywords = extract_keywords("", body)
    assert "وزير الدفاع الإسرائيلي" in keywords
    assert "الدفاع الإسرائيلي" not in keywords
    assert "وزير الدفاع" not in keywords
