from datetime import timedelta

from marsad.dedup import DedupEngine
from tests.dedup_fixtures import T0, make_article, wire_article, wire_copy
from tests.test_dedup_related import RELATED, UNRELATED


def test_engine_returns_copy_and_story_edges_and_related():
    engine = DedupEngine()
    first = engine.add("spa", wire_article())
    copy = engine.add("weeam", wire_copy())
    engine.add("flu", RELATED)
    engine.add("hilal", UNRELATED)
    assert first.relations == [("spa", "spa", "story", 0.0)]
    assert ("weeam", "spa", "copy_of", copy.copy.jaccard) in copy.relations
    assert copy.story.story_id == first.story.story_id
    assert [r.article_id for r in engine.related("spa")] == ["flu"]


def test_engine_repoints_when_an_earlier_copy_arrives():
    engine = DedupEngine()
    engine.add("weeam", wire_copy())
    earlier = make_article(wire_article().title, wire_article().body, when=T0 - timedelta(hours=2))
    result = engine.add("spa", earlier)
    assert result.copy.canonical_id == "spa"
    assert ("weeam", "spa", "copy_of") in result.repoint
