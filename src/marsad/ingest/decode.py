"""Bytes → text: encoding detection for Arabic pages, with binary and mojibake refused.

Order of evidence: a byte-order mark; strict UTF-8; then the Arabic single-byte code pages
(windows-1256 and ISO-8859-6) scored by how Arabic the result reads. UTF-8 Arabic that was
once decoded as Latin-1/cp1252 and saved again ("Ø§Ù„...") is repaired, never stored.
"""

from __future__ import annotations

import codecs
import re

from marsad.parse.errors import ParseError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BINARY_MAGIC = (
    b"\x89PNG",
    b"%PDF",
    b"PK\x03\x04",
    b"\xff\xd8\xff",
    b"GIF8",
    b"\x7fELF",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ",
    b"SQLite format 3",
)
_MOJIBAKE = re.compile("[ØÙÚÛ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode_bytes(data: bytes) -> str:
    """Decode a page's bytes to text, or raise :class:`ParseError` (``empty``/``binary``/``encoding``).

    Example:
        >>> decode_bytes("مرصد".encode("cp1256"))
        'مرصد'
    """
    if not data.strip():
        raise ParseError("empty", "no bytes besides whitespace")
    text = _decode_with_bom(data)
    if text is None:
        if data.startswith(_BINARY_MAGIC):
            raise ParseError("binary", "file starts with a binary format's signature")
        text = _decode_utf16_without_bom(data) or _decode_guess(data)
    text = repair_mojibake(text)
    _refuse_binary_text(text)
    if not text.strip():
        raise ParseError("empty", "no text after decoding")
    return text


def _decode_with_bom(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as error:
                raise ParseError("encoding", f"invalid {encoding} after its BOM: {error}") from None
    return None


def _decode_utf16_without_bom(data: bytes) -> str | None:
    # UTF-16 without a BOM: every other byte is the high byte of a code point, which for
    # Arabic and ASCII text is almost always 0x06 or 0x00.
    sample = data[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    high_le = sum(b in (0, 6) for b in sample[1::2]) / max(1, len(sample[1::2]))
    high_be = sum(b in (0, 6) for b in sample[0::2]) / max(1, len(sample[0::2]))
    encoding = "utf-16-le" if high_le > 0.7 else "utf-16-be" if high_be > 0.7 else None
    if encoding is None:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _decode_guess(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise ParseError("binary", "NUL bytes in what should be text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    candidates = []
    for encoding in ("cp1256", "iso8859_6"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        candidates.append((_arabic_score(text), encoding == "cp1256", text))
    if not candidates:
        raise ParseError("encoding", "neither UTF-8 nor an Arabic code page")
    score, _, text = max(candidates)
    if score < 0.5:
        # Mostly Latin letters: a Western page in cp1252/Latin-1, not Arabic.
        return data.decode("cp1252", errors="replace")
    return text


def _arabic_score(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha() and not ch.isascii()]
    if not letters:
        return 0.0
    return sum("\u0621" <= ch <= "\u064a" for ch in letters) / len(letters)


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was decoded as Latin-1/cp1252 (``Ø§Ù„`` → ``ال``); else return as is."""
    hits = len(_MOJIBAKE.findall(text))
    if hits < 3 or hits * 6 < len(text) * 0.05:
        return text
    try:
        return _latin_bytes(text).decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        raise ParseError("encoding", "mojibake (UTF-8 read as Latin-1) that cannot be repaired") from None


def _latin_bytes(text: str) -> bytes:
    # Browsers decode "cp1252" with the five undefined bytes passed through as C1 controls,
    # so map each character back through cp1252 first and Latin-1 second.
    out = bytearray()
    for char in text:
        out += char.encode("cp1252") if ord(char) > 0xFF else char.encode("latin-1")
    return bytes(out)


def _refuse_binary_text(text: str) -> None:
    sample = text[:8192]
    if sample and len(_CONTROL.findall(sample)) / len(sample) > 0.05:
        raise ParseError("binary", "control characters in what should be text")
