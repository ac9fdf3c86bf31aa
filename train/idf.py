"""Build the document-frequency table that keyword extraction ships, from the ANT corpus.

For every light stem (see :func:`marsad.text.stem_light_ar`) of a normalized word, the number
of ANT documents (Apache-2.0, title + body) it occurs in; stems seen in fewer than
``--min-df`` documents are dropped (an unseen stem gets the rarest IDF at run time). The
first line records the corpus size. Output: ``src/marsad/enrich/data/df_ant.tsv.gz``.

Usage: ``python train/idf.py [--data DIR] [--out PATH] [--min-df N]``
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from marsad.text import stem_light_ar, words
from train.ant_corpus import default_ant_dir, iter_ant

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "src/marsad/enrich/data/df_ant.tsv.gz"


def count_document_frequencies(root: Path) -> tuple[int, Counter[str]]:
    """Number of documents and, per stem, how many documents contain it."""
    df: Counter[str] = Counter()
    seen_bodies: set[str] = set()
    n_docs = 0
    for doc in iter_ant(root):
        text = doc.title + "\n" + "\n".join(doc.body)
        if not doc.body or text in seen_bodies:  # ANT repeats ~195 bodies; count each once
            continue
        seen_bodies.add(text)
        n_docs += 1
        df.update({stem_light_ar(w) for w in words(text) if not w.isdigit()})
    return n_docs, df


def write_table(path: Path, n_docs: int, df: Counter[str], min_df: int) -> int:
    """Write ``#docs<TAB>N`` then ``stem<TAB>df`` lines (most frequent first); rows written."""
    rows = [(s, n) for s, n in df.most_common() if n >= min_df]
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write(f"#docs\t{n_docs}\n")
        out.writelines(f"{s}\t{n}\n" for s, n in rows)
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_ant_dir())
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--min-df", type=int, default=2)
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"ANT corpus not found at {args.data}")
    n_docs, df = count_document_frequencies(args.data)
    rows = write_table(args.out, n_docs, df, args.min_df)
    print(json.dumps({"docs": n_docs, "stems": rows, "bytes": args.out.stat().st_size}))


if __name__ == "__main__":
    main()
