"""Template news: two texts worded alike that differ in the figures, dates, places or names.

Congratulation cables to two presidents, the weather bulletins of two days, two executions,
two days' market reports: the wording is the agency's template, so the two texts share most
of their words and word 3-grams, yet they are different news. What tells them apart is *how*
they differ. Aligning the two word sequences (:class:`difflib.SequenceMatcher`), the
differences of a copy are mostly insertions and deletions (a trimmed or added paragraph, a
dateline, boilerplate) and scattered rewordings; the differences of template news are short
aligned *substitutions* of the slots the template leaves open: a figure, a weekday or month,
a place, a person's name.

:func:`substitutions` lists those slots. A slot counts only when both sides fill it with
something the other text never mentions (a figure moved elsewhere, a spelling variant such
as ``الأمريكي``/``الأميركي``, a name written with or without a space, or a pronoun in place
of a name do not count). Names are recognised by position, not by a dictionary: a word right
after a title or a kinship word (``الرئيس``, ``المواطن``, ``بن``) or a place word
(``منطقة``, ``محافظة``), and the words that follow it in the slot; places also from a short
closed list of countries (with their adjectives) and Saudi regions and cities.

Example:
    >>> a = "هنأ الملك الرئيس عبدالفتاح السيسي رئيس جمهوريه مصر العربيه بذكري الثوره"
    >>> b = "هنأ الملك الرئيس الباجي قايد السبسي رئيس الجمهوريه التونسيه بذكري الثوره"
    >>> [s.kind for s in substitutions(a.split(), b.split())]
    ['name', 'place']
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cached_property, lru_cache
from typing import Literal

from marsad.dedup.fingerprint import words_ar
from marsad.text.stem import stem_light_ar
from marsad.text.stopwords import STOPWORDS_AR

SubstitutionKind = Literal["figure", "weekday", "month", "place", "name"]

MAX_SLOT_WORDS = 8  # a template slot: a name with its title and country, a place with its region, a figure


def _words(text: str) -> frozenset[str]:
    return frozenset(w for item in text.split() for w in words_ar(item))


_WEEKDAYS = _words("السبت الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة")
# Month names, by calendar: the Gregorian month under its Egyptian/Gulf and Levantine names
# (يوليو = تموز) and the Hijri months with one-word names.
_MONTHS: dict[str, tuple[str, int]] = {}
_GREGORIAN = "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر"
for _i, _name in enumerate(_GREGORIAN.split()):
    _MONTHS.update({w: ("g", _i + 1) for w in _words(_name)})
for _i, _name in ((2, "شباط"), (3, "آذار"), (4, "نيسان"), (5, "أيار"), (6, "حزيران"), (7, "تموز"), (9, "أيلول")):
    _MONTHS.update({w: ("g", _i) for w in _words(_name)})
for _i, _name in ((1, "محرم"), (7, "رجب"), (8, "شعبان"), (9, "رمضان"), (10, "شوال")):
    _MONTHS.update({w: ("h", _i) for w in _words(_name)})
# Words that make two ways of writing one figure ("25 ألفا و823" = "25823", "مئة" = "100").
_MULTIPLIERS = _words(
    "ألف آلاف ألفا الفا مليون ملايين مليار مليارات مائة مئة مئات بالمئة بالمائة المائة المئة ونصف وربع"
)
# A word after one of these is in a name's position ("الرئيس X", "المواطن X بن Y", "آل X").
_NAME_MARKERS = _words(
    "وزير وزيرة رئيس رئيسة الرئيس الملك الملكة الأمير الأميرة السلطان الشيخ السيد السيدة الدكتور "
    "النائب السفير جلالة لجلالة سمو لسمو "
    "المتحدث الناطق قائد زعيم الأمين مدير المدير المبعوث المستشار العاهل نائب المرشح الجنرال "
    "اللواء العقيد العميد الفريق المشير المفوض فخامة لفخامة معالي المهندس الأستاذ الإمام "
    "المواطن المقيم المدعو الجاني المتهم القاتل الشهيد الفقيد الراحل اللاعب المدرب الحارس "
    "بن ابن بنت أبو أبي آل"
)
_PLACE_MARKERS = _words(
    "منطقة بمنطقة لمنطقة محافظة بمحافظة لمحافظة مدينة بمدينة لمدينة قرية بقرية مركز بمركز حي بحي "
    "جمهورية مملكة دولة إمارة"
)
_MARKERS = _NAME_MARKERS | _PLACE_MARKERS
_COUNTRIES = _words(
    "السعودية مصر تونس الجزائر المغرب ليبيا السودان موريتانيا الأردن سوريا سورية لبنان العراق "
    "فلسطين اليمن عمان الكويت قطر البحرين الإمارات إيران تركيا باكستان أفغانستان الهند الصين "
    "اليابان روسيا أمريكا أميركا فرنسا بريطانيا ألمانيا إيطاليا إسبانيا اليونان كوريا إندونيسيا "
    "ماليزيا نيجيريا الكاميرون الصومال إثيوبيا كينيا أوكرانيا كولومبيا البرازيل الأرجنتين المكسيك "
    "كندا أستراليا المالديف"
)
# Saudi regions and cities, and Arab capitals; names that are also common words (الخبر
# "the news", المدينة "the city", الشرقية "eastern", خميس, الوجه) are left out.
_CITIES = _words(
    "الرياض جدة مكة الدمام الظهران الأحساء القطيف الطائف تبوك حائل القصيم بريدة عنيزة جازان "
    "جيزان نجران عسير أبها الباحة الجوف سكاكا عرعر ينبع القنفذة بيشة الخرج القريات رفحاء الجبيل "
    "تيماء أملج ضباء المجمعة الزلفي شقراء الدوادمي القاهرة الإسكندرية دمشق بيروت بغداد صنعاء "
    "عدن الدوحة المنامة أبوظبي دبي مسقط طهران أنقرة إسطنبول موسكو واشنطن لندن باريس برلين"
)
_DIGITS = re.compile(r"\d+")
_CLITICS = ("وال", "بال", "فال", "لل", "ال", "و", "ب", "ل", "ف")
# Letters transliterations and spellings swap (جانلويجي/جانلويغي, الطايف/الطائف).
_FOLD = str.maketrans({"غ": "ج", "ق": "ج", "ك": "ج", "خ": "ج", "ط": "ت", "ص": "س", "ث": "س", "ض": "د", "ذ": "ز"})
_FOLD_DROP = str.maketrans("", "", "ظئؤءهة")


@dataclass(frozen=True, slots=True)
class Substitution:
    """One aligned slot filled differently: ``a`` in the first text, ``b`` in the second."""

    kind: SubstitutionKind
    a: str
    b: str

    def __str__(self) -> str:
        return f"{self.kind} {self.a} / {self.b}"


@lru_cache(maxsize=262_144)
def _bare(word: str) -> str:
    for clitic in _CLITICS:
        if word.startswith(clitic) and len(word) - len(clitic) >= 3:
            return word[len(clitic) :]
    return word


@lru_cache(maxsize=65_536)
def _skeleton(word: str) -> str:
    """A spelling-tolerant key: light stem, swapped letters folded, inner long vowels dropped."""
    stem = stem_light_ar(word).translate(_FOLD).translate(_FOLD_DROP)
    return stem[:1] + "".join(c for c in stem[1:] if c not in "اوي")


def _one_edit(a: str, b: str) -> bool:
    """Equal, or one letter inserted, deleted, changed or two neighbours swapped."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def is_variant(a: str, b: str) -> bool:
    """Two spellings of one word (``الأمريكي``/``الأميركي``, ``وسوريا``/``سورية``, typos in long
    words), not two different words. Short distinct names stay distinct (السيسي/السبسي)."""
    bare_a, bare_b = _bare(a), _bare(b)
    if bare_a == bare_b or (min(len(bare_a), len(bare_b)) >= 5 and _one_edit(bare_a, bare_b)):
        return True
    key_a, key_b = _skeleton(a), _skeleton(b)
    return key_a == key_b or (min(len(key_a), len(key_b)) >= 4 and _one_edit(key_a, key_b))


@lru_cache(maxsize=262_144)
def _place(word: str) -> str | None:
    """The place a word names (a country's adjective names the country), as a spelling key."""
    bare = _bare(word)
    for form in (word, bare, "ال" + bare):
        if form in _COUNTRIES or form in _CITIES:
            return _skeleton(form)
    for form in (bare, bare[2:] if bare.startswith("ال") else bare):
        for ending in ("يه", "يين", "يون", "ي"):
            if form.endswith(ending) and len(form) - len(ending) >= 3:
                root = form[: -len(ending)]
                for country in (root, root + "ا", "ال" + root):
                    if country in _COUNTRIES:
                        return _skeleton(country)
    return None


def _figures(words: list[str]) -> list[str]:
    """The digit groups of ``words`` (``5ر47`` and ``47 5`` both give 47 and 5), no leading zeros."""
    return [g.lstrip("0") or "0" for w in words for g in _DIGITS.findall(w)]


def _name_positions(words: list[str], start: int, end: int) -> list[bool]:
    """For ``words[start:end]``: whether each word stands where a name stands."""
    flags = []
    previous = words[start - 1] if start > 0 else ""
    after_marker = _is_marker(previous)
    for word in words[start:end]:
        is_name = after_marker and word not in STOPWORDS_AR and not _DIGITS.search(word) and not _is_marker(word)
        flags.append(is_name)
        after_marker = is_name or _is_marker(word)
    return flags


def _is_salient(words: list[str], i: int) -> bool:
    word = words[i]
    if _DIGITS.search(word) or word in _WEEKDAYS or word in _MONTHS or _place(word):
        return True
    previous = words[i - 1] if i else ""
    return _is_marker(previous) or (i >= 2 and _is_marker(words[i - 2]))


@lru_cache(maxsize=262_144)
def _is_marker(word: str) -> bool:
    """A title, kinship or place word, also with a clitic (``للرئيس``, ``وبمنطقة``)."""
    return word in _MARKERS or _bare(word) in _MARKERS


def _may_differ(wa: list[str], vocab_b: set[str], at_least: int) -> bool:
    """Cheap pre-check: ``wa`` has ``at_least`` figures, dates, places or names (word
    positions) that ``wb`` lacks; each substitution needs one on each side."""
    found = 0
    for i, word in enumerate(wa):
        if word not in vocab_b and _is_salient(wa, i):
            found += 1
            if found >= at_least:
                return True
    return False


def substitutions(
    wa: list[str], wb: list[str], max_slot: int = MAX_SLOT_WORDS, at_least: int = 1
) -> list[Substitution]:
    """The aligned slots where two normalized word sequences put different figures, dates,
    places or names (see the module docstring); ``[]`` for copies and unrelated texts alike.

    With ``at_least`` above 1 the answer may be ``[]`` when fewer than that many distinct
    substitutions exist (the alignment is skipped when they cannot).
    """
    pair = _Pair(wa, wb)
    if not (_may_differ(wa, pair.vocab_b, at_least) and _may_differ(wb, pair.vocab_a, at_least)):
        return []
    found: list[Substitution] = []
    for i1, i2, j1, j2 in replaced_spans(wa, wb):
        if i2 - i1 > max_slot or j2 - j1 > max_slot:
            continue
        kind = pair.slot_kind(i1, i2, j1, j2)
        if kind is not None:
            found.append(Substitution(kind, " ".join(wa[i1:i2]), " ".join(wb[j1:j2])))
    return found


_SMALL_GAP = 80  # words: below this on both sides a gap is aligned by difflib


def replaced_spans(wa: list[str], wb: list[str]) -> list[tuple[int, int, int, int]]:
    """``(i1, i2, j1, j2)`` for each place where ``wa[i1:i2]`` stands in for ``wb[j1:j2]``
    (both non-empty, between aligned words), in text order.

    A patience alignment: words that occur once in each range anchor it (the longest run of
    anchors in the same order in both), and the ranges between anchors are aligned the same
    way; ranges without anchors are left to :class:`difflib.SequenceMatcher` when small, and
    otherwise are one unaligned gap (rewritten or inserted text, not a slot). Much faster
    than difflib on long texts, the same answer on the short slots this module looks at.
    """
    pairs: list[tuple[int, int]] = []  # aligned word positions, increasing in both texts
    stack = [(0, len(wa), 0, len(wb))]
    while stack:
        alo, ahi, blo, bhi = stack.pop()
        while alo < ahi and blo < bhi and wa[alo] == wb[blo]:
            pairs.append((alo, blo))
            alo, blo = alo + 1, blo + 1
        while alo < ahi and blo < bhi and wa[ahi - 1] == wb[bhi - 1]:
            ahi, bhi = ahi - 1, bhi - 1
            pairs.append((ahi, bhi))
        if alo >= ahi or blo >= bhi:
            continue
        anchors = _anchors(wa, wb, alo, ahi, blo, bhi)
        if not anchors:
            if ahi - alo <= _SMALL_GAP and bhi - blo <= _SMALL_GAP:
                matcher = SequenceMatcher(None, wa[alo:ahi], wb[blo:bhi], autojunk=False)
                for i, j, size in matcher.get_matching_blocks():
                    pairs.extend((alo + i + k, blo + j + k) for k in range(size))
            continue
        previous = (alo - 1, blo - 1)
        for i, j in anchors:
            pairs.append((i, j))
            stack.append((previous[0] + 1, i, previous[1] + 1, j))
            previous = (i, j)
        stack.append((previous[0] + 1, ahi, previous[1] + 1, bhi))
    pairs.sort()
    spans = []
    last_i, last_j = -1, -1
    for i, j in [*pairs, (len(wa), len(wb))]:
        if i > last_i + 1 and j > last_j + 1:
            spans.append((last_i + 1, i, last_j + 1, j))
        last_i, last_j = i, j
    return spans


def _anchors(wa: list[str], wb: list[str], alo: int, ahi: int, blo: int, bhi: int) -> list[tuple[int, int]]:
    """Words once in ``wa[alo:ahi]`` and once in ``wb[blo:bhi]``: the longest run of them in
    the same order in both, as ``(i, j)`` positions."""
    count_a: dict[str, int] = {}
    for i in range(alo, ahi):
        count_a[wa[i]] = -1 if wa[i] in count_a else i
    count_b: dict[str, int] = {}
    for j in range(blo, bhi):
        count_b[wb[j]] = -1 if wb[j] in count_b else j
    common = sorted((i, count_b[w]) for w, i in count_a.items() if i >= 0 and count_b.get(w, -1) >= 0)
    return _longest_increasing(common)


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of ``pairs`` (sorted by ``i``) whose ``j`` also increases."""
    if not pairs:
        return []
    tails: list[int] = []  # tails[k]: index in pairs of the smallest j ending a run of k + 1
    back: list[int] = [-1] * len(pairs)
    tail_js: list[int] = []
    for index, (_, j) in enumerate(pairs):
        k = bisect_left(tail_js, j)
        back[index] = tails[k - 1] if k else -1
        if k == len(tails):
            tails.append(index)
            tail_js.append(j)
        else:
            tails[k] = index
            tail_js[k] = j
    run = []
    index = tails[-1]
    while index >= 0:
        run.append(pairs[index])
        index = back[index]
    return run[::-1]


def distinct(found: list[Substitution]) -> list[Substitution]:
    """``found`` without repeats (a name substituted at each of its mentions counts once)."""
    return list(dict.fromkeys(found))


class _Pair:
    """Two word sequences and what the slot tests ask of them, each computed once."""

    def __init__(self, wa: list[str], wb: list[str]) -> None:
        self.wa, self.wb = wa, wb
        self.vocab_a, self.vocab_b = set(wa), set(wb)

    @cached_property
    def figures_a(self) -> set[str]:
        return set(_figures(self.wa))

    @cached_property
    def figures_b(self) -> set[str]:
        return set(_figures(self.wb))

    @cached_property
    def places_a(self) -> set[str]:
        return {p for p in map(_place, self.vocab_a) if p}

    @cached_property
    def places_b(self) -> set[str]:
        return {p for p in map(_place, self.vocab_b) if p}

    @cached_property
    def stems_a(self) -> set[str]:
        return set(map(stem_light_ar, self.vocab_a))

    @cached_property
    def stems_b(self) -> set[str]:
        return set(map(stem_light_ar, self.vocab_b))

    def slot_kind(self, i1: int, i2: int, j1: int, j2: int) -> SubstitutionKind | None:
        """What ``wa[i1:i2]`` / ``wb[j1:j2]`` substitute for each other, if it matters."""
        slot_a, slot_b = self.wa[i1:i2], self.wb[j1:j2]
        joined_a, joined_b = "".join(slot_a), "".join(slot_b)
        if joined_a in joined_b or joined_b in joined_a:  # a word split, joined or added
            return None
        if min(len(joined_a), len(joined_b)) >= 6 and _one_edit(joined_a, joined_b):
            return None
        if _WEEKDAYS.intersection(slot_a) - self.vocab_b and _WEEKDAYS.intersection(slot_b) - self.vocab_a:
            return "weekday"
        months_a = {_MONTHS[w] for w in slot_a if w in _MONTHS and w not in self.vocab_b}
        months_b = {_MONTHS[w] for w in slot_b if w in _MONTHS and w not in self.vocab_a}
        if months_a and months_b and {c for c, _ in months_a} & {c for c, _ in months_b} and not months_a & months_b:
            return "month"
        if self._figures_differ(slot_a, slot_b):
            return "figure"
        new_places_a = {_place(w) for w in slot_a} - {None} - self.places_b
        if new_places_a and {_place(w) for w in slot_b} - {None} - self.places_a:
            return "place"
        if any(w in STOPWORDS_AR or _bare(w) in STOPWORDS_AR for w in slot_a + slot_b):
            return None
        if _new_names(self.wa, i1, i2, slot_b, self.stems_b) and _new_names(self.wb, j1, j2, slot_a, self.stems_a):
            return "name"
        return None

    def _figures_differ(self, slot_a: list[str], slot_b: list[str]) -> bool:
        figures_a, figures_b = _figures(slot_a), _figures(slot_b)
        if not (figures_a and figures_b) or _MULTIPLIERS.intersection(slot_a + slot_b):
            return False
        # a figure the other text lacks anywhere, and not a prefix of the other side's
        # (201 for 2012 is a typo, 5 for 5706 a different way of writing it)
        new_a = [x for x in figures_a if x not in self.figures_b and not _prefix_of_any(x, figures_b)]
        new_b = [y for y in figures_b if y not in self.figures_a and not _prefix_of_any(y, figures_a)]
        return bool(new_a and new_b)


def _prefix_of_any(figure: str, others: list[str]) -> bool:
    return any(figure.startswith(o) or o.startswith(figure) for o in others)


def _new_names(words: list[str], start: int, end: int, other_slot: list[str], other_stems: set[str]) -> list[str]:
    """Names in ``words[start:end]`` that the other text does not have in any spelling."""
    return [
        word
        for word, is_name in zip(words[start:end], _name_positions(words, start, end), strict=True)
        if is_name and stem_light_ar(word) not in other_stems and not any(is_variant(word, o) for o in other_slot)
    ]
