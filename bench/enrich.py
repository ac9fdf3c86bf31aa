"""Throughput of the enrichment stages on ANT articles: articles/s per stage and peak RSS.

Each stage (keywords, topic, summary) runs over the same articles after a warm-up that
loads the shipped tables and model; "lexical" is the three together, one article at a time.
Usage: ``python bench/enrich.py [--data DIR] [--limit N]``; the last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from marsad.enrich.keywords import extract_keywords
from marsad.enrich.summary import summarize
from marsad.enrich.topic import classify_topic
from train.ant_corpus import default_ant_dir, iter_ant


def measure_rate(stage: Callable[[str, list[str]], object], docs: list) -> tuple[float, float]:
    """Articles per second of ``stage`` over ``docs``: by wall clock and by CPU time.

    On a shared machine the CPU-time rate is the one that says what the code costs.
    """
    wall, cpu = time.perf_counter(), time.process_time()
    for doc in docs:
        stage(doc.title, doc.body)
    return len(docs) / (time.perf_counter() - wall), len(docs) / (time.process_time() - cpu)


def enrich_all(title: str, body: list[str]) -> None:
    """All three stages on one article, as the pipeline would run them."""
    extract_keywords(title, body)
    classify_topic(title, body)
    summarize(title, body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_ant_dir())
    parser.add_argument("--limit", type=int, default=2000)
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"no ANT-layout folder at {args.data}")
    docs = [d for d in iter_ant(args.data) if d.body][: args.limit]
    enrich_all(docs[0].title, docs[0].body)  # warm-up: load tables and model
    words = sum(len(" ".join(d.body).split()) for d in docs) / len(docs)
    report = {"articles": len(docs), "mean_words": round(words, 1)}
    for name, stage in (
        ("keywords", extract_keywords),
        ("topic", classify_topic),
        ("summary", summarize),
        ("lexical_all", enrich_all),
    ):
        wall, cpu = measure_rate(stage, docs)
        report[f"{name}_per_s"] = round(wall, 1)
        report[f"{name}_per_cpu_s"] = round(cpu, 1)
        print(f"{name:12s} {wall:8.1f} articles/s  ({cpu:.1f} per CPU second)", flush=True)
    report["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
