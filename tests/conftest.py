"""Shared fixtures: real SQLite files in tmp_path and the location of ../shared."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from marsad.store import SqliteStore

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MARSAD_SHARED", ROOT.parent / "shared"))
SEED = SHARED / "samples" / "000_89b64a676fe35307.txt"


def require_shared(path: Path) -> Path:
    """Skip the test with a clear message when the shared data is not beside the repo."""
    if not path.exists():
        pytest.skip(f"shared data not found at {path} (set MARSAD_SHARED to its folder)")
    return path


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "marsad.db"


@pytest.fixture
def store(db_path: Path):
    with SqliteStore(db_path) as opened:
        yield opened


@pytest.fixture
def seed_path() -> Path:
    return require_shared(SEED)
