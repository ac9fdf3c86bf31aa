"""Tokens and CRF features for the NER tagger, shared by training and inference.

Training and tagging must see exactly the same tokens and features, so both go through
:func:`tokenize_for_tagging` and :func:`featurize_tokens`. Tokens are marsad's word tokens
(:func:`marsad.text.tokenize`, which keeps offsets) plus one token per punctuation mark
between them: punctuation is strong context for names (a comma after a name, quotes).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from marsad.enrich.ner_keys import looks_transliterated
from marsad.text import Token, normalize_ar, stem_light_ar, tokenize

_SPACE = re.compile(r"\s")
_ARTICLE_FORMS = ("وال", "فال", "بال", "كال", "لل", "ال")
_CORE_PREFIXES = ("وبال", "وال", "فال", "بال", "كال", "وب", "ول", "وك", "و", "ف", "ب", "ل", "ال")
_CONTEXT_OFFSETS = (-2, -1, 1, 2)
_TITLE_WINDOW = 4
# Words that introduce a person's name a few tokens later ("وزير الدفاع الإسرائيلي، يوآف ...").
_TITLES = (
    "وزير وزيرة رئيس رئيسة الرئيس الملك الأمير الأميرة الشيخ السيد السيدة الدكتور د "
    "النائب السفير المتحدث الناطق قائد زعيم الأمين مدير المدير المبعوث المستشار العاهل "
    "نائب المرشح الجنرال اللواء العقيد العميد الفريق المشير الرئيسة المفوض مساعد"
)
TITLE_WORDS = frozenset(normalize_ar(w) for w in _TITLES.split())
_MAX_GAZETTEER_SPAN = 6


@dataclass(slots=True)
class Lexicon:
    """Name lists compiled at training time: gazetteer words and phrases, per entity type."""

    words: dict[str, set[str]] = field(default_factory=dict)  # type -> single normalized words
    phrases: dict[str, set[tuple[str, ...]]] = field(default_factory=dict)  # type -> word tuples
    names: set[str] = field(default_factory=set)  # normalized words seen as names in training
    clusters: dict[str, str] = field(default_factory=dict)  # word -> "c32.c128.c512" ids
    _index: dict[str, list[tuple[tuple[str, ...], str]]] | None = field(default=None, repr=False)

    def word_types(self, norm: str) -> list[str]:
        """The entity types whose gazetteer holds ``norm`` as a one-word entry."""
        return [kind for kind, entries in self.words.items() if norm in entries]

    def phrase_index(self) -> dict[str, list[tuple[tuple[str, ...], str]]]:
        """Gazetteer phrases by first word, built once."""
        if self._index is None:
            self._index = {}
            for kind, phrases in sorted(self.phrases.items()):
                for phrase in phrases:
                    self._index.setdefault(phrase[0], []).append((phrase, kind))
        return self._index

    def cluster_of(self, norm: str, core: str) -> list[str]:
        """The word's cluster ids, coarse to fine (falling back to its core form), or []."""
        found = self.clusters.get(norm) or self.clusters.get(core)
        return found.split(".") if found else []

    def is_known(self, norm: str) -> bool:
        """Whether ``norm`` is a name in any list."""
        return norm in self.names or any(norm in entries for entries in self.words.values())

    def to_json(self) -> str:
        """Serialize deterministically (sorted), for shipping next to the model."""
        data = {
            "words": {k: sorted(v) for k, v in sorted(self.words.items())},
            "phrases": {k: sorted(" ".join(p) for p in v) for k, v in sorted(self.phrases.items())},
            "names": sorted(self.names),
            "clusters": dict(sorted(self.clusters.items())),
        }
        return json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Lexicon:
        """The inverse of :meth:`to_json`."""
        data = json.loads(text)
        return cls(
            words={k: set(v) for k, v in data["words"].items()},
            phrases={k: {tuple(p.split(" ")) for p in v} for k, v in data["phrases"].items()},
            names=set(data["names"]),
            clusters=data.get("clusters", {}),
        )


def read_gazetteer(path: Path, kind: str, lexicon: Lexicon) -> None:
    """Add the entries of one ANERGazet file (``====``/``****`` lines separate sections)."""
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        entry = tuple(normalize_ar(word) for word in line.split())
        if not entry or not any(char.isalpha() for char in "".join(entry)):
            continue
        if len(entry) == 1:
            lexicon.words.setdefault(kind, set()).add(entry[0])
        elif len(entry) <= _MAX_GAZETTEER_SPAN:
            lexicon.phrases.setdefault(kind, set()).add(entry)


def tokenize_for_tagging(text: str) -> list[Token]:
    """Word tokens of ``text`` plus one token per punctuation mark, in order, with offsets."""
    tokens: list[Token] = []
    position = 0
    for word in tokenize(text):
        tokens.extend(_punctuation_tokens(text, position, word.start))
        tokens.append(word)
        position = word.end
    tokens.extend(_punctuation_tokens(text, position, len(text)))
    return tokens


def _punctuation_tokens(text: str, start: int, end: int) -> Iterable[Token]:
    for index in range(start, end):
        char = text[index]
        if not _SPACE.match(char) and char.isprintable():
            yield Token(char, index, index + 1, normalize_ar(char) or char)


def strip_to_core(norm: str) -> str:
    """The word without a leading conjunction, preposition or article (a feature, not a key)."""
    for prefix in _CORE_PREFIXES:
        if norm.startswith(prefix) and len(norm) - len(prefix) >= 2:
            return norm[len(prefix) :]
    return norm


def featurize_tokens(tokens: Sequence[Token], lexicon: Lexicon) -> list[list[str]]:
    """CRF features for each token: its own, its neighbours' and gazetteer matches."""
    norms = [t.norm for t in tokens]
    cores = [strip_to_core(n) for n in norms]
    gazetteer = _gazetteer_tags(norms, cores, lexicon)
    clusters = [lexicon.cluster_of(n, c) for n, c in zip(norms, cores, strict=True)]
    own = [_own_features(n, c, g) for n, c, g in zip(norms, cores, gazetteer, strict=True)]
    features: list[list[str]] = []
    titled = _after_title(cores)
    for i in range(len(tokens)):
        row = list(own[i])
        row.extend(f"cl{k}={c}" for k, c in enumerate(clusters[i]))
        if not clusters[i] and norms[i][:1].isalpha():
            row.append("unclustered")
        if titled[i]:
            row.append("after_title")
        for offset in _CONTEXT_OFFSETS:
            row.extend(_context_features(norms, cores, gazetteer, i, offset))
            if 0 <= i + offset < len(tokens):
                row.extend(f"{offset}:cl{k}={c}" for k, c in enumerate(clusters[i + offset]) if k)
        row.append(f"bi-={_at(norms, i - 1)}|{norms[i]}")
        row.append(f"bi+={norms[i]}|{_at(norms, i + 1)}")
        features.append(row)
    return features


def _after_title(cores: Sequence[str]) -> list[bool]:
    """Whether a title word (وزير, الرئيس, ...) occurs in the few tokens before each token."""
    last_title = -_TITLE_WINDOW - 1
    flags: list[bool] = []
    for i, core in enumerate(cores):
        flags.append(i - last_title <= _TITLE_WINDOW)
        if core in TITLE_WORDS or ("ال" + core) in TITLE_WORDS:
            last_title = i
    return flags


def _at(values: Sequence[str], index: int) -> str:
    if index < 0:
        return "<s>"
    if index >= len(values):
        return "</s>"
    return values[index]


def _own_features(norm: str, core: str, gazetteer: list[str]) -> list[str]:
    features = [
        "bias",
        f"w={norm}",
        f"core={core}",
        f"stem={stem_light_ar(core)}",
        f"shape={_shape(norm)}",
        f"len={min(len(core), 8)}",
    ]
    features.extend(f"p{k}={core[:k]}" for k in (1, 2, 3) if len(core) > k)
    features.extend(f"s{k}={norm[-k:]}" for k in (1, 2, 3) if len(norm) > k)
    if norm.startswith(_ARTICLE_FORMS):
        features.append("article")
    if core != norm:
        features.append(f"clitic={norm[: len(norm) - len(core)]}")
    if looks_transliterated(core):
        features.append("translit")
    features.extend(f"gaz={tag}" for tag in gazetteer)
    return features


def _context_features(
    norms: Sequence[str], cores: Sequence[str], gazetteer: Sequence[list[str]], i: int, off: int
) -> list[str]:
    j = i + off
    if j < 0 or j >= len(norms):
        return [f"{off}:edge"]
    features = [f"{off}:w={norms[j]}", f"{off}:core={cores[j]}"]
    features.extend(f"{off}:gaz={tag}" for tag in gazetteer[j])
    if abs(off) == 1:
        features.append(f"{off}:shape={_shape(norms[j])}")
        features.append(f"{off}:s2={norms[j][-2:]}")
    return features


def _shape(norm: str) -> str:
    if norm.isdigit():
        return "digit"
    if any(char.isdigit() for char in norm):
        return "hasdigit"
    if norm.isascii() and norm.isalpha():
        return "latin"
    if not any(char.isalnum() for char in norm):
        return "punct"
    return "arabic" if all("\u0600" <= char <= "\u06ff" for char in norm) else "other"


def _gazetteer_tags(norms: Sequence[str], cores: Sequence[str], lexicon: Lexicon) -> list[list[str]]:
    tags: list[list[str]] = []
    for norm, core in zip(norms, cores, strict=True):
        kinds = set(lexicon.word_types(norm)) | set(lexicon.word_types(core))
        tags.append([f"1{kind}" for kind in sorted(kinds)])
    index = lexicon.phrase_index()
    for i in range(len(norms)):
        for first in {norms[i], cores[i]}:
            for phrase, kind in index.get(first, ()):
                if tuple(norms[i + 1 : i + len(phrase)]) == phrase[1:]:
                    tags[i].append(f"B{kind}")
                    for j in range(i + 1, i + len(phrase)):
                        tags[j].append(f"I{kind}")
    return tags


def expand_sentence(words: Sequence[str], labels: Sequence[str]) -> tuple[list[Token], list[str], list[int]]:
    """Re-tokenize a corpus sentence the way text is tokenized for tagging.

    Returns the tagging tokens, their BIO labels and, for each corpus word, the index of the
    tagging token that carries its label (its first word token), or -1 when it has none.
    Inside a labelled corpus word, later word tokens and inner punctuation continue the
    entity (``I-``); outer punctuation is ``O``.
    """
    tokens: list[Token] = []
    token_labels: list[str] = []
    heads: list[int] = []
    for word, label in zip(words, labels, strict=True):
        pieces = tokenize_for_tagging(word)
        word_positions = [k for k, piece in enumerate(pieces) if piece.norm[:1].isalnum()]
        heads.append(len(tokens) + word_positions[0] if word_positions else -1)
        inside = "I" + label[1:] if label != "O" else "O"
        for k, piece in enumerate(pieces):
            if not word_positions or k == word_positions[0]:
                token_labels.append(label)
            elif word_positions[0] < k < word_positions[-1] or k in word_positions:
                token_labels.append(inside)
            else:
                token_labels.append("O")
            tokens.append(piece)
    return tokens, token_labels, heads
