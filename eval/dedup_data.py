"""Loaders for the development data used by the dedup and story evaluations and bench.

The data sets live outside the repository (``../shared/data`` or ``$MARSAD_SHARED/data``)
and are read at run time; none of their text is committed.
"""

from __future__ import annotations

import csv
import gzip
import json
import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from marsad.models import Article, Provenance, PublishedDate

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """The shared data folder: ``$MARSAD_SHARED`` or ``../shared`` beside the repository."""
    env = os.environ.get("MARSAD_SHARED")
    return Path(env) if env else (REPO / ".." / "shared").resolve()


def data_dir() -> Path:
    """``<shared>/data``."""
    return shared_dir() / "data"


def split_paragraphs(content: str) -> list[str]:
    """Body paragraphs of a plain-text article (one per non-empty line)."""
    return [p.strip() for p in content.splitlines() if p.strip()]


def snn_article(record: dict) -> Article:
    """A SaudiNewsNet record as an Article; the crawl time is its only time."""
    fetched = datetime.strptime(record["date_extracted"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
    return Article(
        title=record.get("title") or "",
        body=split_paragraphs(record.get("content") or ""),
        source=record.get("source"),
        url=record.get("url"),
        author=record.get("author") or None,
        language="ar",
        provenance=Provenance(url=record.get("url"), format="jsonl", fetched_at=fetched),
    )


def iter_snn(folder: Path) -> Iterator[Article]:
    """Every SaudiNewsNet article under ``folder`` in file (crawl-day) order."""
    for path in sorted(folder.glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield snn_article(json.loads(line))


def load_snn(folder: Path | None = None) -> list[Article]:
    """All SaudiNewsNet articles, sorted by crawl time (a replayed feed)."""
    articles = list(iter_snn(folder or data_dir() / "saudinewsnet"))
    articles.sort(key=lambda a: a.provenance.fetched_at or datetime.min.replace(tzinfo=UTC))
    return articles


_ANT_FIELD = re.compile(r"<(TITLE|TEXT|TIME|URL|SRC)>(.*?)</\1>", re.S)


def ant_article(path: Path) -> Article:
    """One ANT TREC-style XML document as an Article."""
    fields = {m.group(1): m.group(2).strip() for m in _ANT_FIELD.finditer(path.read_text("utf-8"))}
    published = None
    raw_time = fields.get("TIME", "")
    try:
        if "T" in raw_time:
            at = datetime.fromisoformat(raw_time).astimezone(UTC)
            published = PublishedDate(at.date(), at.strftime("%H:%M"), at, "minute", raw_time)
        elif raw_time:
            day = datetime.strptime(raw_time, "%d/%m/%Y").date()
            published = PublishedDate(day, raw=raw_time)
    except ValueError:
        published = None
    return Article(
        title=fields.get("TITLE", ""),
        body=split_paragraphs(fields.get("TEXT", "")),
        published=published,
        source=fields.get("SRC"),
        url=fields.get("URL"),
        language="ar",
        provenance=Provenance(file=str(path), url=fields.get("URL"), format="trec"),
    )


def load_ant(folder: Path | None = None) -> list[Article]:
    """All ANT articles, in path order."""
    root = folder or data_dir() / "ant"
    return [ant_article(p) for p in sorted(root.glob("*/*.txt"))]


def load_ans(path: Path) -> list[tuple[str, str, str]]:
    """ANS headline pairs ``(s1, s2, stance)``."""
    with path.open(encoding="utf-8") as handle:
        return [(r["s1"], r["s2"], r["stance"]) for r in csv.DictReader(handle)]


PAIR_SETS = {
    "snn_pairs": REPO / "eval" / "data" / "snn_pairs.jsonl",
    "snn_pairs-heldout": REPO / "eval" / "data" / "snn_pairs-heldout.jsonl",
}


def pair_sets(paths: list[Path] | None) -> dict[str, list[dict]]:
    """The labelled pair sets to score, by name: ``paths`` if given, else both SNN sets
    (the development set the rules were tuned on and the held-out set they were not)."""
    chosen = {p.stem: p for p in paths} if paths else PAIR_SETS
    return {name: load_pairs(require(path)) for name, path in chosen.items()}


def load_pairs(path: Path) -> list[dict]:
    """A labelled pairs file (``eval/data/snn_pairs.jsonl``)."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def pair_metrics(pairs: list[dict], predicted: dict[str, str], positive: set[str]) -> dict:
    """Pairwise precision/recall/F1: a pair is predicted positive when both articles map to
    the same group in ``predicted``; gold positive when its label is in ``positive``."""
    tp = fp = fn = tn = 0
    for pair in pairs:
        gold = pair["label"] in positive
        pred = predicted.get(pair["a"], "a") == predicted.get(pair["b"], "b")
        tp += gold and pred
        fp += pred and not gold
        fn += gold and not pred
        tn += not gold and not pred
    return prf(tp, fp, fn) | {"tn": tn}


def prf(tp: int, fp: int, fn: int) -> dict:
    """Precision, recall and F1 (rounded) with the counts."""
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def require(path: Path) -> Path:
    """``path``, or exit with a clear message when the shared data is absent."""
    if not path.exists():
        raise SystemExit(f"data not found: {path} (set MARSAD_SHARED or pass --data)")
    return path


def main() -> None:
    """Print what the dedup evaluations would read under ``--data`` (a data check)."""
    import argparse

    parser = argparse.ArgumentParser(description="Check the data the dedup evaluations read.")
    parser.add_argument("--data", type=Path, default=data_dir(), help="the shared data folder")
    args = parser.parse_args()
    found = {
        "saudinewsnet_articles": sum(1 for _ in iter_snn(args.data / "saudinewsnet")),
        "ant_articles": len(list((args.data / "ant").glob("*/*.txt"))),
        "ans_dev_pairs": len(load_ans(args.data / "ans" / "dev.csv"))
        if (args.data / "ans" / "dev.csv").exists()
        else 0,
    }
    print(json.dumps({"eval": "dedup_data", "data": str(args.data)} | found))


if __name__ == "__main__":
    main()
