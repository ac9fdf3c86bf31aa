"""The one exception type parsers raise for input they cannot turn into articles."""

from __future__ import annotations


class ParseError(Exception):
    """Input that yields no article, with a reason code from :class:`marsad.models.Skip`."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
