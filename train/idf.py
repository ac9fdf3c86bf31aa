"""Build the document-frequency table that keyword extraction ships, from the ANT corpus.

For every light stem (see :func:`marsad.text.stem_light_ar`) of a normalized word, the number
of ANT documents (Apache-2.0, title + body) it occurs in, then how its occurrences are used:
how many there are, how many carry the article (``ال``, also behind و/ف/ب/ك/ل), and how many
of those follow a word with the article in the same clause (``الأزمة الاقتصادية``: the
second word is an adjective). Nouns take the article, verbs never do, adjectives follow
their noun: the keyphrase features read a word's part of speech from these shares. Stems
seen in fewer than ``--min-df`` documents are dropped (an unseen stem gets the rarest IDF at
run time). The first line records the corpus size. Output:
``src/marsad/enrich/data/df_ant.tsv.gz``.

Usage: ``python train/idf.py [--data DIR] [--out PATH] [--min-df N]``
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from marsad.text import normalize_ar, stem_light_ar
from marsad.text.tokenize import _WORD
from train.ant_corpus import default_ant_dir, iter_ant

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "src/marsad/enrich/data/df_ant.tsv.gz"


_ARTICLE = ("ال", "وال", "فال", "بال", "كال", "لل")


@dataclass
class Usage:
    """How a corpus uses its stems: document frequency and occurrence counts per stem."""

    n_docs: int = 0
    df: Counter[str] = field(default_factory=Counter)
    occurrences: Counter[str] = field(default_factory=Counter)
    definite: Counter[str] = field(default_factory=Counter)  # with the article
    after_definite: Counter[str] = field(default_factory=Counter)  # and after such a word

    def add(self, text: str) -> None:
        """Count one document."""
        self.n_docs += 1
        seen = set()
        previous_definite, previous_end = False, 0
        norm = normalize_ar(text)
        for match in _WORD.finditer(norm):
            word = match.group()
            if word.isdigit():
                previous_definite = False
                continue
            stem = stem_light_ar(word)
            seen.add(stem)
            self.occurrences[stem] += 1
            definite = word.startswith(_ARTICLE) and len(word) > 3
            if definite:
                self.definite[stem] += 1
                # a clause boundary (punctuation between the words) breaks the pair
                if previous_definite and not norm[previous_end : match.start()].strip():
                    self.after_definite[stem] += 1
            previous_definite, previous_end = definite, match.end()
        self.df.update(seen)


def count_document_frequencies(root: Path) -> Usage:
    """Stem usage over the ANT documents, each distinct body counted once."""
    usage = Usage()
    seen_bodies: set[str] = set()
    for doc in iter_ant(root):
        text = doc.title + "\n" + "\n".join(doc.body)
        if not doc.body or text in seen_bodies:  # ANT repeats ~195 bodies; count each once
            continue
        seen_bodies.add(text)
        usage.add(text)
    return usage


def write_table(path: Path, usage: Usage, min_df: int) -> int:
    """Write ``#docs<TAB>N`` then ``stem<TAB>df<TAB>occurrences<TAB>definite<TAB>after``
    lines (most frequent first, ties by stem); rows written.

    The same corpus gives the same bytes: rows are fully ordered and the gzip header carries
    no time stamp.
    """
    rows = sorted(((s, n) for s, n in usage.df.items() if n >= min_df), key=lambda row: (-row[1], row[0]))
    text = f"#docs\t{usage.n_docs}\n" + "".join(
        f"{s}\t{n}\t{usage.occurrences[s]}\t{usage.definite[s]}\t{usage.after_definite[s]}\n" for s, n in rows
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_ant_dir())
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--min-df", type=int, default=2)
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"ANT corpus not found at {args.data}")
    usage = count_document_frequencies(args.data)
    rows = write_table(args.out, usage, args.min_df)
    print(json.dumps({"docs": usage.n_docs, "stems": rows, "bytes": args.out.stat().st_size}))


if __name__ == "__main__":
    main()
