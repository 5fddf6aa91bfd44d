"""Current results, daily score history, and the history scoring needs back.

Results are keyed by the surrogate keys of the snapshot's accounts and
contacts, found from their source ids (the snapshot carries no keys).
``score_history`` holds one row per account and UTC calendar day; scoring
the same day again overwrites it.
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

import numpy as np
import sqlalchemy as sa

from connector.scoring import Color, History, Lifecycle
from connector.store._read import positions
from connector.store._sql import CHUNK, bulk_insert, day_number, from_micros, to_micros
from connector.store._tables import (
    account_results,
    accounts,
    contact_results,
    contacts,
    score_history,
)

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from numpy.typing import NDArray
    from sqlalchemy.engine import Connection

    from connector.scoring import ScoreResult
    from connector.snapshot import Snapshot

__all__ = ["account_results_of", "contact_results_of", "read_history", "save_results"]

#: How far before the wanted day a trend may look for a missing day's score.
TREND_SLACK_DAYS = 3
_TRENDS = (7, 14, 30)


def _keys_of(conn: Connection, table: sa.Table, cid: int, sids: Sequence[str]) -> list[int | None]:
    """Surrogate key of each source id, aligned (``None`` for unknown ids)."""
    stmt = sa.select(table.c.source_id, table.c.id).where(table.c.connection_id == cid)
    known: dict[str, int] = dict(conn.execute(stmt).all())
    return [known.get(s) for s in sids]


def _float(x: float) -> float | None:
    """NaN as NULL: SQLite cannot store NaN, and NULL reads back the same on both."""
    return None if math.isnan(x) else x


def save_results(conn: Connection, cid: int, snapshot: Snapshot, result: ScoreResult) -> None:
    """Replace the connection's current results and record today's history row."""
    conn.execute(sa.delete(contact_results).where(contact_results.c.connection_id == cid))
    conn.execute(sa.delete(account_results).where(account_results.c.connection_id == cid))

    contact_pks = _keys_of(conn, contacts, cid, snapshot.contact_ids)
    rows: list[tuple[Any, ...]] = [
        (pk, cid, _float(s), c)
        for pk, s, c in zip(
            contact_pks,
            result.contact_score.tolist(),
            result.contact_color.tolist(),
            strict=True,
        )
        if pk is not None
    ]
    write_contacts = bulk_insert(
        conn.dialect, contact_results, ["contact_id", "connection_id", "score", "color"]
    )
    for i in range(0, len(rows), CHUNK):
        write_contacts.run(conn, rows[i : i + CHUNK])

    account_pks = _keys_of(conn, accounts, cid, snapshot.account_ids)
    as_of = to_micros(result.as_of)
    day = day_number(result.as_of)
    columns = zip(
        account_pks,
        result.account_score.tolist(),
        result.account_color.tolist(),
        result.account_lifecycle.tolist(),
        result.account_priority.tolist(),
        result.account_reasons,
        result.account_trend_7d.tolist(),
        result.account_trend_30d.tolist(),
        strict=True,
    )
    current: list[tuple[Any, ...]] = []
    history: list[tuple[Any, ...]] = []
    for pk, score, color, life, prio, reasons, t7, t30 in columns:
        if pk is None:
            continue
        text = json.dumps([{"code": r.code, "text": r.text} for r in reasons])
        current.append(
            (pk, cid, as_of, _float(score), color, life, prio, text, _float(t7), _float(t30))
        )
        history.append((cid, pk, day, _float(score), color))
    write_accounts = bulk_insert(
        conn.dialect,
        account_results,
        [
            "account_id",
            "connection_id",
            "as_of",
            "score",
            "color",
            "lifecycle",
            "priority",
            "reasons",
            "trend_7d",
            "trend_30d",
        ],
    )
    day_keys = ["connection_id", "account_id", "day"]
    upsert_day = bulk_insert(
        conn.dialect,
        score_history,
        [*day_keys, "score", "color"],
        on_conflict=day_keys,
        update=["score", "color"],
    )
    for i in range(0, len(current), CHUNK):
        write_accounts.run(conn, current[i : i + CHUNK])
        upsert_day.run(conn, history[i : i + CHUNK])


def read_history(conn: Connection, cid: int, snapshot: Snapshot, as_of: datetime) -> History:
    """Earlier colors and scores of the snapshot's accounts (see :class:`History`).

    ``prev_color`` is the color of each account's latest day before ``as_of``'s
    day; ``score_Nd`` is the score N days before it, or of the nearest earlier
    day at most :data:`TREND_SLACK_DAYS` further back.
    """
    n = snapshot.n_accounts
    history = History.empty(n)
    keys = np.array(
        [-1 if k is None else k for k in _keys_of(conn, accounts, cid, snapshot.account_ids)],
        np.int64,
    )
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]

    def where(account_ids: NDArray[np.int64]) -> NDArray[np.intp]:
        pos = positions(sorted_keys, account_ids)
        return np.where(pos >= 0, order[np.maximum(pos, 0)], -1)

    day = day_number(as_of)
    h = score_history.c
    latest = (
        sa.select(h.account_id, sa.func.max(h.day).label("day"))
        .where(h.connection_id == cid, h.day < day)
        .group_by(h.account_id)
        .subquery()
    )
    stmt = sa.select(h.account_id, h.color).join(
        latest, sa.and_(h.account_id == latest.c.account_id, h.day == latest.c.day)
    )
    rows = conn.execute(stmt).all()
    if rows:
        arr = np.array(rows, np.int64)
        at = where(arr[:, 0])
        history.prev_color[at[at >= 0]] = arr[at >= 0, 1]

    oldest = max(_TRENDS) + TREND_SLACK_DAYS
    stmt2 = sa.select(h.account_id, h.day, h.score).where(
        h.connection_id == cid,
        h.day >= day - oldest,
        h.day <= day - min(_TRENDS),
        h.score.is_not(None),
    )
    scores = conn.execute(stmt2).all()
    if not scores:
        return history
    arr = np.array(scores, np.float64)
    at = where(arr[:, 0].astype(np.int64))
    back = day - arr[:, 1].astype(np.int64)
    grid = np.full((n, oldest + 1), np.nan)
    grid[at[at >= 0], back[at >= 0]] = arr[at >= 0, 2]
    for days, out in zip(
        _TRENDS, (history.score_7d, history.score_14d, history.score_30d), strict=True
    ):
        for back_days in range(days, days + TREND_SLACK_DAYS + 1):
            missing = np.isnan(out)
            out[missing] = grid[missing, back_days]
    return history


def account_results_of(conn: Connection, cid: int) -> list[dict[str, Any]]:
    """The connection's current account results, by account, for display."""
    r = account_results.c
    stmt = (
        sa.select(accounts.c.source_id, accounts.c.name, r.score, r.color, r.lifecycle)
        .add_columns(r.priority, r.reasons, r.trend_7d, r.trend_30d, r.as_of)
        .join(accounts, accounts.c.id == r.account_id)
        .where(r.connection_id == cid, accounts.c.deleted == sa.false())
        .order_by(r.account_id)
    )
    return [
        {
            "id": sid,
            "name": name,
            "score": score,
            "color": Color(color).label,
            "lifecycle": Lifecycle(life).label,
            "priority": prio,
            "reasons": reasons,
            "trend_7d": t7,
            "trend_30d": t30,
            "as_of": from_micros(as_of),
        }
        for sid, name, score, color, life, prio, reasons, t7, t30, as_of in conn.execute(stmt)
    ]


def contact_results_of(conn: Connection, cid: int) -> dict[str, tuple[float | None, str]]:
    """The connection's current contact results: source id -> (score, color label)."""
    r = contact_results.c
    stmt = (
        sa.select(contacts.c.source_id, r.score, r.color)
        .join(contacts, contacts.c.id == r.contact_id)
        .where(r.connection_id == cid, contacts.c.deleted == sa.false())
    )
    return {sid: (score, Color(color).label) for sid, score, color in conn.execute(stmt)}
