"""Publication days read from article URLs (``/2013/middle_east/8/3/``, ``/2015-08-24-...``).

A URL carries a calendar day at most, never a time, so every result has ``precision="day"``
and ``at=None``. Numbers that only look like dates (article ids, years alone, a year and a
month without a day) give nothing.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from urllib.parse import unquote, urlsplit

from marsad.models import PublishedDate

_YEAR = r"(?P<y>(?:19|20)\d{2})"
_END = r"(?=[/_.\-]|$)"
# Order matters: the most explicit layouts first.
_PATTERNS = (
    # /2015/08/24/ or /2015-08-24 or /2015_08_24
    re.compile(rf"(?:^|[/_\-]){_YEAR}(?P<s>[/\-_])(?P<m>\d{{1,2}})(?P=s)(?P<d>\d{{1,2}}){_END}"),
    # /2013/middle_east/8/3/ : one section name between the year and the month
    re.compile(rf"(?:^|/){_YEAR}/[a-z][a-z_\-]*/(?P<m>\d{{1,2}})/(?P<d>\d{{1,2}})(?=/|$)"),
    # /20150824/ or article-20150824-x
    re.compile(rf"(?:^|[/_\-]){_YEAR}(?P<m>[01]\d)(?P<d>[0-3]\d){_END}"),
)
_EARLIEST = date(1990, 1, 1)  # no news site published on the web before this


def date_from_url(url: str | None, *, now: datetime | None = None) -> PublishedDate | None:
    """Return the publication day a URL's path carries, or ``None``.

    Example:
        >>> date_from_url("http://arabic.cnn.com/2013/middle_east/8/3/syria.clashes/index.html").day
        datetime.date(2013, 8, 3)
    """
    if not url:
        return None
    try:
        path = unquote(urlsplit(url).path).lower()
    except ValueError:
        return None
    latest = (now or datetime.now()).date()
    for pattern in _PATTERNS:
        for match in pattern.finditer(path):
            day = _valid_day(match, latest)
            if day is not None:
                return PublishedDate(day=day, precision="day", raw=match.group(0).strip("/_-"))
    return None


def _valid_day(match: re.Match[str], latest: date) -> date | None:
    try:
        day = date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None
    return day if _EARLIEST <= day <= latest else None
