"""Alembic migrations of the store, run by :meth:`connector.store.Store.migrate`.

A package so that the migrations ship with the wheel.
"""

from __future__ import annotations
