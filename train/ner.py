"""Train marsad's NER model (a CRFsuite CRF) on CLEANANERCorp with ANERGazet features.

Usage:
    python train/ner.py --tune      # grid over c1/c2, trained on train, scored on dev only
    python train/ner.py             # final model on train+dev, written to the package

Needs the ``train`` extra (``pip install -e '.[train]'``) for the word clusters.

The held-out last 10% of sentences (``marsad.enrich.ner_data.split_sentences``) is never read
here except to count it. Outputs go to ``src/marsad/enrich/models/``: ``ner.crfsuite``,
``ner_lexicon.json`` and ``ner_model.json`` (provenance: data hashes, split, parameters,
training time, model hash).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import pycrfsuite

from marsad.enrich.ner import (
    LEXICON_FILE,
    META_FILE,
    MODEL_FILE,
    NER_MODEL_VERSION,
    open_model,
    tag_words,
)
from marsad.enrich.ner_data import Sentence, read_conll, score_entities, split_sentences
from marsad.enrich.ner_features import (
    Lexicon,
    expand_sentence,
    featurize_tokens,
    read_gazetteer,
)
from marsad.text import normalize_ar

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ner_clusters import learn_clusters, read_unlabelled

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MARSAD_SHARED", ROOT / ".." / "shared"))
DEFAULT_DATA = SHARED / "data" / "cleananercorp" / "cleananercorp_TRAIN.txt"
DEFAULT_GAZETTEERS = SHARED / "data" / "anergazet"
DEFAULT_OUT = ROOT / "src" / "marsad" / "enrich" / "models"
GAZETTEER_FILES = {
    "LOC": "AlignedLocGazetteer.txt",
    "ORG": "AlignedOrgGazetteer.txt",
    "PERS": "AlignedPersGazetteer.txt",
}
CLITIC_LETTERS = "وفبلك"
TUNING_GRID = [(0.1, 0.05), (0.3, 0.2), (0.05, 0.5)]  # (c1, c2); see NER_MODEL.md


def build_lexicon(gazetteers: Path, sentences: Sequence[Sentence], clusters: dict[str, str]) -> Lexicon:
    """Gazetteer entries, word clusters and the words that name entities in ``sentences``."""
    lexicon = Lexicon(clusters=clusters)
    for kind, name in GAZETTEER_FILES.items():
        read_gazetteer(gazetteers / name, kind, lexicon)
    names = {normalize_ar(w) for s in sentences for w, label in s if label != "O"}
    lexicon.names = {n for n in names if len(n) > 1 and not _is_clitic_form(n, names)}
    return lexicon


def _is_clitic_form(norm: str, names: set[str]) -> bool:
    """واسرائيل when اسرائيل is also a name: keep the bare form only."""
    for width in (1, 2):
        head, rest = norm[:width], norm[width:]
        if all(c in CLITIC_LETTERS for c in head) and (rest in names or rest.startswith("ال")):
            return True
    return False


def train_model(
    sentences: Sequence[Sentence],
    lexicon: Lexicon,
    out: Path,
    c1: float,
    c2: float,
    iterations: int,
) -> float:
    """Train and write the model files into ``out``; returns training seconds."""
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    for sentence in sentences:
        tokens, labels, _ = expand_sentence([w for w, _ in sentence], [lab for _, lab in sentence])
        trainer.append(featurize_tokens(tokens, lexicon), labels)
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": iterations,
            "feature.possible_transitions": True,
        }
    )
    trainer.train(str(out / MODEL_FILE))
    seconds = time.perf_counter() - started
    (out / LEXICON_FILE).write_text(lexicon.to_json() + "\n", encoding="utf-8")
    (out / META_FILE).write_text(json.dumps({"version": NER_MODEL_VERSION}), encoding="utf-8")
    return seconds


def score_model(folder: Path, sentences: Sequence[Sentence]) -> dict[str, dict[str, float]]:
    """Entity-level scores of the model in ``folder`` on ``sentences``."""
    model = open_model(folder)
    predicted = [tag_words([w for w, _ in s], model) for s in sentences]
    return score_entities([[lab for _, lab in s] for s in sentences], predicted)


def build_clusters(shared_data: Path) -> tuple[dict[str, str], dict[str, int]]:
    """Word clusters from the unlabelled Apache-2.0 text, and counts for the provenance."""
    lines = list(read_unlabelled(shared_data))
    clusters = learn_clusters(lines)
    stats = {"lines": len(lines), "tokens": sum(map(len, lines)), "vocabulary": len(clusters)}
    return clusters, stats


def tune(args: argparse.Namespace, train: list[Sentence], dev: list[Sentence]) -> None:
    """Score each grid point on the dev part; prints one JSON line per point."""
    clusters, _ = build_clusters(args.unlabelled)
    lexicon = build_lexicon(args.gazetteers, train, clusters)
    for c1, c2 in TUNING_GRID:
        with tempfile.TemporaryDirectory() as tmp:
            seconds = train_model(train, lexicon, Path(tmp), c1, c2, args.iterations)
            scores = score_model(Path(tmp), dev)
        print(
            json.dumps(
                {"c1": c1, "c2": c2, "iterations": args.iterations, "train_s": round(seconds, 1), "dev": scores}
            ),
            flush=True,
        )


def train_final(args: argparse.Namespace, split_parts: dict[str, list[Sentence]]) -> None:
    """Train on train+dev and write the shipped model with its provenance."""
    sentences = split_parts["train"] + split_parts["dev"]
    started = time.perf_counter()
    clusters, cluster_stats = build_clusters(args.unlabelled)
    cluster_seconds = time.perf_counter() - started
    lexicon = build_lexicon(args.gazetteers, sentences, clusters)
    seconds = train_model(sentences, lexicon, args.out, args.c1, args.c2, args.iterations)
    meta = {
        "version": NER_MODEL_VERSION,
        "algorithm": "CRFsuite linear-chain CRF, L-BFGS",
        "params": {"c1": args.c1, "c2": args.c2, "max_iterations": args.iterations},
        "data": {"file": args.data.name, "sha256": _sha256(args.data), "licence": "GPL-3.0"},
        "gazetteers": {n: _sha256(args.gazetteers / n) for n in GAZETTEER_FILES.values()},
        "clusters": {
            "sources": ["ant (Apache-2.0)", "ans (Apache-2.0)"],
            **cluster_stats,
            "seconds": round(cluster_seconds, 1),
        },
        "split": {part: len(s) for part, s in split_parts.items()},
        "trained_on": ["train", "dev"],
        "train_seconds": round(seconds, 1),
        "model_sha256": _sha256(args.out / MODEL_FILE),
        "model_bytes": (args.out / MODEL_FILE).stat().st_size,
        "lexicon_sha256": _sha256(args.out / LEXICON_FILE),
    }
    (args.out / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(meta))


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--gazetteers", type=Path, default=DEFAULT_GAZETTEERS)
    parser.add_argument(
        "--unlabelled", type=Path, default=SHARED / "data", help="folder holding ant/ and ans/ (word clusters)"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--c1", type=float, default=0.1)
    parser.add_argument("--c2", type=float, default=0.05)
    parser.add_argument("--iterations", type=int, default=150)
    parser.add_argument("--tune", action="store_true", help="grid search on the dev part")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point."""
    args = parse_args(argv)
    if not args.data.exists():
        print(f"training data not found: {args.data}", file=sys.stderr)
        return 2
    split = split_sentences(read_conll(args.data))
    parts = {"train": split.train, "dev": split.dev, "heldout": split.heldout}
    if args.tune:
        tune(args, split.train, split.dev)
    else:
        train_final(args, parts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
