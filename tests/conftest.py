"""Store fixtures: every store test runs on SQLite, and on PostgreSQL when configured.

PostgreSQL runs when ``HEALTHSCORE_TEST_DATABASE_URL`` is set; each test gets
a schema of its own (through ``search_path``), dropped afterwards. With
``HEALTHSCORE_REQUIRE_POSTGRES=1`` a missing or unreachable database fails
the PostgreSQL tests instead of skipping them, so CI cannot pass vacuously.
"""

from __future__ import annotations

import os
import uuid
from typing import TYPE_CHECKING

import pytest
import sqlalchemy as sa

from connector.store import Store

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

PG_URL_ENV = "HEALTHSCORE_TEST_DATABASE_URL"
REQUIRE_PG_ENV = "HEALTHSCORE_REQUIRE_POSTGRES"


def _unavailable(reason: str) -> None:
    if os.environ.get(REQUIRE_PG_ENV) == "1":
        pytest.fail(f"{REQUIRE_PG_ENV}=1 but {reason}")
    pytest.skip(reason)


def _postgres_schema_url() -> Iterator[str]:
    """A URL whose connections use a fresh schema; the schema is dropped after."""
    base = os.environ.get(PG_URL_ENV)
    if not base:
        _unavailable(f"{PG_URL_ENV} is not set")
        return
    schema = f"hs_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base, poolclass=sa.NullPool)
    try:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    except sa.exc.OperationalError as exc:
        admin.dispose()
        _unavailable(f"PostgreSQL at {PG_URL_ENV} is unreachable: {exc.orig}")
        return
    url = sa.make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL (or, for SQLite, a plain file path) holding nothing yet."""
    if request.param == "sqlite":
        yield str(tmp_path / "store.db")
    else:
        yield from _postgres_schema_url()


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """A migrated, empty store on each backend."""
    with Store(store_url) as s:
        yield s


@pytest.fixture
def pg_store_url() -> Iterator[str]:
    """A PostgreSQL URL on a fresh schema, for what only PostgreSQL does (advisory locks)."""
    yield from _postgres_schema_url()
