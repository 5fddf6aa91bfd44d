"""Canonical activities -> HubSpot engagements (calls, meetings, emails, notes, tasks,
communications) and their associations to companies and contacts.

Private to the HubSpot sandbox; the values are those of :mod:`.values`. Each
attribute of the millions of activities is read once into a numpy column,
then every engagement type takes its rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import chain
from operator import attrgetter
from typing import TYPE_CHECKING, Any

import numpy as np

from connector.model import ActivityKind, ActivityStatus, Direction, Outcome
from connector.sandbox.hubspot import values as hv
from connector.sandbox.hubspot._catalog import ID_BASE, OBJECT_TYPES
from connector.sandbox.hubspot._columns import (
    Codes,
    Column,
    Derived,
    Ints,
    Lookup,
    Times,
    encode,
)
from connector.sandbox.hubspot._links import Links
from connector.sandbox.hubspot._table import Table
from connector.sandbox.hubspot._times import MISSING

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from numpy.typing import NDArray

    from connector.model import Activity

__all__ = ["Engagements", "Touches", "engagement_tables"]

I8, I32, I64 = np.int8, np.int32, np.int64
THREAD_BASE = 880_000_000
_KINDS = list(hv.ENGAGEMENT_TYPE)
_KIND = {k: i for i, k in enumerate(_KINDS)}
_STATUS = {s: i for i, s in enumerate(ActivityStatus)}
_DIRECTION = {None: 0, Direction.INBOUND: 1, Direction.OUTBOUND: 2}
_OUTCOME = {None: 0} | {o: i + 1 for i, o in enumerate(Outcome)}
_OUTCOME_TABLE = [None, *(hv.OUTCOME_VALUES[o] for o in Outcome)]


@dataclass(frozen=True)
class Touches:
    """When companies and contacts were last touched by a past activity."""

    company: NDArray[np.int32]
    time: NDArray[np.int64]
    contact: NDArray[np.int32]
    contact_time: NDArray[np.int64]


@dataclass(frozen=True)
class Engagements:
    """The engagement tables and their associations."""

    tables: list[Table]
    links: dict[frozenset[str], Links]


def _by_status(mapping: Mapping[ActivityStatus, str | None], status: NDArray[np.int8]) -> Codes:
    table: list[str | None] = [None]
    codes = []
    for s in ActivityStatus:
        value = mapping.get(s)
        if value is not None and value not in table:
            table.append(value)
        codes.append(0 if value is None else table.index(value))
    return Codes(np.array(codes, I32)[status], table)


def _const(value: str) -> Derived:
    return Derived(lambda rows: [value] * len(rows))


@dataclass(frozen=True)
class _Acts:
    n: int
    n_live: int
    kind: NDArray[np.int8]
    status: NDArray[np.int8]
    ms: NDArray[np.int64]
    company: NDArray[np.int32]
    duration_ms: NDArray[np.int64]
    direction: NDArray[np.int8]
    outcome: NDArray[np.int8]
    owner: NDArray[np.int64]
    subject: Codes
    body: Codes
    thread: Codes
    edge_act: NDArray[np.int64]
    edge_contact: NDArray[np.int32]


def _read(
    acts: Sequence[Activity],
    n_live: int,
    acc_index: Mapping[str, int],
    con_index: Mapping[str, int],
    owner_ids: Mapping[str | None, int],
) -> _Acts:
    # map() over attrgetter and dict lookups keeps the loops over millions in C.
    n = len(acts)

    def col(name: str) -> map[Any]:
        return map(attrgetter(name), acts)

    def coded(name: str, table: Mapping[Any, int], dtype: type[np.integer[Any]]) -> NDArray[Any]:
        return np.fromiter(map(table.__getitem__, col(name)), dtype, n)

    seconds = np.fromiter(map(datetime.timestamp, col("occurred_at")), np.float64, n)
    dur = np.array(list(col("duration_seconds")), dtype=np.float64)  # None -> NaN
    counts = np.fromiter(map(len, col("contact_ids")), I64, n)
    contacts = Lookup(con_index, -1)
    contact = np.fromiter(
        map(contacts.__getitem__, chain.from_iterable(col("contact_ids"))), I32, int(counts.sum())
    )
    thread = encode(col("thread_id"), n)
    thread.table = [None, *(str(THREAD_BASE + i) for i in range(1, len(thread.table)))]
    return _Acts(
        n=n,
        n_live=n_live,
        kind=coded("kind", _KIND, I8),
        status=coded("status", _STATUS, I8),
        ms=np.rint(seconds * 1000).astype(I64),
        company=coded("account_id", Lookup(acc_index, -1), I32),
        duration_ms=np.where(np.isnan(dur), MISSING, np.rint(dur * 1000)).astype(I64),
        direction=coded("direction", _DIRECTION, I8),
        outcome=coded("outcome", _OUTCOME, I8),
        owner=coded("owner_id", Lookup(owner_ids, MISSING), I64),
        subject=encode(col("subject"), n),
        body=encode(col("body"), n),
        thread=thread,
        edge_act=np.repeat(np.arange(n, dtype=I64), counts),
        edge_contact=contact,
    )


def _columns(kind: ActivityKind, a: _Acts, sel: NDArray[np.int64]) -> dict[str, Column]:
    status = a.status[sel]
    subject = Codes(a.subject.codes[sel], a.subject.table)
    body = Codes(a.body.codes[sel], a.body.table)
    ms = a.ms[sel]
    common: dict[str, Column] = {
        "hs_timestamp": Times(ms),
        "hubspot_owner_id": Ints(a.owner[sel]),
        hv.OUTCOME_PROPERTY: Codes(a.outcome[sel].astype(I32), _OUTCOME_TABLE),
    }
    direction = a.direction[sel].astype(I32)
    if kind is ActivityKind.CALL:
        return common | {
            "hs_call_title": subject,
            "hs_call_body": body,
            "hs_call_direction": Codes(direction, [None, "INBOUND", "OUTBOUND"]),
            "hs_call_disposition": _by_status(
                {
                    s: None if d is None else hv.CALL_DISPOSITIONS[d]
                    for s, d in hv.CALL_DISPOSITION_BY_STATUS.items()
                },
                status,
            ),
            "hs_call_duration": Ints(a.duration_ms[sel]),
            "hs_call_status": _by_status(hv.CALL_STATUS, status),
        }
    if kind is ActivityKind.MEETING:
        dur = a.duration_ms[sel]
        return common | {
            "hs_meeting_title": subject,
            "hs_meeting_body": body,
            "hs_meeting_start_time": Times(ms),
            "hs_meeting_end_time": Times(np.where(dur == MISSING, MISSING, ms + dur)),
            "hs_meeting_outcome": _by_status(hv.MEETING_OUTCOME, status),
        }
    if kind is ActivityKind.EMAIL:
        return common | {
            "hs_email_subject": subject,
            "hs_email_text": body,
            "hs_email_direction": Codes(direction, [None, "INCOMING_EMAIL", "EMAIL"]),
            "hs_email_status": _by_status(hv.EMAIL_STATUS, status),
            "hs_email_thread_id": Codes(a.thread.codes[sel], a.thread.table),
        }
    if kind is ActivityKind.NOTE:
        return common | {"hs_note_body": body}
    if kind is ActivityKind.TASK:
        done = status == _STATUS[ActivityStatus.COMPLETED]
        return common | {
            "hs_task_subject": subject,
            "hs_task_body": body,
            "hs_task_status": _by_status(hv.TASK_STATUS, status),
            "hs_task_type": _const("TODO"),
            "hs_task_priority": _const("NONE"),
            "hs_task_completion_date": Times(np.where(done, ms, MISSING)),
        }
    # Messages: communications have no subject; the text goes in the body.
    shift = len(body.table)
    text = np.where(body.codes != 0, body.codes, shift + subject.codes).astype(I32)
    return common | {
        "hs_communication_channel_type": _const(hv.COMMUNICATION_CHANNEL),
        "hs_communication_logged_from": _const("CRM"),
        "hs_communication_body": Codes(text, [*body.table, *subject.table]),
    }


def engagement_tables(
    live: Sequence[Activity],
    deleted: Sequence[Activity],
    acc_index: Mapping[str, int],
    con_index: Mapping[str, int],
    owner_ids: Mapping[str | None, int],
    as_of_ms: int,
    live_counts: tuple[int, int],
) -> tuple[Engagements, Touches]:
    """One table per engagement type (deleted activities archived), and their associations.

    ``live_counts`` are how many accounts and contacts (the first in their
    indexes) are live; associations to the others are left out.
    """
    a = _read([*live, *deleted], len(live), acc_index, con_index, owner_ids)
    is_live = np.arange(a.n) < a.n_live
    company_ok = is_live & (a.company >= 0) & (a.company < live_counts[0])
    edge_ok = is_live[a.edge_act] & (a.edge_contact >= 0) & (a.edge_contact < live_counts[1])
    past = a.ms <= as_of_ms
    touches = Touches(
        a.company[company_ok & past],
        a.ms[company_ok & past],
        a.edge_contact[edge_ok & past[a.edge_act]],
        a.ms[a.edge_act[edge_ok & past[a.edge_act]]],
    )
    tables: list[Table] = []
    links: dict[frozenset[str], Links] = {}
    row_in_kind = np.zeros(a.n, dtype=I64)
    for k, kind in enumerate(_KINDS):
        name = hv.ENGAGEMENT_TYPE[kind]
        sel = np.flatnonzero(a.kind == k).astype(I64)
        row_in_kind[sel] = np.arange(len(sel), dtype=I64)
        count = len(sel)
        created = np.minimum(a.ms[sel], as_of_ms)
        archived = np.where(is_live[sel], MISSING, as_of_ms - 86_400_000 * (1 + sel % 10))
        tables.append(
            Table(
                OBJECT_TYPES[name],
                np.arange(ID_BASE[name] + 1, ID_BASE[name] + 1 + count, dtype=I64),
                created,
                created.copy(),
                archived.astype(I64),
                _columns(kind, a, sel),
            )
        )
        ok = company_ok[sel]
        links[frozenset((name, "companies"))] = Links(
            name,
            "companies",
            np.flatnonzero(ok).astype(I32),
            a.company[sel][ok],
            np.zeros(int(ok.sum()), np.uint8),
            (count, len(acc_index)),
        )
        mine = edge_ok & (a.kind[a.edge_act] == k)
        links[frozenset((name, "contacts"))] = Links(
            name,
            "contacts",
            row_in_kind[a.edge_act[mine]].astype(I32),
            a.edge_contact[mine],
            np.zeros(int(mine.sum()), np.uint8),
            (count, len(con_index)),
        )
    return Engagements(tables, links), touches
