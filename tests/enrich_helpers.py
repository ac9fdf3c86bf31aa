"""Data for the enrichment tests: the seed page and ANT (from ../shared), an English text."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SEED, SHARED, require_shared


def load_seed() -> tuple[str, list[str]]:
    """The seed page's title (line 1) and body (lines 4-11)."""
    lines = require_shared(SEED).read_text(encoding="utf-8").splitlines()
    return lines[0], lines[3:11]


def ant_dir() -> Path:
    """The ANT corpus in the shared data (the test is skipped without it)."""
    return require_shared(SHARED / "data" / "ant")


ENGLISH_BODY = [
    "The central bank raised interest rates on Tuesday, citing persistent inflation.",
    "Analysts said the decision was widely expected by the markets.",
]
