"""Word clusters for the NER features, learned from unlabelled Apache-2.0 news text.

Words that occur in similar contexts (left and right neighbours) get the same cluster id, so
the tagger can generalize from a name it saw in training to one it did not. Vectors are the
positive PMI of each word with the most frequent context words at offsets -2..+2, reduced by
truncated SVD and grouped by k-means at several granularities (like Brown-cluster prefixes).

Sources: ANT v1.1 (Apache-2.0) article titles and bodies and ANS (Apache-2.0) headlines, both
from ``../shared/data``. Needs the ``train`` extra (numpy, scipy, scikit-learn).
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from marsad.text import words

_ANT_TEXT = re.compile(r"<TITLE>(.*?)</TITLE>.*?<TEXT>(.*?)</TEXT>", re.S)
CONTEXT_OFFSETS = (-2, -1, 1, 2)
GRANULARITIES = (32, 128, 512)


def read_unlabelled(shared_data: Path) -> Iterator[list[str]]:
    """Normalized word sequences (one per line) from ANT and ANS."""
    for path in sorted((shared_data / "ant").glob("*/*.txt")):
        match = _ANT_TEXT.search(path.read_text(encoding="utf-8", errors="replace"))
        if match:
            for line in (match.group(1) + "\n" + match.group(2)).splitlines():
                if line.strip():
                    yield words(line)
    for name in ("train.csv", "dev.csv"):
        path = shared_data / "ans" / name
        if path.exists():
            with open(path, encoding="utf-8") as handle:
                for row in csv.DictReader(handle):
                    for column in ("s1", "s2"):
                        yield words(row.get(column) or "")


def learn_clusters(
    lines: list[list[str]],
    min_count: int = 4,
    contexts: int = 1500,
    dims: int = 80,
    seed: int = 13,
) -> dict[str, str]:
    """Map each word seen ``min_count`` times to ``"a.b.c"``: its cluster at each granularity."""
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.linalg import svds
    from sklearn.cluster import MiniBatchKMeans

    counts = Counter(w for line in lines for w in line)
    vocab = [w for w, c in counts.most_common() if c >= min_count]
    row_of = {w: i for i, w in enumerate(vocab)}
    col_of = {w: i for i, w in enumerate(vocab[:contexts])}
    pairs: Counter[tuple[int, int]] = Counter()
    for line in lines:
        for i, word in enumerate(line):
            row = row_of.get(word)
            if row is None:
                continue
            for k, off in enumerate(CONTEXT_OFFSETS):
                j = i + off
                if 0 <= j < len(line) and line[j] in col_of:
                    pairs[row, k * contexts + col_of[line[j]]] += 1
    keys = np.array(list(pairs.keys()))
    values = np.array(list(pairs.values()), dtype=np.float64)
    shape = (len(vocab), len(CONTEXT_OFFSETS) * contexts)
    matrix = coo_matrix((values, (keys[:, 0], keys[:, 1])), shape=shape).tocsr()
    total = matrix.sum()
    row_sums = np.asarray(matrix.sum(axis=1)).ravel()
    col_sums = np.asarray(matrix.sum(axis=0)).ravel() ** 0.75  # context smoothing
    col_sums *= total / col_sums.sum()
    coo = matrix.tocoo()
    pmi = np.log(coo.data * total / (row_sums[coo.row] * col_sums[coo.col]))
    ppmi = coo_matrix((np.maximum(pmi, 0), (coo.row, coo.col)), shape=shape).tocsr()
    u, s, _ = svds(ppmi, k=dims, random_state=seed)
    vectors = u * np.sqrt(s)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    labels = []
    for k in GRANULARITIES:
        km = MiniBatchKMeans(n_clusters=k, random_state=seed, n_init=3, batch_size=4096)
        labels.append(km.fit_predict(vectors))
    return {w: ".".join(str(lab[i]) for lab in labels) for i, w in enumerate(vocab)}
