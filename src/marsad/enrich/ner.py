"""Named-entity recognition for Arabic news: people, organisations, places and others.

A linear-chain CRF (CRFsuite) trained by ``train/ner.py`` on CLEANANERCorp, with gazetteer,
word-shape, normalized/stemmed, affix and context-window features (see
:mod:`marsad.enrich.ner_features`). The model ships inside the package in
``marsad/enrich/models/``; ``NER_MODEL.md`` there records its data, licence and figures.

Example:
    >>> [(e.text, e.type) for e in extract_entities("التقى بلينكن في واشنطن.")]  # doctest: +SKIP
    [('بلينكن', 'PERS'), ('واشنطن', 'LOC')]
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

from marsad.enrich.ner_features import (
    Lexicon,
    expand_sentence,
    featurize_tokens,
    tokenize_for_tagging,
)
from marsad.enrich.ner_keys import count_proclitic_letters, entity_key
from marsad.text import Token, is_stopword, normalize_ar, strip_diacritics

__all__ = ["NER_MODEL_VERSION", "Entity", "EntityType", "entity_key", "extract_entities"]

NER_MODEL_VERSION = "crf-cleananercorp-1"

EntityType = Literal["PERS", "ORG", "LOC", "MISC"]

MODEL_FILE = "ner.crfsuite"
LEXICON_FILE = "ner_lexicon.json"
META_FILE = "ner_model.json"
_SENTENCE_ENDS = frozenset(".!?؟؛")
_MIN_REPEATED_NAME = 3
_MAX_SENTENCE_TOKENS = 120  # CRF cost is linear, but very long runs are list fragments anyway


@dataclass(frozen=True, slots=True)
class Entity:
    """One mention: ``text == original[start:end]``; ``key`` groups spelling variants."""

    text: str
    type: EntityType
    start: int
    end: int
    key: str


@dataclass(slots=True)
class _Model:
    tagger: object  # pycrfsuite.Tagger
    lexicon: Lexicon
    meta: dict[str, object]
    lock: threading.Lock


def models_dir() -> Path:
    """The folder holding the shipped model files (inside the installed package)."""
    return Path(str(resources.files("marsad.enrich").joinpath("models")))


@lru_cache(maxsize=1)
def load_model() -> _Model:
    """The shipped model, opened on first use and cached for the life of the process."""
    return open_model(models_dir())


def open_model(folder: Path) -> _Model:
    """Open a model folder (``ner.crfsuite``, ``ner_lexicon.json``, ``ner_model.json``)."""
    import pycrfsuite

    meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    if meta.get("version") != NER_MODEL_VERSION:
        raise RuntimeError(f"NER model {meta.get('version')!r} != code {NER_MODEL_VERSION!r}")
    tagger = pycrfsuite.Tagger()
    tagger.open(str(folder / MODEL_FILE))
    lexicon = Lexicon.from_json((folder / LEXICON_FILE).read_text(encoding="utf-8"))
    return _Model(tagger, lexicon, meta, threading.Lock())


def extract_entities(text: str) -> list[Entity]:
    """Find the named entities of ``text``, with offsets into ``text`` itself.

    The text is split into sentences (at . ! ? ؟ ؛ and line breaks) before tagging; an empty
    or entity-free text gives ``[]``.
    """
    if not text or not text.strip():
        return []
    model = load_model()
    tokens = tokenize_for_tagging(text)
    known_here = {t.norm for t in tokens}
    entities: list[Entity] = []
    for sentence in _split_sentences(text, tokens):
        labels = _tag(model, sentence)
        for start, end, kind in _chunks(labels):
            entity = _make_entity(text, sentence[start:end], kind, model.lexicon, known_here)
            if entity is not None:
                entities.append(entity)
    return _add_repeated_mentions(text, tokens, entities)


def _add_repeated_mentions(text: str, tokens: Sequence[Token], entities: list[Entity]) -> list[Entity]:
    """Tag later bare mentions of a name the tagger found elsewhere in the same text.

    A surname (the last word of a person) or a one-word place or organisation is a name
    wherever it recurs in one article: "يوآف جالانت ... وقال جالانت", "بلينكن ... لبلينكن".
    """
    names: dict[str, str] = {}
    for entity in entities:
        words = entity.text.split()
        if entity.type == "PERS" or len(words) == 1:
            names.setdefault(normalize_ar(words[-1]), entity.type)
    if not names:
        return entities
    covered = {i for e in entities for i in range(e.start, e.end)}
    added = [
        entity
        for token in tokens
        if token.start not in covered and (entity := _repeated_mention(text, token, names)) is not None
    ]
    return sorted([*entities, *added], key=lambda e: e.start) if added else entities


def _repeated_mention(text: str, token: Token, names: dict[str, str]) -> Entity | None:
    if len(token.norm) < _MIN_REPEATED_NAME or is_stopword(token.norm):
        return None
    letters = 0
    if token.norm not in names:
        letters = count_proclitic_letters(token.norm, names.__contains__)
    kind = names.get(token.norm[letters:])
    if kind is None:
        return None
    start = token.start + _offset_after_letters(token.text, letters)
    surface = text[start : token.end]
    return Entity(surface, kind, start, token.end, entity_key(surface))  # type: ignore[arg-type]


def tag_words(words: Sequence[str], model: _Model | None = None) -> list[str]:
    """BIO labels for an already tokenized sentence (one label per corpus token).

    This is how the evaluation scores the model on ``token label`` files.
    """
    model = model or load_model()
    tokens, _, heads = expand_sentence(words, ["O"] * len(words))
    labels = _tag(model, tokens) if tokens else []
    return [labels[head] if head >= 0 else "O" for head in heads]


def _tag(model: _Model, tokens: Sequence[Token]) -> list[str]:
    features = featurize_tokens(tokens, model.lexicon)
    with model.lock:
        return list(model.tagger.tag(features))  # type: ignore[attr-defined]


def _split_sentences(text: str, tokens: Sequence[Token]) -> Iterator[list[Token]]:
    current: list[Token] = []
    for token in tokens:
        if current and ("\n" in text[current[-1].end : token.start]):
            yield current
            current = []
        current.append(token)
        if token.text in _SENTENCE_ENDS or len(current) >= _MAX_SENTENCE_TOKENS:
            yield current
            current = []
    if current:
        yield current


def _chunks(labels: Sequence[str]) -> Iterator[tuple[int, int, str]]:
    start, kind = -1, ""
    for i, label in enumerate([*labels, "O"]):
        prefix, _, ltype = label.partition("-")
        continues = prefix == "I" and ltype == kind
        if kind and not continues:
            yield start, i, kind
            kind = ""
        if prefix in ("B", "I") and not continues:
            start, kind = i, ltype


def _make_entity(
    text: str, tokens: Sequence[Token], kind: str, lexicon: Lexicon, known_here: set[str]
) -> Entity | None:
    words = [t for t in tokens if t.norm[:1].isalnum()]
    if not words or kind not in ("PERS", "ORG", "LOC", "MISC"):
        return None
    first, last = words[0], words[-1]
    start = first.start + _clitic_width(first, lexicon, known_here)
    surface = text[start : last.end]
    return Entity(surface, kind, start, last.end, entity_key(surface))  # type: ignore[arg-type]


def _clitic_width(token: Token, lexicon: Lexicon, known_here: set[str]) -> int:
    """Characters of ``token.text`` taken by a leading clitic (و, ب, ل, ...), or 0."""
    letters = count_proclitic_letters(
        token.norm,
        lambda norm: lexicon.is_known(norm) or (norm != token.norm and norm in known_here),
    )
    return _offset_after_letters(token.text, letters)


def _offset_after_letters(word: str, letters: int) -> int:
    """The index in ``word`` just after its first ``letters`` base letters."""
    if not letters:
        return 0
    # Count base letters in the original spelling: it may carry vowel marks or tatweel.
    seen = 0
    for index, char in enumerate(word):
        if strip_diacritics(char) and normalize_ar(char):
            if seen == letters:
                return index
            seen += 1
    return 0
