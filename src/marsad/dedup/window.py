"""Article time and a sliding time window that keeps in-memory state bounded.

Both copy detection and story clustering only compare an article with articles from around
the same time. The window's clock is the latest article time seen (the watermark), not the
wall clock, so replaying an archive behaves like a live feed.
"""

from __future__ import annotations

import heapq
from datetime import UTC, datetime, time, timedelta

from marsad.models import Article


def article_time(article: Article) -> datetime | None:
    """When ``article`` appeared: publication time, else its day, else when it was fetched.

    A day-precision date maps to noon UTC of that day so that it sits in the middle of the
    day's timed articles rather than before all of them.
    """
    if article.published is not None:
        if article.published.at is not None:
            return _aware(article.published.at)
        return datetime.combine(article.published.day, time(12), tzinfo=UTC)
    fetched = article.provenance.fetched_at
    return _aware(fetched) if fetched is not None else None


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


class TimeWindow:
    """Tracks item times and reports the items that fell out of the window.

    Args:
        span: how far behind the newest item an item may be and still be kept.
    """

    def __init__(self, span: timedelta) -> None:
        self.span = span
        self.watermark: datetime | None = None
        self._heap: list[tuple[datetime, str]] = []

    def place(self, when: datetime | None) -> datetime:
        """The time to use for an item: ``when``, or the watermark when it is unknown."""
        if when is not None:
            return _aware(when)
        return self.watermark or datetime(1970, 1, 1, tzinfo=UTC)

    def is_stale(self, when: datetime) -> bool:
        """True when an item at ``when`` is already older than the window."""
        return self.watermark is not None and when < self.watermark - self.span

    def push(self, key: str, when: datetime) -> list[str]:
        """Record ``key`` at ``when``; return the keys that are now out of the window."""
        heapq.heappush(self._heap, (when, key))
        if self.watermark is None or when > self.watermark:
            self.watermark = when
        cutoff = self.watermark - self.span
        expired = []
        while self._heap and self._heap[0][0] < cutoff:
            expired.append(heapq.heappop(self._heap)[1])
        return expired

    def __len__(self) -> int:
        return len(self._heap)
