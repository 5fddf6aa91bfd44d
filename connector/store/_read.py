"""Reading a connection's records into a columnar :class:`Snapshot`.

Each table is read in one pass on the raw DBAPI cursor, ``fetchmany`` chunks
turned into structured numpy arrays as they arrive. ``NULL`` references and
enums are mapped to sentinels in SQL (``0``, never a key; ``-1``), ``NULL``
floats become ``nan`` in numpy. Rows come out in surrogate-key order, and
surrogate keys become positions by ``np.searchsorted`` over the sorted keys of
the referenced table, so 10 million activities never meet a Python dict.

Records whose required account is missing or deleted (contacts, activities,
deals) are left out; optional references (owners, managers) to missing or
deleted users become ``-1``; links to left-out activities or contacts are
dropped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import sqlalchemy as sa

from connector.snapshot import Snapshot
from connector.store._sql import fetch_chunks
from connector.store._tables import accounts, activities, activity_contacts, contacts, deals, users

if TYPE_CHECKING:
    from numpy.typing import NDArray
    from sqlalchemy.engine import Connection

__all__ = ["positions", "read_snapshot"]

I8, I32, I64, F64 = np.int8, np.int32, np.int64, np.float64

_USER = np.dtype([("pk", I64), ("sid", object), ("name", object), ("manager", I64)])
_ACCOUNT = np.dtype(
    [("pk", I64), ("sid", object), ("name", object), ("owner", I64), ("value", F64)]
)
_CONTACT = np.dtype(
    [
        ("pk", I64),
        ("sid", object),
        ("name", object),
        ("title", object),
        ("role", I8),
        ("account", I64),
        ("created", F64),
    ]
)
_ACTIVITY = np.dtype(
    [
        ("pk", I64),
        ("kind", I8),
        ("status", I8),
        ("time", I64),
        ("duration", F64),
        ("direction", I8),
        ("outcome", I8),
        ("account", I64),
        ("owner", I64),
        ("subject_key", I64),
        ("thread_key", I64),
    ]
)
_LINK = np.dtype([("activity", I64), ("contact", I64)])
_TEXT = np.dtype([("pk", I64), ("subject", object), ("body", object)])
_DEAL = np.dtype([("pk", I64), ("account", I64), ("status", I8), ("closed", F64)])


def _live(table: sa.Table, cid: int) -> sa.ColumnElement[bool]:
    return sa.and_(table.c.connection_id == cid, table.c.deleted == sa.false())


def _none(col: sa.ColumnElement[Any], sentinel: int) -> sa.ColumnElement[Any]:
    return sa.func.coalesce(col, sentinel)


def _fetch(conn: Connection, stmt: sa.Select[Any], dtype: np.dtype[Any]) -> NDArray[Any]:
    """All rows of ``stmt`` as one structured array (in the order they came)."""
    parts = [np.array(rows, dtype=dtype) for rows in fetch_chunks(conn, stmt)]
    if not parts:
        return np.empty(0, dtype)
    return parts[0] if len(parts) == 1 else np.concatenate(parts)


def _fetch_by_pk(
    conn: Connection, table: sa.Table, stmt: sa.Select[Any], dtype: np.dtype[Any], cid: int
) -> NDArray[Any]:
    """Connection ``cid``'s live rows of ``table`` by key (``pk``, first in ``dtype``).

    SQLite is told ``ORDER BY id``, which makes it read through the
    ``connection_id`` index, in key order (without statistics it would
    otherwise pick any index starting with ``connection_id`` and visit the
    rows at random). PostgreSQL scans as it sees fit and numpy sorts.
    """
    stmt = stmt.where(_live(table, cid))
    if conn.dialect.name == "sqlite":
        stmt = stmt.order_by(table.c.id)
    arr = _fetch(conn, stmt, dtype)
    pk = arr["pk"]
    if len(pk) > 1 and not bool(np.all(pk[1:] > pk[:-1])):
        arr = arr[np.argsort(pk, kind="stable")]
    return arr


def positions(sorted_keys: NDArray[np.int64], keys: NDArray[np.int64]) -> NDArray[np.int32]:
    """Position of each key in ``sorted_keys`` (``-1`` where absent)."""
    if len(sorted_keys) == 0:
        return np.full(len(keys), -1, I32)
    pos = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return np.where(sorted_keys[pos] == keys, pos, -1).astype(I32)


def _texts(arr: NDArray[Any], field: str) -> list[Any]:
    return arr[field].tolist()  # type: ignore[no-any-return]


def read_snapshot(
    conn: Connection, cid: int, text_since_us: int | None, as_of_us: int | None
) -> Snapshot:
    """The live records of connection ``cid`` as a snapshot (see module doc)."""
    u_t, a_t, c_t, d_t = users.c, accounts.c, contacts.c, deals.c
    u = _fetch_by_pk(
        conn,
        users,
        sa.select(u_t.id, u_t.source_id, u_t.name, _none(u_t.manager_id, 0)),
        _USER,
        cid,
    )
    a = _fetch_by_pk(
        conn,
        accounts,
        sa.select(a_t.id, a_t.source_id, a_t.name, _none(a_t.owner_id, 0), a_t.value),
        _ACCOUNT,
        cid,
    )
    c = _fetch_by_pk(
        conn,
        contacts,
        sa.select(c_t.id, c_t.source_id, c_t.name, c_t.title, c_t.role).add_columns(
            _none(c_t.account_id, 0), c_t.created_at
        ),
        _CONTACT,
        cid,
    )
    c_account = positions(a["pk"], c["account"])
    keep = c_account >= 0
    if as_of_us is not None:
        keep &= ~(c["created"] > as_of_us)  # an unknown (NaN) creation time stays
    c, c_account = c[keep], c_account[keep]

    act, act_account = _read_activities(conn, cid, a["pk"], as_of_us)
    link_activity, link_contact = _read_links(conn, cid, act["pk"], c["pk"])
    text_activity, text = _read_texts(conn, cid, act["pk"], text_since_us, as_of_us)

    d = _fetch_by_pk(
        conn,
        deals,
        sa.select(d_t.id, _none(d_t.account_id, 0), d_t.status, d_t.closed_at),
        _DEAL,
        cid,
    )
    d_account = positions(a["pk"], d["account"])
    d, d_account = d[d_account >= 0], d_account[d_account >= 0]

    return Snapshot(
        user_ids=_texts(u, "sid"),
        user_names=_texts(u, "name"),
        user_manager=positions(u["pk"], u["manager"]),
        account_ids=_texts(a, "sid"),
        account_names=_texts(a, "name"),
        account_owner=positions(u["pk"], a["owner"]),
        account_value=a["value"].copy(),
        contact_ids=_texts(c, "sid"),
        contact_names=_texts(c, "name"),
        contact_titles=_texts(c, "title"),
        contact_account=c_account,
        contact_role=c["role"].copy(),
        contact_created=c["created"] / 1e6,
        act_kind=act["kind"].copy(),
        act_status=act["status"].copy(),
        act_time=act["time"] / 1e6,
        act_duration=act["duration"].copy(),
        act_direction=act["direction"].copy(),
        act_outcome=act["outcome"].copy(),
        act_account=act_account,
        act_owner=positions(u["pk"], act["owner"]),
        act_subject_key=act["subject_key"].copy(),
        act_thread_key=act["thread_key"].copy(),
        link_activity=link_activity,
        link_contact=link_contact,
        text_activity=text_activity,
        text_subject=_texts(text, "subject"),
        text_body=_texts(text, "body"),
        deal_account=d_account,
        deal_status=d["status"].copy(),
        deal_closed=d["closed"] / 1e6,
    )


def _read_activities(
    conn: Connection, cid: int, account_pks: NDArray[np.int64], as_of_us: int | None
) -> tuple[NDArray[Any], NDArray[np.int32]]:
    """Live activities with a live account, by key, and their account positions."""
    t = activities.c
    stmt = sa.select(t.id, t.kind, t.status, t.occurred_at, t.duration_seconds).add_columns(
        _none(t.direction, -1),
        _none(t.outcome, -1),
        _none(t.account_id, 0),
        _none(t.owner_id, 0),
        t.subject_key,
        t.thread_key,
    )
    act = _fetch_by_pk(conn, activities, stmt, _ACTIVITY, cid)
    account = positions(account_pks, act["account"])
    keep = account >= 0
    if as_of_us is not None:
        # Cut here, not in SQL: a time condition would send SQLite through the
        # time index and a sort of every row.
        keep &= act["time"] <= as_of_us
    if not bool(keep.all()):
        act, account = act[keep], account[keep]
    return act, account


def _read_links(
    conn: Connection, cid: int, activity_pks: NDArray[np.int64], contact_pks: NDArray[np.int64]
) -> tuple[NDArray[np.int32], NDArray[np.int32]]:
    """Links between the snapshot's activities and contacts, ordered by both."""
    t = activity_contacts.c
    # The key leads with connection_id: one range, already in order on SQLite.
    stmt = sa.select(t.activity_id, t.contact_id).where(t.connection_id == cid)
    links = _fetch(conn, stmt, _LINK)
    la = positions(activity_pks, links["activity"])
    lc = positions(contact_pks, links["contact"])
    del links
    keep = (la >= 0) & (lc >= 0)
    if not bool(keep.all()):
        la, lc = la[keep], lc[keep]
    order_key = la.astype(I64) * max(len(contact_pks), 1) + lc
    if len(order_key) > 1 and not bool(np.all(order_key[1:] >= order_key[:-1])):
        order = np.argsort(order_key, kind="stable")
        la, lc = la[order], lc[order]
    return la, lc


def _read_texts(
    conn: Connection,
    cid: int,
    activity_pks: NDArray[np.int64],
    since_us: int | None,
    as_of_us: int | None,
) -> tuple[NDArray[np.int32], NDArray[Any]]:
    """Subjects and bodies of the snapshot's activities in the text window."""
    t = activities.c
    stmt = sa.select(t.id, t.subject, t.body).where(
        _live(activities, cid),
        sa.or_(
            sa.and_(t.subject.is_not(None), t.subject != ""),
            sa.and_(t.body.is_not(None), t.body != ""),
        ),
    )
    if since_us is not None:
        stmt = stmt.where(t.occurred_at >= since_us)
    if as_of_us is not None:
        stmt = stmt.where(t.occurred_at <= as_of_us)
    # Read through the time index (a small window), so put in order here.
    text = _fetch(conn, stmt, _TEXT)
    pos = positions(activity_pks, text["pk"])
    text, pos = text[pos >= 0], pos[pos >= 0]
    order = np.argsort(pos, kind="stable")
    return pos[order], text[order]
