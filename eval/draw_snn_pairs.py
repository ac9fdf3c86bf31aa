"""Draw the candidate pairs of the SaudiNewsNet labelled set (``eval/data/snn_pairs.jsonl``).

Pairs are drawn, with a fixed seed, from similarity strata so that every kind of pair is
represented: exact shingle Jaccard bins (copies and trimmed copies), title-word overlap and
body-term cosine (same story, related), and random pairs crawled within 72 h of each other
(unrelated). Strata use plain features (shingle Jaccard, title overlap, term cosine) and not
the clustering under evaluation. This prints the unlabelled candidates as JSON lines; the
labels were then given by reading each pair (see ``eval/data/README.md``).

A second, held-out set is drawn the same way with another seed, leaving out every pair of
the first set (``--exclude``), so that the detector can be tuned on one set and scored on
the other.

Example:
    python eval/draw_snn_pairs.py --per-stratum 40 > /tmp/candidates.jsonl
    python eval/draw_snn_pairs.py --per-stratum 18 --random 18 --seed 20150801 \
        --exclude eval/data/snn_pairs.jsonl > /tmp/heldout-candidates.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dedup_data import data_dir, load_snn

from marsad.dedup.fingerprint import jaccard, signature, words_ar
from marsad.text import STOPWORDS_AR, stem_light_ar

SEED = 20150721
STRATA = {
    "j_ge_0.8": lambda j, t, c: j >= 0.8,
    "j_0.5_0.8": lambda j, t, c: 0.5 <= j < 0.8,
    "j_0.3_0.5": lambda j, t, c: 0.3 <= j < 0.5,
    "j_0.1_0.3": lambda j, t, c: 0.1 <= j < 0.3,
    "j_lt_0.1_title_ge_0.4": lambda j, t, c: j < 0.1 and t >= 0.4,
    "j_lt_0.1_title_0.2_0.4": lambda j, t, c: j < 0.1 and 0.2 <= t < 0.4,
    "j_lt_0.1_title_lt_0.2_cos_ge_0.4": lambda j, t, c: j < 0.1 and t < 0.2 and c >= 0.4,
    "j_lt_0.1_title_lt_0.2_cos_0.2_0.4": lambda j, t, c: j < 0.1 and t < 0.2 and 0.2 <= c < 0.4,
}


def terms(text: str) -> list[str]:
    return [stem_light_ar(w) for w in words_ar(text) if w not in STOPWORDS_AR and len(w) > 1]


def tfidf_matrix(docs: list[list[str]]) -> sparse.csr_matrix:
    vocab: dict[str, int] = {}
    rows, cols, vals = [], [], []
    for i, doc in enumerate(docs):
        for term, count in Counter(doc).items():
            rows.append(i)
            cols.append(vocab.setdefault(term, len(vocab)))
            vals.append(1.0 + np.log(count))
    m = sparse.csr_matrix((vals, (rows, cols)), shape=(len(docs), len(vocab)))
    df = np.bincount(m.indices, minlength=len(vocab))
    m = m @ sparse.diags(np.log(len(docs) / (1 + df)) + 1)
    norms = np.sqrt(m.multiply(m).sum(axis=1)).A1
    return sparse.diags(1 / np.maximum(norms, 1e-9)) @ m


def neighbour_pairs(m: sparse.csr_matrix, k: int) -> set[tuple[int, int]]:
    pairs = set()
    for start in range(0, m.shape[0], 2000):
        block = (m[start : start + 2000] @ m.T).toarray()
        for r, row in enumerate(block):
            i = start + r
            row[i] = -1
            for j in np.argpartition(-row, k)[:k]:
                if row[j] > 0.1:
                    pairs.add((min(i, j), max(i, j)))
    return pairs


def title_overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=data_dir(), help="the shared data folder")
    parser.add_argument("--per-stratum", type=int, default=40)
    parser.add_argument("--random", type=int, default=40)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "--exclude", type=Path, action="append", default=[], help="a pairs file whose pairs to leave out"
    )
    args = parser.parse_args()
    excluded = set()
    for path in args.exclude:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                excluded.add(frozenset((record["a"], record["b"])))
    articles = [a for a in load_snn(args.data / "saudinewsnet") if a.body]
    sigs = [signature(a) for a in articles]
    titles = [set(terms(a.title)) for a in articles]
    m = tfidf_matrix([terms(a.title + " " + " ".join(a.body[:3])) for a in articles])
    rng = random.Random(args.seed)
    by_stratum: dict[str, list[tuple[int, int, float, float, float]]] = {s: [] for s in STRATA}
    for i, j in sorted(neighbour_pairs(m, 15)):
        if frozenset((articles[i].url, articles[j].url)) in excluded:
            continue
        jac = jaccard(sigs[i].shingles, sigs[j].shingles)
        tov = title_overlap(titles[i], titles[j])
        cos = float(m[i].multiply(m[j]).sum())
        for name, test in STRATA.items():
            if test(jac, tov, cos):
                by_stratum[name].append((i, j, jac, tov, cos))
                break
    chosen = []
    for name, items in by_stratum.items():
        for item in rng.sample(items, min(args.per_stratum, len(items))):
            chosen.append((name, *item))
    times = [a.provenance.fetched_at for a in articles]
    while sum(1 for c in chosen if c[0] == "random_72h") < args.random:
        i, j = rng.sample(range(len(articles)), 2)
        if frozenset((articles[i].url, articles[j].url)) in excluded:
            continue
        if abs((times[i] - times[j]).total_seconds()) <= 72 * 3600:
            i, j = min(i, j), max(i, j)
            jac = jaccard(sigs[i].shingles, sigs[j].shingles)
            cos = float(m[i].multiply(m[j]).sum())
            chosen.append(("random_72h", i, j, jac, title_overlap(titles[i], titles[j]), cos))
    rng.shuffle(chosen)
    for stratum, i, j, jac, tov, cos in chosen:
        record = {
            "a": articles[i].url,
            "b": articles[j].url,
            "stratum": stratum,
            "jaccard": round(jac, 3),
            "title_overlap": round(tov, 3),
            "cosine": round(cos, 3),
        }
        print(json.dumps(record, ensure_ascii=False))


if __name__ == "__main__":
    main()
