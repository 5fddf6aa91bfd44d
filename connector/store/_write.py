"""Bulk upserts of canonical records, as row tuples.

Both :meth:`Store.upsert_dataset` (from canonical records) and bulk loaders
(straight from columns, without building record objects) feed the same
writer with plain tuples, one shape per object (``*Row`` below): references
are source ids, enums their ``.code``, times epoch microseconds (UTC).

Rows go in chunks of :data:`CHUNK` through one compiled
``INSERT ... ON CONFLICT (connection_id, source_id) DO UPDATE`` per table
(within a chunk, the last row of a source id wins). References are resolved
to surrogate keys in bulk, a chunk's unseen source ids in one query, and
cached for the whole upsert; a reference to a record the store does not hold
becomes ``NULL``.
"""

from __future__ import annotations

from itertools import islice
from typing import TYPE_CHECKING, Any, TypeVar

import sqlalchemy as sa

from connector.snapshot import text_key
from connector.store._sql import CHUNK, Many, as_list, bulk_insert, in_list, to_micros
from connector.store._tables import (
    RECORD_TABLES,
    accounts,
    activities,
    activity_contacts,
    bad_records,
    contacts,
    deals,
    users,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence
    from datetime import datetime

    from sqlalchemy.engine import Connection

    from connector.errors import RecordIssue
    from connector.model import Dataset

__all__ = [
    "AccountRow",
    "ActivityRow",
    "ContactRow",
    "DealRow",
    "UserRow",
    "dataset_rows",
    "live_source_ids",
    "mark_deleted",
    "record_bad_records",
    "upsert_rows",
]

#: (id, name, manager_id)
UserRow = tuple[str, str | None, str | None]
#: (id, name, owner_id, value)
AccountRow = tuple[str, str | None, str | None, float | None]
#: (id, account_id, name, title, role code, created_at µs)
ContactRow = tuple[str, str, str | None, str | None, int, int | None]
#: (id, kind code, status code, occurred_at µs, duration_seconds, direction code,
#:  outcome code, account_id, owner_id, subject, body, thread_id, contact_ids)
ActivityRow = tuple[
    str,
    int,
    int,
    int,
    float | None,
    int | None,
    int | None,
    str,
    str | None,
    str | None,
    str | None,
    str | None,
    "Sequence[str]",
]
#: (id, account_id, status code, closed_at µs, amount)
DealRow = tuple[str, str, int, int | None, float | None]

_KEYS = ("connection_id", "source_id", "deleted")
_T = TypeVar("_T")
_R = TypeVar("_R", bound=tuple[Any, ...])


def _chunks(rows: Iterable[_T]) -> Iterator[list[_T]]:
    it = iter(rows)
    while chunk := list(islice(it, CHUNK)):
        yield chunk


def _micros(t: datetime | None) -> int | None:
    return None if t is None else to_micros(t)


def dataset_rows(ds: Dataset) -> dict[str, Iterable[tuple[Any, ...]]]:
    """The row tuples of a canonical dataset, per object (lazily, for activities)."""
    return {
        "users": [(u.id, u.name, u.manager_id) for u in ds.users],
        "accounts": [(a.id, a.name, a.owner_id, a.value) for a in ds.accounts],
        "contacts": [
            (c.id, c.account_id, c.name, c.title, c.role.code, _micros(c.created_at))
            for c in ds.contacts
        ],
        "activities": (
            (
                a.id,
                a.kind.code,
                a.status.code,
                to_micros(a.occurred_at),
                a.duration_seconds,
                None if a.direction is None else a.direction.code,
                None if a.outcome is None else a.outcome.code,
                a.account_id,
                a.owner_id,
                a.subject,
                a.body,
                a.thread_id,
                a.contact_ids,
            )
            for a in ds.activities
        ),
        "deals": [
            (d.id, d.account_id, d.status.code, _micros(d.closed_at), d.amount) for d in ds.deals
        ],
    }


class _Keys:
    """source id -> surrogate key for one table, looked up in bulk as needed."""

    def __init__(self, conn: Connection, table: sa.Table, cid: int) -> None:
        self._conn, self._cid = conn, cid
        t = table.c
        stmt = sa.select(t.source_id, t.id).where(
            t.connection_id == sa.bindparam("cid"), in_list(t.source_id, "ids", conn.dialect)
        )
        self._query = Many(conn.dialect, stmt, ["cid", "ids"])
        self.cache: dict[str | None, int | None] = {None: None}

    def fetch(self, sids: Sequence[str]) -> dict[str, int]:
        """Keys of the given source ids, uncached (deleted records included)."""
        found: dict[str, int] = {}
        for chunk in _chunks(sids):
            found.update(
                self._query.once(self._conn, (self._cid, as_list(self._conn.dialect, chunk)))
            )
        return found

    def load(self, sids: Iterable[str | None]) -> dict[str | None, int | None]:
        """Make sure every id in ``sids`` is cached (unknown ids map to None)."""
        cache = self.cache
        missing = [s for s in set(sids) if s not in cache]
        if missing:
            cache.update(dict.fromkeys(missing))
            cache.update(self.fetch(missing))  # type: ignore[arg-type]
        return cache


def _upsert(conn: Connection, table: sa.Table, keys: Sequence[str]) -> Many:
    identity = ["connection_id", "source_id"]
    update = [k for k in keys if k not in identity]
    return bulk_insert(conn.dialect, table, keys, on_conflict=identity, update=update)


def _latest(chunk: list[_R]) -> list[_R]:
    """One row per source id (the first field), the last one given winning."""
    return list({r[0]: r for r in chunk}.values())


def upsert_rows(
    conn: Connection,
    cid: int,
    *,
    users_rows: Iterable[UserRow] = (),
    accounts_rows: Iterable[AccountRow] = (),
    contacts_rows: Iterable[ContactRow] = (),
    activities_rows: Iterable[ActivityRow] = (),
    deals_rows: Iterable[DealRow] = (),
) -> dict[str, int]:
    """Upsert rows of each object, in reference order; counts of rows written."""
    counts = dict.fromkeys([*RECORD_TABLES, "activity_contacts"], 0)
    user_keys = _Keys(conn, users, cid)
    account_keys = _Keys(conn, accounts, cid)

    user_list = _latest(list(users_rows))
    _upsert(conn, users, [*_KEYS, "name"]).run(
        conn, [(cid, sid, False, name) for sid, name, _ in user_list]
    )
    if user_list:
        # Managers are users too: link them once every user of the batch exists.
        keys = user_keys.load([sid for sid, _, _ in user_list] + [m for _, _, m in user_list])
        set_manager = Many(
            conn.dialect,
            sa.update(users)
            .where(users.c.id == sa.bindparam("pk"))
            .values(manager_id=sa.bindparam("manager")),
            ["manager", "pk"],
        )
        set_manager.run(conn, [(keys[m], keys[sid]) for sid, _, m in user_list])
    counts["users"] = len(user_list)

    write = _upsert(conn, accounts, [*_KEYS, "name", "owner_id", "value"])
    for account_chunk in map(_latest, _chunks(accounts_rows)):
        owners = user_keys.load([r[2] for r in account_chunk])
        write.run(conn, [(cid, s, False, n, owners[o], v) for s, n, o, v in account_chunk])
        counts["accounts"] += len(account_chunk)

    write = _upsert(conn, contacts, [*_KEYS, "account_id", "name", "title", "role", "created_at"])
    for contact_chunk in map(_latest, _chunks(contacts_rows)):
        accs = account_keys.load([r[1] for r in contact_chunk])
        write.run(
            conn, [(cid, s, False, accs[a], n, t, r, c) for s, a, n, t, r, c in contact_chunk]
        )
        counts["contacts"] += len(contact_chunk)

    n_acts, n_links = _upsert_activities(conn, cid, activities_rows, account_keys, user_keys)
    counts["activities"], counts["activity_contacts"] = n_acts, n_links

    write = _upsert(conn, deals, [*_KEYS, "account_id", "status", "closed_at", "amount"])
    for deal_chunk in map(_latest, _chunks(deals_rows)):
        accs = account_keys.load([r[1] for r in deal_chunk])
        write.run(conn, [(cid, s, False, accs[a], st, c, am) for s, a, st, c, am in deal_chunk])
        counts["deals"] += len(deal_chunk)
    return counts


_ACTIVITY_KEYS = (
    *_KEYS,
    "kind",
    "status",
    "occurred_at",
    "duration_seconds",
    "direction",
    "outcome",
    "account_id",
    "owner_id",
    "subject",
    "subject_key",
    "body",
    "thread_id",
    "thread_key",
)


def _upsert_activities(
    conn: Connection,
    cid: int,
    rows: Iterable[ActivityRow],
    account_keys: _Keys,
    user_keys: _Keys,
) -> tuple[int, int]:
    """Upsert activities and replace their contact links; (activities, links)."""
    contact_keys = _Keys(conn, contacts, cid)
    activity_keys = _Keys(conn, activities, cid)
    write = _upsert(conn, activities, _ACTIVITY_KEYS)
    unlink = Many(
        conn.dialect,
        sa.delete(activity_contacts).where(
            activity_contacts.c.connection_id == sa.bindparam("cid"),
            in_list(activity_contacts.c.activity_id, "ids", conn.dialect),
        ),
        ["cid", "ids"],
    )
    link_keys = ["connection_id", "activity_id", "contact_id"]
    link = bulk_insert(conn.dialect, activity_contacts, link_keys, on_conflict=link_keys)
    n_acts = n_links = 0
    for raw_chunk in _chunks(rows):
        chunk = _latest(raw_chunk)
        accs = account_keys.load([r[7] for r in chunk])
        owners = user_keys.load([r[8] for r in chunk])
        people = contact_keys.load([c for r in chunk for c in r[12]])
        write.run(
            conn,
            [
                (
                    *(cid, s, False, k, st, t, d, di, o, accs[a], owners[ow]),
                    *(subj, text_key(subj), body, th, text_key(th)),
                )
                for s, k, st, t, d, di, o, a, ow, subj, body, th, _ in chunk
            ],
        )
        pks = activity_keys.fetch([r[0] for r in chunk])
        unlink.once(conn, (cid, as_list(conn.dialect, list(pks.values()))))
        links = [
            (cid, pks[r[0]], pk)
            for r in chunk
            for c in dict.fromkeys(r[12])
            if (pk := people[c]) is not None
        ]
        link.run(conn, links)
        n_acts += len(chunk)
        n_links += len(links)
    return n_acts, n_links


_OBJECTS = {
    **RECORD_TABLES,
    "user": users,
    "account": accounts,
    "contact": contacts,
    "activity": activities,
    "deal": deals,
}


def table_of(object_name: str) -> sa.Table:
    """The record table of an object name (plural or singular)."""
    table = _OBJECTS.get(object_name)
    if table is None:
        names = ", ".join(RECORD_TABLES)
        msg = f"unknown object {object_name!r}: use one of {names}"
        raise ValueError(msg)
    return table


def live_source_ids(conn: Connection, cid: int, object_name: str) -> set[str]:
    """Source ids of the records of one object not marked deleted."""
    table = table_of(object_name)
    rows = conn.execute(
        sa.select(table.c.source_id).where(table.c.connection_id == cid, ~table.c.deleted)
    )
    return {row[0] for row in rows}


def mark_deleted(conn: Connection, cid: int, object_name: str, source_ids: Iterable[str]) -> None:
    """Flag records of one object as deleted in the CRM."""
    table = table_of(object_name)
    stmt = (
        sa.update(table)
        .where(table.c.connection_id == sa.bindparam("cid"))
        .where(in_list(table.c.source_id, "ids", conn.dialect))
        .values(deleted=sa.true())
    )
    flag = Many(conn.dialect, stmt, ["cid", "ids"])
    for chunk in _chunks(source_ids):
        flag.once(conn, (cid, as_list(conn.dialect, chunk)))


def record_bad_records(
    conn: Connection, cid: int, issues: Iterable[RecordIssue], seen_at: datetime
) -> None:
    """Keep skipped records with their reason; a record seen again is refreshed."""
    keys = ["connection_id", "object", "record_id", "field", "problem", "seen_at"]
    many = bulk_insert(
        conn.dialect, bad_records, keys, on_conflict=keys[:4], update=["problem", "seen_at"]
    )
    when = to_micros(seen_at)
    for chunk in _chunks(issues):
        latest = {(i.object, i.record_id, i.field): i.problem for i in chunk}
        many.run(conn, [(cid, *key, problem, when) for key, problem in latest.items()])
