"""Copy detection and same-story decisions: quality on ANS and on labelled SaudiNewsNet pairs.

Three measurements, printed as one JSON object on the last line:

1. ``ans``: the same-story decision of :func:`marsad.dedup.compare` on ANS headline pairs
   (dev split; ``agree`` = same story, ``disagree`` = lexically close contradiction,
   ``other``). Document frequencies come from the ANS train titles. Baselines on the same
   pairs: calling every pair same-story, and word-set Jaccard (what MinHash estimates) at
   its best threshold, both the threshold chosen on train and the oracle one on dev.
2. ``copies``: :class:`marsad.dedup.CopyDetector` replayed over all SaudiNewsNet in crawl
   order, scored on the ``copy`` labels of each labelled pair set (a pair is predicted a
   copy when both articles end in the same copy group): ``snn_pairs`` (the development
   set the copy rule was tuned on) and ``snn_pairs-heldout`` (drawn and labelled before
   the last rule changes, never tuned on: the honest figure).
3. ``collapsed``: the share of SaudiNewsNet (and ANT) articles found to be copies.

Example:
    python eval/dedup.py
    python eval/dedup.py --data /path/to/shared/data
    python eval/dedup.py --skip-ans --no-ant --errors   # copies only, wrong pairs on stderr
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dedup_data import (
    data_dir,
    load_ans,
    load_ant,
    load_snn,
    pair_metrics,
    pair_sets,
    prf,
    require,
)

from marsad.dedup import CopyDetector, DocumentFrequencies, compare
from marsad.dedup.fingerprint import overlap, signature, words_ar
from marsad.dedup.vectors import article_terms
from marsad.models import Article


def title_article(title: str) -> Article:
    return Article(title=title, body=[], language="ar")


def word_jaccard(a: str, b: str) -> float:
    sa, sb = set(words_ar(a)), set(words_ar(b))
    return len(sa & sb) / len(sa | sb) if sa | sb else 0.0


def best_threshold(scores: list[float], gold: list[bool]) -> tuple[float, dict]:
    """The threshold maximizing F1 of ``score >= t`` (scanned over observed scores)."""
    best = (0.0, prf(0, 0, sum(gold)))
    for t in sorted(set(scores)):
        tp = sum(1 for s, g in zip(scores, gold, strict=True) if s >= t and g)
        fp = sum(1 for s, g in zip(scores, gold, strict=True) if s >= t and not g)
        fn = sum(1 for s, g in zip(scores, gold, strict=True) if s < t and g)
        result = prf(tp, fp, fn)
        if result["f1"] > best[1]["f1"]:
            best = (t, result)
    return best


def at_threshold(scores: list[float], gold: list[bool], t: float) -> dict:
    tp = sum(1 for s, g in zip(scores, gold, strict=True) if s >= t and g)
    fp = sum(1 for s, g in zip(scores, gold, strict=True) if s >= t and not g)
    return prf(tp, fp, sum(gold) - tp)


def evaluate_ans(root: Path) -> dict:
    train = load_ans(require(root / "ans" / "train.csv"))
    dev = load_ans(require(root / "ans" / "dev.csv"))
    df = DocumentFrequencies()
    for s1, s2, _ in train:
        df.add(article_terms(title_article(s1)))
        df.add(article_terms(title_article(s2)))
    gold = [stance == "agree" for _, _, stance in dev]
    results = [compare(title_article(s1), title_article(s2), frequencies=df) for s1, s2, _ in dev]
    predicted = [r.decision != "different" for r in results]
    tp = sum(p and g for p, g in zip(predicted, gold, strict=True))
    fp = sum(p and not g for p, g in zip(predicted, gold, strict=True))
    train_gold = [stance == "agree" for _, _, stance in train]
    jac_train = [word_jaccard(s1, s2) for s1, s2, _ in train]
    jac_dev = [word_jaccard(s1, s2) for s1, s2, _ in dev]
    t_train, _ = best_threshold(jac_train, train_gold)
    t_oracle, oracle = best_threshold(jac_dev, gold)
    by_stance = Counter((stance, r.decision) for (_, _, stance), r in zip(dev, results, strict=True))
    return {
        "pairs": len(dev),
        "stances": dict(Counter(stance for _, _, stance in dev)),
        "compare": prf(tp, fp, sum(gold) - tp),
        "compare_decisions_by_stance": {f"{s}->{d}": n for (s, d), n in sorted(by_stance.items())},
        "baseline_all_same_story": prf(sum(gold), len(gold) - sum(gold), 0),
        "baseline_word_jaccard_train_threshold": {"threshold": round(t_train, 4)}
        | at_threshold(jac_dev, gold, t_train),
        "baseline_word_jaccard_oracle_dev_threshold": {"threshold": round(t_oracle, 4)} | oracle,
    }


def detect_copies(articles: list[Article]) -> tuple[dict[str, str], Counter, float]:
    detector = CopyDetector()
    groups: dict[str, str] = {}
    kinds: Counter = Counter()
    started = time.perf_counter()
    for i, article in enumerate(articles):
        key = article.url or f"#{i}"
        decision = detector.add(key, article)
        groups[key] = decision.group_id
        kinds[decision.kind] += 1
    return groups, kinds, time.perf_counter() - started


def collapsed(kinds: Counter, total: int) -> dict:
    copies = kinds["exact"] + kinds["near"]
    return {
        "articles": total,
        "copies": copies,
        "exact": kinds["exact"],
        "near": kinds["near"],
        "share_collapsed": round(copies / total, 4) if total else 0.0,
    }


def print_errors(name: str, pairs: list[dict], groups: dict[str, str], articles: list[Article]) -> None:
    """Each wrongly decided pair of a set, with its shingle overlap, on stderr."""
    by_url = {a.url: a for a in articles}
    for pair in pairs:
        gold, pred = pair["label"] == "copy", groups[pair["a"]] == groups[pair["b"]]
        if gold != pred:
            sa, sb = signature(by_url[pair["a"]]), signature(by_url[pair["b"]])
            jac, cont = overlap(sa.shingles, sb.shingles)
            kind = "FN" if gold else "FP"
            print(
                f"{name} {kind} J={jac:.3f} C={cont:.3f} words={sa.n_words}/{sb.n_words} "
                f"{pair['label']}: {pair['reason']}\n  {pair['a']}\n  {pair['b']}",
                file=sys.stderr,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=data_dir(), help="the shared data folder")
    parser.add_argument("--pairs", type=Path, action="append", help="a labelled pairs file (default: both SNN sets)")
    parser.add_argument("--no-ant", action="store_true", help="skip the ANT collapse count")
    parser.add_argument("--skip-ans", action="store_true", help="skip the ANS headline pairs")
    parser.add_argument("--errors", action="store_true", help="print the wrong copy pairs on stderr")
    args = parser.parse_args()
    ans = None if args.skip_ans else evaluate_ans(args.data)
    articles = load_snn(require(args.data / "saudinewsnet"))
    groups, kinds, seconds = detect_copies(articles)
    sets = pair_sets(args.pairs)
    copies = {}
    for name, pairs in sets.items():
        copies[name] = pair_metrics(pairs, groups, {"copy"}) | {"labelled_pairs": len(pairs)}
        if args.errors:
            print_errors(name, pairs, groups, articles)
    result = {
        "eval": "dedup",
        "ans": ans,
        "copies": copies,
        "collapsed_saudinewsnet": collapsed(kinds, len(articles)),
        "copy_detection_seconds": round(seconds, 1),
    }
    if not args.no_ant and (args.data / "ant").exists():
        ant = load_ant(args.data / "ant")
        ant.sort(key=lambda a: a.published.day if a.published else a.provenance.file or "")
        _, ant_kinds, _ = detect_copies(ant)
        result["collapsed_ant"] = collapsed(ant_kinds, len(ant))
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
