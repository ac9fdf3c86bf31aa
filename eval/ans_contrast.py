"""Experiment: can a contrast lexicon learnt on ANS train catch ANS contradictions?

ANS ``disagree`` pairs are headlines rewritten to say the opposite ("يفتح" / "يغلق",
"يرتفع" / "ينخفض"): lexically close, so every overlap measure calls them the same story.
This learns, from ANS *train* only, (a) words that appear on one side only and almost only
in disagree pairs and (b) word pairs substituted across the two sides only in disagree
pairs; on ANS *dev* a pair is same-story when word Jaccard >= 0.15 and no cue fires. It
then counts how many labelled SaudiNewsNet pairs the same cues would veto, which is the
price on real news. (Measured: it helps on ANS and hurts on SaudiNewsNet, so marsad does not
use it; see the last-line JSON.)

Example:
    python eval/ans_contrast.py
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dedup_data import data_dir, load_ans, load_pairs, load_snn, prf, require

from marsad.dedup.fingerprint import words_ar
from marsad.text import stem_light_ar

PAIRS = Path(__file__).resolve().parent / "data" / "snn_pairs.jsonl"
JACCARD = 0.15  # the word-Jaccard threshold chosen on ANS train by eval/dedup.py


def stems(text: str) -> set[str]:
    return {stem_light_ar(w) for w in words_ar(text)}


def learn(rows, min_words: int, min_pairs: int) -> tuple[set[str], set[tuple[str, str]]]:
    word_d, word_a, pair_d, pair_a = Counter(), Counter(), Counter(), Counter()
    for s1, s2, stance in rows:
        t1, t2 = stems(s1), stems(s2)
        only1, only2 = t1 - t2, t2 - t1
        swapped = {tuple(sorted(p)) for p in itertools.product(only1, only2)}
        if stance == "disagree":
            word_d.update(only1 | only2)
            pair_d.update(swapped)
        else:
            word_a.update(only1 | only2)
            pair_a.update(swapped)
    words = {t for t, n in word_d.items() if n >= min_words and n / (n + word_a[t]) >= 0.97}
    pairs = {p for p, n in pair_d.items() if n >= min_pairs and not pair_a[p]}
    return words, pairs


def fires(a: str, b: str, words: set[str], pairs: set[tuple[str, str]]) -> bool:
    t1, t2 = stems(a), stems(b)
    only1, only2 = t1 - t2, t2 - t1
    if (only1 | only2) & words:
        return True
    return any(tuple(sorted(p)) in pairs for p in itertools.product(only1, only2))


def score_ans(dev, words, pairs) -> dict:
    tp = fp = fn = 0
    for s1, s2, stance in dev:
        t1, t2 = stems(s1), stems(s2)
        predicted = len(t1 & t2) / len(t1 | t2) >= JACCARD and not fires(s1, s2, words, pairs)
        gold = stance == "agree"
        tp += predicted and gold
        fp += predicted and not gold
        fn += gold and not predicted
    return prf(tp, fp, fn)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=data_dir())
    args = parser.parse_args()
    train = load_ans(require(args.data / "ans" / "train.csv"))
    dev = load_ans(require(args.data / "ans" / "dev.csv"))
    titles = {a.url: a.title for a in load_snn(require(args.data / "saudinewsnet"))}
    snn = load_pairs(PAIRS)
    result = {"eval": "ans_contrast", "variants": {}}
    for name, (min_words, min_pairs) in {
        "words+pairs": (4, 3),
        "pairs_only": (10**9, 3),
        "words_only": (4, 10**9),
    }.items():
        words, pairs = learn(train, min_words, min_pairs)
        vetoed = Counter(p["label"] for p in snn if fires(titles[p["a"]], titles[p["b"]], words, pairs))
        result["variants"][name] = {
            "cue_words": len(words),
            "cue_pairs": len(pairs),
            "ans_dev_same_story": score_ans(dev, words, pairs),
            "snn_pairs_vetoed_by_label": dict(vetoed),
        }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
