"""parse_text_page on the seed page and on label and layout variants of the same family."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from marsad.models import Provenance, PublishedDate
from marsad.parse.boilerplate import is_boilerplate_line
from marsad.parse.errors import ParseError
from marsad.parse.labels import (
    is_read_also_marker,
    match_date_line,
    match_source_line,
    match_tags_line,
)
from marsad.parse.tags import split_tags
from marsad.parse.textpage import parse_text_page
from tests.conftest import SEED_TAGS

SHARED = Path(os.environ.get("MARSAD_SHARED") or Path(__file__).resolve().parents[1] / ".." / "shared")
SEED = SHARED / "samples" / "000_89b64a676fe35307.txt"


@pytest.fixture(scope="module")
def seed_articles():
    if not SEED.exists():
        pytest.skip(f"seed page not found at {SEED} (set MARSAD_SHARED)")
    return parse_text_page(SEED.read_text(encoding="utf-8"), Provenance(file=SEED.name))


def test_seed_has_exactly_two_articles(seed_articles) -> None:
    assert len(seed_articles) == 2
    assert [a.provenance.position for a in seed_articles] == [0, 1]
    assert seed_articles[0].provenance.file == SEED.name


def test_seed_main_article(seed_articles) -> None:
    main = seed_articles[0]
    assert main.title == "وزير الدفاع الإسرائيلي لبلينكن: علينا حل الخلافات بيننا بسرعة"
    assert main.published == PublishedDate(
        day=date(2024, 6, 25),
        time=None,
        at=None,
        precision="day",
        raw="25th, June 2024 GMT",
    )
    assert main.source == "البوابة نيوز"
    assert main.language == "ar"
    assert len(main.body) == 8
    assert main.body[0].startswith("التقى وزير الدفاع")
    assert main.body[-1].endswith("حاسمة بالنسبة لمستقبل الحرب.")
    assert "تابع أحدث الأخبار عبر تطبيق" not in main.body
    assert main.read_also == [1]


def test_seed_tags_are_reader_phrases(seed_articles) -> None:
    assert seed_articles[0].tags == SEED_TAGS


def test_seed_glued_item_inherits_nothing(seed_articles) -> None:
    glued = seed_articles[1]
    assert glued.title == "وزير الخارجية يبحث تثبيت وقف إطلاق النار على قطاع غزة"
    assert len(glued.body) == 3
    assert glued.body[0].startswith("التقى د. بدر عبد العاطي")
    assert glued.published is None
    assert glued.source is None
    assert glued.tags == []
    assert glued.read_also == []


# A page of the same family written with labels that pages-dev never uses.
VARIANT = """\
الفريق يفوز بالبطولة للمرة الثالثة
آخر تحديث: الأربعاء 3 تموز 2024 - 08:15 م بتوقيت مكة
بتاريخ ٠٢/٠٧/٢٠٢٤
Share
حمّل التطبيق الآن
فاز الفريق الأول لكرة القدم بلقب البطولة، بعد فوزه في المباراة النهائية على منافسه.
تابعونا على تويتر
وقال المدرب: «هذا الفوز للجماهير».
Next Previous
سامي العلي – الدمام
مصدر الخبر - صحيفة المدينة
وسوم: البطولة | المباراة النهائية | الفريق الأول
مواضيع ذات صلة
وصول أولى رحلات الحجاج إلى المدينة المنورة
15 Jun 2024 10:30 AM
وصلت اليوم أولى رحلات الحجاج القادمة من الخارج.
وأكدت الجهات المختصة جاهزيتها لاستقبال ضيوف الرحمن.
ارتفاع أسعار النفط
صعدت أسعار النفط في تعاملات اليوم.
موجز الأخبار
الأمطار تعود إلى الرياض
٢٠٢٤-٠٦-١٥
هطلت أمطار غزيرة على العاصمة.
"""


def test_variant_labels_and_layout() -> None:
    articles = parse_text_page(VARIANT)
    main = articles[0]
    assert main.title == "الفريق يفوز بالبطولة للمرة الثالثة"
    assert main.updated is not None and main.updated.time == "20:15"
    assert main.published is not None and main.published.day == date(2024, 7, 2)
    assert main.source == "صحيفة المدينة"
    assert main.tags == ["البطولة", "المباراة النهائية", "الفريق الأول"]
    assert main.body == [
        "فاز الفريق الأول لكرة القدم بلقب البطولة، بعد فوزه في المباراة النهائية على منافسه.",
        "وقال المدرب: «هذا الفوز للجماهير».",
        "سامي العلي – الدمام",
    ]
    assert [a.title for a in articles[1:]] == [
        "وصول أولى رحلات الحجاج إلى المدينة المنورة",
        "ارتفاع أسعار النفط",
        "الأمطار تعود إلى الرياض",
    ]
    assert articles[1].published is not None and articles[1].published.time == "10:30"
    assert articles[2].body == ["صعدت أسعار النفط في تعاملات اليوم.", "موجز الأخبار"]
    assert articles[3].published is not None and articles[3].published.time is None
    assert main.read_also == [1, 2, 3]


def test_page_without_date_marker_or_labels() -> None:
    articles = parse_text_page("عنوان قصير\nفقرة أولى من الخبر.\nفقرة ثانية.\n")
    assert len(articles) == 1
    assert articles[0].published is None and articles[0].source is None
    assert articles[0].body == ["فقرة أولى من الخبر.", "فقرة ثانية."]
    assert articles[0].read_also == []


def test_whitespace_is_collapsed_but_text_kept() -> None:
    articles = parse_text_page("عنوانٌ   مُشكَّل\r\n\r\n  نصٌّ\t فيه   مسافات.  \n")
    assert articles[0].title == "عنوانٌ مُشكَّل"
    assert articles[0].body == ["نصٌّ فيه مسافات."]


def test_empty_page_raises_parse_error() -> None:
    with pytest.raises(ParseError) as caught:
        parse_text_page(" \n\n\t")
    assert caught.value.reason == "empty"


@pytest.mark.parametrize(
    "line",
    [
        "إقرأ أيضاً:",
        "اقرأ أيضا:",
        "اقرأ ايضاً",
        "اقرأ المزيد",
        "أخبار ذات صلة",
        "مواضيع ذات صلة:",
        "قد يهمك أيضا",
        "Read also:",
        "Related",
    ],
)
def test_read_also_markers(line: str) -> None:
    assert is_read_also_marker(line)


@pytest.mark.parametrize("line", ["المزيد من الضحايا في غزة", "اقرأ هذا الخبر عن 3 لاعبين", "ذات يوم في الرياض"])
def test_not_read_also_markers(line: str) -> None:
    assert not is_read_also_marker(line)


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("المصدر: البوابة نيوز", "البوابة نيوز"),
        ("المصدر : الرياض", "الرياض"),
        ("مصدر الخبر - وكالة الأنباء", "وكالة الأنباء"),
        ("Source: Reuters", "Reuters"),
        ("نقلاً عن: سبق", "سبق"),
    ],
)
def test_source_lines(line: str, source: str) -> None:
    assert match_source_line(line) == source


def test_source_word_inside_a_sentence_is_not_a_label() -> None:
    assert match_source_line("وقال مصدر مطلع في الوزارة: إن القرار نهائي ولا رجعة فيه") is None


@pytest.mark.parametrize(
    "line", ["كلمات دلالية: أ ب", "الكلمات المفتاحية: أ، ب", "وسوم: أ", "Tags: a, b", "الوسوم : أ"]
)
def test_tag_lines(line: str) -> None:
    assert match_tags_line(line) is not None


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("تاريخ النشر: 25th, June 2024 GMT", date(2024, 6, 25)),
        ("نُشر بتاريخ: ١٢/٠٦/٢٠١٩", date(2019, 6, 12)),
        ("نشر في 25 ديسمبر 2023", date(2023, 12, 25)),
        ("Published: 2024-06-25 10:22", date(2024, 6, 25)),
        ("الجمعة 19 حزيران 2015", date(2015, 6, 19)),
    ],
)
def test_date_lines(line: str, day: date) -> None:
    found = match_date_line(line)
    assert found is not None and found.date.day == day and not found.updated


def test_sentence_with_a_date_is_not_a_date_line() -> None:
    assert match_date_line("وقال الوزير إن الاجتماع سيعقد في 25 يونيو 2024 بالرياض") is None


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        ("شارك", True),
        ("حجم الخط", True),
        ("تابع أحدث الأخبار عبر تطبيق", True),
        ("تابعونا على فيسبوك", True),
        ("Next Previous", True),
        ("حمّل التطبيق الآن", True),
        ("حامد القرشي – عين اليوم", False),
        ("Next Previous حامد القرشي – عين اليوم", False),
        ("للتواصل مع الكاتب ارسل رسالة SMS", False),
        ("شارك 500 متسابق في مسابقة", False),
        ("المغردون ينقلون للعالم أجواء الحرم الروحانية عبر “سناب شات”", False),
    ],
)
def test_boilerplate(line: str, furniture: bool) -> None:
    assert is_boilerplate_line(line) is furniture


def test_split_tags_on_visible_separators() -> None:
    assert split_tags("ولي ولي العهد، هادي، الأوضاع") == ["ولي ولي العهد", "هادي", "الأوضاع"]


def test_split_tags_keeps_attested_phrases_and_cuts_at_punctuation() -> None:
    text = "زار رئيس الوزراء، محمد علي، مدينة جدة اليوم. وقال رئيس الوزراء إن مدينة جدة جميلة."
    assert split_tags("رئيس الوزراء محمد علي مدينة جدة", text) == [
        "رئيس الوزراء",
        "محمد علي",
        "مدينة جدة",
    ]


def test_split_tags_takes_the_longest_attested_run_first() -> None:
    # "وزير الخارجية الأمريكي" and "الأمريكي أنتوني بلينكن" are both attested: maximum
    # matching from the left takes the role first, so the name stands as its own tag.
    text = "قال وزير الخارجية الأمريكي أنتوني بلينكن إن أنتوني بلينكن سيزور المنطقة."
    assert split_tags("وزير الخارجية الأمريكي أنتوني بلينكن", text) == ["وزير الخارجية الأمريكي", "أنتوني بلينكن"]


def test_tag_line_made_of_the_headline_is_split_by_the_body() -> None:
    page = (
        "الحكومة تعلن خطة جديدة للنقل العام\nتاريخ النشر: 5 مايو 2024\n"
        "أعلنت الحكومة اليوم خطة جديدة لتطوير النقل العام في المدن الكبرى.\n"
        "كلمات دلالية: الحكومة تعلن خطة جديدة للنقل العام\n"
    )
    assert parse_text_page(page)[0].tags == ["الحكومة", "تعلن", "خطة جديدة", "للنقل", "العام"]


def test_split_tags_without_context_gives_single_words() -> None:
    assert split_tags("أ ب ج", "") == ["أ", "ب", "ج"]


def test_marker_carrying_the_first_glued_title() -> None:
    page = (
        "عنوان الخبر الرئيسي\nنشر في: 5 مايو 2024 | آخر تحديث: 6 مايو 2024 10:00\n"
        "نص الخبر الرئيسي.\nالوسوم: #الرياض #موسم_الرياض\n"
        "اقرأ أيضا: خبر ملحق بالصفحة\nنص الخبر الملحق.\n"
    )
    articles = parse_text_page(page)
    assert [a.title for a in articles] == ["عنوان الخبر الرئيسي", "خبر ملحق بالصفحة"]
    main = articles[0]
    assert main.published is not None and main.published.day == date(2024, 5, 6 - 1)
    assert main.updated is not None and main.updated.time == "10:00"
    assert main.tags == ["الرياض", "موسم الرياض"]
    assert main.body == ["نص الخبر الرئيسي."]
    assert articles[1].body == ["نص الخبر الملحق."]


@pytest.mark.parametrize(
    "line",
    [
        "حمل تطبيق المرصد على أندرويد",
        "تابعوا آخر الأخبار على قناتنا في تيليجرام",
        "أرسل لصديق",
        "A+ A-",
        "طباعة",
        "السابق التالي",
        "فيسبوك تويتر واتساب",
        "مساحة إعلانية",
        "3 دقائق قراءة",
        "للمزيد من الأخبار تابعونا",
    ],
)
def test_more_furniture(line: str) -> None:
    assert is_boilerplate_line(line)


@pytest.mark.parametrize("line", ["2019-04-17 01:53", "٢٣/٠٥/٢٠٢٤", "تابع الرئيس الأخبار عبر التلفزيون", "وطنية"])
def test_dates_and_sentences_are_not_furniture(line: str) -> None:
    assert not is_boilerplate_line(line)


def test_labels_after_an_early_marker_stay_with_the_page_article() -> None:
    page = "عنوان\nنص الخبر.\nاقرأ المزيد\nالمصدر: واس\nوسوم: أ، ب\n"
    articles = parse_text_page(page)
    assert len(articles) == 1
    assert articles[0].source == "واس" and articles[0].tags == ["أ", "ب"]


def test_update_date_stands_in_when_no_publication_date() -> None:
    articles = parse_text_page("عنوان\nآخر تحديث: 3 يوليو 2024 - 20:15\nنص الخبر.\n")
    main = articles[0]
    assert main.updated is not None and main.published == main.updated
    assert main.published.time == "20:15" and main.body == ["نص الخبر."]
