"""A small news corpus for the site's tests, stored through the library into a real SQLite file.

Two sources report on Gaza (one with times, one with days only), one article is hostile
(``<script>``, ``<img onerror>``, ``javascript:`` links), and relations, entities, a topic and
a story are attached the way the enrichment and clustering stages will store them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from marsad.models import Article, Provenance, PublishedDate
from marsad.store import SqliteStore

JAZEERA = "الجزيرة نت"
AHRAM = "الأهرام"
STORY_ID = "story-gaza-truce"

HOSTILE_TITLE = '<script>window.__pwned = "title"; alert(1)</script> عنوان خبيث'
HOSTILE_BODY = [
    'فقرة فيها صورة <img src="x" onerror="window.__pwned = \'img\'; alert(2)"> خبيثة.',
    "ورابط <a href=\"javascript:window.__pwned='link'\">اضغط هنا</a> لا يعمل.",
    "<script>window.__pwned = 'body'</script>",
]


def _at(day: date, hh: int, mm: int) -> PublishedDate:
    return PublishedDate(
        day=day,
        time=f"{hh:02d}:{mm:02d}",
        at=datetime(day.year, day.month, day.day, hh, mm, tzinfo=UTC),
        precision="minute",
        raw=f"{day.isoformat()} {hh:02d}:{mm:02d}",
    )


def _day(day: date) -> PublishedDate:
    return PublishedDate(day=day, raw=day.strftime("%d/%m/%Y"))


def make_articles() -> list[Article]:
    """The fixture articles, newest last; ids are content hashes, so tests look them up by title."""
    gaza_1 = Article(
        title="وقف إطلاق النار في غزة يدخل يومه الثاني",
        body=[
            "دخل وقف إطلاق النار في قطاع غزة يومه الثاني وسط هدوء حذر.",
            "وقال مسؤولون إن المساعدات بدأت تصل إلى شمال القطاع.",
        ],
        published=_at(date(2024, 6, 25), 14, 30),
        source=JAZEERA,
        url="https://www.aljazeera.net/news/2024/6/25/gaza-truce",
        author="مراسل الجزيرة",
        tags=["غزة", "فلسطين"],
        language="ar",
        summary="هدوء حذر في اليوم الثاني للهدنة.",
        provenance=Provenance(file="jazeera-1.html", url="https://www.aljazeera.net/news/2024/6/25/gaza-truce"),
        extra={
            "entities": [
                {"text": "غزة", "type": "LOC", "key": "غزة"},
                {"text": "الأمم المتحدة", "type": "ORG", "key": "الامم المتحده"},
            ],
            "topic": "سياسة",
            "keywords": ["وقف إطلاق النار", "المساعدات"],
        },
    )
    gaza_2 = Article(
        title="قوافل المساعدات تعبر معبر رفح إلى غزة",
        body=["عبرت عشرات الشاحنات معبر رفح محملة بالمساعدات الغذائية والطبية إلى غزة."],
        published=_day(date(2024, 6, 24)),
        source=AHRAM,
        url="https://gate.ahram.org.eg/News/gaza-aid.aspx",
        tags=["غزة", "مصر"],
        language="ar",
        provenance=Provenance(file="ahram-1.html", url="https://gate.ahram.org.eg/News/gaza-aid.aspx"),
        extra={"entities": [{"text": "غزة", "type": "LOC", "key": "غزة"}], "topic": "سياسة"},
    )
    gaza_copy = Article(
        title="وقف إطلاق النار بغزة يدخل يومه الثاني",
        body=["دخل وقف إطلاق النار في قطاع غزة يومه الثاني وسط هدوء حذر، بحسب الأهرام."],
        published=_day(date(2024, 6, 25)),
        source=AHRAM,
        url="https://gate.ahram.org.eg/News/gaza-truce.aspx",
        tags=["غزة"],
        language="ar",
        provenance=Provenance(file="ahram-2.html"),
    )
    sport = Article(
        title="المنتخب يفوز في مباراة كرة القدم الودية",
        body=["فاز المنتخب الوطني لكرة القدم في مباراة ودية أمس بهدفين دون رد."],
        published=_day(date(2024, 6, 20)),
        source=JAZEERA,
        tags=["رياضة"],
        language="ar",
        provenance=Provenance(file="jazeera-2.html"),
    )
    hostile = Article(
        title=HOSTILE_TITLE,
        body=HOSTILE_BODY,
        published=_at(date(2024, 6, 26), 9, 5),
        source='<b onmouseover="alert(3)">مصدر</b>',
        url="javascript:window.__pwned='url'",
        tags=["<i>وسم</i>", "غزة"],
        language="ar",
        provenance=Provenance(file="hostile.html"),
    )
    return [sport, gaza_2, gaza_copy, gaza_1, hostile]


def build_news_db(path: Path) -> dict[str, str]:
    """Store the fixture corpus with relations; return article ids by short name."""
    articles = make_articles()
    sport, gaza_2, gaza_copy, gaza_1, hostile = articles
    ids = {
        "sport": sport.id,
        "gaza_2": gaza_2.id,
        "gaza_copy": gaza_copy.id,
        "gaza_1": gaza_1.id,
        "hostile": hostile.id,
    }
    relations = [
        (gaza_1.id, gaza_2.id, "read_also"),
        (gaza_copy.id, gaza_1.id, "copy_of"),
        (gaza_1.id, STORY_ID, "story"),
        (gaza_2.id, STORY_ID, "story"),
        (gaza_copy.id, STORY_ID, "story"),
    ]
    with SqliteStore(path) as store:
        store.add_articles(articles, relations)
    return ids
