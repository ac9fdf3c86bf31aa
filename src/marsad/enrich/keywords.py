"""Keyphrases (كلمات دلالية) of an article: phrases a reader sees, as written in the text.

Candidates are word n-grams (1-4 words) inside punctuation-free chunks of the title and the
paragraphs, with no stopword, number or pronoun-carrying preposition at either edge; a name
connector (بن، ابن، أبو) may start a phrase but not end it (``بن لادن``). Occurrences are
grouped by a key of light stems, so ``غزة`` and ``وغزة`` count together; a leading
و/ف/ب/ل/ك is split off when the ANT frequencies or the article itself show the bare word
(``لبلينكن`` beside ``بلينكن``). A phrase of several words used once is a candidate only in
the title or the first paragraph, where names and topics are often given once in full.
Each group is shown in its most frequent surface form, preferring forms without a leading
clitic and, for one word, the noun over the nisba adjective the stemmer joins it with
(``السياحة``, not ``السياحية``).

A group's score is a weighted sum of its features (``FEATURE_NAMES``, ``FEATURE_WEIGHTS``):
position-weighted frequency (title and lead count more), where it first occurs and how
widely it spreads, the IDF of its words (from ``data/df_ant.tsv.gz``, which
``train/idf.py`` builds from the Apache-2.0 ANT corpus), its length, how often its words
occur apart or inside a longer phrase, whether content words run on at its edges (a
truncated phrase), how its words are used across ANT (how often with the article: nouns
rather than verbs; how often after another word with it: adjectives), coordination and
prepositions inside it, and the display form. The weights are a logistic regression that
``train/keyword_weights.py`` fits on the tuning half of AKEC; ``eval/keywords.py`` scores
both halves (see ``data/KEYWORDS_MODEL.md``).

The best groups are taken in score order; a group is dropped when all of its occurrences
lie inside a chosen phrase (``الدفاع الإسرائيلي`` beside ``وزير الدفاع الإسرائيلي``).
"""

from __future__ import annotations

import gzip
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.resources import files
from operator import mul

from marsad.text import STOPWORDS_AR, normalize_ar, stem_light_ar, strip_diacritics
from marsad.text.tokenize import _WORD

KEYWORDS_VERSION = "keywords-ant-usage-2"  # stamp stored beside the keyphrases
MAX_WORDS = 4
DF_RESOURCE = "data/df_ant.tsv.gz"

_TITLE_BOOST = 2.0
_LEAD_BOOST = 1.5  # the first paragraph of the body
_LEAD_CHARS = 400
_MIN_WORD_CHARS = 2
# Weights of the candidate features: a logistic regression fitted by
# train/keyword_weights.py on the tuning half of AKEC (eval/keywords.py scores the rest).
FEATURE_NAMES = (
    "log_weight",  # occurrences weighted by position (title, lead)
    "log_count",
    "idf_min",  # the rarest-in-ANT word's IDF, and its log
    "log_idf_min",
    "words_2",
    "words_3",
    "words_4",
    "first_position",  # where it first occurs, 0-1
    "spread",  # first to last occurrence, 0-1
    "section_share",  # share of the paragraphs it occurs in
    "in_lead",  # occurs in the title or the first paragraph
    "cohesion",  # its weight over that of its least used word alone
    "inside_longer",  # share of its occurrences inside its commonest one-word-longer phrase
    "left_open",  # share of occurrences with a content word just before (same clause)
    "right_open",  # ... just after
    "after_definite",  # share starting with an article word right after another
    "form_preference",  # display form: ال 1, bare 0.8, behind a clitic 0.3
    "chars",
    "seen_once",
    "definite_first",  # ANT share of the first word's uses with the article (nouns)
    "definite_last",
    "modifier_first",  # ANT share of the first word's article uses after an article word
    "nisba_single",  # one word with the article and the relative ending ي/ية
    "has_digit",
    "coordinated",  # a later word starts with و + article: ``الإسلام والديمقراطية``
    "prepositional",  # a later word starts with ب/ل/ك + article: ``الجرافيت للماس``
    "idf_mean",  # the mean IDF of its content words
    "idf_sq",  # idf_min squared / 10: the score's bend towards the rarest words
)
FEATURE_WEIGHTS = {
    "log_weight": 0.67,
    "log_count": 0.54,
    "idf_min": 0.12,
    "log_idf_min": -0.03,
    "words_2": 0.58,
    "words_3": -0.89,
    "words_4": -3.62,
    "first_position": -4.45,
    "spread": -0.4,
    "section_share": 0.13,
    "in_lead": 0.13,
    "cohesion": -0.52,
    "inside_longer": -1.07,
    "left_open": 0.53,
    "right_open": -0.71,
    "after_definite": -1.66,
    "form_preference": 2.15,
    "chars": 0.12,
    "seen_once": -0.54,
    "definite_first": 0.4,
    "definite_last": 1.43,
    "modifier_first": -0.6,
    "nisba_single": -0.07,
    "has_digit": -3.75,
    "coordinated": -1.62,
    "prepositional": -1.88,
    "idf_mean": -0.11,
    "idf_sq": 0.19,
}
BARE_FORM_WEIGHT = 0.8
CLITIC_FORM_WEIGHT = 0.3
NISBA_FORM_WEIGHT = 0.25  # a one-word group shows its noun: السياحة, not السياحية
CLITIC_SPLIT_RATIO = 3.0
LEAD_SECTION = 1  # the title is section 0, the first paragraph 1


class _Candidate:
    """All occurrences of one stem key (built at its first occurrence).

    A plain slotted class: an article has tens of thousands of n-grams, most seen once, so
    creating one must be cheap (sections are a bit mask, the clitic-form set is made on need).
    """

    __slots__ = (
        "after_definite", "clitic_forms", "count", "first", "first_section", "forms", "key",
        "last", "left_open", "right_open", "sections", "weight",
    )  # fmt: skip

    def __init__(self, key: tuple[str, ...], form: str, weight: float, word_index: int, section: int) -> None:
        self.key = key
        self.count = 1
        self.weight = weight  # occurrences weighted by position
        self.first = self.last = word_index  # word index of the first and last occurrence
        self.sections = 1 << section  # bit mask; title = 0, paragraphs from 1
        self.first_section = section
        self.forms = {form: 1}
        self.clitic_forms: set[str] | None = None  # forms led by a split-off clitic
        self.left_open = 0  # occurrences right after a content word of the same chunk
        self.right_open = 0  # occurrences right before one
        self.after_definite = 0  # definite first word right after a definite word (an adjective)

    def add(self, form: str, position_weight: float, word_index: int, section: int) -> None:
        self.last = word_index
        self.count += 1
        self.weight += position_weight
        self.sections |= 1 << section
        self.forms[form] = self.forms.get(form, 0) + 1

    def display(self) -> str:
        """The most frequent surface form, preferring forms without a leading clitic.

        Readers tag ``المكتبات``, not ``وبالمكتبات``: a form whose first word carries a
        conjunction or preposition counts for less. The earliest seen wins ties.
        """
        if len(self.forms) == 1:
            return next(iter(self.forms))
        return max(self.forms.items(), key=lambda item: item[1] * self._preference(item[0]))[0]

    def _preference(self, form: str) -> float:
        if self.clitic_forms and form in self.clitic_forms:
            return CLITIC_FORM_WEIGHT
        if len(self.key) == 1 and _has_nisba_ending(form):
            return _form_preference(form) * NISBA_FORM_WEIGHT
        return _form_preference(form)


# Words that are not in the general stopword list but never start or end a keyphrase:
# name connectors and question words.
_ENGLISH_FUNCTION_WORDS = (  # for the odd English article
    "a an the and or but of in on at to for from by with as is are was were be been has have "
    "had it its this that these those he she they we you i his her their our not no said says "
    "will would can could may also than then there which who whom what when where while"
)
_EDGE_STOPWORDS = frozenset(
    normalize_ar(w) for w in ("بن", "ابن", "بنت", "أبو", "أبا", "لماذا", "كيف", "متى", "أين")
) | frozenset(_ENGLISH_FUNCTION_WORDS.split())
# Name connectors may start a phrase (بن لادن, ابن خلدون, أبو ظبي), never end one.
_NAME_STARTS = frozenset(normalize_ar(w) for w in ("بن", "ابن", "بنت", "أبو", "أبا"))
_DIGIT = re.compile(r"\d")
_PRONOUN_SUFFIXES = ("هما", "هم", "هن", "كم", "نا", "ها", "ه", "ك", "ي")
_CLITIC_ARTICLE = ("وال", "بال", "فال", "كال", "لل")
_CLITIC_LETTERS = "وفبلك"


@lru_cache(maxsize=131072)
def _surface_key(surface: str) -> str:
    norm = normalize_word(surface)
    return key_word(norm) if norm else ""


normalize_word = lru_cache(maxsize=131072)(normalize_ar)


def words_cached(text: str) -> list[str]:
    """``marsad.text.words`` with a cache on each word's normalization (same output).

    Enrichment reads every word of every article three times; news repeats its
    vocabulary, so the cache removes most of the normalization cost.
    """
    return [norm for norm in map(normalize_word, _WORD.findall(text)) if norm]


@lru_cache(maxsize=65536)
def key_word(norm: str) -> str:
    """The grouping key of a normalized word: its light stem, after splitting off a leading
    و/ف/ب/ل/ك that the stemmer's length guards keep (``لوزير`` → ``وزير``) when the ANT
    frequencies say the bare word is the commoner one.
    """
    if _has_leading_clitic(norm):
        return stem_light_ar(norm[1:])
    return stem_light_ar(norm)


@lru_cache(maxsize=65536)
def _has_leading_clitic(norm: str) -> bool:
    if norm[:1] not in _CLITIC_LETTERS or len(norm) < 4:
        return False
    df = load_document_frequencies().df
    bare = df.get(stem_light_ar(norm[1:]), 0)
    return bare > CLITIC_SPLIT_RATIO * df.get(stem_light_ar(norm), 0)


def _form_preference(form: str) -> float:
    """1 for ``ال``-forms, less for bare forms, least for forms with a leading clitic."""
    return _word_preference(form.split(" ", 1)[0])


@lru_cache(maxsize=65536)
def _word_preference(surface: str) -> float:
    first = normalize_ar(surface)
    if first.startswith(_CLITIC_ARTICLE):
        return CLITIC_FORM_WEIGHT
    if first.startswith("ال"):
        return 1.0
    if _has_leading_clitic(first):
        return CLITIC_FORM_WEIGHT
    return BARE_FORM_WEIGHT


@dataclass(frozen=True, slots=True)
class DocumentFrequencies:
    """Document frequencies of stems in a reference corpus, and how the corpus uses them.

    ``usage`` maps a stem to its occurrences, those with the article and those with the
    article right after another word with it (see ``train/idf.py``).
    """

    n_docs: int
    df: dict[str, int]
    usage: dict[str, tuple[int, int, int]] = field(default_factory=dict)

    def idf(self, stem: str) -> float:
        """Smoothed inverse document frequency; unseen stems get the highest value."""
        return math.log((self.n_docs + 1) / (self.df.get(stem, 0) + 1))

    def definite_share(self, stem: str) -> float:
        """How often the stem carries the article: high for nouns, 0 for verbs and particles.

        Smoothed towards 0.5 so that rare and unseen words (names) sit in the middle.
        """
        occurrences, definite, _ = self.usage.get(stem, (0, 0, 0))
        return (definite + _USAGE_PRIOR * 0.5) / (occurrences + _USAGE_PRIOR)

    def modifier_share(self, stem: str) -> float:
        """How often the stem, with the article, follows a word with it: adjectives."""
        _, definite, after = self.usage.get(stem, (0, 0, 0))
        return (after + _USAGE_PRIOR * 0.25) / (definite + _USAGE_PRIOR)


_USAGE_PRIOR = 2.0


@lru_cache(maxsize=1)
def load_document_frequencies() -> DocumentFrequencies:
    """The shipped ANT document-frequency table (cached)."""
    raw = files("marsad.enrich").joinpath(DF_RESOURCE).read_bytes()
    lines = gzip.decompress(raw).decode("utf-8").splitlines()
    n_docs = int(lines[0].split("\t")[1])
    table, usage = {}, {}
    for line in lines[1:]:
        stem, count, *counts = line.split("\t")
        table[stem] = int(count)
        if counts:
            occurrences, definite, after = map(int, counts)
            usage[stem] = (occurrences, definite, after)
    return DocumentFrequencies(n_docs, table, usage)


def split_chunks(text: str) -> list[list[tuple[str, str]]]:
    """Runs of ``(surface, stem)`` words not separated by punctuation.

    Example:
        >>> [[w for w, _ in c] for c in split_chunks("قطاع غزة، واشنطن")]
        [['قطاع', 'غزة'], ['واشنطن']]
    """
    chunks: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    previous_end = 0
    # The tokenizer's own word pattern, with a cache on word keys: news repeats its words,
    # and normalizing each occurrence again was most of the cost of this function.
    for match in _WORD.finditer(text):
        if text[previous_end : match.start()].strip() and current:
            chunks.append(current)
            current = []
        key = _surface_key(match.group())
        if key:
            current.append((match.group(), key))
        previous_end = match.end()
    if current:
        chunks.append(current)
    return chunks


def _is_edge_word(surface: str, stem: str) -> bool:
    """True when the word may start or end a keyphrase.

    A word with the article is judged by its surface only: its stem may collide with a
    function word (``الله`` stems to ``له``).
    """
    return (
        len(stem) >= _MIN_WORD_CHARS
        and not stem.isdigit()
        and (stem not in STOPWORDS_AR or _is_definite(surface))
        and not _is_stopword_surface(surface)
    )


def _is_name_start(surface: str) -> bool:
    return normalize_word(surface) in _NAME_STARTS


@lru_cache(maxsize=65536)
def _is_stopword_surface(surface: str) -> bool:
    """A function word, also behind a conjunction (``ولكن``, ``فإن``) or ``ب`` (``بما``)."""
    norm = normalize_ar(surface)
    if _is_function_word(norm):
        return True
    if norm[:1] in "وفب" and _is_function_word(norm[1:]):
        return True
    # a preposition carrying a pronoun: بيننا, علينا, منهم (but not أمة, whose ة folds to ه)
    for suffix in _PRONOUN_SUFFIXES:
        if norm.endswith(suffix) and _is_function_word(norm[: -len(suffix)]):
            return suffix != "ه" or not surface.endswith("ة")
    return False


def _is_function_word(norm: str) -> bool:
    return norm in STOPWORDS_AR or norm in _EDGE_STOPWORDS


def _find_clitic_splits(chunked: list[list[list[tuple[str, str]]]]) -> dict[str, str]:
    """Words whose leading و/ف/ب/ل/ك is a clitic because the article also uses the bare
    word (``لبلينكن`` beside ``بلينكن``): surface -> the bare word's key.

    This catches names the reference frequencies have never seen.
    """
    words = {surface: key for chunks in chunked for chunk in chunks for surface, key in chunk}
    keys = set(words.values())
    splits = {}
    for surface, key in words.items():
        if len(surface) >= 4 and surface[0] in _CLITIC_LETTERS:
            bare = _surface_key(surface[1:])
            if bare != key and bare in keys and bare not in STOPWORDS_AR:
                splits[surface] = bare
    return splits


def collect_candidates(title: str, body: list[str]) -> dict[tuple[str, ...], _Candidate]:
    """Every admissible n-gram of the article, grouped by stem key."""
    candidates: dict[tuple[str, ...], _Candidate] = {}
    word_index = 0
    offset = 0
    chunked = [split_chunks(text) for text in [title, *body]]
    split_clitic = _find_clitic_splits(chunked)
    for section, (text, chunks) in enumerate(zip([title, *body], chunked, strict=True)):
        boost = _TITLE_BOOST if section == 0 else _LEAD_BOOST if offset < _LEAD_CHARS else 1.0
        offset += len(text) if section else 0
        for chunk in chunks:
            surfaces = [surface for surface, _ in chunk]
            stems = [split_clitic.get(surface, stem) for surface, stem in chunk]
            edges = [_is_edge_word(w, stem) for w, stem in zip(surfaces, stems, strict=True)]
            definite = [_is_definite(w) for w in surfaces]
            for start in range(len(chunk)):
                if not edges[start] and not _is_name_start(surfaces[start]):
                    continue
                left_open = start > 0 and edges[start - 1]
                after_definite = left_open and definite[start] and definite[start - 1]
                for end in range(start + 1, min(start + MAX_WORDS, len(chunk)) + 1):
                    if not edges[end - 1]:
                        continue
                    key = tuple(stems[start:end])
                    form = " ".join(surfaces[start:end])
                    candidate = candidates.get(key)
                    if candidate is None:
                        candidate = candidates[key] = _Candidate(key, form, boost, word_index + start, section)
                    else:
                        candidate.add(form, boost, word_index + start, section)
                    candidate.left_open += left_open
                    candidate.right_open += end < len(chunk) and edges[end]
                    candidate.after_definite += after_definite
                    if surfaces[start] in split_clitic:
                        if candidate.clitic_forms is None:
                            candidate.clitic_forms = set()
                        candidate.clitic_forms.add(form)
            word_index += len(chunk)
    return candidates


@lru_cache(maxsize=65536)
def _is_definite(surface: str) -> bool:
    """The word carries the article, alone or behind a conjunction or preposition."""
    return normalize_word(surface).startswith(("ال", *_CLITIC_ARTICLE))


def _is_nisba(surface: str) -> bool:
    """A definite word with the relative-adjective ending ``ي``/``ية`` (``الاقتصادية``)."""
    return _is_definite(surface) and _has_nisba_ending(surface)


@lru_cache(maxsize=65536)
def _has_nisba_ending(surface: str) -> bool:
    return normalize_word(surface).endswith(("ي", "يه"))


def _inner_links(display: str) -> tuple[float, float]:
    """Whether a word after the first is joined by و, or by a preposition, to the article."""
    if " " not in display:
        return 0.0, 0.0
    later = [normalize_word(w) for w in display.split()[1:]]
    return (
        float(any(w.startswith(("وال", "فال")) for w in later)),
        float(any(w.startswith(("بال", "لل", "كال")) for w in later)),
    )


def _visible_chars(text: str) -> float:
    """Characters other than vowel marks and tatweel (which normalization drops)."""
    return float(len(strip_diacritics(text)))


def describe_candidates(
    candidates: dict[tuple[str, ...], _Candidate], frequencies: DocumentFrequencies
) -> dict[tuple[str, ...], tuple[float, ...]]:
    """The features the score weighs, per candidate key, in the order of ``FEATURE_NAMES``.

    Phrases of several words used once are left out, except in the title and the first
    paragraph, where a name or a topic is often given once in full (``مسرح كوداك``).
    """
    word_weight = {k[0]: c.weight for k, c in candidates.items() if len(k) == 1}
    total = max(1, max(c.last for c in candidates.values()))
    every_section = 0
    for candidate in candidates.values():
        every_section |= candidate.sections
    n_sections = max(1, every_section.bit_count())
    stems = {s for key in candidates for s in key}
    idf = {s: frequencies.idf(s) for s in stems}
    definite = {s: frequencies.definite_share(s) for s in stems}
    modifier = {s: frequencies.modifier_share(s) for s in stems}
    extensions = _index_extensions(candidates)
    described = {}
    for key, candidate in candidates.items():
        count = candidate.count
        n_words = len(key)
        lead = candidate.first_section <= LEAD_SECTION
        if n_words > 1 and count == 1 and not lead:
            continue  # a phrase used once in the body is a passing wording
        content = [s for s in key if s not in STOPWORDS_AR] or key
        apart = min(word_weight.get(s, candidate.weight) for s in content)
        idf_min = min(idf[s] for s in content)
        display = candidate.display()
        longer = max((candidates[k].count for k in extensions.get(key, ())), default=0)
        described[key] = (
            math.log(candidate.weight),  # log_weight
            math.log(count),  # log_count
            idf_min,  # idf_min
            math.log(max(0.1, idf_min)),  # log_idf_min
            float(n_words == 2),  # words_2
            float(n_words == 3),  # words_3
            float(n_words == 4),  # words_4
            candidate.first / total,  # first_position
            (candidate.last - candidate.first) / total,  # spread
            candidate.sections.bit_count() / n_sections,  # section_share
            float(lead),  # in_lead
            candidate.weight / max(apart, candidate.weight),  # cohesion
            longer / count,  # inside_longer
            candidate.left_open / count,  # left_open
            candidate.right_open / count,  # right_open
            candidate.after_definite / count,  # after_definite
            _form_preference(display),  # form_preference
            _visible_chars(display),  # chars
            float(count == 1),  # seen_once
            definite[key[0]],  # definite_first
            definite[key[-1]],  # definite_last
            modifier[key[0]],  # modifier_first
            float(n_words == 1 and _is_nisba(display)),  # nisba_single
            float(_DIGIT.search(display) is not None),  # has_digit
            *_inner_links(display),  # coordinated, prepositional
            sum(idf[s] for s in content) / len(content),  # idf_mean
            idf_min * idf_min / 10,  # idf_sq
        )
    return described


def score_candidates(
    candidates: dict[tuple[str, ...], _Candidate], frequencies: DocumentFrequencies
) -> dict[tuple[str, ...], float]:
    """A linear score per candidate key over the features of :func:`describe_candidates`."""
    weights = tuple(FEATURE_WEIGHTS[name] for name in FEATURE_NAMES)
    return {
        key: sum(map(mul, weights, features)) for key, features in describe_candidates(candidates, frequencies).items()
    }


def select_keyphrases(
    candidates: dict[tuple[str, ...], _Candidate], scores: dict[tuple[str, ...], float], k: int
) -> list[str]:
    """The display forms of the best ``k`` keys (earlier first on ties), each form once.

    A phrase is a fragment of a chosen one when every one of its occurrences lies inside it
    (``الدفاع الإسرائيلي`` beside ``وزير الدفاع الإسرائيلي``): fragments are dropped, whichever
    of the two ranks first. Nested phrases with uses of their own stay, since readers tag
    ``المياه`` beside ``المياه الجوفية``; how much of a phrase's use sits inside a longer
    one is a feature of the score (``inside_longer``). Rewriting a phrase into its longer
    context, or dropping a part that a chosen phrase accounts for half of, as an earlier
    version did, cost 0.01-0.03 F1@10 on AKEC's tuning half.
    """
    chosen: list[tuple[str, ...]] = []
    forms: list[str] = []
    for key in sorted(scores, key=lambda key: (-scores[key], candidates[key].first)):
        if any(_is_fragment(key, other, candidates) for other in chosen):
            continue
        form = candidates[key].display()
        if form in forms:
            continue
        kept = [i for i, other in enumerate(chosen) if not _is_fragment(other, key, candidates)]
        chosen = [chosen[i] for i in kept] + [key]
        forms = [forms[i] for i in kept] + [form]
        if len(chosen) >= k:
            break
    return forms


def _is_fragment(shorter: tuple[str, ...], longer: tuple[str, ...], candidates) -> bool:
    """``longer`` contains ``shorter`` and is used at least as often: all of ``shorter``'s
    occurrences lie inside it."""
    n = len(shorter)
    if len(longer) <= n or candidates[longer].count < candidates[shorter].count:
        return False
    return any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def _index_extensions(candidates) -> dict[tuple[str, ...], list[tuple[str, ...]]]:
    """For each key, the candidate keys one word longer that contain it."""
    extensions: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
    for key in candidates:
        if len(key) > 1:
            extensions[key[1:]].append(key)
            extensions[key[:-1]].append(key)
    return extensions


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
