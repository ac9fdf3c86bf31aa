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
