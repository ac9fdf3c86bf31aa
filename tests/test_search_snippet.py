"""Snippets: the window with the query's words, shown as written, whatever the vocabulary holds."""

from marsad.search import snippet
from marsad.search.query import parse_query
from marsad.search.snippet import make_snippet, snippet_to_text

BODY = [
    "افتتح المهرجان أمس في المدينة القديمة بحضور جمهور كبير.",
    "وقالَ وزيرُ الخارجيّة إنّ المفاوضات مستمرة مع الوفد الزائر حتى نهاية الأسبوع.",
]


def test_matches_are_marked_as_written_in_the_matching_paragraph():
    text = snippet_to_text(make_snippet(BODY, parse_query("وزير الخارجية")))
    assert "[وزيرُ] [الخارجيّة]" in text
    assert "المهرجان" not in text


def test_no_match_falls_back_to_the_first_paragraph():
    segments = make_snippet(BODY, parse_query("كرة"))
    assert segments and not any(hit for _, hit in segments)
    assert snippet_to_text(segments).startswith("افتتح")


def test_same_snippets_when_the_shared_vocabulary_starts_afresh(monkeypatch):
    expected = [make_snippet(BODY, parse_query(q)) for q in ("وزير", "المفاوضات الوفد", "الخارج*")]
    monkeypatch.setattr(snippet, "VOCABULARY", snippet._Vocabulary(limit=5))  # clears on nearly every text
    for _ in range(2):
        assert [make_snippet(BODY, parse_query(q)) for q in ("وزير", "المفاوضات الوفد", "الخارج*")] == expected
