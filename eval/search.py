"""Search relevance: known-item, paraphrase and robustness, every system in one run.

Protocol (issue 6):

1. Known-item: every SaudiNewsNet development article is indexed WITHOUT its headline
   (body only); 1,000 articles are sampled with ``random.Random(13)``; the query is the
   headline; relevant = the article and its identical wire copies (same normalized body).
2. Paraphrase: ANS ``agree`` pairs of every ``*.csv``; query = ``s1``; the documents are all
   distinct ``s2`` headlines of the set (``disagree``/``other`` rewrites stay as distractors);
   relevant = the ``s2`` of the pair. 1,000 pairs sampled with ``random.Random(13)``.
3. Robustness: the known-item queries with hamza dropped, ta marbuta written ه, a clitic
   (و/ال) added to one word and diacritics added (all four at once; each alone is printed too).

Every query is a whole headline, so every system ranks with OR semantics (any term), BM25.
Metrics: MRR@10, nDCG@10, Recall@100. Systems: raw FTS5 unicode61, marsad's analyzer on
FTS5 (the real ``marsad.search`` code path), PyStemmer Snowball Arabic on FTS5, and marsad's
analyzer on tantivy when the ``tantivy`` package is installed.

Usage::

    python eval/search.py --data ../shared/data            # last line: one JSON object
    python eval/search.py --systems marsad_fts5 --tasks paraphrase   # one system, one task
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import math
import random
import re
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol

from marsad.search.fts import FtsIndex
from marsad.search.query import QueryError, parse_plain
from marsad.store.migrations import apply_migrations
from marsad.text import normalize_for_identity
from marsad.text.tokenize import _WORD

SEED = 13
N_QUERIES = 1000
Doc = tuple[str, str]  # (title, body)


class System(Protocol):
    name: str

    def build(self, docs: list[Doc]) -> None: ...

    def search(self, text: str, k: int) -> list[int]: ...


# -- systems --------------------------------------------------------------------------------


def _fts_or(tokens: Iterable[str]) -> str:
    unique = list(dict.fromkeys(t for t in tokens if t))
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in unique)


class RawFts5:
    """SQLite FTS5 with its default unicode61 tokenizer on the raw text: the generic baseline."""

    name = "raw_fts5_unicode61"

    def build(self, docs: list[Doc]) -> None:
        self.conn = sqlite3.connect(":memory:")
        self.conn.execute("CREATE VIRTUAL TABLE d USING fts5(title, body)")
        self.conn.executemany("INSERT INTO d (rowid, title, body) VALUES (?, ?, ?)", _rows(docs))

    def search(self, text: str, k: int) -> list[int]:
        match = _fts_or(t.lower() for t in re.findall(r"[^\W_]+", text))
        if not match:
            return []
        rows = self.conn.execute("SELECT rowid FROM d WHERE d MATCH ? ORDER BY bm25(d) LIMIT ?", (match, k))
        return [r[0] for r in rows]


class SnowballFts5:
    """PyStemmer's Snowball Arabic stemmer on every word (harakat kept inside the word), FTS5 BM25."""

    name = "snowball_arabic_fts5"

    def __init__(self) -> None:
        import Stemmer  # PyStemmer

        self.stemmer = Stemmer.Stemmer("arabic")

    def _stems(self, text: str) -> list[str]:
        return [s for s in self.stemmer.stemWords([m.group().lower() for m in _WORD.finditer(text)]) if s]

    def build(self, docs: list[Doc]) -> None:
        self.conn = sqlite3.connect(":memory:")
        self.conn.execute("CREATE VIRTUAL TABLE d USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 0')")
        self.conn.executemany(
            "INSERT INTO d (rowid, title, body) VALUES (?, ?, ?)",
            ((i, " ".join(self._stems(t)), " ".join(self._stems(b))) for i, t, b in _rows(docs)),
        )

    def search(self, text: str, k: int) -> list[int]:
        match = _fts_or(re.sub(r"[^\w]", "", s) for s in self._stems(text))
        if not match:
            return []
        rows = self.conn.execute("SELECT rowid FROM d WHERE d MATCH ? ORDER BY bm25(d) LIMIT ?", (match, k))
        return [r[0] for r in rows]


class MarsadFts5:
    """marsad's analyzer and ranking through the production code path (``FtsIndex``)."""

    name = "marsad_fts5"

    def build(self, docs: list[Doc]) -> None:
        from marsad.models import Article

        self.conn = sqlite3.connect(":memory:", isolation_level=None)
        apply_migrations(self.conn)
        self.index = FtsIndex(self.conn)
        self.conn.execute("BEGIN")
        for pk, title, body in _rows(docs):
            self.conn.execute(
                "INSERT INTO articles (pk, id, title, body, sort_at, first_seen_at) VALUES (?, ?, ?, '[]', '', '')",
                (pk, str(pk), title),
            )
            self.index.add(pk, Article(title=title, body=[body] if body else []))
        self.conn.execute("COMMIT")

    def search(self, text: str, k: int) -> list[int]:
        try:
            query = parse_plain(text, match="any")
            return [pk for pk, _ in self.index.search(query, limit=k, collapse=False).hits]
        except QueryError:
            return []


class MarsadTantivy:
    """marsad's analyzer on the tantivy engine (same token streams, tantivy's BM25)."""

    name = "marsad_tantivy"

    def build(self, docs: list[Doc]) -> None:
        from marsad.search.tantivy_index import TantivyIndex

        self.index = TantivyIndex(None)
        self.index.add_many((pk, title, body) for pk, title, body in _rows(docs))

    def search(self, text: str, k: int) -> list[int]:
        try:
            return [pk for pk, _ in self.index.search(parse_plain(text, match="any"), limit=k).hits]
        except QueryError:
            return []


def _rows(docs: list[Doc]) -> Iterable[tuple[int, str, str]]:
    for i, (title, body) in enumerate(docs):
        yield i + 1, title, body


# -- data -----------------------------------------------------------------------------------


def load_known_item(data: Path) -> tuple[list[Doc], list[tuple[str, set[int]]]]:
    """Body-only documents and (headline, relevant pks) for the sampled articles."""
    articles = []
    for path in sorted((data / "saudinewsnet").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            articles += [json.loads(line) for line in handle if line.strip()]
    docs = [("", a.get("content") or "") for a in articles]
    by_body: dict[str, set[int]] = {}
    for pk, (_, body) in enumerate(docs, 1):
        by_body.setdefault(normalize_for_identity(body), set()).add(pk)
    candidates = [i for i, a in enumerate(articles) if (a.get("title") or "").strip() and (a.get("content") or "")]
    sample = random.Random(SEED).sample(candidates, min(N_QUERIES, len(candidates)))
    queries = [(articles[i]["title"], by_body[normalize_for_identity(docs[i][1])]) for i in sample]
    return docs, queries


def load_paraphrase(data: Path) -> tuple[list[Doc], list[tuple[str, set[int]]]]:
    """All distinct s2 headlines as documents; (s1, {pk of s2}) for sampled agree pairs."""
    rows = []
    for path in sorted((data / "ans").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows += list(csv.DictReader(handle))
    pk_of: dict[str, int] = {}
    docs: list[Doc] = []
    for row in rows:
        key = normalize_for_identity(row["s2"])
        if key not in pk_of:
            docs.append((row["s2"], ""))
            pk_of[key] = len(docs)
    agree = [r for r in rows if r["stance"] == "agree"]
    sample = random.Random(SEED).sample(agree, min(N_QUERIES, len(agree)))
    return docs, [(r["s1"], {pk_of[normalize_for_identity(r["s2"])]}) for r in sample]


# -- robustness variants ----------------------------------------------------------------------

_HAMZA = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ؤ": "و", "ئ": "ي", "ء": None})
_HARAKAT = "\u064e\u064f\u0650\u0652"
_ARABIC_WORD = re.compile(r"[\u0621-\u064a]{3,}")


def drop_hamza(text: str, rng: random.Random) -> str:
    return text.translate(_HAMZA)


def ta_marbuta_as_ha(text: str, rng: random.Random) -> str:
    return text.replace("ة", "ه")


def add_clitic(text: str, rng: random.Random) -> str:
    spans = [m.span() for m in _ARABIC_WORD.finditer(text)]
    if not spans:
        return text
    start, _ = rng.choice(spans)
    clitic = "و" if text.startswith("ال", start) else rng.choice(["و", "ال"])
    return text[:start] + clitic + text[start:]


def add_diacritics(text: str, rng: random.Random) -> str:
    out = []
    for ch in text:
        out.append(ch)
        if "\u0621" <= ch <= "\u064a" and rng.random() < 0.7:
            out.append(rng.choice(_HARAKAT))
    return "".join(out)


VARIANTS: dict[str, list[Callable[[str, random.Random], str]]] = {
    "all": [drop_hamza, ta_marbuta_as_ha, add_clitic, add_diacritics],
    "hamza": [drop_hamza],
    "ta_marbuta": [ta_marbuta_as_ha],
    "clitic": [add_clitic],
    "diacritics": [add_diacritics],
}


def perturb(queries: list[tuple[str, set[int]]], steps: list[Callable[[str, random.Random], str]]):
    rng = random.Random(SEED)
    out = []
    for text, relevant in queries:
        for step in steps:
            text = step(text, rng)
        out.append((text, relevant))
    return out


# -- metrics --------------------------------------------------------------------------------


def score(system: System, queries: list[tuple[str, set[int]]]) -> dict[str, float]:
    mrr = ndcg = recall = 0.0
    started = time.perf_counter()
    for text, relevant in queries:
        ranked = system.search(text, 100)
        for rank, pk in enumerate(ranked[:10], 1):
            if pk in relevant:
                mrr += 1 / rank
                break
        dcg = sum(1 / math.log2(r + 1) for r, pk in enumerate(ranked[:10], 1) if pk in relevant)
        ideal = sum(1 / math.log2(r + 1) for r in range(1, min(len(relevant), 10) + 1))
        ndcg += dcg / ideal
        recall += len(relevant & set(ranked[:100])) / len(relevant)
    n = len(queries) or 1
    return {
        "mrr@10": round(mrr / n, 4),
        "ndcg@10": round(ndcg / n, 4),
        "recall@100": round(recall / n, 4),
        "ms_per_query": round(1000 * (time.perf_counter() - started) / n, 2),
    }


def make_systems(names: list[str]) -> list[System]:
    factories: dict[str, Callable[[], System]] = {
        "raw_fts5_unicode61": RawFts5,
        "marsad_fts5": MarsadFts5,
        "snowball_arabic_fts5": SnowballFts5,
        "marsad_tantivy": MarsadTantivy,
    }
    systems = []
    for name in names:
        try:
            systems.append(factories[name]())
        except ImportError as error:
            print(f"skipping {name}: {error}", file=sys.stderr)
    return systems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    parser.add_argument(
        "--systems", default="raw_fts5_unicode61,marsad_fts5,snowball_arabic_fts5,marsad_tantivy", help="comma list"
    )
    parser.add_argument(
        "--tasks", default="known_item,paraphrase", help="comma list (known_item also scores robustness); for exploring"
    )
    args = parser.parse_args(argv)
    if not (args.data / "saudinewsnet").exists() or not (args.data / "ans").exists():
        print(json.dumps({"error": f"data not found under {args.data}"}))
        return 2
    ki_docs, ki_queries = load_known_item(args.data)
    pp_docs, pp_queries = load_paraphrase(args.data)
    tasks = {"known_item": (ki_docs, ki_queries), "paraphrase": (pp_docs, pp_queries)}
    tasks = {name: task for name, task in tasks.items() if name in args.tasks.split(",")}
    results: dict[str, dict[str, object]] = {}
    for system in make_systems(args.systems.split(",")):
        entry: dict[str, object] = {}
        for task, (docs, queries) in tasks.items():
            started = time.perf_counter()
            system.build(docs)
            build_s = round(time.perf_counter() - started, 1)
            entry[task] = {**score(system, queries), "build_s": build_s}
            if task == "known_item":
                for variant, steps in VARIANTS.items():
                    key = "robustness" if variant == "all" else f"robustness_{variant}"
                    entry[key] = score(system, perturb(queries, steps))
            print(system.name, task, json.dumps(entry[task]), file=sys.stderr)
        results[system.name] = entry
        if "robustness" in entry:
            print(system.name, "robustness", json.dumps(entry["robustness"]), file=sys.stderr)
    summary = {
        "protocol": {
            "seed": SEED,
            "known_item": {"documents": len(ki_docs), "queries": len(ki_queries)},
            "paraphrase": {"documents": len(pp_docs), "queries": len(pp_queries)},
            "semantics": "any term (OR), BM25",
        },
        "systems": results,
    }
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
