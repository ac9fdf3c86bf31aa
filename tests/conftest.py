"""Shared fixtures: real SQLite files in tmp_path and the location of ../shared."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from marsad.store import SqliteStore

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MARSAD_SHARED", ROOT.parent / "shared"))
SEED = SHARED / "samples" / "000_89b64a676fe35307.txt"
# The seed page's human tags as a reader sees them (the expected split of its tag line).
SEED_TAGS = [
    "وزير الدفاع الإسرائيلي",
    "يوآف جالانت",
    "وزير الخارجية الأمريكي",
    "أنتوني بلينكن",
    "واشنطن",
    "إسرائيل",
    "إسرائيل والولايات المتحدة",
    "قطاع غزة",
    "حزب الله وإيران",
]


def require_shared(path: Path) -> Path:
    """Skip the test with a clear message when the shared data is not beside the repo."""
    if not path.exists():
        pytest.skip(f"shared data not found at {path} (set MARSAD_SHARED to its folder)")
    return path


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "marsad.db"


POSTGRES_DSN = os.environ.get("MARSAD_TEST_POSTGRES")


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, db_path: Path):
    """Every store test runs on a real SQLite file and, when a server is given, on PostgreSQL."""
    if request.param == "sqlite":
        with SqliteStore(db_path) as opened:
            yield opened
        return
    if not POSTGRES_DSN:
        pytest.skip("PostgreSQL tests need MARSAD_TEST_POSTGRES=postgresql://... (.ci/run starts a server)")
    with fresh_postgres_database(POSTGRES_DSN) as dsn:
        from marsad.store.postgres import PostgresStore

        with PostgresStore(dsn) as opened:
            yield opened


@contextmanager
def fresh_postgres_database(admin_dsn: str) -> Iterator[str]:
    """Create an empty database for one test on the server behind ``admin_dsn``; drop it after."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    name = f"marsad_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_dsn, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
    try:
        yield urlunsplit(urlsplit(admin_dsn)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def seed_path() -> Path:
    return require_shared(SEED)
