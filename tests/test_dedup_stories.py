from datetime import timedelta

from marsad.dedup import StoryClusterer, StorySettings
from tests.dedup_fixtures import T0, make_article, wire_article, wire_copy

DAY1 = make_article(
    "انقلاب حافلة ركاب على طريق الرياض القصيم وإصابة 50 شخصا",
    [
        "أعلنت المديرية العامة للشؤون الصحية بمنطقة القصيم حالة الطوارئ في مستشفيات المنطقة "
        "بعد انقلاب حافلة ركاب على طريق الرياض القصيم السريع نتج عنه خمسون إصابة.",
        "وباشرت فرق الهلال الأحمر الحادث ونقلت المصابين إلى مستشفيات بريدة وعنيزة.",
    ],
    source="alriyadh",
)
DAY2 = make_article(
    "محافظ عنيزة يطمئن على مصابي انقلاب حافلة طريق الرياض القصيم",
    [
        "زار محافظ عنيزة مستشفى الملك سعود للاطمئنان على مصابي حادث انقلاب حافلة الركاب "
        "على طريق الرياض القصيم السريع الذي وقع أمس وأسفر عن خمسين إصابة.",
        "وأكد مدير المستشفى أن حالة المصابين مستقرة وأن الطوارئ استقبلت الحالات فور الحادث.",
    ],
    when=T0 + timedelta(hours=26),
    source="aljazirah",
)
OTHER = make_article(
    "الهلال يفتتح معسكره في النمسا بمواجهة ودية",
    ["يفتتح فريق الهلال مبارياته الودية في معسكره التحضيري بالنمسا استعدادا للموسم الجديد."],
    when=T0 + timedelta(hours=27),
    source="okaz",
)


def test_a_story_that_continues_across_two_days_stays_one_story():
    clusterer = StoryClusterer()
    first = clusterer.add("d1", DAY1)
    second = clusterer.add("d2", DAY2)
    third = clusterer.add("o", OTHER)
    assert first.is_new and not second.is_new
    assert second.story_id == first.story_id and second.size == 2 and second.source_count == 2
    assert third.is_new and third.story_id != first.story_id
    story = clusterer.story(first.story_id)
    assert story is not None
    assert story.first_seen == T0 and story.last_seen == T0 + timedelta(hours=26)
    assert [item[1] for item in story.timeline()] == ["d1", "d2"]
    assert story.headline in {DAY1.title, DAY2.title}


def test_beyond_the_window_the_same_event_opens_a_new_story():
    clusterer = StoryClusterer(StorySettings(window=timedelta(hours=12)))
    first = clusterer.add("d1", DAY1)
    second = clusterer.add("d2", DAY2)
    assert second.story_id != first.story_id
    assert clusterer.story(first.story_id) is None  # expired from memory


def test_a_copy_joins_its_original_story_and_adding_twice_changes_nothing():
    clusterer = StoryClusterer()
    first = clusterer.add("spa", wire_article())
    copy = clusterer.add("weeam", wire_copy(), copy_of="spa")
    again = clusterer.add("weeam", wire_copy(), copy_of="spa")
    assert copy.story_id == first.story_id and copy.score == 1.0
    assert again.story_id == first.story_id and again.size == 2


def test_breaking_flag_when_many_sources_report_within_hours():
    clusterer = StoryClusterer(StorySettings(breaking_articles=3, breaking_sources=3))
    results = []
    for i, source in enumerate(["a", "b", "c"]):
        article = make_article(DAY1.title, DAY1.body, when=T0 + timedelta(minutes=20 * i))
        article.source = source
        results.append(clusterer.add(f"x{i}", article))
    assert not results[1].breaking and results[2].breaking


def test_entities_pull_articles_together():
    a = make_article("لقاء في جدة", ["بحث الجانبان العلاقات الثنائية."])
    b = make_article("اجتماع ثنائي", ["استعرض الطرفان التعاون المشترك."])
    plain = StoryClusterer()
    plain.add("a", a)
    assert plain.add("b", b).is_new
    keyed = StoryClusterer()
    keyed.add("a", a, entities=["per:كارتر", "loc:جده", "per:محمد_بن_سلمان"])
    result = keyed.add("b", b, entities=["per:كارتر", "loc:جده", "per:محمد_بن_سلمان"])
    assert not result.is_new


# Semantic mixing (the `semantic` extra): synthetic unit vectors stand in for embeddings, so
# the clusterer's arithmetic is tested without the model; tests/test_semantic_stories.py
# runs the real model where it is installed.
QUAKE = make_article(
    "زلزال بقوة ست درجات يضرب جنوب تركيا",
    ["ضرب زلزال بقوة ست درجات جنوب تركيا فجر اليوم وشعر به سكان المدن المجاورة."],
    source="alriyadh",
)
QUAKE_FOLLOW_UP = make_article(
    "فرق الإنقاذ تنتشل ناجين من تحت الأنقاض في تركيا",
    ["انتشلت فرق الإنقاذ ناجين من تحت أنقاض مبان انهارت في الهزة الأرضية التي ضربت جنوب البلاد."],
    when=T0 + timedelta(hours=5),
    source="okaz",
)


def _unit(*values: float):
    import numpy as np

    vector = np.asarray(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def test_lexically_distant_follow_up_joins_only_with_close_embeddings():
    plain = StoryClusterer()
    first = plain.add("q1", QUAKE)
    lexical = plain.add("q2", QUAKE_FOLLOW_UP)
    assert lexical.story_id != first.story_id  # too few shared words for the lexical score alone

    settings = StorySettings(semantic_weight=0.5, semantic_floor=0.8)
    close = StoryClusterer(settings)
    close.add("q1", QUAKE, embedding=_unit(1, 0, 0))
    joined = close.add("q2", QUAKE_FOLLOW_UP, embedding=_unit(1, 0.05, 0))
    assert joined.story_id == "q1" and joined.score > 0.3

    far = StoryClusterer(settings)
    far.add("q1", QUAKE, embedding=_unit(1, 0, 0))
    apart = far.add("q2", QUAKE_FOLLOW_UP, embedding=_unit(1, 1, 0))  # cosine 0.71, under the floor
    assert apart.story_id != "q1"


def test_embeddings_change_nothing_without_a_semantic_weight():
    with_vectors, without = StoryClusterer(), StoryClusterer()
    for article_id, article, vector in (
        ("d1", DAY1, _unit(1, 0)),
        ("d2", DAY2, _unit(0, 1)),
        ("o", OTHER, _unit(1, 1)),
    ):
        a = with_vectors.add(article_id, article, embedding=vector)
        b = without.add(article_id, article)
        assert (a.story_id, a.score) == (b.story_id, b.score)
