"""Fit the keyphrase feature weights on the tuning half of AKEC and print them.

Every candidate of every tuning document (the even-numbered half of the sorted AKEC ids,
see ``eval/keywords.py``) is labelled by whether its display form matches one of the top-10
crowd keyphrases; a logistic regression over standardized features is fitted and its
weights, rescaled to raw feature units, are printed as the ``FEATURE_WEIGHTS`` table that
``src/marsad/enrich/keywords.py`` ships (rounded to two decimals; ``--write`` rewrites that
table in place). The odd half is never read here.

``--cv`` also prints a 5-fold cross-validated F1@10 inside the tuning half (documents dealt
into folds by position; each fold scored through the shipped selection with weights fitted on
the other four): the figure feature changes were judged by, without reading the odd half.

Usage: ``python train/keyword_weights.py [--data DIR] [--write] [--cv]``; the last line is one
JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "eval"))

from keywords import load_akec, match_key, score_document

from marsad.enrich.keywords import (
    FEATURE_NAMES,
    collect_candidates,
    describe_candidates,
    load_document_frequencies,
    select_keyphrases,
)
from train.ant_corpus import shared_dir


def build_examples(docs: list) -> list[tuple]:
    """Per document: its candidates, their keys, feature rows, gold labels and gold phrases."""
    frequencies = load_document_frequencies()
    examples = []
    for _, paragraphs, gold in docs:
        gold_keys = {match_key(g) for g in gold[:10]}
        candidates = collect_candidates("", paragraphs)
        described = describe_candidates(candidates, frequencies)
        keys = list(described)
        rows = np.array([described[key] for key in keys])
        labels = np.array([match_key(candidates[key].display()) in gold_keys for key in keys])
        examples.append((candidates, keys, rows, labels, gold))
    return examples


def fit(examples: list[tuple]) -> np.ndarray:
    """Logistic-regression weights in raw feature units (no intercept: ranking ignores it)."""
    x = np.vstack([rows for _, _, rows, _, _ in examples])
    y = np.concatenate([labels for _, _, _, labels, _ in examples])
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    clf = LogisticRegression(C=1.0, max_iter=3000).fit((x - mean) / scale, y)
    return clf.coef_[0] / scale


def f1_at_10(weights: np.ndarray, examples: list[tuple]) -> float:
    """Mean F1@10 against the top-10 gold phrases, through the shipped selection."""
    scores = []
    for candidates, keys, rows, _, gold in examples:
        predicted = select_keyphrases(candidates, dict(zip(keys, rows @ weights, strict=True)), 10)
        scores.append(score_document(predicted, gold, 10)["F1@10"])
    return float(np.mean(scores))


def cross_validate(examples: list[tuple], folds: int = 5) -> float:
    """F1@10 of each fold with weights fitted on the others, averaged over documents."""
    total = 0.0
    for i in range(folds):
        held = examples[i::folds]
        rest = [e for j, e in enumerate(examples) if j % folds != i]
        total += f1_at_10(fit(rest), held) * len(held)
    return round(total / len(examples), 4)


def write_weights(weights: dict[str, float]) -> None:
    """Replace the ``FEATURE_WEIGHTS`` table in the shipped module."""
    path = Path(__file__).resolve().parents[1] / "src/marsad/enrich/keywords.py"
    source = path.read_text(encoding="utf-8")
    start = source.index("FEATURE_WEIGHTS = {")
    end = source.index("}\n", start) + 2
    table = "".join(f'    "{name}": {value},\n' for name, value in weights.items())
    path.write_text(source[:start] + "FEATURE_WEIGHTS = {\n" + table + "}\n" + source[end:], encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=shared_dir() / "data" / "akec")
    parser.add_argument("--write", action="store_true", help="update keywords.py in place")
    parser.add_argument("--cv", action="store_true", help="also print 5-fold CV F1@10 on the tune half")
    args = parser.parse_args()
    if not (args.data / "keyphrases").is_dir():
        sys.exit(f"AKEC not found at {args.data}")
    tune = load_akec(args.data)[0::2]
    examples = build_examples(tune)
    coefficients = fit(examples)
    weights = {n: round(float(w), 2) for n, w in zip(FEATURE_NAMES, coefficients, strict=True)}
    if args.write:
        write_weights(weights)
    report = {
        "tune_docs": len(tune),
        "candidates": sum(len(keys) for _, keys, _, _, _ in examples),
        "positives": int(sum(labels.sum() for _, _, _, labels, _ in examples)),
        "tune_f1_at_10": round(f1_at_10(coefficients, examples), 4),
    }
    if args.cv:
        report["tune_cv_f1_at_10"] = cross_validate(examples)
    print(json.dumps({**report, "weights": weights}))


if __name__ == "__main__":
    main()
