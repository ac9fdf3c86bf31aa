import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.dedup import Signature, clean_body, signature, strip_dateline_ar
from marsad.dedup.fingerprint import coverage, overlap
from marsad.models import Article
from tests.dedup_fixtures import WIRE_BODY, wire_article


def test_strip_dateline_forms():
    assert strip_dateline_ar("الرياض - واس أعلن وزير الصحة") == "أعلن وزير الصحة"
    assert strip_dateline_ar("جدة – واس: أعلن وزير") == "أعلن وزير"
    assert strip_dateline_ar("بدر العتيبي- سبق- القصيم: أصدرت المحكمة") == "أصدرت المحكمة"
    assert strip_dateline_ar("أنقرة (الأناضول) - قال الرئيس") == "قال الرئيس"
    # "سبق" is also a word ("previously"): only a credit after a dateline is removed
    assert strip_dateline_ar("سبق أن أعلن الوزير") == "سبق أن أعلن الوزير"


def test_boilerplate_paragraphs_are_dropped():
    article = Article("t", ["نص الخبر الأول هنا", "رابط الخبر بصحيفة الوئام: عنوان", "اقرأ أيضاً"])
    assert clean_body(article) == ["نص الخبر الأول هنا"]


def test_signature_round_trips_through_bytes():
    sig = signature(wire_article())
    back = Signature.from_bytes(sig.to_bytes())
    assert back.body_hash == sig.body_hash and back.n_words == sig.n_words
    assert np.array_equal(back.minhash, sig.minhash)
    assert np.array_equal(back.shingles, sig.shingles)


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=300), st.lists(st.text(max_size=200), max_size=4))
def test_signature_is_deterministic_on_any_text(title, body):
    a, b = signature(Article(title, body)), signature(Article(title, list(body)))
    assert a.body_hash == b.body_hash and np.array_equal(a.minhash, b.minhash)
    assert Signature.from_bytes(a.to_bytes()).n_words == a.n_words


def test_trailing_tags_and_link_credit_are_dropped():
    article = Article("t", ["نص الخبر الأول هنا.", "وقال الوزير ذلك. سمات النفط برنت"])
    assert clean_body(article) == ["نص الخبر الأول هنا.", "وقال الوزير ذلك."]
    article = Article("t", ["نص الخبر الأول هنا.", "وقال الوزير ذلك. رابط الخبر بصحيفة الوئام: عنوان"])
    assert clean_body(article) == ["نص الخبر الأول هنا.", "وقال الوزير ذلك."]
    assert clean_body(Article("t", ["نص الخبر", "سمات الداخلية تهريب"])) == ["نص الخبر"]
    # a sentence that merely starts with the word stays
    assert clean_body(Article("t", ["سمات القائد الناجح كثيرة، منها الصبر."])) != []


def test_abd_names_are_one_spelling():
    a = Article("t", ["استقبل عبد الله بن محمد الوفد اليوم في مكتبه بحضور عدد من المسؤولين"])
    b = Article("t", ["استقبل عبدالله بن محمد الوفد اليوم في مكتبه بحضور عدد من المسؤولين"])
    assert signature(a).body_hash == signature(b).body_hash


def test_coverage_forgives_scattered_edits_more_than_containment():
    edited = [p.replace("الحالات", "الإصابات").replace("الوزارة", "وزارة الصحة") for p in WIRE_BODY]
    a, b = signature(wire_article()), signature(Article("t", edited))
    _, cont = overlap(a.shingles, b.shingles)
    cov = coverage(b.sequence, a.shingles)
    assert cont < 0.9 < cov < 1.0
    assert coverage(a.sequence, a.shingles) == 1.0


def test_signature_bytes_keep_the_shingle_sequence():
    sig = signature(wire_article())
    back = Signature.from_bytes(sig.to_bytes())
    assert back.sequence is not None and np.array_equal(back.sequence, sig.sequence)
