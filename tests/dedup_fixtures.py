"""Articles shared by the dedup tests: a wire story, its copies and its neighbours."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from marsad.models import Article, Provenance

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
T0 = datetime(2015, 7, 21, 9, 0, tzinfo=UTC)

WIRE_BODY = [
    "الرياض - واس أعلنت وزارة الصحة اليوم عن تسجيل ثلاث حالات إصابة جديدة بفيروس كورونا "
    "المسبب لمتلازمة الشرق الأوسط التنفسية في مدينة الرياض، مؤكدة أن الحالات تخضع للعلاج.",
    "وأوضحت الوزارة في بيان صحفي أن الحالات الجديدة لمواطنين في العقد الخامس من العمر، "
    "وأن فرق الترصد الوبائي باشرت حصر المخالطين وأخذ العينات اللازمة منهم.",
    "وأشارت إلى أن إجمالي الحالات المسجلة منذ بداية العام بلغ مئة وعشرين حالة، تعافى منها "
    "أكثر من نصفها، فيما لا تزال بقية الحالات تتلقى الرعاية الطبية في المستشفيات.",
    "ودعت الوزارة المواطنين والمقيمين إلى الالتزام بالإرشادات الوقائية وغسل اليدين بانتظام "
    "وتجنب مخالطة الإبل ومراجعة أقرب مركز صحي عند ظهور أعراض تنفسية.",
    "وأكدت أن المستشفيات الحكومية مجهزة بغرف عزل وكوادر مدربة للتعامل مع الحالات، وأنها "
    "تعمل بالتنسيق مع منظمة الصحة العالمية لمتابعة تطورات الفيروس.",
    "يذكر أن الوزارة أطلقت حملة توعوية في المدارس والمساجد والمراكز التجارية للتعريف بطرق "
    "انتقال العدوى وسبل الوقاية منها خلال موسم الصيف.",
]


def make_article(
    title: str,
    body: list[str],
    *,
    when: datetime = T0,
    source: str = "was",
    url: str | None = None,
) -> Article:
    """An Article dated by its fetch time, as a crawler would give it."""
    return Article(
        title=title,
        body=list(body),
        source=source,
        url=url or f"https://{source}.example/{abs(hash((title, source))) % 10**8}",
        language="ar",
        provenance=Provenance(url=url, fetched_at=when),
    )


def wire_article() -> Article:
    """An SPA-style wire story."""
    return make_article("الصحة: ثلاث إصابات جديدة بكورونا في الرياض", WIRE_BODY)


def wire_copy() -> Article:
    """The wire story as another paper ran it: new title and dateline, last paragraph
    trimmed, a word changed, and the paper's boilerplate added."""
    body = list(WIRE_BODY[:-1])
    body[0] = body[0].replace("الرياض - واس", "جدة – واس").replace("اليوم", "أمس")
    body.append("رابط الخبر بصحيفة الوئام: كورونا يعود إلى الرياض بثلاث إصابات")
    body.append("جميع الحقوق محفوظة © 2015")
    return make_article("كورونا يعود إلى الرياض بثلاث إصابات", body, when=T0 + timedelta(hours=3), source="alweeam")


def seed_articles() -> tuple[Article, Article] | None:
    """Host and glued articles built from the seed page, or None when it is absent.

    Host: title (line 1) and body (lines 4-11). Glued "read also" item: its title line and
    the three paragraphs under it (lines 15-18 of the file as it is stored).
    """
    path = SHARED / "samples" / "000_89b64a676fe35307.txt"
    if not path.exists():
        return None
    lines = path.read_text(encoding="utf-8").splitlines()
    host = make_article(lines[0], lines[3:11], source="البوابة نيوز")
    glued = make_article(lines[14], lines[15:18], source="البوابة نيوز")
    return host, glued
