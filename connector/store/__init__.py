"""The store: canonical records, results and history in SQLite or PostgreSQL.

SQLite (a file, zero set-up) by default; PostgreSQL by a
``postgresql+psycopg://`` URL. The schema is created and upgraded by the
Alembic migrations shipped in this package, run by :meth:`Store.migrate`.

Records are keyed by (connection, source id): a connection is one CRM org,
and two connections may hold the same source ids. Writes are bulk upserts;
:meth:`Store.read_snapshot` reads whole columns into numpy arrays for scoring.
"""

from __future__ import annotations

import hashlib
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

import platformdirs
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from connector.errors import RecordIssue
from connector.store import _read, _results, _write
from connector.store._sql import insert_for, make_engine, to_micros, to_url
from connector.store._tables import bad_records as _bad_records
from connector.store._tables import connections as _connections
from connector.store._write import AccountRow, ActivityRow, ContactRow, DealRow, UserRow

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from types import TracebackType

    from sqlalchemy.engine import Connection

    from connector.model import Dataset
    from connector.scoring import History, ScoreResult
    from connector.snapshot import Snapshot

__all__ = [
    "AccountRow",
    "ActivityRow",
    "ContactRow",
    "DealRow",
    "Store",
    "UserRow",
    "default_database_url",
    "safe_url",
]

_MIGRATIONS = Path(__file__).parent / "migrations"
#: Serialises concurrent migrations of one PostgreSQL database (any constant).
_MIGRATION_LOCK = 0x6865616C7468


def safe_url(url_or_path: str) -> str:
    """The database URL (or SQLite path) as it may be shown: password masked."""
    return sa.make_url(to_url(url_or_path)).render_as_string(hide_password=True)


def default_database_url() -> str:
    """A SQLite file in the user's data directory (created if missing)."""
    folder = Path(platformdirs.user_data_dir("healthscore"))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'healthscore.db'}"


class Store:
    """One database holding any number of connections' records and results.

    ``Store(url)`` opens the database (a URL, or a plain path for a SQLite
    file) and migrates it to the latest schema. Use it as a context manager,
    or call :meth:`close`.
    """

    def __init__(self, url: str) -> None:
        self._engine = make_engine(to_url(url))
        #: The database URL with any password masked, safe to show and log.
        self.url = self._engine.url.render_as_string(hide_password=True)
        self.migrate()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close every pooled database connection."""
        self._engine.dispose()

    def migrate(self) -> None:
        """Upgrade the schema to the latest migration (a no-op when it is current)."""
        config = Config()
        config.set_main_option("script_location", str(_MIGRATIONS))
        with self._engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # Two processes starting at once must not both create tables.
                conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_MIGRATION_LOCK)))
            config.attributes["connection"] = conn
            command.upgrade(config, "head")

    def _connection_id(self, conn: Connection, name: str, *, create: bool) -> int:
        """The key of a connection name (``-1``, matching nothing, if unknown)."""
        if create:
            stmt = insert_for(conn.dialect, _connections).values(name=name)
            conn.execute(stmt.on_conflict_do_nothing(index_elements=["name"]))
        found = conn.execute(
            sa.select(_connections.c.id).where(_connections.c.name == name)
        ).scalar_one_or_none()
        return -1 if found is None else int(found)

    def upsert_dataset(self, connection: str, ds: Dataset) -> dict[str, int]:
        """Insert or update every record of a consistent dataset, in one transaction.

        Returns the number of rows written per object (and ``activity_contacts``).
        """
        rows = _write.dataset_rows(ds)
        return self.upsert_rows(
            connection,
            users=rows["users"],
            accounts=rows["accounts"],
            contacts=rows["contacts"],
            activities=rows["activities"],
            deals=rows["deals"],
        )

    def upsert_rows(
        self,
        connection: str,
        *,
        users: Iterable[UserRow] = (),
        accounts: Iterable[AccountRow] = (),
        contacts: Iterable[ContactRow] = (),
        activities: Iterable[ActivityRow] = (),
        deals: Iterable[DealRow] = (),
    ) -> dict[str, int]:
        """Bulk form of :meth:`upsert_dataset`: row tuples (see ``*Row``), read lazily.

        For loaders that hold columns rather than records (10 million
        activities never become objects). References are source ids; unknown
        references are stored as ``NULL``.
        """
        with self._engine.begin() as conn:
            cid = self._connection_id(conn, connection, create=True)
            return _write.upsert_rows(
                conn,
                cid,
                users_rows=users,
                accounts_rows=accounts,
                contacts_rows=contacts,
                activities_rows=activities,
                deals_rows=deals,
            )

    def connection_names(self) -> list[str]:
        """Every connection the store holds, by name."""
        with self._engine.connect() as conn:
            rows = conn.execute(sa.select(_connections.c.name).order_by(_connections.c.name))
            return [row[0] for row in rows]

    @contextmanager
    def exclusive(self, connection: str) -> Iterator[bool]:
        """Hold the connection's run lock while inside; yields False if another process has it.

        On PostgreSQL this is a session advisory lock, so several scheduler
        processes sharing one database never run a connection twice at once.
        A SQLite store belongs to one machine, where the database file's own
        lock serialises writers; there it always yields True.
        """
        if self._engine.dialect.name != "postgresql":
            yield True
            return
        digest = hashlib.blake2b(connection.encode(), digest_size=8).digest()
        key = int.from_bytes(digest, "big", signed=True)
        with self._engine.connect() as conn:
            got = bool(conn.execute(sa.select(sa.func.pg_try_advisory_lock(key))).scalar())
            conn.commit()
            try:
                yield got
            finally:
                if got:
                    conn.execute(sa.select(sa.func.pg_advisory_unlock(key)))
                    conn.commit()

    def live_source_ids(self, connection: str, object_name: str) -> set[str]:
        """Source ids of one object's records that are not marked deleted."""
        with self._engine.connect() as conn:
            cid = self._connection_id(conn, connection, create=False)
            return _write.live_source_ids(conn, cid, object_name)

    def replace_dataset(self, connection: str, ds: Dataset) -> dict[str, int]:
        """Make the connection hold exactly ``ds``: upsert it, mark the rest deleted.

        For a source that always delivers the whole dataset (a canonical JSON
        file); a CRM sync upserts changes and marks deletions instead.
        """
        counts = self.upsert_dataset(connection, ds)
        for name in ("users", "accounts", "contacts", "activities", "deals"):
            gone = self.live_source_ids(connection, name) - {r.id for r in getattr(ds, name)}
            if gone:
                self.mark_deleted(connection, name, sorted(gone))
            counts[f"{name}_deleted"] = len(gone)
        return counts

    def mark_deleted(self, connection: str, object_name: str, source_ids: Iterable[str]) -> None:
        """Mark records deleted in the CRM; snapshots leave them out.

        ``object_name`` is ``users``, ``accounts``, ``contacts``, ``activities``
        or ``deals`` (or the singular).
        """
        with self._engine.begin() as conn:
            cid = self._connection_id(conn, connection, create=True)
            _write.mark_deleted(conn, cid, object_name, source_ids)

    def record_bad_records(
        self, connection: str, issues: Iterable[RecordIssue], *, seen_at: datetime | None = None
    ) -> None:
        """Keep records that were skipped, with the reason, for the user to fix."""
        with self._engine.begin() as conn:
            cid = self._connection_id(conn, connection, create=True)
            _write.record_bad_records(conn, cid, issues, seen_at or datetime.now(UTC))

    def bad_records(self, connection: str) -> list[RecordIssue]:
        """The skipped records kept for a connection, oldest first."""
        t = _bad_records.c
        with self._engine.connect() as conn:
            cid = self._connection_id(conn, connection, create=False)
            rows = conn.execute(
                sa.select(t.object, t.record_id, t.field, t.problem)
                .where(t.connection_id == cid)
                .order_by(t.id)
            )
            return [RecordIssue(*row) for row in rows]

    def read_snapshot(
        self,
        connection: str,
        *,
        text_since: datetime | None = None,
        as_of: datetime | None = None,
    ) -> Snapshot:
        """A connection's live records as columns, in the order they were stored.

        Free text is read only for activities since ``text_since`` (all when
        ``None``). With ``as_of``, records after it (which scoring ignores)
        may be left out.
        """
        conn_opts: dict[str, Any] = {}
        if self._engine.dialect.name == "postgresql":
            # One consistent view across the tables' separate reads.
            conn_opts["isolation_level"] = "REPEATABLE READ"
        with self._engine.connect().execution_options(**conn_opts) as conn:
            cid = self._connection_id(conn, connection, create=False)
            return _read.read_snapshot(
                conn,
                cid,
                None if text_since is None else to_micros(text_since),
                None if as_of is None else to_micros(as_of),
            )

    def save_results(self, connection: str, snapshot: Snapshot, result: ScoreResult) -> None:
        """Replace the connection's current results with ``result`` and record the day.

        History keeps one row per account per UTC day of ``result.as_of``;
        scoring the same day again overwrites it.
        """
        with self._engine.begin() as conn:
            cid = self._connection_id(conn, connection, create=True)
            _results.save_results(conn, cid, snapshot, result)

    def read_history(self, connection: str, snapshot: Snapshot, as_of: datetime) -> History:
        """Earlier colors and scores, aligned with ``snapshot.account_ids``."""
        with self._engine.connect() as conn:
            cid = self._connection_id(conn, connection, create=False)
            return _results.read_history(conn, cid, snapshot, as_of)

    def account_results(self, connection: str) -> list[dict[str, Any]]:
        """The current account results: id, name, score, color, lifecycle,
        priority, reasons (``[{code, text}]``), trends and ``as_of``."""
        with self._engine.connect() as conn:
            cid = self._connection_id(conn, connection, create=False)
            return _results.account_results_of(conn, cid)

    def contact_results(self, connection: str) -> dict[str, tuple[float | None, str]]:
        """The current contact results: contact id -> (score, color label)."""
        with self._engine.connect() as conn:
            cid = self._connection_id(conn, connection, create=False)
            return _results.contact_results_of(conn, cid)
