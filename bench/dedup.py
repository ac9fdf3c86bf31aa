"""Throughput and memory of copy detection and story clustering on ~21,000 real articles.

Articles: all of SaudiNewsNet (15,042) and ANT (6,187), replayed in time order. Each phase
runs in its own process so that its peak RSS is its own:

- ``tokenize``: cleaning + normalized words (shared by both copy detectors below).
- ``copies``: marsad's CopyDetector on pre-tokenized text: shingle hashing, numpy MinHash,
  LSH banding, exact verification, groups (``signature`` + ``add_signature``).
- ``datasketch``: the ratio baseline on the same word 3-gram shingles: datasketch
  ``MinHash(num_perm=128).update_batch`` + ``MinHashLSH(threshold=0.5)`` insert and query
  (no verification, no groups, no time window: it does less work).
- ``stories``: StoryClusterer end to end (tokenization included).

Prints one JSON object on its last line. Timings depend on the machine and its load: run
the phases back to back on the same machine and compare ratios.

Example:
    python bench/dedup.py
    python bench/dedup.py --limit 5000 --phases copies,datasketch
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval"))
from dedup_data import data_dir, load_ant, load_snn  # noqa: E402

from marsad.dedup import CopyDetector, StoryClusterer  # noqa: E402
from marsad.dedup.fingerprint import (  # noqa: E402
    SHINGLE_SIZE,
    Signature,
    body_words,
    minhash,
    shingle_hashes,
)
from marsad.dedup.window import article_time  # noqa: E402

PHASES = ("tokenize", "copies", "datasketch", "stories")


def load_articles(data: Path, limit: int) -> list:
    articles = load_snn(data / "saudinewsnet")
    if (data / "ant").exists():
        articles += load_ant(data / "ant")
    articles.sort(key=lambda a: article_time(a) or 0)
    return articles[:limit] if limit else articles


def peak_rss_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run_tokenize(articles: list, window_days: float) -> dict:
    started = time.perf_counter()
    for article in articles:
        body_words(article)
    return {"seconds": time.perf_counter() - started}


def run_copies(articles: list, window_days: float) -> dict:
    tokens = [body_words(a) for a in articles]
    base_rss = peak_rss_mib()
    detector = CopyDetector(window=timedelta(days=window_days))
    most = 0
    copies = 0
    started = time.perf_counter()
    for i, (article, words) in enumerate(zip(articles, tokens, strict=True)):
        shingles = shingle_hashes(words)
        sig = Signature(b"%016d" % i, minhash(shingles), shingles, len(words))
        decision = detector.add_signature(str(i), sig, article_time(article))
        copies += decision.is_copy
        most = max(most, len(detector))
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "window_days": window_days,
        "copies_found": copies,
        "most_articles_in_window": most,
        "in_window_at_end": len(detector),
        "rss_before_detector_mib": base_rss,
    }


def run_datasketch(articles: list, window_days: float) -> dict:
    from datasketch import MinHash, MinHashLSH

    tokens = [body_words(a) for a in articles]
    base_rss = peak_rss_mib()
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    hits = 0
    started = time.perf_counter()
    for i, words in enumerate(tokens):
        size = min(SHINGLE_SIZE, len(words)) or 1
        grams = {" ".join(words[j : j + size]).encode() for j in range(len(words) - size + 1)}
        m = MinHash(num_perm=128)
        m.update_batch(list(grams))
        hits += bool(lsh.query(m))
        lsh.insert(str(i), m)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "articles_with_candidates": hits, "rss_before_lsh_mib": base_rss}


def run_stories(articles: list, window_days: float) -> dict:
    clusterer = StoryClusterer()
    started = time.perf_counter()
    for i, article in enumerate(articles):
        clusterer.add(str(i), article)
    return {"seconds": time.perf_counter() - started, "open_stories_at_end": len(clusterer)}


def run_phase(phase: str, data: Path, limit: int, window_days: float) -> dict:
    articles = load_articles(data, limit)
    result = globals()[f"run_{phase}"](articles, window_days)
    result["articles"] = len(articles)
    result["articles_per_second"] = round(len(articles) / result["seconds"], 1)
    result["seconds"] = round(result["seconds"], 2)
    result["peak_rss_mib"] = peak_rss_mib()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=data_dir())
    parser.add_argument("--limit", type=int, default=0, help="use the first N articles only")
    parser.add_argument("--phases", default=",".join(PHASES))
    parser.add_argument("--window-days", type=float, default=7.0, help="copy detection window")
    parser.add_argument("--phase", help=argparse.SUPPRESS)  # one phase, in a child process
    args = parser.parse_args()
    if not (args.data / "saudinewsnet").exists():
        raise SystemExit(f"data not found: {args.data} (set MARSAD_SHARED or pass --data)")
    if args.phase:
        print(json.dumps(run_phase(args.phase, args.data, args.limit, args.window_days)))
        return
    results = {}
    for phase in args.phases.split(","):
        command = [sys.executable, __file__, "--phase", phase, "--data", str(args.data)]
        command += ["--limit", str(args.limit), "--window-days", str(args.window_days)]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        results[phase] = json.loads(output.strip().splitlines()[-1])
    if "copies" in results and "datasketch" in results:
        ours, theirs = results["copies"]["seconds"], results["datasketch"]["seconds"]
        results["copies_speedup_vs_datasketch"] = round(theirs / ours, 2) if ours else None
    if "copies" in results and "tokenize" in results:
        total = results["copies"]["seconds"] + results["tokenize"]["seconds"]
        results["copies_with_tokenize_articles_per_second"] = round(results["copies"]["articles"] / total, 1)
    print(json.dumps({"bench": "dedup"} | results))


if __name__ == "__main__":
    main()
