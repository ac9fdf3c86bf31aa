"""Fit the keyphrase feature weights on the tuning half of AKEC and print them.

Every candidate of every tuning document (the even-numbered half of the sorted AKEC ids,
see ``eval/keywords.py``) is labelled by whether its display form matches one of the top-10
crowd keyphrases; a logistic regression over standardized features is fitted and its
weights, rescaled to raw feature units, are printed as the ``FEATURE_WEIGHTS`` table that
``src/marsad/enrich/keywords.py`` ships (rounded to two decimals; ``--write`` rewrites that
table in place). The odd half is never read here.

Usage: ``python train/keyword_weights.py [--data DIR] [--write]``; the last line is one JSON object.
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

from keywords import load_akec, match_key

from marsad.enrich.keywords import (
    FEATURE_NAMES,
    collect_candidates,
    describe_candidates,
    load_document_frequencies,
)
from train.ant_corpus import shared_dir


def build_examples(docs: list) -> tuple[np.ndarray, np.ndarray]:
    """Feature rows and gold labels of every candidate of ``docs``."""
    frequencies = load_document_frequencies()
    rows, labels = [], []
    for _, paragraphs, gold in docs:
        gold_keys = {match_key(g) for g in gold[:10]}
        candidates = collect_candidates("", paragraphs)
        for key, features in describe_candidates(candidates, frequencies).items():
            rows.append(features)
            labels.append(match_key(candidates[key].display()) in gold_keys)
    return np.array(rows), np.array(labels)


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
    args = parser.parse_args()
    if not (args.data / "keyphrases").is_dir():
        sys.exit(f"AKEC not found at {args.data}")
    tune = load_akec(args.data)[0::2]
    x, y = build_examples(tune)
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    clf = LogisticRegression(C=1.0, max_iter=3000).fit((x - mean) / scale, y)
    weights = {n: round(float(w / s), 2) for n, w, s in zip(FEATURE_NAMES, clf.coef_[0], scale, strict=True)}
    if args.write:
        write_weights(weights)
    print(json.dumps({"tune_docs": len(tune), "candidates": len(y), "positives": int(y.sum()), "weights": weights}))


if __name__ == "__main__":
    main()
