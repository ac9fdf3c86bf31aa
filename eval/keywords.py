"""Score keyphrase extraction on AKEC against the ranked crowd keyphrases.

For each document (``documents/raw``, paragraphs = lines, no title), P@5, P@10, R@10 and
F1@10 of the top-10 predictions against the top-10 and the top-20 human keyphrases
(``keyphrases/sort_lm/pure.txt``), matching after ``normalize_ar`` and whitespace collapsing;
per-document scores are averaged (macro). Three systems in the same run: marsad, YAKE (the
``yake`` package, eval-only) and a TF-IDF n-gram baseline (1-3 grams that do not cross
punctuation and do not start or end with a stopword; IDF over the evaluated collection).

AKEC here holds only its 100 training documents (``train.ids``). marsad was tuned on the
even-numbered half of the sorted ids (``tune``); the odd half (``rest``) was only scored.
Both halves are reported, and the seed page's own tags as a separate agreement figure.
Usage: ``python eval/keywords.py [--data DIR]``; the last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from marsad.enrich.keywords import extract_keywords, split_chunks
from marsad.pipeline import parse_input
from marsad.text import STOPWORDS_AR, normalize_ar
from train.ant_corpus import shared_dir

Extractor = Callable[[str, list[str]], list[str]]


def match_key(phrase: str) -> str:
    """The form two keyphrases are compared in."""
    return " ".join(normalize_ar(phrase).split())


def load_akec(root: Path) -> list[tuple[str, list[str], list[str]]]:
    """``(doc_id, paragraphs, ranked gold keyphrases)`` for every document with keyphrases."""
    docs = []
    gold_file = root / "keyphrases" / "sort_lm" / "pure.txt"
    for line in gold_file.read_text(encoding="utf-8-sig").splitlines():
        if " : " not in line:
            continue
        doc_id, phrases = line.split(" : ", 1)
        path = root / "documents" / "raw" / f"{doc_id.strip()}.txt"
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8-sig")
        paragraphs = [p.strip() for p in text.splitlines() if p.strip()]
        gold = [p.strip() for p in phrases.split(",") if p.strip()]
        docs.append((doc_id.strip(), paragraphs, gold))
    return sorted(docs)


def score_document(predicted: list[str], gold: list[str], top: int) -> dict[str, float]:
    """P@5, P@10, R@10, F1@10 of one document against its top-``top`` gold phrases."""
    gold_keys = {match_key(g) for g in gold[:top]}
    keys = list(dict.fromkeys(match_key(p) for p in predicted))
    hits5 = sum(1 for p in keys[:5] if p in gold_keys)
    hits10 = sum(1 for p in keys[:10] if p in gold_keys)
    p10, r10 = hits10 / 10, hits10 / len(gold_keys) if gold_keys else 0.0
    f1 = 2 * p10 * r10 / (p10 + r10) if hits10 else 0.0
    return {"P@5": hits5 / 5, "P@10": p10, "R@10": r10, "F1@10": f1}


def score_system(extract: Extractor, docs: list) -> dict:
    """Macro-averaged metrics against the top-10 and the top-20 gold phrases."""
    predictions = [extract("", paragraphs) for _, paragraphs, _ in docs]
    result = {}
    for top in (10, 20):
        rows = [score_document(p, d[2], top) for p, d in zip(predictions, docs, strict=True)]
        result[f"top{top}"] = {m: round(sum(r[m] for r in rows) / len(rows), 4) for m in rows[0]}
    return result


def build_tfidf_baseline(docs: list) -> Extractor:
    """TF-IDF over normalized 1-3 grams, IDF from the evaluated collection itself."""
    grams_per_doc = [_ngrams(paragraphs) for _, paragraphs, _ in docs]
    df = Counter(g for grams in grams_per_doc for g in set(grams))
    n_docs = len(docs)

    def extract(title: str, paragraphs: list[str]) -> list[str]:
        tf = Counter(_ngrams([title, *paragraphs]))
        scores = {g: c * math.log((n_docs + 1) / (df.get(g, 0) + 1)) for g, c in tf.items()}
        return sorted(scores, key=lambda g: -scores[g])[:10]

    return extract


def _ngrams(paragraphs: list[str]) -> list[str]:
    grams = []
    for paragraph in paragraphs:
        for chunk in split_chunks(paragraph):
            norms = [match_key(surface) for surface, _ in chunk]
            for i in range(len(norms)):
                for j in range(i, min(i + 3, len(norms))):
                    if norms[i] in STOPWORDS_AR or norms[j] in STOPWORDS_AR:
                        continue
                    grams.append(" ".join(norms[i : j + 1]))
    return grams


def build_yake() -> Extractor | None:
    """YAKE with its Arabic stopwords, 1-3 grams, or None when yake is not installed."""
    try:
        import yake
    except ImportError:
        return None
    extractor = yake.KeywordExtractor(lan="ar", n=3, top=10)

    def extract(title: str, paragraphs: list[str]) -> list[str]:
        text = "\n".join([title, *paragraphs]).strip()
        return [kw for kw, _ in extractor.extract_keywords(text)] if text else []

    return extract


def score_seed() -> dict | None:
    """Agreement of marsad's keyphrases with the seed page's own tags."""
    path = shared_dir() / "samples" / "000_89b64a676fe35307.txt"
    if not path.exists():
        return None
    # The page's own article, as marsad parses it (its tags are the page's, split as a reader sees them).
    seed = parse_input(str(path))[0]
    predicted = extract_keywords(seed.title, seed.body, k=10)
    tags = {match_key(t) for t in seed.tags}
    hits = [p for p in predicted if match_key(p) in tags]
    return {
        "predicted": predicted,
        "exact_hits": len(hits),
        "precision": round(len(hits) / max(1, len(predicted)), 4),
        "recall": round(len(hits) / len(tags), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=shared_dir() / "data" / "akec")
    args = parser.parse_args()
    if not (args.data / "keyphrases").is_dir():
        sys.exit(f"AKEC not found at {args.data}")
    docs = load_akec(args.data)
    halves = {"all": docs, "tune": docs[0::2], "rest": docs[1::2]}
    systems: dict[str, Extractor | None] = {
        "marsad": lambda title, body: extract_keywords(title, body, k=10),
        "tfidf_baseline": build_tfidf_baseline(docs),
        "yake": build_yake(),
    }
    report: dict = {"docs": len(docs)}
    for name, extract in systems.items():
        if extract is None:
            continue
        report[name] = {half: score_system(extract, subset) for half, subset in halves.items()}
        top10 = report[name]["all"]["top10"]
        print(f"{name:15s} F1@10(top10) all {top10['F1@10']:.4f}  rest {report[name]['rest']['top10']['F1@10']:.4f}")
    report["seed_tags"] = score_seed()
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
