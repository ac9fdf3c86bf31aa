"""The optional tantivy engine answers like FTS5 behind the same SearchIndex interface."""

import pytest

from marsad.models import Article
from marsad.search.query import QueryError, parse_plain, parse_query

tantivy = pytest.importorskip("tantivy", reason="the optional tantivy engine is not installed (pip install tantivy)")


@pytest.fixture(scope="module")
def engines(tmp_path_factory):
    from marsad.search.tantivy_index import TantivyIndex
    from marsad.store import SqliteStore

    articles = [
        Article(title="وزير الخارجية في القاهرة", body=["مباحثات حول وقف إطلاق النار في غزة."], source="أ"),
        Article(title="ارتفاع أسعار النفط", body=["يرتفع النفط مع تراجع الدولار."], source="ب"),
        Article(title="غزة تحت الحصار", body=["مساعدات تصل إلى غزة عبر معبر رفح."], source="ب"),
    ]
    store = SqliteStore(tmp_path_factory.mktemp("t") / "t.db")
    store.add_articles(articles)
    index = TantivyIndex(tmp_path_factory.mktemp("tantivy"))
    for pk, stored in enumerate(store.iter_articles(), 1):
        index.add(pk, stored.article)
    index.commit()
    yield store, index
    store.close()


@pytest.mark.parametrize(
    "query", ["غزة", "غزة -الحصار", '"وقف إطلاق النار"', "النفط OR القاهرة", "وزي*", "غزة source:ب"]
)
def test_same_matches_as_fts5(engines, query):
    store, index = engines
    fts = {pk for pk, _ in store.index.search(parse_query(query), limit=10).hits}
    tan = {pk for pk, _ in index.search(parse_query(query), limit=10).hits}
    assert fts == tan and fts


def test_any_mode_joins_verb_and_verbal_noun(engines):
    _, index = engines
    assert [pk for pk, _ in index.search(parse_plain("ارتفاع"), limit=10).hits] == [2]


def test_store_side_filters_are_refused_clearly(engines):
    _, index = engines
    with pytest.raises(QueryError, match="tantivy"):
        index.search(parse_query("غزة tag:x"))


def test_any_mode_ranks_query_words_kept_together_first(tmp_path):
    from marsad.search.tantivy_index import TantivyIndex

    index = TantivyIndex(tmp_path / "near")
    index.add_many(
        [
            (1, "أخبار", "قال وزير إن المحادثات مستمرة مع الوفد في العاصمة الخارجية."),
            (2, "أخبار", "قال وزير الخارجية إن المحادثات مستمرة مع الوفد في العاصمة."),
        ]
    )
    assert [pk for pk, _ in index.search(parse_plain("وزير الخارجية"), limit=10).hits] == [2, 1]
