"""Template news (same wording, different figures, dates, places or names) is not a copy."""

from datetime import timedelta

from marsad.dedup import CopyDetector, CopyThresholds, Signature, compare, signature
from marsad.dedup.fingerprint import body_words
from marsad.dedup.substitution import is_variant, replaced_spans, substitutions
from tests.dedup_fixtures import T0, WIRE_BODY, make_article, wire_article, wire_copy

CABLE = [
    "الرياض - واس بعث خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز آل سعود برقية تهنئة "
    "لفخامة الرئيس {name} رئيس {country} بمناسبة ذكرى {day} لبلاده.",
    "وأعرب الملك المفدى باسمه واسم شعب المملكة العربية السعودية وحكومتها عن أصدق التهاني "
    "وأطيب التمنيات بموفور الصحة والسعادة لفخامته، ولحكومة وشعب {country} الشقيق المزيد من "
    "التقدم والازدهار، مؤكدا حرص المملكة على تعزيز العلاقات الأخوية بين البلدين الشقيقين.",
    "كما بعث صاحب السمو الملكي الأمير محمد بن نايف بن عبدالعزيز ولي العهد نائب رئيس مجلس "
    "الوزراء وزير الداخلية برقية تهنئة مماثلة لفخامة الرئيس {name} بهذه المناسبة، عبر فيها "
    "عن أصدق التهاني وأطيب التمنيات لفخامته بموفور الصحة والسعادة.",
]
EGYPT = {"name": "عبدالفتاح السيسي", "country": "جمهورية مصر العربية", "day": "ثورة 23 يوليو"}
TUNISIA = {"name": "الباجي قائد السبسي", "country": "الجمهورية التونسية", "day": "إعلان الجمهورية"}


def _words(text: str) -> list[str]:
    return body_words(make_article("", [text, "فقرة ثانية من النص للطول فقط"]))


def cable(fill: dict, source: str = "was", hours: int = 0):
    body = [p.format(**fill) for p in CABLE]
    return make_article("برقية تهنئة", body, source=source, when=T0 + timedelta(hours=hours))


def _pair(a, b, **thresholds):
    detector = CopyDetector(thresholds=CopyThresholds(**thresholds))
    detector.add("a", a)
    return detector.add("b", b)


def test_cables_to_two_presidents_are_not_copies():
    egypt, tunisia = cable(EGYPT), cable(TUNISIA, source="okaz", hours=2)
    assert _pair(egypt, tunisia, substitutions=0).is_copy  # the shared wording alone says copy
    assert not _pair(egypt, tunisia).is_copy
    result = compare(egypt, tunisia)
    assert result.decision != "copy" and "template news" in result.reason
    assert any(s.startswith("name ") for s in result.substitutions)
    assert any(s.startswith("place ") for s in result.substitutions)


def test_the_same_cable_edited_is_still_a_copy():
    egypt = cable(EGYPT)
    body = [p.format(**EGYPT) for p in CABLE]
    body[0] = body[0].replace("الرياض - واس", "جدة - واس").replace("عبدالعزيز آل سعود", "عبد العزيز آل سعود")
    body[1] = body[1].replace("السعودية", "السعوديه")
    body.append("جميع الحقوق محفوظة © 2015")
    edited = make_article("القيادة تهنئ الرئيس المصري", body, source="alyaum", when=T0 + timedelta(hours=5))
    assert _pair(egypt, edited).is_copy
    assert compare(egypt, edited).substitutions == ()


def test_two_days_bulletins_with_other_figures_are_not_copies():
    day = (
        "الرياض - واس توقع المركز الوطني للأرصاد أن تكون درجات الحرارة العظمى اليوم {a} درجة مئوية في "
        "الرياض و{b} درجة في الدمام، مع رياح نشطة مثيرة للأتربة والغبار على أجزاء من المنطقة الشرقية "
        "والوسطى تحد من مدى الرؤية الأفقية، وأن يكون الطقس حارا إلى شديد الحرارة على بقية المناطق، "
        "فيما تتكون السحب الرعدية الممطرة على مرتفعات جازان وعسير والباحة خلال فترة ما بعد الظهر."
    )
    first = make_article("الطقس", [day.format(a=45, b=47)])
    second = make_article("الطقس", [day.format(a=41, b=43)], source="okaz", when=T0 + timedelta(days=1))
    assert _pair(first, second, substitutions=0).is_copy
    assert not _pair(first, second).is_copy


def test_wire_copy_with_new_dateline_trim_and_boilerplate_is_still_a_copy():
    decision = _pair(wire_article(), wire_copy())
    assert decision.is_copy
    assert compare(wire_article(), wire_copy()).substitutions == ()


def test_one_changed_figure_is_an_edit_not_template_news():
    body = list(WIRE_BODY)
    body[2] = body[2].replace("مئة وعشرين", "121")
    assert _pair(wire_article(), make_article("كورونا", body, source="okaz")).is_copy


def test_substitutions_ignore_spellings_moves_and_pronouns():
    wa = _words("قال الرئيس الأمريكي باراك أوباما إن بلاده ستدعم الخطة بمبلغ 47.5 مليون دولار")
    wb = _words("قال الرئيس الأميركي باراك أوباما إن بلاده ستدعم الخطة بمبلغ 47٫5 مليون دولار")
    assert substitutions(wa, wb) == []
    assert is_variant("الامريكي", "الاميركي") and is_variant("جانلويجي", "جانلويغي")
    assert not is_variant("السيسي", "السبسي")
    c = _words("وقال سموه إن المملكة ماضية في دعم الأشقاء")
    d = _words("وقال الأمير خالد إن المملكة ماضية في دعم الأشقاء")
    assert substitutions(c, d) == []  # a name for a pronoun is an edit


def test_substitutions_find_names_places_days_and_figures():
    text = "نفذ حكم القتل في المواطن {} سعودي الجنسية يوم {} بمنطقة {} وبلغ عدد الضحايا {} أشخاص"
    a = _words(text.format("ساير الرشيدي", "الخميس", "القصيم", 7))
    b = _words(text.format("شارع الجنيبي", "الأربعاء", "عسير", 13))
    kinds = {s.kind for s in substitutions(a, b)}
    assert kinds == {"name", "weekday", "place", "figure"}


def test_replaced_spans_align_around_insertions():
    a = ["a", "b", "c", "X", "d", "e", "f", "g", "h"]
    b = ["z", "a", "b", "c", "Y", "d", "e", "f", "g", "new", "words", "h"]
    assert replaced_spans(a, b) == [(3, 4, 4, 5)]


def test_signature_keeps_its_text_through_bytes_and_reads_older_bytes():
    sig = signature(cable(EGYPT))
    back = Signature.from_bytes(sig.to_bytes())
    assert back.text == sig.text and back.text
    older = Signature(sig.body_hash, sig.minhash, sig.shingles, sig.n_words, sig.sequence)
    assert Signature.from_bytes(older.to_bytes()).text is None
