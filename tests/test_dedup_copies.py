from datetime import timedelta

import pytest

from marsad.dedup import CopyDetector, compare
from tests.dedup_fixtures import T0, WIRE_BODY, make_article, seed_articles, wire_article, wire_copy


def test_wire_copy_with_new_dateline_trim_and_boilerplate_is_a_copy():
    detector = CopyDetector()
    first = detector.add("spa", wire_article())
    second = detector.add("weeam", wire_copy())
    assert first.kind == "original"
    assert second.is_copy and second.kind == "near"
    assert second.group_id == "spa" and second.canonical_id == "spa"
    group = detector.group_of("weeam")
    assert group is not None and group.sources == ["was", "alweeam"]


def test_exact_copy_ignores_dateline_and_whitespace():
    body = list(WIRE_BODY)
    body[0] = body[0].replace("الرياض - واس", "الرياض – واس  ")
    decision = _add_pair(wire_article(), make_article("عنوان آخر", body, source="okaz"))
    assert decision.kind == "exact"


def test_seed_glued_article_is_not_a_copy_of_its_host():
    pair = seed_articles()
    if pair is None:
        pytest.skip("../shared/samples/000_89b64a676fe35307.txt is absent")
    host, glued = pair
    assert not _add_pair(host, glued).is_copy
    assert compare(host, glued).decision == "different"


def test_adding_the_same_article_twice_changes_no_group():
    detector = CopyDetector()
    detector.add("spa", wire_article())
    detector.add("weeam", wire_copy())
    before = [(g.group_id, [m.article_id for m in g.members]) for g in detector.groups()]
    again = detector.add("weeam", wire_copy())
    after = [(g.group_id, [m.article_id for m in g.members]) for g in detector.groups()]
    assert again.is_copy and before == after and len(detector) == 2


def test_earlier_copy_arriving_late_becomes_canonical():
    detector = CopyDetector()
    detector.add("weeam", wire_copy())
    late = wire_article()
    late.provenance = late.provenance.__class__(fetched_at=T0 - timedelta(hours=1))
    decision = detector.add("spa", late)
    assert decision.canonical_id == "spa" and decision.previous_canonical_id == "weeam"


def test_different_story_sharing_a_template_is_not_a_copy():
    other = [p.replace("الرياض", "جازان").replace("ثلاث", "خمس") for p in WIRE_BODY[:2]]
    other += [
        "وبينت الوزارة أن المصابين نقلوا إلى مستشفى الملك فهد المركزي بجازان حيث يخضعون "
        "لمراقبة دقيقة، وأن حالتهم مستقرة بحسب تقارير الفريق الطبي المعالج.",
        "وكانت المنطقة قد سجلت الشهر الماضي حالتين تماثلتا للشفاء بعد أسبوعين من العلاج "
        "في العناية المركزة، دون تسجيل أي وفيات بين المخالطين.",
    ]
    assert not _add_pair(wire_article(), make_article("خمس إصابات في جازان", other)).is_copy


def test_memory_is_bounded_by_the_window():
    detector = CopyDetector(window=timedelta(days=1))
    for day in range(5):
        article = make_article(f"خبر {day}", [f"{p} اليوم رقم {day}" for p in WIRE_BODY])
        article.provenance = article.provenance.__class__(fetched_at=T0 + timedelta(days=day))
        detector.add(f"a{day}", article)
    assert len(detector) <= 2


def _add_pair(a, b):
    detector = CopyDetector()
    detector.add("a", a)
    return detector.add("b", b)


def test_short_notice_found_whole_in_a_longer_text_is_a_copy():
    notice = WIRE_BODY[1]  # under 40 words
    longer = make_article("تفاصيل", [notice, WIRE_BODY[2][:60]], source="okaz")
    assert _add_pair(make_article("إعلان", [notice]), longer).is_copy


def test_short_text_with_one_changed_figure_is_not_a_copy():
    notice = WIRE_BODY[1]
    changed = notice.replace("الخامس", "السادس")
    assert not _add_pair(make_article("إعلان", [notice]), make_article("إعلان", [changed], source="okaz")).is_copy


def test_wire_text_inside_a_longer_report_is_a_copy_by_coverage():
    edited = [p.replace("الوزارة", "وزارة الصحة", 1) for p in WIRE_BODY[1:3]] + WIRE_BODY[3:]
    report = make_article(
        "تقرير",
        [
            "في سياق متصل بالأوضاع الصحية في المملكة عقدت لجنة الطوارئ اجتماعها الأسبوعي "
            "لمناقشة خطط الاستعداد لموسم الحج وتوزيع الفرق الطبية على المنافذ.",
            *edited,
        ],
        source="alyaum",
    )
    decision = _add_pair(wire_article(), report)
    assert decision.is_copy and decision.coverage >= 0.8
