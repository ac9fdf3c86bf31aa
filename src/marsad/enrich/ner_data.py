"""CoNLL-style NER data: reading ``token label`` files, the fixed split, entity scoring.

The training script, the evaluation script and the tests share these so that the held-out
part is defined in exactly one place and every figure is computed the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

Sentence = list[tuple[str, str]]  # (token, BIO label)

ENTITY_TYPES = ("PERS", "ORG", "LOC", "MISC")
HELDOUT_FRACTION = 0.10  # the last 10% of sentences: never seen by training or tuning
DEV_FRACTION = 0.10  # the 10% before it: the only part hyperparameters are tuned on


@dataclass(frozen=True, slots=True)
class Split:
    """The fixed partition of a training file into train, dev and held-out sentences."""

    train: list[Sentence]
    dev: list[Sentence]
    heldout: list[Sentence]


def read_conll(path: Path | str) -> list[Sentence]:
    """Read a ``token label`` file (blank line between sentences) into sentences.

    Lines that do not split into exactly two fields are skipped.
    """
    sentences: list[Sentence] = []
    current: Sentence = []
    with open(path, encoding="utf-8-sig") as handle:
        for line in handle:
            fields = line.split()
            if not fields:
                if current:
                    sentences.append(current)
                    current = []
                continue
            if len(fields) == 2:
                current.append((fields[0], fields[1]))
    if current:
        sentences.append(current)
    return sentences


def split_sentences(sentences: Sequence[Sentence]) -> Split:
    """Split contiguously: first 80% train, next 10% dev, last 10% held out.

    Contiguous blocks (rather than every n-th sentence) keep the sentences of one news story
    on one side, so the held-out score is not inflated by near-copies of training sentences.
    """
    n = len(sentences)
    heldout_start = n - round(n * HELDOUT_FRACTION)
    dev_start = heldout_start - round(n * DEV_FRACTION)
    return Split(
        train=list(sentences[:dev_start]),
        dev=list(sentences[dev_start:heldout_start]),
        heldout=list(sentences[heldout_start:]),
    )


def extract_chunks(labels: Sequence[str]) -> set[tuple[int, int, str]]:
    """The entity chunks ``(start, end, type)`` of a BIO sequence, conlleval-style.

    An ``I-X`` that does not continue an ``X`` chunk opens a new one, as conlleval does.
    """
    chunks: set[tuple[int, int, str]] = set()
    start, kind = -1, ""
    for i, label in enumerate([*labels, "O"]):
        prefix, _, ltype = label.partition("-")
        continues = prefix == "I" and ltype == kind
        if kind and not continues:
            chunks.add((start, i, kind))
            kind = ""
        if prefix in ("B", "I") and not continues:
            start, kind = i, ltype
    return chunks


def score_entities(gold: Iterable[Sequence[str]], predicted: Iterable[Sequence[str]]) -> dict[str, dict[str, float]]:
    """Entity-level precision, recall and F1 (exact span and type), overall and per type.

    Returns ``{"overall": {...}, "PERS": {...}, ...}`` with ``precision``, ``recall``, ``f1``,
    ``support`` (gold entities) and ``predicted`` counts.
    """
    counts = {t: [0, 0, 0] for t in ("overall", *ENTITY_TYPES)}  # true pos, gold, predicted
    for gold_labels, pred_labels in zip(gold, predicted, strict=True):
        gold_chunks = extract_chunks(gold_labels)
        pred_chunks = extract_chunks(pred_labels)
        for chunk_set, slot in ((gold_chunks & pred_chunks, 0), (gold_chunks, 1), (pred_chunks, 2)):
            for chunk in chunk_set:
                counts["overall"][slot] += 1
                counts.setdefault(chunk[2], [0, 0, 0])[slot] += 1
    return {name: _prf(*c) for name, c in counts.items()}


def _prf(true_pos: int, gold: int, predicted: int) -> dict[str, float]:
    precision = true_pos / predicted if predicted else 0.0
    recall = true_pos / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "support": gold,
        "predicted": predicted,
    }
