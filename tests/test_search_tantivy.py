"""The optional tantivy engine of the SQLite store answers like FTS5 behind the same interface.

A store created with ``engine="tantivy"`` keeps both indexes current, so every test compares
the tantivy engine (``store.index``) with FTS5 (``store._fts``) on the very same articles.
"""

from dataclasses import replace
from datetime import date

import pytest

from marsad.models import Article, PublishedDate
from marsad.search.facets import compute_facets
from marsad.search.query import QueryError, parse_plain, parse_query

tantivy = pytest.importorskip("tantivy", reason="the optional tantivy engine is not installed (pip install tantivy)")


def art(title, body, *, source=None, day=None, tags=(), language="ar", extra=None):
    return Article(
        title=title,
        body=[body],
        source=source,
        language=language,
        tags=list(tags),
        published=PublishedDate(day=day) if day else None,
        extra=extra or {},
    )


NEWS = [
    art("قصف على غزة", "غارات إسرائيلية على قطاع غزة.", source="الرياض", day=date(2015, 7, 21), tags=["غزة"]),
    art("غزة تحت الحصار", "مساعدات تصل إلى غزة عبر معبر رفح.", source="عكاظ", day=date(2015, 7, 25)),
    art("وزير الخارجية في القاهرة", "مباحثات حول غزة ولبنان.", source="عكاظ", day=date(2015, 7, 30), tags=["مصر"]),
    art("ارتفاع أسعار النفط", "يرتفع النفط مع تراجع الدولار.", source="سبق", day=date(2015, 7, 31)),
    art("Gaza talks", "Talks on غزة resume in Cairo.", source="Reuters", day=date(2015, 8, 2), language="en"),
]


def entities(*names):
    from marsad.enrich.ner_keys import entity_key

    return {"entities": [{"text": n, "type": "PER", "key": entity_key(n)} for n in names], "topic": "politics"}


@pytest.fixture
def store(db_path):
    from marsad.store import SqliteStore

    with SqliteStore(db_path, engine="tantivy") as opened:
        yield opened


@pytest.fixture
def news(store):
    store.add_articles(NEWS)
    store.update_enrichment(NEWS[0].id, replace(NEWS[0], extra=entities("أنتوني بلينكن")))
    store.update_enrichment(NEWS[2].id, replace(NEWS[2], extra=entities("بلينكن", "حماس")))
    return store


def ids(results):
    return [h.article.id for h in results.hits]


def both(store, text, **kw):
    """(tantivy pks, FTS5 pks) for one query, in result order."""
    query = parse_query(text)
    return (
        [pk for pk, _ in store.index.search(query, **kw).hits],
        [pk for pk, _ in store._fts.search(query, **kw).hits],
    )


def test_the_store_uses_tantivy_and_keeps_fts5_current(store, db_path):
    from marsad.search.tantivy_index import TantivyIndex

    assert store.engine == "tantivy" and isinstance(store.index, TantivyIndex)
    assert (db_path.parent / f"{db_path.name}.tantivy").is_dir()
    store.add_articles(NEWS[:2])
    assert store.index.num_docs() == 2
    assert store.conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == 2


def test_the_engine_is_remembered_and_fts5_stays_the_default(db_path, tmp_path, monkeypatch):
    from marsad.store import SqliteStore

    monkeypatch.delenv("MARSAD_SEARCH_ENGINE", raising=False)
    with SqliteStore(db_path, engine="tantivy") as created:
        created.add_articles(NEWS[:2])
    with SqliteStore(db_path) as reopened:
        assert reopened.engine == "tantivy" and reopened.search("غزة").total == 2
    with SqliteStore(tmp_path / "plain.db") as plain:
        assert plain.engine == "fts5"
    monkeypatch.setenv("MARSAD_SEARCH_ENGINE", "fts5")
    with SqliteStore(db_path) as forced:
        assert forced.engine == "fts5" and forced.search("غزة").total == 2


@pytest.mark.parametrize(
    "query",
    ["غزة", "غزة -الحصار", '"قطاع غزة"', "النفط OR القاهرة", "وزي*", "غزة source:عكاظ", "غزة lang:en", "في"],
)
def test_same_matches_as_fts5(news, query):
    tan, fts = both(news, query, limit=10, collapse=False)
    assert set(tan) == set(fts) and fts


def test_filters_by_source_date_tag_and_language(news):
    a, b, c, _, e = NEWS
    assert set(ids(news.search("غزة source:عكاظ"))) == {b.id, c.id}
    assert set(ids(news.search('غزة source:"عكاظ" source:الرياض'))) == {a.id, b.id, c.id}
    assert ids(news.search("غزة from:2015-07-22 to:2015-07-29")) == [b.id]
    assert set(ids(news.search("غزة from:2015-07-30"))) == {c.id, e.id}
    assert ids(news.search("غزة to:2015-07-21")) == [a.id]
    assert ids(news.search("غزة tag:غزة")) == [a.id]
    assert ids(news.search("غزة tag:مصر")) == [c.id]
    assert ids(news.search("غزة lang:en")) == [e.id]
    assert news.search("غزة lang:fr").total == 0


def test_entity_and_topic_filters_follow_enrichment(news):
    a, _, c, *_ = NEWS
    assert set(ids(news.search("غزة entity:بلينكن"))) == {a.id, c.id}  # a word of "أنتوني بلينكن" too
    assert ids(news.search('غزة entity:"أنتوني بلينكن"')) == [a.id]
    assert ids(news.search("غزة entity:حماس")) == [c.id]
    assert set(ids(news.search("غزة topic:Politics"))) == {a.id, c.id}
    # Enrichment rewrites the entities: the index follows (the old name no longer matches).
    news.update_enrichment(c.id, replace(NEWS[2], extra={"entities": [{"text": "القاهرة", "type": "LOC"}]}))
    assert ids(news.search("غزة entity:حماس")) == []
    assert ids(news.search("غزة entity:القاهرة")) == [c.id]
    for text in ("غزة entity:بلينكن", "غزة entity:القاهرة", "غزة topic:politics"):
        tan, fts = both(news, text, limit=10, collapse=False)
        assert set(tan) == set(fts), text


def test_newest_and_oldest_first(news):
    a, b, c, _, e = NEWS
    assert ids(news.search("غزة sort:newest")) == [e.id, c.id, b.id, a.id]
    assert ids(news.search("غزة sort:oldest")) == [a.id, b.id, c.id, e.id]
    assert ids(news.search("غزة sort:newest", limit=2, offset=1)) == [c.id, b.id]
    tan, fts = both(news, "غزة sort:newest", limit=10, collapse=False)
    assert tan == fts


def test_ties_in_sort_at_break_by_pk_as_in_listings(store):
    same_day = [art(f"غزة {i}", "نص عن غزة.", day=date(2020, 1, 1)) for i in range(5)]
    store.add_articles(same_day)
    tan, fts = both(store, "غزة sort:newest", limit=10, collapse=False)
    assert tan == fts == sorted(tan, reverse=True)


def test_function_words_only_are_listed_newest_stored_first(news):
    tan, fts = both(news, "على", limit=10, collapse=False)
    assert tan == fts and tan


def test_recency_prior_lifts_the_newer_of_equal_articles(store):
    old = art("موسم الحج", "بدأ موسم الحج.", day=date(2015, 1, 1))
    new = art("موسم الحج", "بدأ موسم الحج", day=date(2015, 9, 1))
    store.add_articles([old, new])
    assert ids(store.search("الحج"))[0] == old.id  # equal scores: stored first
    assert ids(store.search("الحج", recency=1.0)) == [new.id, old.id]
    hits = store.search("الحج", recency=1.0).hits
    assert hits[0].score > hits[1].score > 0


def test_copies_collapse_like_fts5(store):
    from tests.test_search_store import add_wire_copies

    add_wire_copies(store)
    results = store.search("الحج", collapse=True)
    assert results.total == 2 and len(results.hits) == 2
    assert sorted(h.also_in for h in results.hits) == [0, 2]
    assert store.search("الحج", collapse=False).total == 4
    query = parse_query("الحج")
    tan, fts = store.index.search(query, collapse=True), store._fts.search(query, collapse=True)
    assert (tan.total, tan.total_capped, sorted(tan.also_in.values())) == (
        fts.total,
        fts.total_capped,
        sorted(fts.also_in.values()),
    )
    assert {pk for pk, _ in tan.hits} == {pk for pk, _ in fts.hits} or len(tan.hits) == len(fts.hits)


@pytest.mark.parametrize("query", ["غزة", "غزة source:عكاظ", "غزة from:2015-07-24", "غزة entity:بلينكن", "النفط"])
def test_facets_equal_the_fts5_engines(news, query):
    parsed = parse_query(query)
    assert compute_facets(news.conn, parsed, index=news.index) == compute_facets(news.conn, parsed)
    assert news.search(query, facets=True).facets == compute_facets(news.conn, parsed)


def test_reindex_equals_the_incremental_index(news):
    queries = ["غزة", "غزة sort:newest", "غزة entity:بلينكن", "غزة tag:غزة", "غزة from:2015-07-24", "النفط OR غزة"]

    def snapshot():
        pages = [news.search(q, facets=True) for q in queries]
        return [(r.total, ids(r), r.facets) for r in pages] + [ids(news.search(parse_plain("غزة الحصار القاهرة")))]

    before, docs = snapshot(), news.index.num_docs()
    assert news.reindex() == len(NEWS)
    assert news.index.num_docs() == docs == len(NEWS)
    assert snapshot() == before


def test_a_store_reindexed_with_tantivy_switches_engine(db_path, monkeypatch):
    from marsad.store import SqliteStore

    monkeypatch.delenv("MARSAD_SEARCH_ENGINE", raising=False)
    with SqliteStore(db_path) as plain:
        plain.add_articles(NEWS)
    with SqliteStore(db_path, engine="tantivy") as switching:
        with pytest.raises(QueryError, match="reindex --engine tantivy"):
            switching.search("غزة")
        assert switching.reindex() == len(NEWS)
        assert switching.search("غزة").total == 4
    with SqliteStore(db_path) as reopened:  # now the store's engine, kept current on ingest
        assert reopened.engine == "tantivy"
        reopened.add_articles([art("غزة اليوم", "خبر جديد عن غزة.")])
        assert reopened.search("غزة").total == 5


def test_one_tantivy_commit_per_ingest_batch(store):
    store.add_articles(NEWS[:1])  # opens the writer
    shared = store.index._shared
    commits = []

    class Counting:
        def __init__(self, inner):
            self.inner = inner

        def commit(self):
            commits.append(1)
            return self.inner.commit()

        def __getattr__(self, name):
            return getattr(self.inner, name)

    shared.writer = Counting(shared.writer)
    store.add_articles([art(f"خبر {i}", f"نص رقم {i} عن غزة.") for i in range(30)])
    assert len(commits) == 1
    assert store.search("غزة").total == 31


def test_a_failed_batch_leaves_nothing_in_the_index(store):
    store.add_articles(NEWS[:1])
    with pytest.raises(AttributeError):
        store.add_articles([art("غزة مرة أخرى", "نص."), None])  # the second article breaks the batch
    assert store.search("غزة").total == 1


def test_a_writer_catches_up_on_articles_it_missed(db_path):
    from marsad.store import SqliteStore

    with SqliteStore(db_path, engine="tantivy") as first:
        first.add_articles(NEWS[:2])
    with SqliteStore(db_path) as second:  # as if killed between the SQLite and the tantivy commit
        tantivy_index = second.index
        second._indexes.remove(tantivy_index)
        second.add_articles(NEWS[2:4])
        second._indexes.append(tantivy_index)
    with SqliteStore(db_path) as third:
        assert third.search("النفط").total == 0  # readers search what the index has
        third.add_articles(NEWS[4:])  # a writer first indexes what is missing
        assert third.search("النفط").total == 1
        assert third.index.num_docs() == len(NEWS)


def test_query_errors_are_query_errors_with_a_message(news):
    with pytest.raises(QueryError, match="nothing to search for"):
        news.search("، ؛")
    with pytest.raises(QueryError, match="unbalanced quotes"):
        news.search('"غزة')


def test_errors_from_tantivy_become_query_errors(news, monkeypatch):
    def refuse(*args, **kwargs):
        raise ValueError("bad regex")

    monkeypatch.setattr(news.index, "_filters", refuse)
    with pytest.raises(QueryError, match=r"could not be run.*bad regex"):
        news.search("غزة")


def test_any_mode_joins_verb_and_verbal_noun(news):
    hits = news.search(parse_plain("ارتفاع"), match="any").hits
    assert [h.article.id for h in hits] == [NEWS[3].id]


def test_text_only_index_for_evaluation(tmp_path):
    from marsad.search.tantivy_index import TantivyIndex

    index = TantivyIndex(None)
    index.add_many([(1, "ارتفاع أسعار النفط", "يرتفع النفط."), (2, "غزة", "قطاع غزة.")])
    assert [pk for pk, _ in index.search(parse_plain("ارتفاع"), limit=10).hits] == [1]
    assert index.search(parse_query("غزة")).total == 1


def test_the_site_and_the_cli_search_with_the_stores_engine(news, db_path, tmp_path):
    from click.testing import CliRunner
    from fastapi.testclient import TestClient

    from marsad.cli import cli
    from marsad.serve import create_app

    news.close()
    with TestClient(create_app(db_path, engine="tantivy")) as client:
        found = client.get("/api/search", params={"q": "غزة source:عكاظ"}).json()
        assert found["total"] == 2 and found["facets"]["source"] == [{"value": "عكاظ", "count": 2}]
        assert client.get("/api/search", params={"q": "، ؛"}).status_code == 400
    runner = CliRunner()
    shown = runner.invoke(cli, ["search", "غزة", "sort:newest", "--db", str(db_path), "--engine", "tantivy", "--json"])
    assert shown.exit_code == 0, shown.output
    assert '"total": 4' in shown.output
    fresh = tmp_path / "fresh.db"
    indexed = runner.invoke(cli, ["reindex", "--db", str(fresh), "--engine", "tantivy"])
    assert indexed.exit_code == 0 and '"engine": "tantivy"' in indexed.output


def test_the_bundled_sample_ingested_on_tantivy_answers_like_fts5(db_path):
    """Real ingest (enrichment, copies, stories) into a tantivy store: same totals and facets."""
    from marsad.data import sample_corpus_path
    from marsad.pipeline import ingest_paths
    from marsad.store import SqliteStore

    with SqliteStore(db_path, engine="tantivy") as store:
        report = ingest_paths([str(sample_corpus_path())], store)
        assert report.new > 100 and store.index.num_docs() == report.new
        matched = [pk for pk, _ in store._fts.search(parse_query("السعودية"), limit=1000).hits]
        row = store.conn.execute(
            "SELECT e.text, a.topic FROM article_entities e JOIN articles a ON a.pk = e.article_pk "
            "WHERE a.topic IS NOT NULL AND a.pk IN (SELECT value FROM json_each(?)) LIMIT 1",
            (str(matched),),
        ).fetchone()
        queries = ["السعودية", "الرياض sort:newest", f'السعودية entity:"{row[0]}"', f"السعودية topic:{row[1]}"]
        for text in queries:
            query = parse_query(text)
            tan, fts = store.index.search(query, limit=1000, collapse=False), store._fts.search(query, limit=1000)
            assert tan.total == fts.total > 0 and {pk for pk, _ in tan.hits} == {pk for pk, _ in fts.hits}, text
            assert compute_facets(store.conn, query, index=store.index) == compute_facets(store.conn, query), text
        first, second = (
            store.conn.execute("SELECT id FROM articles WHERE pk = ?", (pk,)).fetchone()[0] for pk in matched[:2]
        )
        store.add_relations([(second, first, "copy_of", 1.0)])  # as dedup records a copy
        collapsed = parse_query("السعودية")
        tan, fts = store.index.search(collapsed, collapse=True), store._fts.search(collapsed, collapse=True)
        assert (tan.total, tan.total_capped) == (fts.total, fts.total_capped)
        assert tan.total < store._fts.search(collapsed, collapse=False).total  # one copy folded


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


def test_preload_reads_the_index_files_of_a_store_on_tantivy(store):
    store.add_articles([art("موسم الحج", "بدأ موسم الحج.", day=date(2015, 9, 1))])
    assert store.preload_search_index() > 0
    from marsad.search.tantivy_index import TantivyIndex

    assert TantivyIndex(None).preload() == 0  # in memory: nothing to read
