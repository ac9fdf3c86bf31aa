"""Topic classification with the shipped model: labels, confidences, held-out ANT months."""

from __future__ import annotations

import sys
from collections import Counter
from importlib.resources import files
from pathlib import Path

import numpy as np

from marsad.enrich.topic import (
    MODEL_RESOURCE,
    TOPIC_LABELS,
    TOPIC_MODEL_VERSION,
    classify_topic,
    extract_topic_features,
    load_topic_model,
)
from tests.enrich_helpers import ENGLISH_BODY, ant_dir, load_seed

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from train.ant_corpus import iter_ant, split_by_month


def test_shipped_model_is_small_pickle_free_and_versioned():
    resource = files("marsad.enrich").joinpath(MODEL_RESOURCE)
    assert resource.is_file()
    assert len(resource.read_bytes()) < 10 * 1024 * 1024
    with resource.open("rb") as handle:
        archive = np.load(handle, allow_pickle=False)
        assert str(archive["version"]) == TOPIC_MODEL_VERSION
    model = load_topic_model()
    assert model.labels == TOPIC_LABELS
    assert model.weights.shape == (len(model.vocabulary), len(TOPIC_LABELS))


def test_seed_is_international_news():
    title, body = load_seed()
    label, confidence = classify_topic(title, body)
    assert label in {"international", "politics"}
    assert 0.0 < confidence <= 1.0


def test_held_out_2017_articles_are_mostly_right_per_section():
    _, test = split_by_month(list(iter_ant(ant_dir())))
    by_label: dict[str, list] = {}
    for doc in test:
        if doc.body and len(by_label.setdefault(doc.label, [])) < 15:
            by_label[doc.label].append(doc)
    correct = Counter()
    for label, docs in by_label.items():
        correct[label] = sum(classify_topic(d.title, d.body)[0] == label for d in docs)
    assert correct["sport"] >= 13
    total = sum(correct.values()) / sum(len(d) for d in by_label.values())
    assert total >= 0.6, correct


def test_empty_and_english_articles_get_a_valid_label():
    for title, body in (("", []), ("Bank raises rates", ENGLISH_BODY)):
        label, confidence = classify_topic(title, body)
        assert label in TOPIC_LABELS
        assert 0.0 < confidence <= 1.0


def test_confidence_is_higher_for_a_clear_article_than_for_an_empty_one():
    clear = classify_topic(
        "الترجي يفوز على النادي الصفاقسي في الدربي", ["سجل المهاجم هدفين في الشوط الثاني من المباراة والبطولة"]
    )
    assert clear[0] == "sport"
    assert clear[1] > classify_topic("", [])[1]


def test_features_count_title_words_twice():
    features = extract_topic_features("مباراة", ["مباراة"])
    assert features["w:مباراه"] == 3
    assert not extract_topic_features("", [])


def test_very_long_article():
    title, body = load_seed()
    label, _ = classify_topic(title, body * 150)
    assert label in TOPIC_LABELS
