"""Evaluate the scraped text-page parser against pages with an expected parse.

Usage: ``python eval/pages.py [--data DIR] [--show N]``; DIR holds ``page-*.txt`` files,
each with ``page-*.expected.json`` (default: ``../shared/data/pages-dev``, or
``$MARSAD_SHARED/data/pages-dev``). Prints per-field accuracy and the share of pages with
every field exact, as one JSON object on its last line.

A page's field is exact when it is exact for every expected article; an article count that
differs makes every per-article field of that page wrong. Tags are scored by F1 over the tag
phrases of all articles (micro-averaged), and also as exact lists.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from marsad.models import Article
from marsad.parse.errors import ParseError
from marsad.parse.textpage import parse_text_page

FIELDS = ("title", "date", "time", "source", "tags", "body", "read_also")


def default_data_dir() -> Path:
    """``$MARSAD_SHARED/data/pages-dev``, else ``../shared`` next to the repository."""
    shared = os.environ.get("MARSAD_SHARED")
    root = Path(shared) if shared else Path(__file__).resolve().parents[1] / ".." / "shared"
    return root / "data" / "pages-dev"


def article_fields(article: Article) -> dict[str, Any]:
    """The fields of an article in the shape of the expected JSON."""
    published = article.published
    return {
        "title": article.title,
        "date": published.day.isoformat() if published else None,
        "time": published.time if published else None,
        "source": article.source,
        "tags": list(article.tags),
        "body": list(article.body),
        "read_also": list(article.read_also),
    }


def compare_page(got: list[dict[str, Any]], expected: list[dict[str, Any]]) -> dict[str, bool]:
    """Per-field exactness of one page: a field is exact when every article matches."""
    result = {
        "split": len(got) == len(expected) and [a["read_also"] for a in got] == [e["read_also"] for e in expected]
    }
    for name in FIELDS:
        result[name] = len(got) == len(expected) and all(a[name] == e[name] for a, e in zip(got, expected, strict=True))
    return result


def tag_counts(got: list[dict[str, Any]], expected: list[dict[str, Any]]) -> tuple[int, int, int]:
    """(true positives, predicted, expected) tag phrases, article by article."""
    hits = predicted = wanted = 0
    for index, exp in enumerate(expected):
        mine = got[index]["tags"] if index < len(got) else []
        hits += len(set(mine) & set(exp["tags"]))
        predicted += len(mine)
        wanted += len(exp["tags"])
    for extra in got[len(expected) :]:
        predicted += len(extra["tags"])
    return hits, predicted, wanted


def evaluate_pages(data_dir: Path | str, show: int = 0) -> dict[str, Any]:
    """Parse every page in ``data_dir`` and score it; returns the metrics dict."""
    pages = sorted(Path(data_dir).glob("page-*.txt"))
    if not pages:
        raise FileNotFoundError(f"no page-*.txt in {data_dir}")
    exact = dict.fromkeys((*FIELDS, "split"), 0)
    all_exact = all_but_tags = 0
    hits = predicted = wanted = 0
    failures: list[str] = []
    for page in pages:
        expected = json.loads(page.with_suffix(".expected.json").read_text(encoding="utf-8"))
        try:
            got = [article_fields(a) for a in parse_text_page(page.read_text(encoding="utf-8"))]
        except ParseError:
            got = []
        scores = compare_page(got, expected)
        for name, ok in scores.items():
            exact[name] += ok
        all_exact += all(scores.values())
        all_but_tags += all(ok for name, ok in scores.items() if name != "tags")
        counts = tag_counts(got, expected)
        hits, predicted, wanted = hits + counts[0], predicted + counts[1], wanted + counts[2]
        if not all(scores.values()):
            failures.append(f"{page.name}: " + ", ".join(n for n, ok in scores.items() if not ok))
    for line in failures[:show]:
        print(line, file=sys.stderr)
    total = len(pages)
    precision = hits / predicted if predicted else 1.0
    recall = hits / wanted if wanted else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "pages": total,
        **{f"{name}_acc": round(exact[name] / total, 4) for name in FIELDS if name != "tags"},
        "tags_exact": round(exact["tags"] / total, 4),
        "tags_f1": round(f1, 4),
        "read_also_split_acc": round(exact["split"] / total, 4),
        "all_exact": round(all_exact / total, 4),
        "all_exact_but_tags": round(all_but_tags / total, 4),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_data_dir(), help="pages folder")
    parser.add_argument("--show", type=int, default=0, help="print N failing pages to stderr")
    args = parser.parse_args(argv)
    print(json.dumps(evaluate_pages(args.data, show=args.show)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
