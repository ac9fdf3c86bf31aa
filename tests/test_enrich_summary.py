"""Extractive summaries: sentence splitting, boilerplate, the seed, edge cases."""

from __future__ import annotations

from marsad.enrich.summary import split_sentences_ar, strip_dateline, summarize
from tests.enrich_helpers import ENGLISH_BODY, load_seed


def test_sentences_split_on_arabic_marks_but_not_inside_numbers():
    assert split_sentences_ar("ارتفع المؤشر 2.5 بالمئة. وتراجع الدينار؟ نعم!") == [
        "ارتفع المؤشر 2.5 بالمئة.",
        "وتراجع الدينار؟",
        "نعم!",
    ]
    assert split_sentences_ar("سطر أول\nسطر ثان") == ["سطر أول", "سطر ثان"]


def test_seed_summary_is_one_to_three_sentences_from_the_body_led_by_the_gist():
    title, body = load_seed()
    summary = summarize(title, body)
    sentences = split_sentences_ar(summary)
    assert 1 <= len(sentences) <= 3
    text = " ".join(body)
    assert all(s in text for s in sentences)
    assert sentences[0].startswith("التقى وزير الدفاع الإسرائيلي")


def test_max_sentences_is_respected():
    title, body = load_seed()
    assert len(split_sentences_ar(summarize(title, body, max_sentences=1))) == 1
    assert summarize(title, body, max_sentences=0) == ""


def test_boilerplate_is_never_chosen():
    body = [
        "تابع أحدث الأخبار عبر تطبيق الهاتف الخاص بنا الآن مجانا",
        "أعلنت وزارة الصحة اليوم عن حملة تطعيم جديدة تشمل جميع المحافظات.",
        "المصدر: وكالة الأنباء الرسمية للدولة التي نشرت الخبر",
    ]
    summary = summarize("حملة تطعيم جديدة", body)
    assert "تابع" not in summary and "المصدر" not in summary
    assert "حملة تطعيم" in summary


def test_dateline_is_stripped():
    assert strip_dateline("تونس - أعلنت وزارة الصحة اليوم عن حملة تطعيم جديدة.") == (
        "أعلنت وزارة الصحة اليوم عن حملة تطعيم جديدة."
    )


def test_empty_and_short_bodies():
    assert summarize("", []) == ""
    assert summarize("عنوان", ["", " "]) == ""
    assert summarize("عنوان", ["كلمتان فقط"]) == ""


def test_english_article_is_summarized_from_its_sentences():
    summary = summarize("Bank raises rates", ENGLISH_BODY, max_sentences=1)
    assert summary in " ".join(ENGLISH_BODY)
    assert summary


def test_very_long_article():
    title, body = load_seed()
    summary = summarize(title, body * 150)
    assert 1 <= len(split_sentences_ar(summary)) <= 3
