"""Where inputs come from: files, folders (recursively), glob patterns and ``-`` for stdin.

Paths are expanded lazily and in a stable order, so a corpus of any size streams through
one document at a time.
"""

from __future__ import annotations

import glob
import gzip
import os
import sys
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from marsad.models import Provenance, RawDocument
from marsad.parse.errors import ParseError

STDIN = "-"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # one page; dumps and archives are streamed instead


def iter_input_paths(specs: Iterable[str]) -> Iterator[str]:
    """Expand files, folders and globs into file paths (``-`` passes through for stdin).

    Hidden files and folders are skipped; a spec that matches nothing is yielded as is so
    that reading it reports the problem.
    """
    for spec in specs:
        if spec == STDIN:
            yield spec
        elif os.path.isdir(spec):
            yield from _walk_folder(spec)
        elif glob.has_magic(spec):
            matches = sorted(glob.glob(spec, recursive=True))
            for match in matches:
                yield from _walk_folder(match) if os.path.isdir(match) else [match]
            if not matches:
                yield spec
        else:
            yield spec


def _walk_folder(folder: str) -> Iterator[str]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield os.path.join(root, name)


def read_document(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> RawDocument:
    """Read one input into a :class:`RawDocument`, or raise :class:`ParseError`.

    Gzip-compressed files are decompressed (within the same size cap).
    """
    provenance = Provenance(
        file=None if path == STDIN else str(Path(path)),
        fetched_at=datetime.now(UTC).replace(microsecond=0),
    )
    if path == STDIN:
        data = _read_capped(sys.stdin.buffer, max_bytes, "stdin")
        return RawDocument(data, provenance)
    try:
        size = os.path.getsize(path)
    except OSError as error:
        raise ParseError("unreadable", error.strerror or str(error)) from None
    if size > max_bytes and not path.endswith(".gz"):
        raise ParseError("too_large", f"{size:,} bytes is over the {max_bytes:,}-byte page limit")
    try:
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rb") as stream:
            data = _read_capped(stream, max_bytes, path)
    except (OSError, EOFError) as error:
        raise ParseError("unreadable", str(error)) from None
    return RawDocument(data, provenance)


def _read_capped(stream: object, max_bytes: int, name: str) -> bytes:
    data = stream.read(max_bytes + 1)  # type: ignore[attr-defined]
    if len(data) > max_bytes:
        raise ParseError("too_large", f"{name} is over the {max_bytes:,}-byte page limit")
    return bytes(data)
