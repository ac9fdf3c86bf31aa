"""Shared data access for the enrichment tests: the seed page and ANT, from ../shared."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SEED_TAGS = [
    "وزير الدفاع الإسرائيلي", "يوآف جالانت", "وزير الخارجية الأمريكي", "أنتوني بلينكن",
    "واشنطن", "إسرائيل", "إسرائيل والولايات المتحدة", "قطاع غزة", "حزب الله وإيران",
]


def shared_dir() -> Path:
    env = os.environ.get("MARSAD_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[1] / ".." / "shared"


def load_seed() -> tuple[str, list[str]]:
    """The seed page's title (line 1) and body (lines 4-11)."""
    path = shared_dir() / "samples" / "000_89b64a676fe35307.txt"
    if not path.exists():
        pytest.skip(f"seed page not found at {path} (set MARSAD_SHARED)")
    lines = path.read_text(encoding="utf-8").splitlines()
    return lines[0], lines[3:11]


def ant_dir() -> Path:
    path = shared_dir() / "data" / "ant"
    if not path.is_dir():
        pytest.skip(f"ANT corpus not found at {path} (set MARSAD_SHARED)")
    return path


ENGLISH_BODY = [
    "The central bank raised interest rates on Tuesday, citing persistent inflation.",
    "Analysts said the decision was widely expected by the markets.",
]
