"""Measure marsad's date parser against plain dateparser on real date strings.

Usage: ``python eval/dates.py [--data DIR] [--table FILE] [--limit N]``; DIR is the shared
data folder (default: ``$MARSAD_SHARED/data``, else ``../shared/data`` next to the repository).
Three sets, each item with a true local day, and a true local time and UTC moment where the
string gives them:

* ``ant``: the ``<TIME>`` field of every ANT article (``DIR/ant/*/*.txt``). The truth is what
  the format says, read here by ``datetime.fromisoformat``/``strptime``: ISO with offset (day,
  time, UTC moment), compact ISO ``2017-01-22T185600`` (day, time), ``DD/MM/YYYY`` (day).
* ``pages``: the date line of each pages-dev page (``DIR/pages-dev/page-*.txt``): the line
  right after the title, scored against the first article's ``date``/``time`` in
  ``page-*.expected.json`` (pages without a date are skipped).
* ``table``: the hand-checked table ``eval/data/dates_table.jsonl`` that ``tests/test_dates.py``
  also reads, with each row's fetch time ``now``.

Systems: ``marsad`` is :func:`marsad.parse.dates.parse_date` (own rules, then relative dates,
then dateparser); ``dateparser`` is ``dateparser.parse(text, languages=["ar", "en"],
settings={"RETURN_AS_TIMEZONE_AWARE": True, "RELATIVE_BASE": now})`` (the relative base is the
only addition, so that both resolve "منذ ساعتين" against the same fetch time);
``dateparser_unlabelled`` is the same on the string less a leading "label:" (pages and table
only: ANT has no labels), to tell its trouble with labels from its trouble with dates. Scores per set
and overall: ``parse_rate`` (returned a date), ``day_acc`` (local day right, over all items),
``time_acc`` (local HH:MM right, over items whose string gives a time), ``utc_acc`` (UTC moment
right to the minute, over items whose string fixes one), ``per_s`` (items parsed per second).
For marsad also ``invented_time``: a time returned where the string gives none (dateparser
always returns one, 00:00 when the string has no time, so it is not scored on that).
Prints a short table, then one JSON object on the last line.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from marsad.parse.dates import parse_date

DEFAULT_NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
TABLE = Path(__file__).resolve().parent / "data" / "dates_table.jsonl"


@dataclass(frozen=True, slots=True)
class Item:
    text: str
    day: date
    time: str | None  # local "HH:MM" the string gives, or None
    utc: str | None  # "YYYY-MM-DD HH:MM" UTC, or None when the string fixes no moment
    now: datetime


@dataclass(frozen=True, slots=True)
class Guess:
    day: date
    time: str | None
    utc: str | None


def default_data_dir() -> Path:
    shared = os.environ.get("MARSAD_SHARED")
    root = Path(shared) if shared else Path(__file__).resolve().parents[1] / ".." / "shared"
    return root / "data"


def ant_items(data: Path, now: datetime) -> list[Item]:
    items = []
    pattern = re.compile(r"<TIME>\s*(.*?)\s*</TIME>", re.S)
    for path in sorted(data.glob("ant/*/*.txt")):
        match = pattern.search(path.read_text(encoding="utf-8", errors="replace"))
        if match and match.group(1):
            item = _ant_truth(match.group(1), now)
            if item is not None:
                items.append(item)
    return items


def _ant_truth(value: str, now: datetime) -> Item | None:
    if re.fullmatch(r"\d{2}/\d{2}/\d{4}", value):
        return Item(value, datetime.strptime(value, "%d/%m/%Y").date(), None, None, now)
    compact = re.fullmatch(r"(\d{4}-\d{2}-\d{2})T(\d{2})(\d{2})(\d{2})", value)
    if compact:
        moment = datetime.fromisoformat(f"{compact.group(1)}T{compact.group(2)}:{compact.group(3)}")
        return Item(value, moment.date(), moment.strftime("%H:%M"), None, now)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    utc = moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if moment.tzinfo else None
    return Item(value, moment.date(), moment.strftime("%H:%M"), utc, now)


def page_items(data: Path, now: datetime) -> list[Item]:
    items = []
    for path in sorted(data.glob("pages-dev/page-*.txt")):
        expected = json.loads(path.with_name(path.stem + ".expected.json").read_text(encoding="utf-8"))[0]
        if not expected.get("date"):
            continue
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        title = " ".join(expected["title"].split())
        found = [i for i, line in enumerate(lines) if " ".join(line.split()) == title]
        if not found or found[0] + 1 >= len(lines):
            continue
        line = lines[found[0] + 1]
        items.append(Item(line, date.fromisoformat(expected["date"]), expected.get("time"), None, now))
    return items


def table_items(table: Path) -> list[Item]:
    items = []
    for line in table.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        now = datetime.fromisoformat(row["now"]) if row.get("now") else DEFAULT_NOW
        items.append(Item(row["text"], date.fromisoformat(row["day"]), row["time"], row["utc"], now))
    return items


def marsad_guess(item: Item) -> Guess | None:
    found = parse_date(item.text, now=item.now)
    if found is None:
        return None
    utc = found.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if found.at else None
    return Guess(found.day, found.time, utc)


def dateparser_guess(item: Item) -> Guess | None:
    import dateparser

    settings = {"RETURN_AS_TIMEZONE_AWARE": True, "RELATIVE_BASE": item.now.replace(tzinfo=None)}
    try:
        found = dateparser.parse(item.text, languages=["ar", "en"], settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    if found is None:
        return None
    utc = found.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if found.tzinfo else None
    return Guess(found.date(), found.strftime("%H:%M"), utc)


_LEADING_LABEL = re.compile(r"^[^\d:]{1,40}:\s*")


def dateparser_unlabelled_guess(item: Item) -> Guess | None:
    """dateparser on the string less a leading label ("تاريخ النشر : "), which it cannot skip."""
    return dateparser_guess(Item(_LEADING_LABEL.sub("", item.text), item.day, item.time, item.utc, item.now))


def score(items: list[Item], guess: Callable[[Item], Guess | None], *, invented: bool) -> dict[str, Any]:
    started = time.perf_counter()
    guesses = [guess(item) for item in items]
    seconds = time.perf_counter() - started
    timed = [(i, g) for i, g in zip(items, guesses, strict=True) if i.time is not None]
    fixed = [(i, g) for i, g in zip(items, guesses, strict=True) if i.utc is not None]
    untimed = [(i, g) for i, g in zip(items, guesses, strict=True) if i.time is None and g is not None]
    result: dict[str, Any] = {
        "n": len(items),
        "parse_rate": _share(sum(g is not None for g in guesses), len(items)),
        "day_acc": _share(
            sum(g is not None and g.day == i.day for i, g in zip(items, guesses, strict=True)), len(items)
        ),
        "time_acc": _share(sum(g is not None and g.time == i.time for i, g in timed), len(timed)),
        "utc_acc": _share(sum(g is not None and g.utc == i.utc for i, g in fixed), len(fixed)),
        "per_s": round(len(items) / seconds) if seconds > 0 else None,
    }
    if invented:
        result["invented_time"] = _share(sum(g is not None and g.time is not None for _, g in untimed), len(untimed))
    return result


def _share(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=default_data_dir(), help="the shared data folder")
    parser.add_argument("--table", type=Path, default=TABLE, help="the hand-checked table (JSON lines)")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N ANT items (0: all)")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")  # dateparser warns about its own deprecated settings
    now = datetime.now(UTC)
    sets = {"ant": ant_items(args.data, now), "pages": page_items(args.data, now), "table": table_items(args.table)}
    if args.limit:
        sets["ant"] = sets["ant"][: args.limit]
    sets["all"] = [item for name in ("ant", "pages", "table") for item in sets[name]]
    report: dict[str, Any] = {}
    for system, guess in (("marsad", marsad_guess), ("dateparser", dateparser_guess)):
        report[system] = {name: score(items, guess, invented=system == "marsad") for name, items in sets.items()}
    # ANT has no labels, so the label-less variant is only run on the sets that have them.
    report["dateparser_unlabelled"] = {
        name: score(sets[name], dateparser_unlabelled_guess, invented=False) for name in ("pages", "table")
    }
    print(f"{'set':<6} {'n':>5}  {'system':<22} {'parse':>6} {'day':>6} {'time':>6} {'utc':>6} {'per_s':>7}")
    for name in sets:
        for system in report:
            if name not in report[system]:
                continue
            row = report[system][name]
            cells = [_cell(row[k]) for k in ("parse_rate", "day_acc", "time_acc", "utc_acc")]
            print(f"{name:<6} {row['n']:>5}  {system:<22} {' '.join(cells)} {row['per_s']!s:>7}")
    print(json.dumps(report, ensure_ascii=False))


def _cell(value: float | None) -> str:
    return f"{value:>6.3f}" if value is not None else f"{'-':>6}"


if __name__ == "__main__":
    main()
