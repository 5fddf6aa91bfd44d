"""Alembic environment: runs the store's migrations on the connection it is given.

:meth:`connector.store.Store.migrate` passes its open connection in
``config.attributes["connection"]``; without one (the ``alembic`` command
line, e.g. to write a new revision), ``sqlalchemy.url`` is used.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from connector.store._tables import metadata


def _run(connection: sa.Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite alters tables by copying them; batch mode does that for us.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _main() -> None:
    config = context.config
    if context.is_offline_mode():
        context.configure(
            url=config.get_main_option("sqlalchemy.url"),
            target_metadata=metadata,
            literal_binds=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    given = config.attributes.get("connection")
    if given is not None:
        _run(given)
        return
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        msg = "set sqlalchemy.url, or run migrations through connector.store.Store"
        raise SystemExit(msg)
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


_main()
