"""Benchmark NER: model load time, articles per second and peak RSS over ANT articles.

Usage:
    python bench/enrich_ner.py [--data ../shared/data/ant] [--limit 500]

Prints one JSON object on the last line.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MARSAD_SHARED", ROOT / ".." / "shared"))
_TEXT = re.compile(r"<TITLE>(.*?)</TITLE>.*?<TEXT>(.*?)</TEXT>", re.S)


def read_articles(folder: Path, limit: int) -> list[str]:
    """Title and body of the first ``limit`` ANT documents (sorted paths), as plain text."""
    texts: list[str] = []
    for path in sorted(folder.glob("*/*.txt")):
        match = _TEXT.search(path.read_text(encoding="utf-8", errors="replace"))
        if match and match.group(2).strip():
            texts.append(match.group(1).strip() + "\n\n" + match.group(2).strip())
        if len(texts) >= limit:
            break
    return texts


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SHARED / "data" / "ant")
    parser.add_argument("--limit", type=int, default=500)
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"data not found: {args.data}", file=sys.stderr)
        return 2
    texts = read_articles(args.data, args.limit)
    started = time.perf_counter()
    from marsad.enrich.ner import extract_entities, load_model

    load_model()
    load_seconds = time.perf_counter() - started
    started = time.perf_counter()
    entities = sum(len(extract_entities(text)) for text in texts)
    seconds = time.perf_counter() - started
    result = {
        "articles": len(texts),
        "characters": sum(len(t) for t in texts),
        "entities": entities,
        "model_load_s": round(load_seconds, 3),
        "seconds": round(seconds, 2),
        "articles_per_s": round(len(texts) / seconds, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
