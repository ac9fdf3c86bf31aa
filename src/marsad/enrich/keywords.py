"""Keyphrases (كلمات دلالية) of an article: phrases a reader sees, scored without a model.

Candidates are word n-grams (1-4 words) inside punctuation-free chunks of the title and the
paragraphs, with no stopword and no number at either edge. Occurrences are grouped by their
stem key (normalized, light-stemmed words), so ``غزة`` and ``وغزة`` count together, and each
group is shown in its most frequent surface form. A group's score combines:

* frequency: ``1 + log(count)``;
* specificity: the summed IDF of its stems, from a document-frequency table built from the
  Apache-2.0 ANT corpus by ``train/idf.py`` and shipped in ``data/df_ant.tsv.gz``;
* position: occurrences in the title and the lead count more;
* cohesion (phrases only): how often the words occur together rather than apart.

Overlapping phrases are then de-duplicated: a phrase is dropped when a better one already
covers it, and a word is dropped when it rarely occurs outside a chosen phrase.
"""

from __future__ import annotations

import gzip
import math
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files

from marsad.text import STOPWORDS_AR, stem_light_ar, tokenize

MAX_WORDS = 4
DF_RESOURCE = "data/df_ant.tsv.gz"

_TITLE_BOOST = 2.0
_LEAD_BOOST = 1.5  # the first paragraph of the body
_LEAD_CHARS = 400
_MIN_WORD_CHARS = 2
# Scoring weights, chosen on the tuning half of AKEC (see eval/keywords.py).
FREQ_POWER = 0.5
IDF_POWER = 1.0
POSITION_WEIGHT = 1.0
COHESION_POWER = 0.5
MIN_PHRASE_COUNT = 2
LENGTH_WEIGHTS = (1.0, 1.2, 1.0, 0.8)


@dataclass(slots=True)
class _Candidate:
    """All occurrences of one stem key."""

    key: tuple[str, ...]
    count: int = 0
    weight: float = 0.0  # occurrences weighted by position
    first: int = 0
    forms: dict[str, int] = field(default_factory=dict)

    def add(self, form: str, position_weight: float, order: int) -> None:
        if not self.count:
            self.first = order
        self.count += 1
        self.weight += position_weight
        self.forms[form] = self.forms.get(form, 0) + 1

    def display(self) -> str:
        """The most frequent surface form; the earliest seen wins ties."""
        return max(self.forms.items(), key=lambda item: item[1])[0]


@dataclass(frozen=True, slots=True)
class DocumentFrequencies:
    """Document frequencies of stems in a reference corpus."""

    n_docs: int
    df: dict[str, int]

    def idf(self, stem: str) -> float:
        """Smoothed inverse document frequency; unseen stems get the highest value."""
        return math.log((self.n_docs + 1) / (self.df.get(stem, 0) + 1))


@lru_cache(maxsize=1)
def load_document_frequencies() -> DocumentFrequencies:
    """The shipped ANT document-frequency table (cached)."""
    raw = files("marsad.enrich").joinpath(DF_RESOURCE).read_bytes()
    lines = gzip.decompress(raw).decode("utf-8").splitlines()
    n_docs = int(lines[0].split("\t")[1])
    table = {}
    for line in lines[1:]:
        stem, count = line.split("\t")
        table[stem] = int(count)
    return DocumentFrequencies(n_docs, table)


def split_chunks(text: str) -> list[list[tuple[str, str]]]:
    """Runs of ``(surface, stem)`` words not separated by punctuation.

    Example:
        >>> [[w for w, _ in c] for c in split_chunks("قطاع غزة، واشنطن")]
        [['قطاع', 'غزة'], ['واشنطن']]
    """
    chunks: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    previous_end = 0
    for token in tokenize(text):
        if text[previous_end : token.start].strip() and current:
            chunks.append(current)
            current = []
        current.append((token.text, stem_light_ar(token.norm)))
        previous_end = token.end
    if current:
        chunks.append(current)
    return chunks


def _is_edge_word(surface: str, stem: str) -> bool:
    """True when the word may start or end a keyphrase."""
    return (
        len(stem) >= _MIN_WORD_CHARS
        and not stem.isdigit()
        and stem not in STOPWORDS_AR
        and not _is_stopword_surface(surface)
    )


@lru_cache(maxsize=65536)
def _is_stopword_surface(surface: str) -> bool:
    from marsad.text import normalize_ar

    return normalize_ar(surface) in STOPWORDS_AR


def collect_candidates(title: str, body: list[str]) -> dict[tuple[str, ...], _Candidate]:
    """Every admissible n-gram of the article, grouped by stem key."""
    candidates: dict[tuple[str, ...], _Candidate] = {}
    order = 0
    offset = 0
    sections = [(title, _TITLE_BOOST)] + [(p, 1.0) for p in body]
    for index, (text, boost) in enumerate(sections):
        if index > 0:
            boost = _LEAD_BOOST if offset < _LEAD_CHARS else 1.0
            offset += len(text)
        for chunk in split_chunks(text):
            edges = [_is_edge_word(s, st) for s, st in chunk]
            for start in range(len(chunk)):
                if not edges[start]:
                    continue
                for end in range(start, min(start + MAX_WORDS, len(chunk))):
                    if not edges[end]:
                        continue
                    key = tuple(st for _, st in chunk[start : end + 1])
                    form = " ".join(s for s, _ in chunk[start : end + 1])
                    candidate = candidates.setdefault(key, _Candidate(key))
                    candidate.add(form, boost, order)
                    order += 1
    return candidates


def score_candidates(
    candidates: dict[tuple[str, ...], _Candidate], frequencies: DocumentFrequencies
) -> dict[tuple[str, ...], float]:
    """A score per candidate key (see the module docstring)."""
    word_weight = {k[0]: c.weight for k, c in candidates.items() if len(k) == 1}
    total = max(1, sum(c.count for k, c in candidates.items() if len(k) == 1))
    scores = {}
    for key, candidate in candidates.items():
        if len(key) > 1 and candidate.count < MIN_PHRASE_COUNT and candidate.weight < _TITLE_BOOST:
            continue  # a phrase seen once outside the title is rarely a keyphrase
        content = [s for s in key if s not in STOPWORDS_AR]
        specificity = sum(frequencies.idf(s) for s in content) / len(content)
        position = 1.0 + POSITION_WEIGHT / (1.0 + candidate.first / total)
        score = candidate.weight**FREQ_POWER * specificity**IDF_POWER * position
        score *= LENGTH_WEIGHTS[len(key) - 1]
        if len(key) > 1:
            apart = min(word_weight.get(s, candidate.weight) for s in content)
            score *= (candidate.weight / max(apart, candidate.weight)) ** COHESION_POWER
        scores[key] = score
    return scores


def select_keyphrases(
    candidates: dict[tuple[str, ...], _Candidate], scores: dict[tuple[str, ...], float], k: int
) -> list[str]:
    """The best ``k`` keys, dropping those a better chosen phrase already covers."""
    chosen: list[tuple[str, ...]] = []
    for key in sorted(scores, key=lambda key: (-scores[key], candidates[key].first)):
        if any(_covers(other, key, candidates) for other in chosen):
            continue
        chosen = [c for c in chosen if not _covers(key, c, candidates)]
        chosen.append(key)
        if len(chosen) >= k:
            break
    return _unique_forms(candidates[key].display() for key in chosen)


def _covers(longer: tuple[str, ...], shorter: tuple[str, ...], candidates) -> bool:
    """``longer`` contains ``shorter`` and accounts for most of its occurrences."""
    if len(longer) <= len(shorter) or not _contains(longer, shorter):
        return False
    return candidates[longer].count * 2 >= candidates[shorter].count


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    n = len(shorter)
    return any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def _unique_forms(forms) -> list[str]:
    seen: set[str] = set()
    result = []
    for form in forms:
        if form not in seen:
            seen.add(form)
            result.append(form)
    return result


def extract_keywords(title: str, body: list[str], k: int = 10) -> list[str]:
    """Up to ``k`` keyphrases of an article, best first, each as it appears in the text.

    Example:
        >>> extract_keywords("غارات على قطاع غزة", ["قصفت الطائرات قطاع غزة ليلا."], k=3)[0]
        'قطاع غزة'
    """
    candidates = collect_candidates(title, body)
    if not candidates or k <= 0:
        return []
    scores = score_candidates(candidates, load_document_frequencies())
    return select_keyphrases(candidates, scores, k)
