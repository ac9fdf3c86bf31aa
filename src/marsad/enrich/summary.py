"""Extractive summaries: the 1-3 sentences of an article that best stand for all of it.

Sentences are split on ``.``, ``؟``, ``?``, ``!`` and line ends (a period inside a number or
an abbreviation does not split). Boilerplate ("تابع أحدث الأخبار", "اقرأ أيضا", "المصدر:")
and fragments too short to inform are never chosen. Each remaining sentence is scored by

* centrality: cosine between its IDF-weighted stems and those of the whole article,
* title overlap: the share of the title's content stems it repeats,
* position: news puts the gist first, so earlier sentences weigh more,

and the best ones are returned in their original order, cleaned of a leading dateline.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from marsad.enrich.keywords import load_document_frequencies
from marsad.enrich.keywords import words_cached as words
from marsad.text import STOPWORDS_AR, stem_light_ar

_SENTENCE_END = re.compile(r"(?<=[.؟?!])(?<!\d\.)\s+|(?<=[؟?!])(?=\S)|\n+")
_BOILERPLATE = re.compile(
    r"^(تابع|تابعوا|اقرأ|إقرأ|اقرا|المصدر|كلمات دلالية|شاهد|للمزيد|اشترك|حمل تطبيق|"
    r"تاريخ النشر|آخر تحديث|نشر في)|"
    r"(جميع الحقوق محفوظة|عبر تطبيق|صفحتنا على)"
)
# "تونس - " / "القاهرة (رويترز) - " at a sentence start: a place tag, not content.
_DATELINE = re.compile(r"^[\w\s]{2,30}(\([^)]{1,30}\))?\s*[-–—:]\s+")

SUMMARY_VERSION = "summary-extractive-1"  # stamp stored beside the summary
MIN_WORDS = 5
MAX_WORDS = 80  # longer "sentences" are unsplit lists or tables
CENTRALITY_WEIGHT = 1.0
TITLE_WEIGHT = 0.5
POSITION_WEIGHT = 1.0  # ANT abstracts (1,656) are the lead sentence: news puts the gist first


def split_sentences_ar(text: str) -> list[str]:
    """Split Arabic text into sentences, keeping their display form.

    Example:
        >>> split_sentences_ar("ارتفع المؤشر 2.5 بالمئة. وتراجع الدينار؟ نعم")
        ['ارتفع المؤشر 2.5 بالمئة.', 'وتراجع الدينار؟', 'نعم']
    """
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def _is_boilerplate(sentence: str) -> bool:
    return bool(_BOILERPLATE.search(sentence))


def strip_dateline(sentence: str) -> str:
    """Remove a leading ``PLACE - `` tag from a sentence, if any."""
    match = _DATELINE.match(sentence)
    if match and len(sentence) - match.end() > 20:
        return sentence[match.end() :]
    return sentence


def _stem_counts(text: str) -> Counter[str]:
    return Counter(stem_light_ar(w) for w in words(text) if w not in STOPWORDS_AR and not w.isdigit())


def _weighted(counts: Counter[str]) -> dict[str, float]:
    frequencies = load_document_frequencies()
    return {s: (1 + math.log(c)) * frequencies.idf(s) for s, c in counts.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(v * b.get(k, 0.0) for k, v in a.items())
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def score_sentences(title: str, sentences: list[str]) -> list[float]:
    """A score per sentence (higher is more summary-worthy); ineligible ones get -inf."""
    counts = [_stem_counts(s) for s in sentences]
    document = _weighted(sum(counts, Counter()))
    title_stems = set(_stem_counts(title))
    scores = []
    for index, (sentence, stems) in enumerate(zip(sentences, counts, strict=True)):
        n_words = len(sentence.split())
        if n_words < MIN_WORDS or n_words > MAX_WORDS or _is_boilerplate(sentence):
            scores.append(-math.inf)
            continue
        centrality = _cosine(_weighted(stems), document)
        overlap = len(title_stems & set(stems)) / len(title_stems) if title_stems else 0.0
        position = 1.0 / (1.0 + index)
        scores.append(CENTRALITY_WEIGHT * centrality + TITLE_WEIGHT * overlap + POSITION_WEIGHT * position)
    return scores


def summarize(title: str, body: list[str], max_sentences: int = 3) -> str:
    """A 1 to ``max_sentences`` sentence extractive summary of an article ("" if none).

    Example:
        >>> summarize("", ["التقى الوزير نظيره الفرنسي في باريس اليوم الثلاثاء. وبحثا التعاون."], 1)
        'التقى الوزير نظيره الفرنسي في باريس اليوم الثلاثاء.'
    """
    sentences = [s for paragraph in body for s in split_sentences_ar(paragraph)]
    if not sentences or max_sentences <= 0:
        return ""
    scores = score_sentences(title, sentences)
    ranked = sorted((i for i, s in enumerate(scores) if s > -math.inf), key=lambda i: -scores[i])[:max_sentences]
    return " ".join(strip_dateline(sentences[i]) for i in sorted(ranked))
