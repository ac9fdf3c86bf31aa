from datetime import date

import pytest

from marsad.models import Article, Provenance, PublishedDate
from marsad.search.query import QueryError
from marsad.store import SqliteStore


def make_article(title="وزير الخارجية يبحث تثبيت وقف إطلاق النار", body=None, **kw):
    body = body or ["التقى وزير الخارجية بنظيره في القاهرة لبحث وقف إطلاق النار في قطاع غزة."]
    return Article(title=title, body=body, language="ar", **kw)


def test_same_article_from_two_files_is_one_article_with_two_provenances(db_path):
    with SqliteStore(db_path) as store:
        first = make_article(provenance=Provenance(file="a.txt"))
        second = make_article(provenance=Provenance(file="b.txt"))
        assert [r.status for r in store.add_articles([first])] == ["new"]
        assert [r.status for r in store.add_articles([second, second])] == ["known", "known"]
    with SqliteStore(db_path) as reopened:  # a real file, reopened
        assert reopened.stats()["articles"] == 1
        stored = reopened.get_article(first.id)
        assert stored is not None
        assert sorted(p.file for p in stored.provenances) == ["a.txt", "b.txt"]


def test_known_article_gains_missing_metadata_but_keeps_its_own(store):
    store.add_articles([make_article()])
    dated = make_article(source="الأهرام", published=PublishedDate(day=date(2024, 6, 25)))
    store.add_articles([dated])
    stored = store.get_article(dated.id)
    assert stored.article.source == "الأهرام"
    assert stored.article.published.day == date(2024, 6, 25)
    assert stored.article.published.at is None  # a day without a time stays a day


def test_display_text_round_trips_unchanged(store):
    body = ["مُحَمَّدٌ رَسُولُ اللَّهِ ـــ نصّ مشكول", "Ligne en français, avec accents : é è à."]
    article = make_article(title="عنوانٌ مُشَكَّل", body=body)
    store.add_articles([article])
    stored = store.get_article(article.id)
    assert stored.article.title == "عنوانٌ مُشَكَّل"
    assert stored.article.body == body


def test_vowelled_and_variant_queries_find_unvowelled_text(store):
    store.add_articles([make_article(title="محمد يزور المدرسة", body=["زار محمد مدرسة الأسرى في إسرائيل."])])
    store.add_articles([make_article(title="خبر آخر", body=["لا علاقة له بالموضوع إطلاقا هنا."])])
    for query in ["مُحَمَّد", "مدرسه", "اسرائيل", "الاسرى", "والمدرسة", "مدرس*"]:
        results = store.search(query)
        assert results.total == 1, query
        assert results.hits[0].article.article.title == "محمد يزور المدرسة"


def test_exact_match_ranks_above_stem_match(store):
    exact = make_article(title="المعلمون يحتجون", body=["احتج المعلمون اليوم أمام الوزارة."])
    stemmed = make_article(title="احتجاج المعلمين", body=["خرج عدد من المعلمين إلى الشارع اليوم."])
    store.add_articles([stemmed, exact])
    hits = store.search("المعلمون").hits
    assert [h.article.article.title for h in hits] == ["المعلمون يحتجون", "احتجاج المعلمين"]


def test_snippet_highlights_the_original_words(store):
    store.add_articles([make_article(body=["قال وزيرُ الدفاعِ إنَّ المفاوضات مستمرة."])])
    snippet = store.search("وزير").hits[0].snippet
    assert ("وزيرُ", True) in snippet


def test_filters_exclusion_and_or(store):
    a = make_article(title="غزة اليوم", body=["قصف على غزة."], source="الرياض", tags=["قطاع غزة"])
    b = make_article(title="غزة ولبنان", body=["توتر في لبنان وغزة."], source="عكاظ")
    c = make_article(
        title="أخبار لبنان", body=["بيروت تستعد."], source="عكاظ", published=PublishedDate(day=date(2015, 7, 1))
    )
    store.add_articles([a, b, c])
    assert store.search("غزة").total == 2
    assert store.search("غزة -لبنان").total == 1
    assert store.search("غزة source:عكاظ").total == 1
    assert store.search('غزة tag:"قطاع غزه"').total == 1
    assert store.search("بيروت OR قصف").total == 2
    assert store.search("لبنان from:2015-07-01 to:2015-07-01").total == 1


@pytest.mark.parametrize("bad", ['"unclosed', "-غزة", "OR غزة", "from:yesterday-ish غزة", "sort:random غزة"])
def test_malformed_queries_get_a_clear_message(store, bad):
    with pytest.raises(QueryError) as caught:
        store.search(bad)
    assert str(caught.value)


def test_reindex_rebuilds_the_same_results(store):
    store.add_articles([make_article(), make_article(title="خبر ثان عن غزة", body=["غزة تحت القصف."])])
    before = [(h.article.id, round(h.score, 6)) for h in store.search("غزة").hits]
    assert store.reindex() == 2
    assert [(h.article.id, round(h.score, 6)) for h in store.search("غزة").hits] == before


def test_latest_pages_with_a_cursor(store):
    articles = [
        make_article(title=f"خبر رقم {i}", body=[f"نص الخبر {i}"], published=PublishedDate(day=date(2024, 1, i + 1)))
        for i in range(5)
    ]
    store.add_articles(articles)
    first = store.latest(2)
    assert [s.article.title for s in first] == ["خبر رقم 4", "خبر رقم 3"]
    rest = store.latest(10, before=first[-1].cursor)
    assert [s.article.title for s in rest] == ["خبر رقم 2", "خبر رقم 1", "خبر رقم 0"]


def test_facets_count_every_match_not_just_the_page(store):
    for i in range(3):
        store.add_articles([make_article(title=f"غزة {i}", body=[f"خبر {i} عن غزة."], source="الرياض", tags=["غزة"])])
    store.add_articles([make_article(title="غزة أخرى", body=["خبر عن غزة."], source="عكاظ")])
    results = store.search("غزة", limit=1, facets=True)
    assert len(results.hits) == 1 and results.total == 4
    assert results.facets["source"] == [("الرياض", 3), ("عكاظ", 1)]
    assert results.facets["tag"] == [("غزة", 3)]


def test_upgrading_an_existing_store_says_which_step_runs(tmp_path, caplog):
    import logging
    import sqlite3

    from marsad.store.migrations import MIGRATIONS, apply_migrations

    conn = sqlite3.connect(tmp_path / "old.db", isolation_level=None)
    with caplog.at_level(logging.WARNING, logger="marsad.store.migrations"):
        apply_migrations(conn)  # a new store: nothing to say
    assert not caplog.records
    last = MIGRATIONS[-1][0]
    conn.execute("DELETE FROM schema_migrations WHERE version = ?", (last,))  # as if made by the previous release
    with caplog.at_level(logging.WARNING, logger="marsad.store.migrations"):
        assert apply_migrations(conn) == [last]
    assert [r.getMessage() for r in caplog.records] == [f"upgrading the database, step {last}: {MIGRATIONS[-1][1]}"]
