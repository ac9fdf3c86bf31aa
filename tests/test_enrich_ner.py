"""Tests for marsad.enrich.ner: name keys, data helpers, features and the shipped tagger."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from marsad.enrich.ner import NER_MODEL_VERSION, Entity, entity_key, extract_entities, tag_words
from marsad.enrich.ner_data import extract_chunks, read_conll, score_entities, split_sentences
from marsad.enrich.ner_features import expand_sentence, tokenize_for_tagging
from marsad.enrich.ner_keys import count_proclitic_letters

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MARSAD_SHARED", ROOT / ".." / "shared"))
SEED = SHARED / "samples" / "000_89b64a676fe35307.txt"


@pytest.fixture(scope="module")
def seed_body() -> str:
    if not SEED.exists():
        pytest.skip(f"seed page not found at {SEED} (set MARSAD_SHARED)")
    lines = SEED.read_text(encoding="utf-8").splitlines()
    return "\n".join(lines[3:11])


@pytest.fixture(scope="module")
def seed_entities(seed_body: str) -> list[Entity]:
    return extract_entities(seed_body)


# --- name keys -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("جالانت", "غالانت"),
        ("يوآف جالانت", "يوأف غالانت"),
        ("بلينكن", "بلنكن"),
        ("أنتوني بلينكن", "انتونى بلنكن"),
        ("نتانياهو", "نتنياهو"),
        ("الولايات المتحدة", "ولايات متحدة"),
        ("إسرائيل", "اسرائيل"),
        ("غانتس", "جانتس"),
        ("المُنظَّمة", "منظمة"),
    ],
)
def test_entity_key_groups_variants(a: str, b: str) -> None:
    assert entity_key(a) == entity_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("محمد", "محمود"), ("سعيد", "سعد"), ("سلمان", "سليمان"), ("حماس", "حمص"), ("لبنان", "ليبيا")],
)
def test_entity_key_keeps_distinct_names_apart(a: str, b: str) -> None:
    assert entity_key(a) != entity_key(b)


def test_entity_key_keeps_allah_and_handles_punctuation_and_empty() -> None:
    assert entity_key("حزب الله") == "حزب الله"
    assert entity_key("  ") == ""
    assert entity_key("Antony Blinken") == "antony blinken"
    assert entity_key("سي.إن.إن") == entity_key("سي إن إن")


def test_proclitic_split_only_onto_known_names() -> None:
    known = {"اسرائيل", "بلينكن"}.__contains__
    assert count_proclitic_letters("واسرائيل", known) == 1
    assert count_proclitic_letters("لبلينكن", known) == 1
    assert count_proclitic_letters("بالولايات", known) == 1
    assert count_proclitic_letters("وليد", known) == 0
    assert count_proclitic_letters("بيروت", known) == 0


# --- data helpers ----------------------------------------------------------------------------


def test_read_conll_and_split(tmp_path: Path) -> None:
    lines = []
    for i in range(20):
        lines += [f"كلمة{i} O", "بيروت B-LOC", ""]
    path = tmp_path / "tiny.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    sentences = read_conll(path)
    assert len(sentences) == 20
    assert sentences[0] == [("كلمة0", "O"), ("بيروت", "B-LOC")]
    split = split_sentences(sentences)
    assert (len(split.train), len(split.dev), len(split.heldout)) == (16, 2, 2)
    assert split.heldout == sentences[-2:]


def test_chunks_and_scores_follow_conlleval() -> None:
    assert extract_chunks(["B-PERS", "I-PERS", "O", "I-LOC", "B-LOC"]) == {(0, 2, "PERS"), (3, 4, "LOC"), (4, 5, "LOC")}
    gold = [["B-PERS", "I-PERS", "O", "B-LOC"]]
    pred = [["B-PERS", "O", "O", "B-LOC"]]
    scores = score_entities(gold, pred)
    assert scores["overall"]["precision"] == 0.5
    assert scores["overall"]["recall"] == 0.5
    assert scores["LOC"]["f1"] == 1.0
    assert scores["PERS"]["f1"] == 0.0


def test_expand_sentence_keeps_labels_on_words() -> None:
    words = ["(د", "ب", "أ)", "قال"]
    tokens, labels, heads = expand_sentence(words, ["B-ORG", "I-ORG", "I-ORG", "O"])
    assert [t.text for t in tokens] == ["(", "د", "ب", "أ", ")", "قال"]
    assert labels == ["O", "B-ORG", "I-ORG", "I-ORG", "O", "O"]
    assert heads == [1, 2, 3, 5]


def test_tokenize_for_tagging_keeps_offsets() -> None:
    text = "قال «بلينكن»، في واشنطن."
    tokens = tokenize_for_tagging(text)
    assert all(text[t.start : t.end] == t.text for t in tokens)
    assert [t.text for t in tokens] == ["قال", "«", "بلينكن", "»", "،", "في", "واشنطن", "."]


# --- the shipped tagger ----------------------------------------------------------------------


def _found(entities: list[Entity], kind: str) -> set[str]:
    return {e.key for e in entities if e.type == kind}


def test_model_version_is_set() -> None:
    assert NER_MODEL_VERSION


def test_seed_page_people(seed_entities: list[Entity]) -> None:
    people = _found(seed_entities, "PERS")
    assert entity_key("أنتوني بلينكن") in people


@pytest.mark.xfail(
    strict=True,
    reason="known miss (NER_MODEL.md): the CRF leaves the unseen name يوآف جالانت, set off by "
    "commas after its title, untagged",
)
def test_seed_page_finds_gallant(seed_entities: list[Entity]) -> None:
    people = _found(seed_entities, "PERS")
    assert entity_key("يوآف جالانت") in people or entity_key("جالانت") in people


def test_seed_page_places(seed_entities: list[Entity]) -> None:
    places = _found(seed_entities, "LOC")
    for name in ("واشنطن", "إسرائيل", "قطاع غزة"):
        assert entity_key(name) in places, name


def test_seed_page_organisation(seed_entities: list[Entity]) -> None:
    orgs = _found(seed_entities, "ORG")
    assert orgs & {entity_key("حزب الله"), entity_key("وزارة الخارجية"), entity_key("حماس")}


def test_seed_page_offsets_slice_back(seed_body: str, seed_entities: list[Entity]) -> None:
    assert seed_entities
    for entity in seed_entities:
        assert seed_body[entity.start : entity.end] == entity.text
        assert entity.key == entity_key(entity.text)
        assert entity.type in {"PERS", "ORG", "LOC", "MISC"}


def test_seed_page_variant_keys_group(seed_body: str, seed_entities: list[Entity]) -> None:
    variant = seed_body.replace("بلينكن", "بلنكن").replace("أنتوني", "انتونى")
    keys = {e.key for e in extract_entities(variant) if e.type == "PERS"}
    assert keys & _found(seed_entities, "PERS")


def test_clitic_is_trimmed_from_entity() -> None:
    text = "التقى وزير الخارجية الأمريكي أنتوني بلينكن في واشنطن. وقال لبلينكن إن الأمر عاجل."
    spans = [(e.text, e.start) for e in extract_entities(text) if e.type == "PERS"]
    assert ("بلينكن", text.index("لبلينكن") + 1) in spans


def test_empty_and_english_text() -> None:
    assert extract_entities("") == []
    assert extract_entities("   \n\n ") == []
    english = "Antony Blinken met Yoav Gallant in Washington on Tuesday."
    for entity in extract_entities(english):
        assert english[entity.start : entity.end] == entity.text


def test_long_article_does_not_crash(seed_body: str) -> None:
    paragraph = seed_body.splitlines()[0]
    text = "\n\n".join([paragraph] * 200)
    entities = extract_entities(text)
    assert len(entities) >= 200
    assert all(text[e.start : e.end] == e.text for e in entities)


def test_tag_words_returns_one_label_per_word() -> None:
    words = ["التقى", "بلينكن", "في", "واشنطن", "."]
    labels = tag_words(words)
    assert len(labels) == len(words)
    assert labels[-1] == "O"


def test_shipped_model_matches_its_provenance() -> None:
    import hashlib
    import json

    from marsad.enrich.ner import META_FILE, MODEL_FILE, models_dir

    folder = models_dir()
    meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    assert meta["version"] == NER_MODEL_VERSION
    digest = hashlib.sha256((folder / MODEL_FILE).read_bytes()).hexdigest()
    assert digest == meta["model_sha256"]
    assert (folder / "NER_MODEL.md").exists()
