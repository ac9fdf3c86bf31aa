"""Boilerplate lines that a site's template, not the writer, put into a scraped page.

A line is boilerplate when it is *short* (at most ``MAX_WORDS`` words), carries no sentence
punctuation at its end, and is made of the vocabulary of page furniture rather than news:

* a call to action: an imperative such as تابع / تابعونا / شارك / حمّل / اشترك / انضم /
  اضغط (or Follow / Share / Download / Subscribe) whose remaining words are about apps,
  news feeds, social networks or sharing ("تابع أحدث الأخبار عبر تطبيق",
  "تابعونا على فيسبوك", "حمل التطبيق الآن");
* interface words only: "حجم الخط", "طباعة", "Next Previous", "A+ A-", "نسخ الرابط";
* a bare social network name ("فيسبوك", "X").

What stays: bylines ("حامد القرشي – عين اليوم"), contact lines of a writer
("للتواصل مع الكاتب ارسل رسالة SMS"), captions and short headings, because they carry
information a reader sees; and any line that mentions a network inside a sentence
("المغردون ينقلون للعالم أجواء الحرم عبر سناب شات").
"""

from __future__ import annotations

import re

from marsad.text import normalize_ar


def _normalized(words: set[str]) -> frozenset[str]:
    """Vocabulary written naturally, stored as normalize_ar keys."""
    return frozenset(normalize_ar(w) for w in words)


MAX_WORDS = 10
_CALL_SHARE = 0.66
_WORD = re.compile(r"[^\W_]+|[+-]")
_END_PUNCT = ".؟?!"

# Imperatives of page furniture, normalized (ّ dropped, ة→ه, أ→ا).
_CALL_VERBS = _normalized(
    {
        "تابع",
        "تابعونا",
        "تابعوا",
        "تابعنا",
        "شارك",
        "شاركها",
        "شاركوا",
        "حمل",
        "حملوا",
        "نزل",
        "اشترك",
        "اشتركوا",
        "انضم",
        "انضموا",
        "اضغط",
        "انقر",
        "سجل",
        "ارسل",
        "علق",
        "قيم",
        "follow",
        "share",
        "download",
        "subscribe",
        "join",
        "click",
        "tap",
        "like",
        "اضف",
        "استمع",
        "listen",
    }
)
_SOCIAL = _normalized(
    {
        "فيسبوك",
        "فيس",
        "بوك",
        "تويتر",
        "انستغرام",
        "انستجرام",
        "انستقرام",
        "يوتيوب",
        "تيك",
        "توك",
        "تيليجرام",
        "تلغرام",
        "تليجرام",
        "واتساب",
        "واتس",
        "اب",
        "سناب",
        "شات",
        "لينكدان",
        "facebook",
        "twitter",
        "x",
        "instagram",
        "youtube",
        "tiktok",
        "telegram",
        "whatsapp",
        "snapchat",
        "linkedin",
        "google",
        "جوجل",
        "نيوز",
        "news",
        "اكس",
        "ثريدز",
        "threads",
    }
)
# What a call to action talks about: apps, feeds, pages, the article itself.
_CALL_OBJECTS = _normalized(
    {
        "احدث",
        "اخر",
        "الاخبار",
        "اخبار",
        "الخبر",
        "المقال",
        "الموضوع",
        "عبر",
        "تطبيق",
        "التطبيق",
        "على",
        "في",
        "من",
        "الان",
        "مجانا",
        "النشره",
        "البريديه",
        "القناه",
        "قناتنا",
        "صفحتنا",
        "حساباتنا",
        "هنا",
        "معنا",
        "لمتابعه",
        "عاجل",
        "العاجله",
        "اشعارات",
        "الاشعارات",
        "مع",
        "اصدقائك",
        "via",
        "on",
        "us",
        "our",
        "the",
        "app",
        "now",
        "latest",
        "here",
        "to",
        "with",
        "this",
        "article",
        "story",
        "لصديق",
        "صديق",
        "اندرويد",
        "ايفون",
        "متجر",
        "بلاي",
        "ابل",
        "android",
        "ios",
        "iphone",
        "play",
        "store",
        "apple",
        "channel",
        "page",
        "newsletter",
        "حسابنا",
        "حساب",
        "جروب",
        "مجموعه",
        "الرسميه",
        "الرسمي",
        "جديد",
        "للمزيد",
        "المزيد",
        "للاشتراك",
        "هذا",
        "هذه",
        "الي",
        "تعليق",
        "تعليقك",
        "صوتيا",
    }
)
_INTERFACE = _normalized(
    {
        "حجم",
        "الخط",
        "خط",
        "طباعه",
        "اطبع",
        "مشاركه",
        "تكبير",
        "تصغير",
        "نسخ",
        "الرابط",
        "رابط",
        "ارسال",
        "بريد",
        "تعليق",
        "تعليقات",
        "التعليقات",
        "السابق",
        "التالي",
        "next",
        "previous",
        "prev",
        "print",
        "email",
        "share",
        "font",
        "size",
        "a",
        "+",
        "-",
        "copy",
        "link",
        "comments",
        "save",
        "حفظ",
        "اعلان",
        "اعلانات",
        "الاعلانات",
        "مساحه",
        "اعلانيه",
        "advertisement",
        "ads",
        "ad",
        "sponsored",
        "ممول",
        "قراءه",
        "دقائق",
        "دقيقه",
        "min",
        "read",
        "المقال",
        "الخبر",
    }
)


def is_boilerplate_line(line: str) -> bool:
    """True when ``line`` is page furniture (app prompts, share bars, font controls).

    Example:
        >>> is_boilerplate_line("تابعونا على فيسبوك"), is_boilerplate_line("حامد القرشي – جدة")
        (True, False)
    """
    stripped = line.strip()
    if not stripped or stripped[-1] in _END_PUNCT:
        return False
    words = _WORD.findall(normalize_ar(stripped))
    if not words or len(words) > MAX_WORDS:
        return False
    # "3 دقائق قراءة": numbers are neutral, but a line needs a word to be furniture.
    lettered = [w for w in words if not w.isdigit()]
    if any(w.isalpha() for w in lettered) and all(w in _INTERFACE for w in lettered):
        return True
    if all(w in _SOCIAL for w in words):
        return True  # a share bar: "فيسبوك تويتر واتساب"
    verbs = [i for i, w in enumerate(words) if w in _CALL_VERBS]
    if not verbs:
        return False
    # Most of what surrounds the imperative must be about apps, feeds or networks; one
    # unknown word in three is tolerated for the name of the site or its app.
    rest = [w for i, w in enumerate(words) if i != verbs[0]]
    known = sum(1 for w in rest if w in _CALL_OBJECTS or w in _SOCIAL or w in _INTERFACE)
    return known >= _CALL_SHARE * len(rest)
