from datetime import timedelta

from marsad.dedup import RelatedIndex
from tests.dedup_fixtures import T0, make_article, wire_article, wire_copy

SAME_STORY = make_article(
    "ارتفاع إصابات كورونا في الرياض إلى ثلاث حالات",
    ["أكدت وزارة الصحة تسجيل ثلاث إصابات بفيروس كورونا في الرياض وبدء حصر المخالطين."],
    when=T0 + timedelta(hours=5),
    source="okaz",
)
RELATED = make_article(
    "وزارة الصحة تطلق حملة للتطعيم ضد الإنفلونزا الموسمية",
    [
        "أطلقت وزارة الصحة حملة وطنية للتطعيم في المراكز الصحية والمستشفيات لمواجهة الفيروس "
        "مع دعوة المواطنين إلى الإرشادات الوقائية."
    ],
    when=T0 + timedelta(days=2),
    source="alyaum",
)
UNRELATED = make_article(
    "الهلال يفتتح معسكره في النمسا",
    ["يفتتح فريق الهلال مبارياته الودية في معسكره التحضيري بالنمسا."],
    when=T0 + timedelta(days=1),
    source="okaz",
)


def test_related_excludes_copies_and_same_story():
    index = RelatedIndex(min_score=0.05)
    index.add("spa", wire_article(), story_id="s1", copy_group="spa")
    index.add("weeam", wire_copy(), story_id="s1", copy_group="spa")
    index.add("okaz", SAME_STORY, story_id="s1")
    index.add("flu", RELATED, story_id="s2")
    index.add("hilal", UNRELATED, story_id="s3")
    found = [item.article_id for item in index.related("spa", k=5)]
    assert found == ["flu"]


def test_related_is_newest_first_and_bounded():
    index = RelatedIndex(min_score=0.0, max_score=1.01, max_articles=3)
    for day in range(4):
        article = make_article(f"وزارة الصحة حملة {day}", ["وزارة الصحة تطلق حملة توعية"])
        article.provenance = article.provenance.__class__(fetched_at=T0 + timedelta(days=day))
        index.add(f"d{day}", article, story_id=f"s{day}")
    assert len(index) == 3
    assert [i.article_id for i in index.related("d3")] == ["d2", "d1"]
