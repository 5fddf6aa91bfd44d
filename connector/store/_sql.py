"""Engine set-up and the two bulk primitives: executemany of tuples, and chunked reads.

Bulk paths bypass SQLAlchemy's per-row parameter processing (measured at
three times the cost of the insert itself on SQLite): statements are built
with Core, compiled once for the dialect, and run on the DBAPI cursor with
plain tuples. Both dialects use positional parameters (PostgreSQL's engine
is created with ``paramstyle="format"``), so rows are tuples everywhere.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from sqlalchemy.engine import Connection, Dialect, Engine
    from sqlalchemy.sql.compiler import SQLCompiler

__all__ = [
    "CHUNK",
    "FETCH",
    "Many",
    "as_list",
    "bulk_insert",
    "day_number",
    "fetch_chunks",
    "from_micros",
    "in_list",
    "insert_for",
    "make_engine",
    "to_micros",
    "to_url",
]

#: Rows per executemany call and per ``IN (...)`` lookup.
CHUNK = 10_000
#: Rows per ``fetchmany`` when reading columns.
FETCH = 100_000

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICRO = timedelta(microseconds=1)
_DAY = timedelta(days=1)


def to_micros(t: datetime) -> int:
    """Epoch microseconds of an aware datetime, exactly (no float rounding)."""
    return (t - _EPOCH) // _MICRO


def from_micros(us: int) -> datetime:
    """The aware UTC datetime of epoch microseconds."""
    return _EPOCH + us * _MICRO


def day_number(t: datetime) -> int:
    """Whole days since 1970-01-01 of ``t``'s UTC calendar day."""
    return (t - _EPOCH) // _DAY


def to_url(url_or_path: str) -> str:
    """A database URL; a plain filesystem path means a SQLite file there."""
    if "://" in url_or_path:
        return url_or_path
    path = Path(url_or_path).expanduser().resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def _sqlite_pragmas(dbapi_connection: Any, _record: object) -> None:  # noqa: ANN401 (DBAPI)
    cur = dbapi_connection.cursor()
    # WAL lets a reader (the CLI) run beside a sync; NORMAL is durable in WAL.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    # Bulk upserts insert into b-trees at random places; a small cache thrashes.
    cur.execute("PRAGMA cache_size=-262144")
    cur.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url``: SQLite (WAL, a large page cache), or PostgreSQL."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = sa.create_engine(parsed, connect_args={"timeout": 60})
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql":
        return sa.create_engine(parsed, paramstyle="format", pool_pre_ping=True)
    msg = (
        f"unsupported database URL scheme {parsed.drivername!r}: "
        "use sqlite:///PATH or postgresql+psycopg://..."
    )
    raise ValueError(msg)


def insert_for(dialect: Dialect, table: sa.Table) -> postgresql.Insert | sqlite.Insert:
    """The dialect's INSERT, which has ``on_conflict_do_update``."""
    if dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def in_list(column: sa.ColumnElement[Any], name: str, dialect: Dialect) -> sa.ColumnElement[bool]:
    """``column IN (list)`` with the whole list in one parameter (see :func:`as_list`).

    Expanding ``IN`` clauses cost SQLAlchemy microseconds per value and hit
    SQLite's parameter limit; one array (PostgreSQL) or JSON (SQLite)
    parameter does not.
    """
    if dialect.name == "postgresql":
        return column == sa.any_(sa.bindparam(name, type_=postgresql.ARRAY(column.type)))
    values: sa.Select[Any] = sa.select(sa.literal_column("value")).select_from(
        sa.func.json_each(sa.bindparam(name))
    )
    return column.in_(values)


def as_list(dialect: Dialect, values: Sequence[Any]) -> Any:  # noqa: ANN401 (driver value)
    """The parameter value for an :func:`in_list` clause."""
    if dialect.name == "postgresql":
        return list(values)
    return json.dumps(list(values))


def bulk_insert(
    dialect: Dialect,
    table: sa.Table,
    keys: Sequence[str],
    *,
    on_conflict: Sequence[str] = (),
    update: Sequence[str] = (),
) -> Many:
    """An INSERT of row tuples (values of ``keys``), optionally an upsert.

    With ``on_conflict`` (the columns of a unique key), a conflicting row
    updates the ``update`` columns, or is skipped when there are none.

    On PostgreSQL each chunk is one ``INSERT ... SELECT unnest(array), ...``
    with one array per column: executemany would send a statement per row,
    ten times slower. A chunk must then not hold one key twice (PostgreSQL
    refuses to update a row twice in one statement).
    """
    if dialect.name == "postgresql":
        arrays = [
            sa.func.unnest(sa.bindparam(k, type_=postgresql.ARRAY(table.c[k].type))) for k in keys
        ]
        pg = postgresql.insert(table).from_select(list(keys), sa.select(*arrays))
        stmt: sa.ClauseElement = pg
        if on_conflict:
            set_ = {k: pg.excluded[k] for k in update}
            stmt = (
                pg.on_conflict_do_update(index_elements=list(on_conflict), set_=set_)
                if set_
                else pg.on_conflict_do_nothing(index_elements=list(on_conflict))
            )
        return Many(dialect, stmt, keys, columnar=True)
    lite = sqlite.insert(table)
    stmt = lite
    if on_conflict:
        set_ = {k: lite.excluded[k] for k in update}
        stmt = (
            lite.on_conflict_do_update(index_elements=list(on_conflict), set_=set_)
            if set_
            else lite.on_conflict_do_nothing(index_elements=list(on_conflict))
        )
    return Many(dialect, stmt, keys)


class Many:
    """A Core statement compiled once, run on the DBAPI cursor with tuples.

    ``keys`` names the values of each row tuple, in order. A ``columnar``
    statement takes one array per key instead (see :func:`bulk_insert`).
    """

    def __init__(
        self,
        dialect: Dialect,
        stmt: sa.ClauseElement,
        keys: Sequence[str],
        *,
        columnar: bool = False,
    ) -> None:
        self._columnar = columnar
        compiled = cast(
            "SQLCompiler",
            stmt.compile(dialect=dialect, column_keys=list(keys), for_executemany=True),
        )
        if not compiled.positional or compiled.positiontup is None:
            msg = "store engines use positional parameters"
            raise AssertionError(msg)
        self.sql = str(compiled)
        where = {k: i for i, k in enumerate(keys)}
        order = [where[k] for k in compiled.positiontup]
        # Avoid reshuffling every row when the order already matches.
        self._order = None if order == list(range(len(keys))) else order

    def run(self, conn: Connection, rows: Sequence[tuple[Any, ...]]) -> None:
        """Execute for every row: once with arrays if columnar, else executemany."""
        if not rows:
            return
        if self._columnar:
            self.once(conn, tuple(list(column) for column in zip(*rows, strict=True)))
            return
        if self._order is not None:
            order = self._order
            rows = [tuple(r[i] for i in order) for r in rows]
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.executemany(self.sql, rows)
        finally:
            cursor.close()

    def once(self, conn: Connection, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        """Execute once; the rows it returns, if any."""
        if self._order is not None:
            params = tuple(params[i] for i in self._order)
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(self.sql, params)
            return list(cursor.fetchall()) if cursor.description else []
        finally:
            cursor.close()


def fetch_chunks(conn: Connection, stmt: sa.Select[Any]) -> Iterator[list[tuple[Any, ...]]]:
    """Run a SELECT on the raw DBAPI cursor and yield its rows in chunks.

    On PostgreSQL a named (server-side) cursor streams the result, so a
    10-million-row read never sits whole in the client library's memory.
    """
    compiled = stmt.compile(dialect=conn.dialect)
    params = tuple(compiled.params[k] for k in compiled.positiontup or ())
    driver = conn.connection.driver_connection
    if conn.dialect.name == "postgresql":
        cursor = driver.cursor(name="healthscore_read")  # type: ignore[union-attr]
    else:
        cursor = driver.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(str(compiled), params)
        while rows := cursor.fetchmany(FETCH):
            yield rows
    finally:
        cursor.close()
