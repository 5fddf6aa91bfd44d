"""The store's tables (SQLAlchemy Core), shared by SQLite and PostgreSQL.

Conventions, chosen for bulk column reads:

- Every record table has an integer surrogate key ``id`` and a unique
  ``(connection_id, source_id)``, the CRM's id within one connection.
  References between records (``account_id``, ``owner_id``, ``manager_id``,
  the activity-contact links) hold surrogate keys, ``NULL`` when unknown.
- There are no foreign-key constraints: they doubled the cost of bulk
  loads on PostgreSQL (a trigger and a row lock per reference) and cost a
  third on SQLite. The store resolves every reference from the database in
  the writing transaction, never deletes a row, and the snapshot reader
  treats a dangling reference as unknown.
- Enums are stored as their stable ``.code`` (SmallInteger).
- Times are BigInteger epoch microseconds, UTC; ``day`` in ``score_history``
  is whole days since 1970-01-01 UTC.
- Subjects and thread ids are kept beside their 64-bit comparison keys
  (:func:`connector.snapshot.text_key`), so scoring never hashes text.
- ``deleted`` marks records the CRM deleted; they are kept but left out of
  snapshots.

The migrations in ``migrations/versions`` create exactly this schema; a test
compares the two.
"""

from __future__ import annotations

import sqlalchemy as sa

__all__ = [
    "RECORD_TABLES",
    "account_results",
    "accounts",
    "activities",
    "activity_contacts",
    "bad_records",
    "connections",
    "contact_results",
    "contacts",
    "deals",
    "metadata",
    "score_history",
    "users",
]

#: Surrogate keys: BIGINT on PostgreSQL, the rowid alias on SQLite.
Key = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "pk": "pk_%(table_name)s",
    }
)

connections = sa.Table(
    "connections",
    metadata,
    sa.Column("id", Key, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
)


def _record_columns() -> list[sa.Column[object] | sa.Constraint]:
    """Columns every record table starts with."""
    return [
        sa.Column("id", Key, primary_key=True),
        sa.Column("connection_id", Key, nullable=False),
        sa.Column("source_id", sa.String(255), nullable=False),
        sa.Column("deleted", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.UniqueConstraint("connection_id", "source_id"),
    ]


def _ref(name: str) -> sa.Column[int]:
    """A reference to another record's ``id`` (``NULL`` when unknown)."""
    return sa.Column(name, Key, nullable=True)


users = sa.Table(
    "users",
    metadata,
    *_record_columns(),
    sa.Column("name", sa.Text),
    _ref("manager_id"),
)

accounts = sa.Table(
    "accounts",
    metadata,
    *_record_columns(),
    sa.Column("name", sa.Text),
    _ref("owner_id"),
    sa.Column("value", sa.Float),
)

contacts = sa.Table(
    "contacts",
    metadata,
    *_record_columns(),
    _ref("account_id"),
    sa.Column("name", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("role", sa.SmallInteger, nullable=False),
    sa.Column("created_at", sa.BigInteger),
    sa.Index(None, "connection_id"),
)

activities = sa.Table(
    "activities",
    metadata,
    *_record_columns(),
    sa.Column("kind", sa.SmallInteger, nullable=False),
    sa.Column("status", sa.SmallInteger, nullable=False),
    sa.Column("occurred_at", sa.BigInteger, nullable=False),
    sa.Column("duration_seconds", sa.Float),
    sa.Column("direction", sa.SmallInteger),
    sa.Column("outcome", sa.SmallInteger),
    _ref("account_id"),
    _ref("owner_id"),
    sa.Column("subject", sa.Text),
    sa.Column("subject_key", sa.BigInteger, nullable=False),
    sa.Column("body", sa.Text),
    sa.Column("thread_id", sa.Text),
    sa.Column("thread_key", sa.BigInteger, nullable=False),
    # A connection's rows in key order (SQLite snapshots read through it).
    sa.Index(None, "connection_id"),
    # The recent-text window is read by time.
    sa.Index(None, "connection_id", "occurred_at"),
)

# A pure association: the composite key is the row's identity, and leading
# with connection_id lets a snapshot read one connection's links as a range
# (on SQLite the table *is* that b-tree).
activity_contacts = sa.Table(
    "activity_contacts",
    metadata,
    sa.Column("connection_id", Key, primary_key=True),
    sa.Column("activity_id", Key, primary_key=True),
    sa.Column("contact_id", Key, primary_key=True),
    sqlite_with_rowid=False,
)

deals = sa.Table(
    "deals",
    metadata,
    *_record_columns(),
    _ref("account_id"),
    sa.Column("status", sa.SmallInteger, nullable=False),
    sa.Column("closed_at", sa.BigInteger),
    sa.Column("amount", sa.Float),
)

bad_records = sa.Table(
    "bad_records",
    metadata,
    sa.Column("id", Key, primary_key=True),
    sa.Column("connection_id", Key, nullable=False),
    sa.Column("object", sa.String(64), nullable=False),
    sa.Column("record_id", sa.String(255), nullable=False),
    sa.Column("field", sa.String(255), nullable=False),
    sa.Column("problem", sa.Text, nullable=False),
    sa.Column("seen_at", sa.BigInteger, nullable=False),
    sa.UniqueConstraint("connection_id", "object", "record_id", "field"),
)

contact_results = sa.Table(
    "contact_results",
    metadata,
    sa.Column("contact_id", Key, primary_key=True),
    sa.Column("connection_id", Key, nullable=False, index=True),
    sa.Column("score", sa.Float),
    sa.Column("color", sa.SmallInteger, nullable=False),
)

account_results = sa.Table(
    "account_results",
    metadata,
    sa.Column("account_id", Key, primary_key=True),
    sa.Column("connection_id", Key, nullable=False, index=True),
    sa.Column("as_of", sa.BigInteger, nullable=False),
    sa.Column("score", sa.Float),
    sa.Column("color", sa.SmallInteger, nullable=False),
    sa.Column("lifecycle", sa.SmallInteger, nullable=False),
    sa.Column("priority", sa.SmallInteger, nullable=False),
    sa.Column("reasons", sa.JSON, nullable=False),
    sa.Column("trend_7d", sa.Float),
    sa.Column("trend_30d", sa.Float),
)

score_history = sa.Table(
    "score_history",
    metadata,
    sa.Column("id", Key, primary_key=True),
    sa.Column("connection_id", Key, nullable=False),
    sa.Column("account_id", Key, nullable=False),
    sa.Column("day", sa.Integer, nullable=False),
    sa.Column("score", sa.Float),
    sa.Column("color", sa.SmallInteger, nullable=False),
    sa.UniqueConstraint("connection_id", "account_id", "day"),
)

#: The record tables by canonical object name.
RECORD_TABLES: dict[str, sa.Table] = {
    "users": users,
    "accounts": accounts,
    "contacts": contacts,
    "activities": activities,
    "deals": deals,
}
