"""Search speed at scale: index build time and size, latency per query class, raw FTS5 beside it.

The corpus recombines real paragraphs of the SaudiNewsNet development set (so word
statistics stay real): each synthetic article takes a real headline and 3 to 8 random real
paragraphs, one of the 14 real sources and a day within two years. Articles go through the
real write path (``SqliteStore.add_articles``). The same documents go into a plain FTS5
table with the unicode61 tokenizer (the generic baseline) in a second file.

Query classes (``--queries`` of each): rare word (in 0.005%-0.05% of articles), common word
(in more than 50%: function words such as في, which a query of
only function words still searches), two words from one real headline, a 2-3 word phrase from a real
paragraph, a mid-frequency word filtered by source and a 60-day range, and a faceted query
(a mid-frequency word plus source/day/language/tag/entity counts). Latency is end to end
for marsad (top 10 with snippets, total count) and the index query (MATCH, BM25 top 10, total
count) for raw FTS5; p50/p95/p99 in milliseconds.

With ``--engine tantivy`` the same classes run end to end through the store on both of its
engines instead (``SqliteStore(db, engine="fts5")`` and ``engine="tantivy"``, the same queries,
alternating query by query), with the ratio tantivy / FTS5 and how far their top 10 agree. The
tantivy index is the one ``marsad reindex --engine tantivy`` builds beside the database; it is
built (and timed) here when missing. ``--alone`` times the tantivy store by itself, as a
deployment on that engine serves queries: interleaving FTS5 queries doubles what the page cache
must hold (a 4.3 GB FTS5 index beside a 2.5 GB tantivy one at a million articles), which shows in
the tail. ``--out`` writes the report to a file as well.

Usage::

    python bench/search.py --data ../shared/data --articles 100000     # last line: one JSON object
    python bench/search.py --data ../shared/data --articles 1000000    # the issue's size (hours on 2 cores)
    python bench/search.py --articles 1000000 --reuse --engine tantivy --out bench/results/search-1m-tantivy.json
    python bench/search.py --articles 1000000 --reuse --engine tantivy --alone
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from marsad.models import Article, PublishedDate
from marsad.search.analyzer import is_stop_key, search_key
from marsad.search.facet_index import facet_index
from marsad.search.query import QueryError
from marsad.store import SqliteStore

SEED = 13
_WORDS = re.compile(r"[^\W\d_]{2,}")


def load_parts(data: Path) -> tuple[list[str], list[str], list[str]]:
    """Real headlines, paragraphs and sources of the development corpus."""
    titles, paragraphs, sources = [], [], set()
    for path in sorted((data / "saudinewsnet").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                if record.get("title"):
                    titles.append(record["title"].strip())
                sources.add(record.get("source") or "unknown")
                paragraphs += [p.strip() for p in (record.get("content") or "").split("\n") if len(p.strip()) > 40]
    return titles, paragraphs, sorted(sources)


def make_articles(n: int, titles: list[str], paragraphs: list[str], sources: list[str]):
    rng = random.Random(SEED)
    start = date(2014, 1, 1)
    for i in range(n):
        body = rng.sample(paragraphs, rng.randint(3, 8))
        day = start + timedelta(days=rng.randrange(730))
        yield Article(
            title=f"{rng.choice(titles)} {i}" if rng.random() < 0.5 else rng.choice(titles),
            body=body,
            published=PublishedDate(day=day),
            source=rng.choice(sources),
            language="ar",
        )


def build(db: Path, raw_db: Path, n: int, parts: tuple[list[str], list[str], list[str]]) -> dict[str, float]:
    for path in (db, raw_db):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    store = SqliteStore(db, engine="fts5")
    raw = sqlite3.connect(raw_db, isolation_level=None)
    raw.execute("PRAGMA journal_mode = WAL")
    raw.execute("CREATE VIRTUAL TABLE raw_fts USING fts5(title, body)")
    raw.execute("CREATE TABLE meta (pk INTEGER PRIMARY KEY, source TEXT, day TEXT)")
    raw.execute("CREATE INDEX meta_source ON meta (source, day)")
    marsad_s = raw_s = 0.0
    batch: list[Article] = []
    done = 0

    def flush() -> None:
        nonlocal marsad_s, raw_s, done
        t0 = time.perf_counter()
        store.add_articles(batch)
        t1 = time.perf_counter()
        raw.execute("BEGIN")
        for offset, article in enumerate(batch, done + 1):
            raw.execute(
                "INSERT INTO raw_fts (rowid, title, body) VALUES (?, ?, ?)", (offset, article.title, article.text)
            )
            raw.execute(
                "INSERT INTO meta VALUES (?, ?, ?)", (offset, article.source, article.published.day.isoformat())
            )
        raw.execute("COMMIT")
        marsad_s += t1 - t0
        raw_s += time.perf_counter() - t1
        done += len(batch)
        batch.clear()
        if done % 20000 == 0:
            print(f"built {done}/{n}: marsad {marsad_s:.0f}s raw {raw_s:.0f}s", file=sys.stderr, flush=True)

    for article in make_articles(n, *parts):
        batch.append(article)
        if len(batch) == 1000:
            flush()
    if batch:
        flush()
    t0 = time.perf_counter()
    store.conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('optimize')")
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    marsad_s += time.perf_counter() - t0
    t0 = time.perf_counter()
    raw.execute("INSERT INTO raw_fts (raw_fts) VALUES ('optimize')")
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw_s += time.perf_counter() - t0
    store.close()
    raw.close()
    return {"marsad_build_s": round(marsad_s, 1), "raw_build_s": round(raw_s, 1)}


def sizes(db: Path, raw_db: Path) -> dict[str, float]:
    mib = 1 << 20
    conn = sqlite3.connect(db)
    fts = conn.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'articles_fts%'").fetchone()[0] or 0
    conn.close()
    raw = sqlite3.connect(raw_db)
    raw_fts = raw.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'raw_fts%'").fetchone()[0] or 0
    raw.close()
    return {
        "marsad_db_mib": round(db.stat().st_size / mib, 1),
        "marsad_index_mib": round(fts / mib, 1),
        "raw_index_mib": round(raw_fts / mib, 1),
    }


def pick_queries(db: Path, n_articles: int, k: int, parts) -> dict[str, list[tuple[str, str]]]:
    """(marsad query, raw FTS5 MATCH) pairs per class."""
    rng = random.Random(SEED)
    titles, paragraphs, sources = parts
    conn = sqlite3.connect(db)
    conn.execute("CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, articles_fts, 'col')")
    df = {
        term: count
        for term, count in conn.execute("SELECT term, doc FROM vocab WHERE col = 'body_exact' AND doc >= 2")
        if term.isalpha() and len(term) >= 2
    }
    conn.close()
    # Raw FTS5 sees the text as written: query it with a written form whose key is the term.
    written: dict[str, str] = {}
    for paragraph in rng.sample(paragraphs, min(len(paragraphs), 30000)):
        for word in _WORDS.findall(paragraph):
            written.setdefault(search_key(word), word)
    every = {t: c for t, c in df.items() if t in written}
    usable = {t: c for t, c in every.items() if len(t) >= 3 and not is_stop_key(t)}
    rare = [t for t, c in usable.items() if max(2, n_articles * 0.00005) <= c <= max(10, n_articles * 0.0005)]
    common = [t for t, c in every.items() if c > n_articles * 0.5]  # function words, mostly
    mid = [t for t, c in usable.items() if n_articles * 0.005 <= c <= n_articles * 0.05]
    print(f"vocabulary: rare {len(rare)}, common {len(common)}, mid {len(mid)}", file=sys.stderr)

    def quote(word: str) -> str:
        return '"' + word.replace('"', '""') + '"'

    out: dict[str, list[tuple[str, str]]] = {
        "rare": [(written[t], quote(written[t])) for t in rng.choices(rare, k=k)],
        "common": [(written[t], quote(written[t])) for t in rng.choices(common, k=k)],
        "two_words": [],
        "phrase": [],
        "filtered": [],
        "faceted": [(written[t], quote(written[t])) for t in rng.choices(mid, k=k)],
    }
    while len(out["two_words"]) < k:
        words = [w for w in _WORDS.findall(rng.choice(titles)) if not is_stop_key(search_key(w))]
        if len(words) >= 2:
            i = rng.randrange(len(words) - 1)
            out["two_words"].append((f"{words[i]} {words[i + 1]}", f"{quote(words[i])} {quote(words[i + 1])}"))
    while len(out["phrase"]) < k:
        words = rng.choice(paragraphs).split()
        size = rng.choice((2, 3))
        if len(words) > size:
            i = rng.randrange(len(words) - size)
            phrase = " ".join(re.sub(r"[^\w]", "", w) for w in words[i : i + size])
            if len(_WORDS.findall(phrase)) == size:
                out["phrase"].append((f'"{phrase}"', quote(phrase)))
    for t in rng.choices(mid, k=k):
        source = rng.choice(sources)
        start = date(2014, 1, 1) + timedelta(days=rng.randrange(670))
        end = start + timedelta(days=59)
        out["filtered"].append(
            (f'{written[t]} source:"{source}" from:{start} to:{end}', f"{quote(written[t])}|{source}|{start}|{end}")
        )
    # Warm-up searches, never timed: words of middling frequency from another random stream, so
    # the measured queries above stay those of every earlier run.
    out["warmup"] = [(written[t], quote(written[t])) for t in random.Random(SEED + 1).choices(mid, k=k // 2)]
    return out


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {
        "p50": round(statistics.median(ordered), 2),
        "p95": round(pick(0.95), 2),
        "p99": round(pick(0.99), 2),
    }


def time_all(queries: list[tuple[str, str]], run: Callable[[str, str], object]) -> dict[str, float]:
    samples = []
    for marsad_q, raw_q in queries:
        t0 = time.perf_counter()
        run(marsad_q, raw_q)
        samples.append(1000 * (time.perf_counter() - t0))
    return percentiles(samples)


def compare_engines(
    store: SqliteStore, queries: dict[str, list[tuple[str, str]]], headlines: list[str], folder: Path
) -> dict[str, object]:
    """Index-level latency (top 10 and total, no snippets) of FTS5 and tantivy on the same articles."""
    import shutil

    from marsad.search.query import parse_plain, parse_query
    from marsad.search.tantivy_index import TantivyIndex

    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    index = TantivyIndex(folder)
    for pk, stored in enumerate(store.iter_articles(), 1):  # pks are dense: nothing is deleted here
        index.add(pk, stored.article)
    index.commit()
    out: dict[str, object] = {"tantivy_build_s": round(time.perf_counter() - started, 1)}
    parsed = {name: [parse_query(q) for q, _ in pairs] for name, pairs in queries.items() if name != "faceted"}
    parsed["any_headline"] = [parse_plain(h, match="any") for h in headlines]
    for name, batch in parsed.items():
        timings = {}
        for engine, search in (("fts5_ms", store.index.search), ("tantivy_ms", index.search)):
            samples = []
            for query in batch:
                t0 = time.perf_counter()
                search(query, limit=10)
                samples.append(1000 * (time.perf_counter() - t0))
            timings[engine] = percentiles(samples)
        out[name] = timings
    print("engines", json.dumps(out), file=sys.stderr, flush=True)
    return out


def folder_mib(folder: Path) -> float:
    return round(sum(f.stat().st_size for f in folder.iterdir() if f.is_file()) / (1 << 20), 1)


def compare_store_engines(
    db: Path,
    queries: dict[str, list[tuple[str, str]]],
    *,
    alone: bool = False,
    warmup: list[tuple[str, str]] | None = None,
) -> dict[str, object]:
    """End-to-end latency (``store.search``: top 10 with snippets, total, facets for the faceted
    class) of the store on FTS5 and on tantivy, query by query in turn on the same machine
    (``alone``: tantivy only)."""
    from marsad.store.sqlite import tantivy_path

    folder = Path(tantivy_path(str(db)) or "")
    build_file = Path(f"{folder}.build.json")
    out: dict[str, object] = {}
    fts = SqliteStore(db, engine="fts5")
    tan = SqliteStore(db, engine="tantivy")
    if getattr(tan, "_tantivy_stale", False) or not build_file.exists():
        started = time.perf_counter()
        count = tan.reindex()
        build_file.write_text(json.dumps({"indexed": count, "seconds": round(time.perf_counter() - started, 1)}))
    out["tantivy_build"] = json.loads(build_file.read_text())
    out["tantivy_build_s"] = out["tantivy_build"].get("seconds")  # type: ignore[attr-defined]
    out["tantivy_index_mib"] = folder_mib(folder)
    started = time.perf_counter()
    facet_index(fts.conn)
    out["facet_columns_load_s"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    tan.search("في", limit=1)  # opens the index files
    out["tantivy_open_s"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    out["tantivy_preload_mib"] = round(tan.preload_search_index() / (1 << 20), 1)  # as marsad serve does at start
    out["tantivy_preload_s"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    warmup = warmup or []
    for q, _ in warmup:  # process-level caches (analyzer, snippet vocabulary), as in a running server
        tan.search(q, limit=10)
        if not alone:
            fts.search(q, limit=10)
    out["warmup_queries"], out["warmup_s"] = len(warmup), round(time.perf_counter() - started, 2)

    def run(store: SqliteStore, q: str, facets: bool) -> tuple[float, list[str], int]:
        t0 = time.perf_counter()
        try:
            results = store.search(q, limit=10, facets=facets)
        except QueryError:
            return 1000 * (time.perf_counter() - t0), [], 0
        return 1000 * (time.perf_counter() - t0), [h.article.id for h in results.hits], results.total

    latency: dict[str, object] = {}
    for name, pairs in queries.items():
        samples: dict[str, list[float]] = {"fts5": [], "tantivy": []}
        overlap, same_total = [], 0
        for q, _ in pairs:
            if alone:
                samples["tantivy"].append(run(tan, q, name == "faceted")[0])
                continue
            ms_f, hits_f, total_f = run(fts, q, name == "faceted")  # FTS5 first, as in every committed run
            ms_t, hits_t, total_t = run(tan, q, name == "faceted")
            samples["fts5"].append(ms_f)
            samples["tantivy"].append(ms_t)
            if hits_f or hits_t:
                overlap.append(len(set(hits_f) & set(hits_t)) / max(len(hits_f), len(hits_t)))
            same_total += total_f == total_t or (total_f >= 10_000 and total_t >= 10_000)
        t = percentiles(samples["tantivy"])
        if alone:
            latency[name] = {"tantivy_ms": t}
            print(name, json.dumps(latency[name]), file=sys.stderr, flush=True)
            continue
        f = percentiles(samples["fts5"])
        latency[name] = {
            "fts5_ms": f,
            "tantivy_ms": t,
            "ratio_p50": round(t["p50"] / max(f["p50"], 0.01), 3),
            "ratio_p99": round(t["p99"] / max(f["p99"], 0.01), 3),
            "top10_overlap": round(statistics.mean(overlap), 3) if overlap else None,
            "same_total_share": round(same_total / len(pairs), 3),
        }
        print(name, json.dumps(latency[name]), file=sys.stderr, flush=True)
    out["latency"] = latency
    fts.close()
    tan.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200, help="queries per class")
    parser.add_argument("--dir", type=Path, default=Path("/tmp"), help="where the two bench databases go")
    parser.add_argument("--reuse", action="store_true", help="reuse databases built by an earlier run")
    parser.add_argument("--tantivy", action="store_true", help="also compare FTS5 and tantivy at the index level")
    parser.add_argument(
        "--engine",
        choices=("tantivy",),
        default=None,
        help="time the classes end to end through the store on FTS5 and on tantivy (instead of against raw FTS5)",
    )
    parser.add_argument("--alone", action="store_true", help="with --engine tantivy: time tantivy only")
    parser.add_argument("--out", type=Path, default=None, help="also write the JSON report to this file")
    args = parser.parse_args(argv)
    if not (args.data / "saudinewsnet").exists():
        print(json.dumps({"error": f"SaudiNewsNet not found under {args.data}"}))
        return 2
    db = args.dir / f"marsad-bench-{args.articles}.db"
    raw_db = args.dir / f"raw-bench-{args.articles}.db"
    parts = load_parts(args.data)
    report: dict[str, object] = {"articles": args.articles, "queries_per_class": args.queries}
    build_file = Path(f"{db}.build.json")
    if not (args.reuse and db.exists() and raw_db.exists()):
        built = build(db, raw_db, args.articles, parts)
        build_file.write_text(json.dumps(built))
        print("build", json.dumps(built), file=sys.stderr, flush=True)
    elif build_file.exists():
        built = json.loads(build_file.read_text())
    else:
        built = {}
    report.update(built)
    report.update(sizes(db, raw_db))
    queries = pick_queries(db, args.articles, args.queries, parts)
    warmup = queries.pop("warmup")
    if args.engine == "tantivy":
        report["end_to_end"] = compare_store_engines(db, queries, alone=args.alone, warmup=warmup)
        report["tantivy_index_mib"] = report["end_to_end"]["tantivy_index_mib"]  # type: ignore[index]
        return _emit(report, args.out)

    store = SqliteStore(db, engine="fts5")
    raw = sqlite3.connect(raw_db)
    # The facet columns load once per process (marsad serve does it at start-up): time it apart.
    started = time.perf_counter()
    facet_index(store.conn)
    report["facet_columns_load_s"] = round(time.perf_counter() - started, 2)

    def marsad_run(facets: bool) -> Callable[[str, str], object]:
        def run(q: str, _raw: str) -> object:
            try:
                return store.search(q, limit=10, facets=facets)
            except QueryError:
                return None

        return run

    def raw_run(q_marsad: str, q: str) -> object:
        if "|" in q:
            match, source, start, end = q.split("|")
            where = " AND m.source = ? AND m.day BETWEEN ? AND ?"
            params: tuple[object, ...] = (match, source, start, end)
        else:
            match, where, params = q, "", (q,)
        join = " JOIN meta m ON m.pk = raw_fts.rowid" if where else ""
        base = f"FROM raw_fts{join} WHERE raw_fts MATCH ?{where}"
        rows = raw.execute(f"SELECT raw_fts.rowid, bm25(raw_fts) s {base} ORDER BY s LIMIT 10", params).fetchall()
        raw.execute(f"SELECT count(*) FROM (SELECT 1 {base} LIMIT 10001)", params).fetchone()
        return rows

    latency: dict[str, dict[str, object]] = {}
    for name, pairs in queries.items():
        marsad = time_all(pairs, marsad_run(name == "faceted"))
        baseline = time_all(pairs, raw_run)
        latency[name] = {
            "marsad_ms": marsad,
            "raw_fts5_ms": baseline,
            "ratio_p50": round(marsad["p50"] / max(baseline["p50"], 0.01), 2),
        }
        print(name, json.dumps(latency[name]), file=sys.stderr, flush=True)
    if args.tantivy:
        headlines = random.Random(SEED).sample(parts[0], args.queries)
        report["engines"] = compare_engines(store, queries, headlines, args.dir / f"tantivy-bench-{args.articles}")
    store.close()
    raw.close()
    report["latency"] = latency
    return _emit(report, args.out)


def _emit(report: dict[str, object], out: Path | None) -> int:
    text = json.dumps(report, ensure_ascii=False)
    print(text)
    if out is not None:
        out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
