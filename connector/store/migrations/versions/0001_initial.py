"""Initial schema: records, links, bad records, results and score history.

Revision ID: 0001
Revises:
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

# Surrogate keys: BIGINT on PostgreSQL, the rowid alias on SQLite.
KEY = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

# Revision identifiers, used by Alembic.
revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Upgrade the schema."""
    op.create_table(
        "connections",
        sa.Column("id", KEY, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_connections")),
        sa.UniqueConstraint("name", name=op.f("uq_connections_name")),
    )
    op.create_table(
        "bad_records",
        sa.Column("id", KEY, nullable=False),
        sa.Column("connection_id", KEY, nullable=False),
        sa.Column("object", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.String(length=255), nullable=False),
        sa.Column("field", sa.String(length=255), nullable=False),
        sa.Column("problem", sa.Text(), nullable=False),
        sa.Column("seen_at", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bad_records")),
        sa.UniqueConstraint(
            "connection_id",
            "object",
            "record_id",
            "field",
            name=op.f("uq_bad_records_connection_id_object_record_id_field"),
        ),
    )
    op.create_table(
        "users",
        sa.Column("id", KEY, nullable=False),
        sa.Column("connection_id", KEY, nullable=False),
        sa.Column("source_id", sa.String(length=255), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("manager_id", KEY, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint(
            "connection_id", "source_id", name=op.f("uq_users_connection_id_source_id")
        ),
    )
    op.create_table(
        "accounts",
        sa.Column("id", KEY, nullable=False),
        sa.Column("connection_id", KEY, nullable=False),
        sa.Column("source_id", sa.String(length=255), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("owner_id", KEY, nullable=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
        sa.UniqueConstraint(
            "connection_id", "source_id", name=op.f("uq_accounts_connection_id_source_id")
        ),
    )
    op.create_table(
        "account_results",
        sa.Column("account_id", KEY, nullable=False),
        sa.Column("connection_id", KEY, nullable=False),
        sa.Column("as_of", sa.BigInteger(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("color", sa.SmallInteger(), nullable=False),
        sa.Column("lifecycle", sa.SmallInteger(), nullable=False),
        sa.Column("priority", sa.SmallInteger(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("trend_7d", sa.Float(), nullable=True),
        sa.Column("trend_30d", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_account_results")),
    )
    op.create_index(
        op.f("ix_account_results_connection_id"), "account_results", ["connection_id"], unique=False
    )

    op.create_table(
        "activities",
        sa.Column("id", KEY, nullable=False),
        sa.Column("connection_id", KEY, nullable=False),
        sa.Column("source_id", sa.String(length=255), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("kind", sa.SmallInteger(), nullable=False),
        sa.Column("status", sa.SmallInteger(), nullable=False),
        sa.Column("occurred_at", sa.BigInteger(), nullable=False),
        sa.Column("duration_seconds", sa.Float(), nullable=True),
        sa.Column("direction", sa.SmallInteger(), nullable=True),
        sa.Column("outcome", sa.SmallInteger(), nullable=True),
        sa.Column("account_id", KEY, nullable=True),
        sa.Column("owner_id", KEY, nullable=True),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("subject_key", sa.BigInteger(), nullable=False),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("thread_id", sa.Text(), nullable=True),
        sa.Column("thread_key", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activities")),
        sa.UniqueConstraint(
            "connection_id", "source_id", name=op.f("uq_activities_connection_id_source_id")
        ),
    )
    op.create_index(
        op.f("ix_activities_connection_id"), "activities", ["connection_id"], unique=False
    )
    op.create_index(
        op.f("ix_activities_connection_id_occurred_at"),
        "activities",
        ["connection_id", "occurred_at"],
        unique=False,
    )

    op.create_table(
        "contacts",
        sa.Column("id", KEY, nullable=False),
        sa.Column("connection_id", KEY, nullable=False),
        sa.Column("source_id", sa.String(length=255), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("account_id", KEY, nullable=True),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("role", sa.SmallInteger(), nullable=False),
        sa.Column("created_at", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contacts")),
        sa.UniqueConstraint(
            "connection_id", "source_id", name=op.f("uq_contacts_connection_id_source_id")
        ),
    )
    op.create_index(op.f("ix_contacts_connection_id"), "contacts", ["connection_id"], unique=False)
    op.create_table(
        "deals",
        sa.Column("id", KEY, nullable=False),
        sa.Column("connection_id", KEY, nullable=False),
        sa.Column("source_id", sa.String(length=255), nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("account_id", KEY, nullable=True),
        sa.Column("status", sa.SmallInteger(), nullable=False),
        sa.Column("closed_at", sa.BigInteger(), nullable=True),
        sa.Column("amount", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deals")),
        sa.UniqueConstraint(
            "connection_id", "source_id", name=op.f("uq_deals_connection_id_source_id")
        ),
    )
    op.create_table(
        "score_history",
        sa.Column("id", KEY, nullable=False),
        sa.Column("connection_id", KEY, nullable=False),
        sa.Column("account_id", KEY, nullable=False),
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("color", sa.SmallInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_score_history")),
        sa.UniqueConstraint(
            "connection_id",
            "account_id",
            "day",
            name=op.f("uq_score_history_connection_id_account_id_day"),
        ),
    )
    op.create_table(
        "activity_contacts",
        sa.Column("connection_id", KEY, nullable=False),
        sa.Column("activity_id", KEY, nullable=False),
        sa.Column("contact_id", KEY, nullable=False),
        sa.PrimaryKeyConstraint(
            "connection_id", "activity_id", "contact_id", name=op.f("pk_activity_contacts")
        ),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "contact_results",
        sa.Column("contact_id", KEY, nullable=False),
        sa.Column("connection_id", KEY, nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("color", sa.SmallInteger(), nullable=False),
        sa.PrimaryKeyConstraint("contact_id", name=op.f("pk_contact_results")),
    )
    op.create_index(
        op.f("ix_contact_results_connection_id"), "contact_results", ["connection_id"], unique=False
    )


def downgrade() -> None:
    """Downgrade the schema (dropping a table drops its indexes)."""
    for table in (
        "contact_results",
        "activity_contacts",
        "score_history",
        "deals",
        "contacts",
        "activities",
        "account_results",
        "accounts",
        "users",
        "bad_records",
        "connections",
    ):
        op.drop_table(table)
