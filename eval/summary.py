"""Score extractive summaries with ROUGE-1/2/L against the ANT ``ABSTRACT`` fields.

ROUGE is computed here on normalized word tokens (``marsad.text.words``; no stemming, no
downloads): F-measure averaged over documents. Systems: marsad's ``summarize`` with 1 and 3
sentences, and the lead baselines (first 1 and 3 sentences of the body) beside them.
Only documents with a non-empty abstract and body are scored (1,656 in ANT v1.1 here).
ANT's abstracts are nearly always the article's first sentence, so lead-1 is close to an
upper bound on this set: it measures whether marsad keeps the lead, not abstraction.

Usage: ``python eval/summary.py [--data DIR]``; the last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from marsad.enrich.summary import split_sentences_ar, summarize
from marsad.text import words
from train.ant_corpus import default_ant_dir, iter_ant


def rouge_n(candidate: list[str], reference: list[str], n: int) -> float:
    """ROUGE-N F-measure of two token lists."""
    cand = Counter(tuple(candidate[i : i + n]) for i in range(len(candidate) - n + 1))
    ref = Counter(tuple(reference[i : i + n]) for i in range(len(reference) - n + 1))
    overlap = sum((cand & ref).values())
    return _f_measure(overlap, sum(cand.values()), sum(ref.values()))


def rouge_l(candidate: list[str], reference: list[str]) -> float:
    """ROUGE-L F-measure (longest common subsequence) of two token lists."""
    if not candidate or not reference:
        return 0.0
    previous = [0] * (len(reference) + 1)
    for token in candidate:
        current = [0]
        for j, ref_token in enumerate(reference):
            current.append(previous[j] + 1 if token == ref_token else max(previous[j + 1], current[j]))
        previous = current
    return _f_measure(previous[-1], len(candidate), len(reference))


def _f_measure(overlap: int, n_candidate: int, n_reference: int) -> float:
    if not overlap:
        return 0.0
    precision, recall = overlap / n_candidate, overlap / n_reference
    return 2 * precision * recall / (precision + recall)


def lead(body: list[str], n: int) -> str:
    """The first ``n`` sentences of the body."""
    return " ".join([s for p in body for s in split_sentences_ar(p)][:n])


def score_system(summarize_doc: Callable, docs: list) -> dict[str, float]:
    """Mean ROUGE-1/2/L F-measures and mean summary length in words."""
    totals = Counter()
    for doc in docs:
        candidate, reference = words(summarize_doc(doc)), words(doc.abstract)
        totals["rouge1"] += rouge_n(candidate, reference, 1)
        totals["rouge2"] += rouge_n(candidate, reference, 2)
        totals["rougeL"] += rouge_l(candidate, reference)
        totals["words"] += len(candidate)
    return {k: round(v / len(docs), 4) for k, v in totals.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_ant_dir())
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"no ANT-layout folder at {args.data}")
    docs = [d for d in iter_ant(args.data) if d.abstract and d.body]
    systems = {
        "marsad_1": lambda d: summarize(d.title, d.body, max_sentences=1),
        "lead_1": lambda d: lead(d.body, 1),
        "marsad_3": lambda d: summarize(d.title, d.body, max_sentences=3),
        "lead_3": lambda d: lead(d.body, 3),
    }
    report: dict = {"docs": len(docs)}
    for name, system in systems.items():
        report[name] = score_system(system, docs)
        print(f"{name:10s} {report[name]}")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
