"""Publication dates from the text a page shows: a module of its own, used by every format.

Interface (stable): :func:`parse_date` turns a date string as written on a page into a
:class:`marsad.models.PublishedDate`, or ``None`` when the string holds no date.
"""

from __future__ import annotations

from datetime import datetime

from marsad.models import PublishedDate


def parse_date(text: str, *, now: datetime | None = None) -> PublishedDate | None:
    """Parse a date (and time, when given) as written on an Arabic or English page.

    ``now`` resolves relative dates ("منذ ساعتين") and bounds future dates.
    A date without a time keeps ``precision="day"`` and ``at=None``: no 00:00 is invented.
    """
    raise NotImplementedError
