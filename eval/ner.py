"""Score marsad's shipped NER model: entity-level P/R/F1 (exact span and type, CoNLL style).

Usage:
    python eval/ner.py                 # the held-out last 10% of CLEANANERCorp TRAIN
    python eval/ner.py --data FILE     # every sentence of any ``token label`` file

Prints per-type lines, then the metrics as one JSON object on the last line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from marsad.enrich.ner import NER_MODEL_VERSION, load_model, tag_words
from marsad.enrich.ner_data import read_conll, score_entities, split_sentences

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MARSAD_SHARED", ROOT / ".." / "shared"))
DEFAULT_DATA = SHARED / "data" / "cleananercorp" / "cleananercorp_TRAIN.txt"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data", type=Path, default=None, help="a token-label file to score whole (default: held-out part)"
    )
    args = parser.parse_args(argv)
    path = args.data or DEFAULT_DATA
    if not path.exists():
        print(f"data not found: {path}", file=sys.stderr)
        return 2
    sentences = read_conll(path)
    part = "all"
    if args.data is None:
        sentences, part = split_sentences(sentences).heldout, "heldout"
    load_model()
    started = time.perf_counter()
    predicted = [tag_words([w for w, _ in s]) for s in sentences]
    seconds = time.perf_counter() - started
    scores = score_entities([[lab for _, lab in s] for s in sentences], predicted)
    for name, row in scores.items():
        print(f"{name:8} P={row['precision']:.4f} R={row['recall']:.4f} F1={row['f1']:.4f} n={row['support']}")
    result = {
        "model": NER_MODEL_VERSION,
        "data": str(path.name),
        "part": part,
        "sentences": len(sentences),
        "tokens": sum(len(s) for s in sentences),
        "tag_seconds": round(seconds, 2),
        **{name: row for name, row in scores.items()},
    }
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
