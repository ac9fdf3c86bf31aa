"""Labelled lines of a scraped page: date, source, tags and "read also" markers.

Labels are recognised by *families* of normalized words, never by exact strings, so that
``المصدر:``, ``المصدر :``, ``مصدر الخبر -`` and ``Source:`` are one label, and so are
``كلمات دلالية``, ``الكلمات المفتاحية``, ``وسوم`` and ``Tags``. Words are compared after
:func:`marsad.text.normalize_ar` (hamza, ta marbuta, tanween) and after stripping the
clitics a label may carry (ال, و, ب, ل).

A *date line* is decided by the date parser, not by its label: any short, digit-free label
(or none at all) followed by something :func:`marsad.parse.dates.parse_date_line` accepts in
full is a date line. The label only tells a publication date from an update date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from marsad.models import PublishedDate
from marsad.parse.dates import DateRejection, parse_date_checked, parse_date_line
from marsad.text import normalize_ar


def _normalized(words: set[str]) -> frozenset[str]:
    """Vocabulary written naturally, stored as normalize_ar keys."""
    return frozenset(normalize_ar(w) for w in words)


_MAX_LABEL_WORDS = 4
# A label ends at a colon, or (for source and tag labels) at a spaced dash.
_COLON = re.compile(r"\s*[:：]\s*")
_DASH = re.compile(r"\s+[-–—]\s+")
_WORD = re.compile(r"[^\W_]+")
_DATE_PARTS = re.compile(r"\s*[|•]\s*|\s+[-–]\s+(?=[^\d:]+:)")
_CLITICS = ("وال", "بال", "لل", "ال", "و", "ب", "ل")

_SOURCE_WORDS = _normalized({"مصدر", "مصادر", "source", "sources", "via"})
_SOURCE_PHRASES = (("نقلا", "عن"),)
_TAG_WORDS = _normalized(
    {
        "كلمات",
        "كلمه",
        "دلاليه",
        "مفتاحيه",
        "وسوم",
        "وسم",
        "هاشتاج",
        "هاشتاغ",
        "علامات",
        "سمات",
        "tags",
        "tag",
        "keywords",
        "keyword",
        "hashtags",
    }
)
_UPDATE_WORDS = _normalized({"تحديث", "تعديل", "حدث", "updated", "modified", "update"})
_DATE_LABEL_WORDS = _normalized(
    {
        "تاريخ",
        "بتاريخ",
        "نشر",
        "نشرت",
        "منشور",
        "تم",
        "في",
        "اخر",
        "يوم",
        "اضيف",
        "date",
        "published",
        "posted",
        "on",
        "at",
        "last",
        "الساعه",
        *_UPDATE_WORDS,
    }
)
_READ_ALSO_CORE = _normalized(
    {
        "ايضا",
        "المزيد",
        "مزيد",
        "صله",
        "يهمك",
        "يعجبك",
        "also",
        "related",
        "more",
        "اقرا",
        "طالع",
    }
)
_READ_ALSO_WORDS = _READ_ALSO_CORE | _normalized(
    {
        "شاهد",
        "ذات",
        "مواضيع",
        "موضوعات",
        "اخبار",
        "مقالات",
        "قد",
        "من",
        "اخري",
        "تقرا",
        "read",
        "see",
        "you",
        "may",
        "like",
        "news",
        "stories",
        "articles",
        "الاخبار",
        "ايضاً",
    }
)


@dataclass(frozen=True, slots=True)
class DateLine:
    """A line that holds a date: the parsed date and whether it is an update date."""

    date: PublishedDate
    updated: bool


def label_words(label: str) -> list[str]:
    """The normalized words of a label."""
    return _WORD.findall(normalize_ar(label))


def _in_family(word: str, family: frozenset[str]) -> bool:
    """``word`` or ``word`` without its clitic ("والكلمات" → "كلمات") is in ``family``."""
    return word in family or _strip_clitic(word) in family


def _strip_clitic(word: str) -> str:
    for clitic in _CLITICS:
        if word.startswith(clitic) and len(word) - len(clitic) >= 3:
            return word[len(clitic) :]
    return word


def split_label(line: str, *, allow_dash: bool = False) -> tuple[str, str] | None:
    """Split ``label: value`` into its parts when the label is short and has no digits."""
    for pattern in (_COLON, _DASH) if allow_dash else (_COLON,):
        match = pattern.search(line)
        if not match:
            continue
        label, value = line[: match.start()].strip(), line[match.end() :].strip()
        words = _WORD.findall(label)
        if label and len(words) <= _MAX_LABEL_WORDS and not re.search(r"\d", label):
            return label, value
    return None


def match_source_line(line: str) -> str | None:
    """The source named by a line such as ``المصدر : البوابة نيوز``, else ``None``."""
    parts = split_label(line, allow_dash=True)
    if parts is None or not parts[1]:
        return None
    words = label_words(parts[0])
    is_source = any(_in_family(w, _SOURCE_WORDS) for w in words) or any(
        tuple(words[i : i + len(p)]) == p for p in _SOURCE_PHRASES for i in range(len(words))
    )
    if not is_source or len(parts[1].split()) > 8:
        return None
    return parts[1].strip(" .،")


def match_tags_line(line: str) -> str | None:
    """The raw tag list of a line such as ``كلمات دلالية: ...``, else ``None``."""
    parts = split_label(line, allow_dash=True)
    if parts is None or not parts[1]:
        return None
    words = label_words(parts[0])
    return parts[1] if any(_in_family(w, _TAG_WORDS) for w in words) else None


def match_date_line(line: str) -> DateLine | None:
    """A line that is a date, with an optional short label (any wording), else ``None``."""
    parts = split_label(line)
    if parts is not None:
        found = parse_date_line(parts[1])
        if found is not None:
            return DateLine(found, _is_update(label_words(parts[0])))
    found = parse_date_line(line)
    if found is not None:
        return DateLine(found, updated=False)
    return _match_unpunctuated_date(line)


def match_rejected_date_line(line: str) -> DateRejection | None:
    """A date-labelled line whose date is impossible (future, before 1990, no such day).

    Such a line is page metadata all the same: it must not become body text, and the reason
    is kept so the summary can say why the article has no date.
    """
    parts = split_label(line)
    if parts is None:
        return None
    label = label_words(parts[0])
    if not label or not all(_in_family(w, _DATE_LABEL_WORDS) for w in label):
        return None
    found = parse_date_checked(parts[1])
    if isinstance(found, DateRejection) and found.reason in ("future", "too_old", "invalid"):
        return found
    return None


def match_date_lines(line: str) -> list[DateLine] | None:
    """One or more dates on a line ("نشر في: ... | آخر تحديث: ..."), else ``None``."""
    single = match_date_line(line)
    if single is not None:
        return [single]
    parts = [p for p in _DATE_PARTS.split(line) if p.strip()]
    if len(parts) < 2:
        return None
    found = [match_date_line(part) for part in parts]
    return None if any(f is None for f in found) else [f for f in found if f is not None]


def _match_unpunctuated_date(line: str) -> DateLine | None:
    """Leading date-label words without a colon, as in "نشر في 25 ديسمبر 2023"."""
    words = line.split()
    for size in range(1, min(_MAX_LABEL_WORDS, len(words) - 1) + 1):
        head = label_words(" ".join(words[:size]))
        if not head or not all(_in_family(w, _DATE_LABEL_WORDS) for w in head):
            break
        found = parse_date_line(" ".join(words[size:]))
        if found is not None:
            return DateLine(found, _is_update(head))
    return None


def _is_update(words: list[str]) -> bool:
    return any(_in_family(w, _UPDATE_WORDS) for w in words)


def split_read_also_marker(line: str) -> tuple[bool, str]:
    """(is a read-also marker, the text after it on the same line, if any).

    Handles both a marker alone (``إقرأ أيضاً:``) and a marker that carries the first
    glued title (``اقرأ أيضا: وزير الخارجية يبحث ...``).
    """
    if is_read_also_marker(line):
        return True, ""
    parts = split_label(line)
    if parts is not None and parts[1] and is_read_also_marker(parts[0]):
        return True, parts[1]
    return False, ""


def is_read_also_marker(line: str) -> bool:
    """True for a short line like ``إقرأ أيضاً:``, ``اقرأ المزيد``, ``أخبار ذات صلة``."""
    words = [w[1:] if len(w) > 4 and w[0] in "وف" else w for w in _WORD.findall(normalize_ar(line))]
    if not words or len(words) > 5 or re.search(r"\d", line):
        return False
    return all(w in _READ_ALSO_WORDS for w in words) and any(w in _READ_ALSO_CORE for w in words)
