"""Score the shipped topic model on held-out ANT months, with a TF-IDF + linear SVM baseline.

The test set is the documents of ``--data`` dated after ``--last-train`` (default 2016-12, so
2017-01..02 on ANT); ``--all`` scores every document of ``--data`` instead (for a separate
folder in the ANT layout). The baseline is trained on the documents of ``--train-data``
dated up to ``--last-train``, the same period the shipped model was trained on.

Prints accuracy, macro-F1 and per-class F1 for both; the last line is one JSON object.
Usage: ``python eval/topic.py [--data DIR] [--all]``
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import accuracy_score, f1_score
from sklearn.svm import LinearSVC

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from marsad.enrich.topic import TOPIC_LABELS, TOPIC_MODEL_VERSION, classify_topic
from train.ant_corpus import default_ant_dir, iter_ant, split_by_month


def score_labels(gold: list[str], predicted: list[str]) -> dict:
    """Accuracy, macro-F1 over the labels present in gold, and per-class F1."""
    present = sorted(set(gold))
    per_class = f1_score(gold, predicted, labels=present, average=None, zero_division=0)
    return {
        "accuracy": round(accuracy_score(gold, predicted), 4),
        "macro_f1": round(f1_score(gold, predicted, labels=present, average="macro", zero_division=0), 4),
        "per_class_f1": {label: round(float(f), 4) for label, f in zip(present, per_class, strict=True)},
    }


def describe_calibration(gold: list[str], outputs: list[tuple[str, float]]) -> dict:
    """Mean confidence beside accuracy, overall and for the confident (>= 0.7) predictions."""
    confident = [(g, o) for g, o in zip(gold, outputs, strict=True) if o[1] >= 0.7]
    return {
        "mean_confidence": round(sum(c for _, c in outputs) / len(outputs), 4),
        "share_confident": round(len(confident) / len(outputs), 4),
        "accuracy_confident": round(sum(g == o[0] for g, o in confident) / len(confident), 4) if confident else None,
    }


def predict_baseline(train_docs: list, test_docs: list) -> list[str]:
    """A plain TF-IDF (words) + LinearSVC over title and body, default settings."""
    vectorizer = TfidfVectorizer(sublinear_tf=True)
    x_train = vectorizer.fit_transform(_text(d) for d in train_docs)
    clf = LinearSVC().fit(x_train, [d.label for d in train_docs])
    return list(clf.predict(vectorizer.transform(_text(d) for d in test_docs)))


def _text(doc) -> str:
    return doc.title + "\n" + "\n".join(doc.body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_ant_dir())
    parser.add_argument("--train-data", type=Path, default=default_ant_dir())
    parser.add_argument("--last-train", default="2016-12")
    parser.add_argument("--all", action="store_true", help="score every document of --data")
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"no ANT-layout folder at {args.data}")
    docs = [d for d in iter_ant(args.data) if d.title or d.body]
    test = docs if args.all else split_by_month(docs, args.last_train)[1]
    test = [d for d in test if d.label in TOPIC_LABELS]
    train = [d for d in split_by_month(list(iter_ant(args.train_data)), args.last_train)[0] if d.title or d.body]
    gold = [d.label for d in test]
    started = time.time()
    outputs = [classify_topic(d.title, d.body) for d in test]
    elapsed = time.time() - started
    predicted = [label for label, _ in outputs]
    report = {
        "model": TOPIC_MODEL_VERSION,
        "test_docs": len(test),
        "train_docs_baseline": len(train),
        "marsad": score_labels(gold, predicted),
        "baseline_tfidf_svm": score_labels(gold, predict_baseline(train, test)),
        "marsad_docs_per_s": round(len(test) / elapsed, 1) if elapsed else None,
        "calibration": describe_calibration(gold, outputs),
    }
    for name in ("marsad", "baseline_tfidf_svm"):
        scores = report[name]
        print(f"{name:20s} accuracy {scores['accuracy']:.4f}  macro-F1 {scores['macro_f1']:.4f}")
        for label, f in scores["per_class_f1"].items():
            print(f"    {label:14s} {f:.4f}")
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
