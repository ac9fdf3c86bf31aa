#!/usr/bin/env python3
"""Load test of `marsad serve` on loopback: article page, search page and search API.

Builds (once, then reuses) a database of N articles made by recombining paragraphs of the
bundled sample with varied titles, sources, tags and dates, starts ``marsad serve`` on a
free 127.0.0.1 port, and drives it with C concurrent keep-alive connections. Every run is
bounded both in requests and in seconds, and only ever talks to 127.0.0.1.

Prints one line per scenario, then one JSON object on the last line.

Before the timed scenarios the server gets untimed warm-up traffic: 200 article pages, then
``--warm-searches`` search pages of words that no measured scenario asks for (its process-wide
caches warm up; every measured search still starts uncached). ``--steady`` adds the head
queries to that warm-up, as on a server readers have been using: the popular searches are then
in its result cache, the measured tail words still are not.

``--engine tantivy`` serves on the store's tantivy engine (``pip install 'marsad[tantivy]'``);
the index is built beside the database the first time. Without it the server is told
``--engine fts5``, so a database that once had a tantivy index is still measured on FTS5.

Usage: .venv/bin/python bench/serve.py [--articles 30000] [--concurrency 50] [--requests 3000] [--steady]
       [--engine fts5|tantivy]
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

SOURCES = ["الجزيرة نت", "الأهرام", "الشرق الأوسط", "العربية", "هسبريس", "الخبر", "الرياض", "Jawhara FM"]
TAGS = ["سياسة", "اقتصاد", "رياضة", "ثقافة", "غزة", "تونس", "مصر", "الجزائر", "صحة", "تعليم", "كرة القدم", "انتخابات"]
QUERIES = [
    "تونس",
    "الحكومة",
    "كرة القدم",
    '"وزير الخارجية"',
    "الرئيس",
    "الانتخابات",
    "مباراة",
    "الشرطة",
    "الجزائر",
    "اقتصاد",
    "مهرجان",
    "الأمن",
    "وزارة",
    "النادي",
    "سوريا -العراق",
]


def build_db(path: Path, count: int, seed: int = 7) -> None:
    """Store ``count`` articles recombined from the bundled sample (deterministic for a seed)."""
    from marsad.data import sample_corpus_path
    from marsad.models import Provenance, PublishedDate
    from marsad.pipeline import parse_input
    from marsad.store import SqliteStore

    base = parse_input(str(sample_corpus_path()))
    paragraphs = [p for a in base for p in a.body if len(p) > 40]
    rng = random.Random(seed)
    start = date(2023, 1, 1)
    started = time.monotonic()
    with SqliteStore(path) as store:
        batch = []
        for i in range(count):
            model = base[i % len(base)]
            day = start + timedelta(days=rng.randrange(700))
            if rng.random() < 0.6:
                hh, mm = rng.randrange(24), rng.randrange(60)
                at = datetime(day.year, day.month, day.day, hh, mm, tzinfo=UTC)
                published = PublishedDate(day, f"{hh:02d}:{mm:02d}", at, "minute", f"{day} {hh:02d}:{mm:02d}")
            else:
                published = PublishedDate(day, raw=day.strftime("%d/%m/%Y"))
            batch.append(
                dataclasses.replace(
                    model,
                    title=f"{model.title} — {i}",
                    body=rng.sample(paragraphs, rng.randint(3, 8)),
                    published=published,
                    source=rng.choice(SOURCES),
                    url=f"https://news.example/{i}",
                    tags=rng.sample(TAGS, rng.randint(0, 3)),
                    provenance=Provenance(url=f"https://news.example/{i}", format="bench"),
                )
            )
            if len(batch) == 1000:
                store.add_articles(batch)
                batch.clear()
                print(f"built {i + 1}/{count} ({time.monotonic() - started:.0f} s)", file=sys.stderr, flush=True)
        store.add_articles(batch)


def tail_pool() -> list[str]:
    """Words of the bundled sample that readers may search for (4+ letters, in 3+ articles)."""
    from collections import Counter

    from marsad.data import sample_corpus_path
    from marsad.pipeline import parse_input

    words = Counter(w for a in parse_input(str(sample_corpus_path())) for w in set(a.text.split()) if len(w) >= 4)
    return sorted(w for w, n in words.items() if n >= 3 and w.isalpha())


def query_mix(count: int, seed: int = 5, pool: list[str] | None = None, head: bool = True) -> list[str]:
    """Searches as readers send them: half from a few head queries, half from 300 corpus words."""
    rng = random.Random(seed)
    tail = pool if pool is not None else tail_pool()
    tail = rng.sample(tail, min(300, len(tail)))
    return [rng.choice(QUERIES) if head and rng.random() < 0.5 else rng.choice(tail) for _ in range(count)]


def warm_up_searches(count: int, measured: list[list[str]], head: bool) -> list[str]:
    """Untimed search pages of words that no measured scenario asks for (and, with ``head``, the
    head queries too): the server's process caches warm up while every measured tail word stays
    uncached. ``head`` stands for a server that readers have used before (the popular searches
    are in its result cache); without it every measured search starts cold."""
    asked = {query for paths in measured for query in paths}
    pool = [w for w in tail_pool() if w not in asked]
    rng = random.Random(1)
    return [f"/search?q={quote(q)}&page={rng.randint(1, 3)}" for q in query_mix(count, 1, pool, head)]


def article_paths(ids: list[str], count: int, seed: int) -> list[str]:
    """``count`` article page paths in a seeded random order."""
    rng = random.Random(seed)
    return [f"/article/{rng.choice(ids)}" for _ in range(count)]


def article_ids(path: Path, count: int, seed: int = 11) -> list[str]:
    """A random sample of stored ids to request."""
    import sqlite3

    conn = sqlite3.connect(path)
    ids = [row[0] for row in conn.execute("SELECT id FROM articles")]
    conn.close()
    return random.Random(seed).sample(ids, min(count, len(ids)))


async def _fetch(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, path: str) -> int:
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\n\r\n".encode("ascii"))
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = re.search(rb"(?i)content-length:\s*(\d+)", head)
    if length is None:
        raise RuntimeError("response without content-length")
    await reader.readexactly(int(length.group(1)))
    return status


async def run_scenario(port: int, paths: list[str], concurrency: int, limit_s: float) -> dict[str, object]:
    """Send every path once (or until ``limit_s``), ``concurrency`` connections at a time."""
    queue = list(reversed(paths))
    latencies: list[float] = []
    by_kind: dict[str, list[float]] = {}
    errors = 0
    deadline = time.monotonic() + limit_s

    async def client() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while queue and time.monotonic() < deadline:
                path = queue.pop()
                began = time.perf_counter()
                try:
                    status = await _fetch(reader, writer, path)
                except (OSError, RuntimeError, asyncio.IncompleteReadError):
                    errors += 1
                    writer.close()
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                    continue
                latencies.append(time.perf_counter() - began)
                by_kind.setdefault(path.split("?")[0].split("/")[1], []).append(latencies[-1])
                if status != 200:
                    errors += 1
        finally:
            writer.close()

    began = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    elapsed = time.perf_counter() - began
    result: dict[str, object] = {
        "requests": len(latencies),
        "errors": errors,
        "rps": round(len(latencies) / elapsed, 1),
    }
    result.update(_percentiles(latencies))
    if len(by_kind) > 1:  # a mixed scenario: latency per kind of page too
        result["by_kind"] = {
            kind: {"requests": len(values), **_percentiles(values)} for kind, values in by_kind.items()
        }
    return result


def _percentiles(latencies: list[float]) -> dict[str, float]:
    ordered = sorted(latencies)

    def pct(q: float) -> float:
        return round(1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1) if ordered else 0.0

    return {
        "p50_ms": pct(0.50),
        "p99_ms": pct(0.99),
        "mean_ms": round(1000 * statistics.fmean(ordered), 1) if ordered else 0.0,
    }


def ensure_tantivy_index(db: Path) -> None:
    """Build the database's tantivy index (``marsad reindex --engine tantivy``) unless it is current."""
    from marsad.search.query import QueryError
    from marsad.store import SqliteStore

    with SqliteStore(db, engine="tantivy") as store:
        try:
            store.search("الحكومة", limit=1)
        except QueryError:
            started = time.monotonic()
            count = store.reindex()
            print(f"tantivy index: {count} articles in {time.monotonic() - started:.0f} s", file=sys.stderr)


def start_server(db: Path, workers: int, engine: str = "fts5") -> tuple[subprocess.Popen, int]:
    """``marsad serve`` on a free loopback port, on the named search engine; returns the process and its port."""
    cmd = [sys.executable, "-m", "marsad", "serve", "--db", str(db), "--port", "0", "--no-sample", "--engine", engine]
    if workers > 1:
        cmd += ["--workers", str(workers)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert proc.stdout is not None
    for line in proc.stdout:
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if match:
            return proc, int(match.group(1))
    raise SystemExit("marsad serve did not start")


def main() -> None:
    """Build or reuse the database, run the scenarios, print the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=30_000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--requests", type=int, default=3000, help="per scenario")
    parser.add_argument("--seconds", type=float, default=60.0, help="time limit per scenario")
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument("--db", type=Path, default=None, help="database to build or reuse")
    parser.add_argument(
        "--warm-searches",
        type=int,
        default=300,
        help="untimed search pages first, of words no measured scenario asks for",
    )
    parser.add_argument(
        "--engine",
        choices=("fts5", "tantivy"),
        default="fts5",
        help="the store's search engine for the server (tantivy: its index is built beside the database once)",
    )
    parser.add_argument(
        "--steady",
        action="store_true",
        help="the warm-up also sends the head queries: a server readers have used before",
    )
    args = parser.parse_args()

    db = args.db or Path(tempfile.gettempdir()) / f"marsad-bench-serve-{args.articles}.db"
    if not db.exists():
        partial = db.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        build_db(partial, args.articles)
        partial.rename(db)
    ids = article_ids(db, args.requests)
    rng = random.Random(3)
    pool = tail_pool()
    searches = {seed: query_mix(args.requests, seed, pool) for seed in (5, 6, 8)}
    pages = [f"/search?q={quote(q)}&page={rng.randint(1, 3)}" for q in searches[5]]
    scenarios = {
        "article_page": article_paths(ids, args.requests, seed=4),
        "search_page": pages,
        "search_api": [f"/api/search?q={quote(q)}&limit=10" for q in searches[6]],
        # Readers mostly read: 9 article pages for each search page, searches drawn afresh.
        "mixed": [
            p if i % 10 else f"/search?q={quote(q)}"
            for i, (p, q) in enumerate(zip(article_paths(ids, args.requests, seed=9), searches[8], strict=True))
        ],
    }
    warm = warm_up_searches(args.warm_searches, list(searches.values()), head=args.steady)
    if args.engine == "tantivy":
        ensure_tantivy_index(db)
    proc, port = start_server(db, args.workers, args.engine)
    results: dict[str, object] = {}
    try:
        asyncio.run(run_scenario(port, scenarios["article_page"][:200], 10, 20))  # warm-up, untimed
        asyncio.run(run_scenario(port, warm, 10, 60))
        for name, paths in scenarios.items():
            results[name] = asyncio.run(run_scenario(port, paths, args.concurrency, args.seconds))
            print(name, json.dumps(results[name]), flush=True)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    summary = {
        "bench": "serve",
        "articles": args.articles,
        "concurrency": args.concurrency,
        "workers": args.workers,
        "engine": args.engine,
        "warm_searches": args.warm_searches,
        "steady": args.steady,
        "cpus": os.cpu_count(),
        "distinct_searches": len(set(scenarios["search_page"])) + len(set(scenarios["search_api"])),
        **results,
    }
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
