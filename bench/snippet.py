#!/usr/bin/env python3
"""Snippet building: the current module against the one before the shared vocabulary, in one process.

Takes the top-10 hits of the serve bench's searches (``bench/serve.py``'s database and query
mix), builds every snippet with both modules, checks they are identical, and prints the
milliseconds per snippet of each (two rounds, alternating) and the ratio. The baseline module
is read from git history (``BASELINE``), so the comparison needs a git checkout.

Usage: .venv/bin/python bench/snippet.py [--db /tmp/marsad-bench-serve-30000.db] [--queries 250] [--baseline REV]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BASELINE = "7578ad7"  # snippets analyzed each distinct word once per query (the previous design)
EXTRA_QUERIES = ["الحكوم*", '"وزير الخارجية"', "تونس OR الجزائر"]  # prefix, phrase and OR terms too


def load_baseline(folder: Path, revision: str = BASELINE):
    """The snippet module as it was at ``revision``, imported under another name."""
    source = subprocess.run(
        ["git", "-C", str(REPO), "show", f"{revision}:src/marsad/search/snippet.py"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    path = folder / "snippet_baseline.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("snippet_baseline", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["snippet_baseline"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def work(db: Path, count: int) -> list[tuple[object, list[str]]]:
    """(parsed query, paragraphs) of every top-10 hit of the serve bench's distinct searches."""
    sys.path.insert(0, str(REPO / "bench"))
    from serve import query_mix

    from marsad.search.query import parse_query
    from marsad.store import SqliteStore

    store = SqliteStore(db)
    items = []
    for text in sorted(set(query_mix(count * 3, seed=5)))[:count] + EXTRA_QUERIES:
        query = parse_query(text)
        for hit in store.search(query, limit=10).hits:
            items.append((query, [*hit.article.article.body, hit.article.article.title]))
    store.close()
    return items


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "marsad-bench-serve-30000.db")
    parser.add_argument("--queries", type=int, default=250)
    parser.add_argument("--baseline", default=BASELINE, help="git revision whose snippet module is the baseline")
    args = parser.parse_args()
    if not args.db.exists():
        raise SystemExit(f"{args.db} not found: run bench/serve.py once to build it")
    from marsad.search import snippet

    with tempfile.TemporaryDirectory() as tmp:
        baseline = load_baseline(Path(tmp), args.baseline)
        items = work(args.db, args.queries)
        differences = sum(baseline.make_snippet(p, q) != snippet.make_snippet(p, q) for q, p in items)
        timings: dict[str, list[float]] = {"baseline": [], "current": []}
        for _ in range(2):
            for name, module in (("baseline", baseline), ("current", snippet)):
                if hasattr(module, "_Vocabulary"):
                    module.VOCABULARY = module._Vocabulary()  # each round starts from an empty vocabulary
                started = time.perf_counter()
                for query, paragraphs in items:
                    module.make_snippet(paragraphs, query)
                timings[name].append(1000 * (time.perf_counter() - started) / len(items))
    result = {
        "bench": "snippet",
        "baseline": args.baseline,
        "snippets": len(items),
        "differences": differences,
        "baseline_ms": [round(t, 3) for t in timings["baseline"]],
        "current_ms": [round(t, 3) for t in timings["current"]],
        "ratio": round(min(timings["baseline"]) / min(timings["current"]), 2),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
