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

Recombined corpus (``--articles N``): N synthetic articles streamed, never held in memory,
each a real SaudiNewsNet headline over 3-8 random real SNN paragraphs, from one of 40
sources, spread evenly over two years (about 1,370 a day for a million); 20% of them are
light-edit copies of an article from the previous three days (another source and title
half the time, a dateline added, the last paragraph dropped or a paragraph added, one to
three words replaced), so the detector has real copies to find among near-misses (random
articles share paragraphs by chance). ``copies`` and ``datasketch`` stream pre-normalized
words (each pool paragraph is normalized once, edits are applied to the words), so that,
as in the ``copies`` phase above, they time copy detection and not tokenization (measured
by ``tokenize`` on the real articles); ``stories`` streams whole articles (it tokenizes
itself). ``datasketch`` gets the same sliding window (keys older than the window are
removed) so that both sides do comparable work in bounded memory. Each phase reports
resident memory and articles held at every tenth of the stream (also printed on stderr as
it goes): flat after the first week means memory is bounded by the window, not by history.

Example:
    python bench/dedup.py
    python bench/dedup.py --limit 5000 --phases copies,datasketch
    python bench/dedup.py --articles 1000000 --phases copies,datasketch --out bench/results/dedup-1m.json
    python bench/dedup.py --articles 100000 --span-days 73 --phases stories   # the 1M density
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from collections import deque
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "eval"))
from dedup_data import data_dir, load_ant, load_snn  # noqa: E402

from marsad.dedup import CopyDetector, StoryClusterer  # noqa: E402
from marsad.dedup.fingerprint import (  # noqa: E402
    SHINGLE_SIZE,
    body_words,
    signature_of_words,
    words_ar,
)
from marsad.dedup.window import article_time  # noqa: E402
from marsad.models import Article, Provenance  # noqa: E402

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
        sig = signature_of_words(words)
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


SEED = 20260101
START = datetime(2014, 1, 1, tzinfo=UTC)
SPAN = timedelta(days=730)
COPY_SHARE = 0.2
SOURCES = [f"source{i:02d}" for i in range(40)]
DATELINES = ["الرياض - واس", "جدة - واس", "الدمام - واس", "أبها - واس", "مكة المكرمة - واس"]


def pools(data: Path) -> tuple[list[str], list[str]]:
    """Real SNN headlines and body paragraphs (6 words or more) to recombine."""
    titles, paragraphs = [], []
    for article in load_snn(data / "saudinewsnet"):
        if article.title.strip():
            titles.append(article.title)
        paragraphs.extend(p for p in article.body if len(p.split()) >= 6)
    return titles, paragraphs


Item = tuple[datetime, Article | None, list[str], bool]


def recombined(data: Path, n: int, seed: int = SEED, with_text: bool = False, span: timedelta = SPAN) -> Iterator[Item]:
    """``n`` synthetic articles in time order: ``(when, article, words, made_as_copy)``.

    ``words`` are the normalized body words: pool paragraphs are normalized once and the
    edits are made on the words. ``article`` (the text) is built only ``with_text``.
    """
    rng = random.Random(seed)
    titles, paragraphs = pools(data)
    para_words = [words_ar(p) for p in paragraphs]
    vocabulary = [w for words in para_words[:5000] for w in words]
    recent: deque[tuple[datetime, str, list[int]]] = deque()
    step = span / max(n, 1)
    for i in range(n):
        when = START + step * i
        while recent and recent[0][0] < when - timedelta(days=3):
            recent.popleft()
        made_copy = bool(recent) and rng.random() < COPY_SHARE
        edited: dict[int, list[str]] = {}
        dateline = ""
        if made_copy:
            _, title, picks = recent[rng.randrange(len(recent))]
            title, picks, edits, dateline = light_edit(rng, title, picks, titles, len(paragraphs))
            for k, count in edits.items():
                words = list(para_words[picks[k]])
                for _ in range(count):
                    words[rng.randrange(len(words))] = rng.choice(vocabulary)
                edited[k] = words
        else:
            title = rng.choice(titles)
            picks = rng.sample(range(len(paragraphs)), rng.randint(3, 8))
            recent.append((when, title, picks))
        words = [w for k, p in enumerate(picks) for w in edited.get(k, para_words[p])]
        article = None
        if with_text:
            body = [" ".join(edited[k]) if k in edited else paragraphs[p] for k, p in enumerate(picks)]
            if dateline:
                body[0] = f"{dateline} {body[0]}"
            article = Article(
                title=title,
                body=body,
                source=rng.choice(SOURCES),
                url=f"https://example.org/{i}",
                language="ar",
                provenance=Provenance(fetched_at=when),
            )
        yield when, article, words, made_copy


def light_edit(
    rng: random.Random, title: str, picks: list[int], titles: list[str], n_paragraphs: int
) -> tuple[str, list[int], dict[int, int], str]:
    """Another outlet's run of the same text: what copy detection must see through.

    Returns the title, the paragraph picks, how many words to replace in which paragraph,
    and a dateline to put in front (cleaning removes it again).
    """
    picks = list(picks)
    if rng.random() < 0.5:
        title = rng.choice(titles)
    dateline = rng.choice(DATELINES) if rng.random() < 0.5 else ""
    if len(picks) > 3 and rng.random() < 0.3:
        picks.pop()
    elif rng.random() < 0.3:
        picks.append(rng.randrange(n_paragraphs))
    edits: dict[int, int] = {}
    for _ in range(rng.randint(1, 3)):
        k = rng.randrange(len(picks))
        edits[k] = edits.get(k, 0) + 1
    return title, picks, edits, dateline


def current_rss_mib() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return round(pages * resource.getpagesize() / 2**20, 1)


def stream_phase(phase: str, data: Path, n: int, window_days: float, span_days: float = 730.0) -> dict:
    """One phase over the recombined stream: tokenization and the phase itself timed apart."""
    window = timedelta(days=window_days)
    stream = recombined(data, n, with_text=phase == "stories", span=timedelta(days=span_days))
    base_rss = current_rss_mib()
    checkpoints, work_s = [], 0.0
    found = made = agree = 0
    if phase == "copies":
        detector = CopyDetector(window=window)
    elif phase == "datasketch":
        from datasketch import MinHash, MinHashLSH

        lsh = MinHashLSH(threshold=0.5, num_perm=128)
        held: deque[tuple[datetime, str]] = deque()
    elif phase == "stories":
        clusterer = StoryClusterer()
    else:
        raise SystemExit(f"no streaming phase {phase}")
    started = time.perf_counter()
    for i, (when, article, words, made_copy) in enumerate(stream):
        key = str(i)
        t0 = time.perf_counter()
        if phase == "stories":
            clusterer.add(key, article)
            held_now = len(clusterer)
        elif phase == "copies":
            decision = detector.add_signature(key, signature_of_words(words), when)
            found += decision.is_copy
            agree += decision.is_copy and made_copy
            held_now = len(detector)
        else:
            size = min(SHINGLE_SIZE, len(words)) or 1
            grams = {" ".join(words[j : j + size]).encode() for j in range(len(words) - size + 1)}
            m = MinHash(num_perm=128)
            m.update_batch(list(grams))
            hit = bool(lsh.query(m))
            lsh.insert(key, m)
            held.append((when, key))
            while held[0][0] < when - window:
                lsh.remove(held.popleft()[1])
            found += hit
            agree += hit and made_copy
            held_now = len(held)
        work_s += time.perf_counter() - t0
        made += made_copy
        if (i + 1) % max(n // 10, 1) == 0:
            point = {
                "articles": i + 1,
                "seconds": round(time.perf_counter() - started, 1),
                "seconds_phase": round(work_s, 1),
                "held_in_window": held_now,
                "rss_mib": current_rss_mib(),
            }
            checkpoints.append(point)
            print(json.dumps({"phase": phase} | point), file=sys.stderr, flush=True)
    total = time.perf_counter() - started
    result = {
        "articles": n,
        "window_days": window_days,
        "span_days": span_days,
        "seconds_total": round(total, 1),
        "seconds_phase": round(work_s, 1),
        "articles_per_second_phase": round(n / work_s, 1) if work_s else None,
        "rss_before_stream_mib": base_rss,
        "peak_rss_mib": peak_rss_mib(),
        "checkpoints": checkpoints,
    }
    if phase == "copies":
        result |= {"copies_found": found, "made_as_copies": made, "made_copies_found": agree}
    elif phase == "datasketch":
        result |= {"articles_with_candidates": found, "made_as_copies": made, "made_copies_with_candidates": agree}
    else:
        result["open_stories_at_end"] = held_now
    return result


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
    parser.add_argument("--articles", type=int, default=0, help="stream N recombined articles instead")
    parser.add_argument("--span-days", type=float, default=730.0, help="days the recombined stream spans")
    parser.add_argument("--out", type=Path, help="also write the JSON result here")
    parser.add_argument("--phase", help=argparse.SUPPRESS)  # one phase, in a child process
    args = parser.parse_args()
    if not (args.data / "saudinewsnet").exists():
        raise SystemExit(f"data not found: {args.data} (set MARSAD_SHARED or pass --data)")
    if args.phase:
        if args.articles:
            print(json.dumps(stream_phase(args.phase, args.data, args.articles, args.window_days, args.span_days)))
        else:
            print(json.dumps(run_phase(args.phase, args.data, args.limit, args.window_days)))
        return
    results: dict = {"articles": args.articles} if args.articles else {}
    phases = args.phases.split(",")
    if args.articles and args.phases == ",".join(PHASES):
        phases = ["copies", "datasketch", "stories"]
    for phase in phases:
        command = [sys.executable, __file__, "--phase", phase, "--data", str(args.data)]
        command += ["--limit", str(args.limit), "--window-days", str(args.window_days)]
        command += ["--articles", str(args.articles), "--span-days", str(args.span_days)]
        output = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True).stdout  # progress: stderr
        results[phase] = json.loads(output.strip().splitlines()[-1])
        print(json.dumps({phase: results[phase]}), file=sys.stderr, flush=True)
    seconds = "seconds_phase" if args.articles else "seconds"
    if "copies" in results and "datasketch" in results:
        ours, theirs = results["copies"][seconds], results["datasketch"][seconds]
        if args.articles:
            results["datasketch_to_copies_seconds_ratio_note"] = "phase seconds, same stream, run one after the other"
        results["copies_speedup_vs_datasketch"] = round(theirs / ours, 2) if ours else None
    if "copies" in results and "tokenize" in results:
        total = results["copies"]["seconds"] + results["tokenize"]["seconds"]
        results["copies_with_tokenize_articles_per_second"] = round(results["copies"]["articles"] / total, 1)
    line = json.dumps({"bench": "dedup"} | results)
    if args.out:
        args.out.write_text(line + "\n", encoding="utf-8")
    print(line)


if __name__ == "__main__":
    main()
