"""Search through the store: filters, facets, ranking options, copy collapsing, highlighting, reindex."""

from datetime import date

import pytest

from marsad.models import Article, PublishedDate
from marsad.search.snippet import snippet_to_text
from marsad.text import normalize_for_identity


@pytest.fixture
def store(db_path):
    """SQLite only: these tests exercise the FTS5 engine, its schema and its ranking options."""
    from marsad.store import SqliteStore

    with SqliteStore(db_path) as opened:
        yield opened


def art(title, body, *, source=None, day=None, tags=(), **kw):
    return Article(
        title=title,
        body=[body],
        source=source,
        language="ar",
        tags=list(tags),
        published=PublishedDate(day=day) if day else None,
        **kw,
    )


@pytest.fixture
def news(store):
    articles = [
        art("قصف على غزة", "غارات إسرائيلية على قطاع غزة.", source="الرياض", day=date(2015, 7, 21), tags=["غزة"]),
        art("غزة تحت الحصار", "مساعدات تصل إلى غزة عبر معبر رفح.", source="عكاظ", day=date(2015, 7, 25)),
        art("وزير الخارجية في القاهرة", "مباحثات حول غزة ولبنان.", source="عكاظ", day=date(2015, 7, 30)),
        art("ارتفاع أسعار النفط", "يرتفع النفط مع تراجع الدولار.", source="سبق", day=date(2015, 7, 31)),
    ]
    store.add_articles(articles)
    return store, articles


def _pk(store, article):
    return store.conn.execute("SELECT pk FROM articles WHERE id = ?", (article.id,)).fetchone()[0]


def add_entity(store, article, type_, text):
    store.conn.execute(
        "INSERT INTO article_entities (article_pk, type, text, key) VALUES (?, ?, ?, ?)",
        (_pk(store, article), type_, text, normalize_for_identity(text)),
    )


def test_entity_and_topic_filters_and_entity_facet(news):
    store, (a, b, c, _) = news
    add_entity(store, a, "ORG", "حماس")
    add_entity(store, b, "ORG", "حماس")
    add_entity(store, c, "LOC", "القاهرة")
    store.conn.execute("UPDATE articles SET topic = 'politics' WHERE id = ?", (c.id,))
    assert store.search("غزة entity:حماس").total == 2
    assert store.search("غزة entity:القاهرة").total == 1
    assert [h.article.id for h in store.search("غزة topic:Politics").hits] == [c.id]
    facets = store.search("غزة", facets=True).facets
    assert facets["entity"] == [("حماس", 2), ("القاهرة", 1)]
    assert facets["source"] == [("عكاظ", 2), ("الرياض", 1)]
    assert facets["day"][0] == ("2015-07-30", 1) and len(facets["day"]) == 3
    assert facets["tag"] == [("غزة", 1)]
    assert facets["language"] == [("ar", 3)]


def test_filters_by_source_and_date_range(news):
    store, (_a, b, c, _) = news
    assert {h.article.id for h in store.search("غزة source:عكاظ").hits} == {b.id, c.id}
    assert {h.article.id for h in store.search("غزة from:2015-07-22 to:2015-07-29").hits} == {b.id}
    assert store.search("غزة lang:en").total == 0


def test_match_any_ranks_articles_with_more_words_first(news):
    store, (_a, b, _c, d) = news
    assert store.search("غزة النفط").total == 0  # all words must occur by default
    hits = store.search("النفط الحصار معبر", match="any").hits
    assert hits[0].article.id == b.id  # the only one with two of the words
    assert {h.article.id for h in hits} == {b.id, d.id}


def test_match_any_ranks_articles_that_keep_the_query_words_together_first(store, monkeypatch):
    from marsad.search import fts

    # Same words, same counts, same length: only the distance between وزير and الخارجية differs.
    apart = art("أخبار", "قال وزير إن المحادثات مستمرة مع الوفد في العاصمة الخارجية.")
    together = art("أخبار", "قال وزير الخارجية إن المحادثات مستمرة مع الوفد في العاصمة.")
    store.add_articles([apart, together])  # apart is stored first: it would win a tie
    results = store.search("وزير الخارجية", match="any")
    assert [h.article.id for h in results.hits] == [together.id, apart.id]
    monkeypatch.setattr(fts, "PROXIMITY_MAX_PAIRS", 0)  # without the NEAR groups: a tie
    plain = store.search("وزير الخارجية", match="any")
    assert [h.article.id for h in plain.hits] == [apart.id, together.id]
    assert plain.total == results.total == 2  # proximity ranks, it never adds or drops matches


def test_proximity_pairs_skip_function_words_and_stop_at_phrases():
    from marsad.search.fts import proximity_pairs
    from marsad.search.query import parse_plain, parse_query

    assert proximity_pairs(parse_plain("وزير الخارجية في الرياض").terms) == [("وزير", "خارج"), ("خارج", "رياض")]
    assert proximity_pairs(parse_query('غزة "وقف إطلاق النار" لبنان').terms) == []
    assert proximity_pairs(parse_plain("غزة غزة").terms) == []


def test_a_query_of_function_words_lists_its_matches_newest_first(store):
    first, second, third = (
        art("قصف على غزة", "غارات على قطاع غزة."),
        art("غزة تحت الحصار", "مساعدات تصل إلى غزة."),
        art("اجتماع على مستوى الوزراء", "اتفاق على خطة جديدة لغزة."),
    )
    store.add_articles([first, second, third])
    results = store.search("على")  # only a function word: BM25 has nothing to rank by
    assert results.total == 2
    assert [h.article.id for h in results.hits] == [third.id, first.id]  # stored last comes first
    assert [h.article.id for h in store.search("على", limit=1, offset=1).hits] == [first.id]
    ranked = store.search("غزة")  # a content word is still ranked by BM25
    assert ranked.hits and all(h.score > 0 for h in ranked.hits)


def test_sort_newest_and_recency_prior(news):
    store, (a, b, c, _) = news
    assert [h.article.id for h in store.search("غزة sort:newest").hits] == [c.id, b.id, a.id]
    plain = store.search("غزة").hits
    boosted = store.search("غزة", recency=100.0).hits
    assert boosted[0].article.id == c.id
    assert [h.article.id for h in plain] != [h.article.id for h in boosted]


def test_verb_finds_its_verbal_noun_and_highlights_original_words(news):
    store, (*_, d) = news
    assert store.search("ارتفاع").total == 1  # all-words mode: the title's exact word
    hit = store.search("ارتفاع", match="any").hits[0]
    assert hit.article.id == d.id
    text = snippet_to_text(hit.snippet)
    assert "[يرتفع]" in text, text


def test_highlight_keeps_vowels_and_hamza_of_the_text(store):
    store.add_articles([art("خبر", "قال وَزِيرُ الدفاعِ إنَّ مسؤولاً زار الأسرى.")])
    text = snippet_to_text(store.search("وزير مسوولا الاسرى").hits[0].snippet)
    assert "[وَزِيرُ]" in text and "[مسؤولاً]" in text and "[الأسرى]" in text


def test_prefix_queries_for_names(store):
    store.add_articles([art("نتنياهو يصل", "وصل نتنياهو إلى واشنطن."), art("خبر آخر", "لا علاقة.")])
    assert store.search("نتني*").total == 1


def add_wire_copies(store) -> set[str]:
    """One wire text stored from three sources, linked as copies, and another article on the
    Hajj; returns the ids of the copy group."""
    canonical = art("انطلاق موسم الحج", "بدأ موسم الحج اليوم في مكة المكرمة.", source="واس")
    copy1 = art("انطلاق موسم الحج", "بدأ موسم الحج اليوم في مكة المكرمة. (واس)", source="الرياض")
    copy2 = art("انطلاق موسم الحج", "بدأ موسم الحج اليوم في مكة المكرمة - عكاظ", source="عكاظ")
    other = art("الحج في التاريخ", "تاريخ الحج وطرقه القديمة.", source="سبق")
    store.add_articles(
        [canonical, copy1, copy2, other],
        relations=[(copy1.id, canonical.id, "copy_of"), (copy2.id, canonical.id, "copy_of")],
    )
    return {canonical.id, copy1.id, copy2.id}


def test_copies_collapse_into_one_hit_with_other_sources(store):
    group = add_wire_copies(store)
    results = store.search("الحج", collapse=True)
    assert results.total == 2
    assert len(results.hits) == 2
    story = next(h for h in results.hits if h.article.id in group)
    assert story.also_in == 2
    assert store.search("الحج", collapse=False).total == 4


def test_reindex_equals_the_original_index(store):
    store.add_articles([art(f"خبر رقم {i} عن غزة", f"نص {i} عن غزة والضفة ومصر.") for i in range(6)])
    queries = ["غزة", "مصر*", '"عن غزة"', "غزة -مصر", "الضفه OR مصر"]
    before = {q: [(h.article.id, round(h.score, 6)) for h in store.search(q, limit=20).hits] for q in queries}
    store.conn.execute("CREATE VIRTUAL TABLE temp.postings USING fts5vocab(main, articles_fts, 'instance')")
    dump_sql = "SELECT term, doc, col, offset FROM temp.postings ORDER BY 1, 2, 3, 4"
    dump = store.conn.execute(dump_sql).fetchall()
    assert len(dump) > 100
    assert store.reindex() == 6
    assert store.conn.execute(dump_sql).fetchall() == dump  # every posting, position by position
    assert {q: [(h.article.id, round(h.score, 6)) for h in store.search(q, limit=20).hits] for q in queries} == before
