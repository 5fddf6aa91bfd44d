"""Random demo interactions: 15 months of meetings, calls, email threads, notes, tasks.

Private to :mod:`connector.sandbox`. All columns are drawn at once with numpy
for every random account; each account's hidden health class (see
``_people.py``) sets how often it is touched, how its meetings go and how its
customers answer. Records are built from the columns by ``_build``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from connector.model import Activity, ActivityKind, ActivityStatus, Direction, Outcome
from connector.sandbox._build import build_records, object_table, pick, to_times
from connector.sandbox._names import (
    COMPETITOR_NOTES,
    DEMO_COMPETITORS,
    NOTE_TEXTS,
    TASK_SUBJECTS,
    THREAD_TOPICS,
)
from connector.sandbox._people import DAY, SILENT, SOUR, Population

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from connector.sandbox._build import Ids

__all__ = ["WINDOW_DAYS", "Acts", "activity_records", "make_activities"]

I8 = np.int8
I32 = np.int32
I64 = np.int64
WINDOW_DAYS = 456  # 15 months of history
RECENT_DAYS = 45  # "lately", for the classes whose recent past differs
# Per health class (green, yellow, sour, silent):
EVENT_RATE = np.array([36.0, 21.0, 22.0, 12.0])  # non-email events per account, whole window
THREAD_RATE = np.array([5.0, 4.0, 4.0, 3.0])  # email threads per account
RECENT_SHARE = np.array([0.7, 0.5, 0.45, 0.0])  # of them in the last 90 days
DM_AT_MEETING = np.array([0.75, 0.45, 0.5, 0.5])
REPLY_P = np.array([0.85, 0.65, 0.6, 0.6])
REPLY_HOURS = np.array([5.0, 12.0, 8.0, 16.0])  # median; sour customers slow down lately
# Outcome shares (positive, neutral, negative) per class, [earlier, lately].
OUTCOMES = np.array(
    [
        [[0.65, 0.30, 0.05], [0.88, 0.11, 0.01]],
        [[0.40, 0.50, 0.10], [0.32, 0.62, 0.06]],
        [[0.45, 0.45, 0.10], [0.10, 0.35, 0.55]],
        [[0.45, 0.45, 0.10], [0.45, 0.45, 0.10]],
    ]
)
MISSED_P = np.array([[0.07, 0.05], [0.08, 0.12], [0.08, 0.30], [0.10, 0.10]])
COMPETITOR_P = np.array([[0.03, 0.02], [0.08, 0.10], [0.08, 0.45], [0.05, 0.05]])
MISSING_OUTCOME_P = 0.08

MEETING, CALL, EMAIL, MESSAGE, NOTE, TASK = (k.code for k in ActivityKind)
_EVENT_KINDS = np.array([MEETING, CALL, NOTE, TASK, MESSAGE], dtype=I8)
_EVENT_KIND_P = (0.30, 0.45, 0.12, 0.09, 0.04)
COMPLETED, PLANNED = ActivityStatus.COMPLETED.code, ActivityStatus.PLANNED.code
_MISSED = np.array(
    [s.code for s in (ActivityStatus.RESCHEDULED, ActivityStatus.CANCELED, ActivityStatus.NO_SHOW)],
    dtype=I8,
)
INBOUND, OUTBOUND = Direction.INBOUND.code, Direction.OUTBOUND.code
POSITIVE, NEUTRAL, NEGATIVE = (o.code for o in Outcome)
_MEETING_MINUTES = (np.array([15, 30, 45, 60, 90]), (0.1, 0.4, 0.2, 0.25, 0.05))

SUBJECTS: dict[int, tuple[str, ...]] = {
    MEETING: (
        "Quarterly business review", "Product demo", "Onboarding session",
        "Renewal discussion", "Check-in meeting", "Workshop",
    ),
    CALL: ("Check-in call", "Follow-up call", "Support call", "Discovery call"),
    EMAIL: THREAD_TOPICS + tuple(f"Re: {t}" for t in THREAD_TOPICS),
    MESSAGE: ("LinkedIn message", "Teams chat"),
    NOTE: ("Account note", "Call notes", "Meeting notes"),
    TASK: TASK_SUBJECTS,
}  # fmt: skip
SUBJECT_TABLE = tuple(s for k in sorted(SUBJECTS) for s in SUBJECTS[k])
_SUBJECT_COUNT = np.array([len(SUBJECTS[k]) for k in sorted(SUBJECTS)])
_SUBJECT_OFFSET = np.cumsum(_SUBJECT_COUNT) - _SUBJECT_COUNT
BODIES = NOTE_TEXTS + tuple(t.format(c=c) for t in COMPETITOR_NOTES for c in DEMO_COMPETITORS)


@dataclass(frozen=True)
class Acts:
    """Activity columns; contacts ``c2``/``c3``, ``body`` and ``thread`` are -1 for none."""

    account: NDArray[I32]  # position among the random accounts
    kind: NDArray[I8]
    status: NDArray[I8]
    time: NDArray[I64]  # epoch seconds
    duration: NDArray[np.float64]  # nan for none
    direction: NDArray[I8]
    outcome: NDArray[I8]
    owner: NDArray[I32]  # index into Team.reps
    c1: NDArray[I64]
    c2: NDArray[I64]
    c3: NDArray[I64]
    subject: NDArray[I64]  # index into SUBJECT_TABLE
    body: NDArray[I64]  # index into BODIES
    thread: NDArray[I64]  # thread number

    def take(self, index: NDArray[Any]) -> Acts:
        """The rows at ``index`` (a mask or positions), in that order."""
        return Acts(*(getattr(self, f.name)[index] for f in dataclasses.fields(self)))


def _concat(a: Acts, b: Acts) -> Acts:
    return Acts(
        *(np.concatenate((getattr(a, f.name), getattr(b, f.name))) for f in dataclasses.fields(a))
    )


def office_time(rng: np.random.Generator, as_of_ts: int, age_days: NDArray[Any]) -> NDArray[I64]:
    """A time between 08:00 and 18:00 UTC on the weekday ``age_days`` before ``as_of``
    (a weekend moves to the Friday before, or ahead of ``as_of`` to the Monday after);
    a past time stays before ``as_of``."""
    day = np.floor((as_of_ts - age_days * DAY) / DAY).astype(I64)
    weekday = (day + 3) % 7  # 1970-01-01 was a Thursday
    ahead = age_days < 0
    day += np.where(weekday >= 5, np.where(ahead, 7 - weekday, 4 - weekday), 0)
    t = day * DAY + rng.integers(8 * 60, 18 * 60, len(day)) * 60
    return np.where(~ahead & (t > as_of_ts - 60), t - DAY, t)


class _Picker:
    """Chooses contacts of given accounts: the core, and long ago anyone."""

    def __init__(self, rng: np.random.Generator, pop: Population) -> None:
        self.rng, self.pop = rng, pop

    def core(self, acc: NDArray[I32]) -> NDArray[I64]:
        pop = self.pop
        u = self.rng.random(len(acc))
        return pop.core[pop.core_start[acc] + (u * pop.core_count[acc]).astype(I64)]

    def anyone(self, acc: NDArray[I32]) -> NDArray[I64]:
        u = self.rng.random(len(acc))
        return self.pop.start[acc] + (u * self.pop.size[acc]).astype(I64)

    def mostly_core(self, acc: NDArray[I32], age: NDArray[Any]) -> NDArray[I64]:
        """The core lately; a quarter of the interactions over a year ago were with
        anyone (earlier projects), so the others have no recent activity to count."""
        anyone = (age > 365) & (self.rng.random(len(acc)) < 0.25)
        return np.where(anyone, self.anyone(acc), self.core(acc))

    def met(self, acc: NDArray[I32], c: NDArray[I64], t: NDArray[I64]) -> NDArray[I64]:
        """``c``, or the account's first contact where ``c`` did not exist yet at ``t``."""
        return np.where(self.pop.created[c] > t, self.pop.start[acc], c)


def _outcomes(
    rng: np.random.Generator, health: NDArray[I8], age: NDArray[Any], missing_p: NDArray[Any]
) -> NDArray[I8]:
    share = OUTCOMES[health, (age < RECENT_DAYS).astype(I64)]
    u = rng.random(len(age))
    out = np.where(
        u < share[:, 0], POSITIVE, np.where(u < share[:, 0] + share[:, 1], NEUTRAL, NEGATIVE)
    ).astype(I8)
    out[rng.random(len(age)) < missing_p] = -1
    return out


def _ages(
    rng: np.random.Generator, pop: Population, lo: NDArray[Any], acc: NDArray[I32]
) -> NDArray[np.float64]:
    """Days ago, from ``lo`` to the window's start; some classes busier lately."""
    n = len(acc)
    recent = rng.random(n) < RECENT_SHARE[pop.health[acc]]
    out: NDArray[np.float64] = np.where(
        recent, rng.uniform(0, 90, n), lo[acc] + rng.random(n) * (WINDOW_DAYS - lo[acc])
    )
    return out


def _events(
    rng: np.random.Generator, pop: Population, as_of_ts: int, lo: NDArray[Any], scale: NDArray[Any]
) -> Acts:
    """Meetings, calls, notes, tasks and messages, and a few planned ones ahead."""
    h = pop.health
    n_past = rng.poisson(EVENT_RATE[h] * scale)
    n_planned = np.where(h == SILENT, 0, rng.poisson(0.8, pop.n))
    acc = np.concatenate(
        (
            np.repeat(np.arange(pop.n, dtype=I32), n_past),
            np.repeat(np.arange(pop.n, dtype=I32), n_planned),
        )
    )
    e = len(acc)
    past = np.arange(e) < n_past.sum()
    age = np.where(past, _ages(rng, pop, lo, acc), -rng.uniform(1, 21, e))
    kind = np.where(
        past,
        rng.choice(_EVENT_KINDS, e, p=_EVENT_KIND_P),
        rng.choice(np.array([MEETING, CALL, TASK], dtype=I8), e, p=(0.5, 0.2, 0.3)),
    ).astype(I8)
    t = office_time(rng, as_of_ts, age)
    ha = h[acc]
    recent = (age < 30).astype(I64)
    meeting = kind == MEETING

    status = np.full(e, COMPLETED, I8)
    missed = meeting & past & (rng.random(e) < MISSED_P[ha, recent])
    status[missed] = rng.choice(_MISSED, e, p=(0.5, 0.3, 0.2))[missed]
    status[~past] = PLANNED

    short = (kind == CALL) & (rng.random(e) < 0.08)  # voicemail, no answer
    duration = np.full(e, np.nan)
    minutes = rng.choice(_MEETING_MINUTES[0], e, p=_MEETING_MINUTES[1])
    duration[meeting] = minutes[meeting] * 60.0
    call_seconds = np.where(
        short, rng.integers(8, 56, e), np.clip(rng.lognormal(np.log(420), 0.7, e), 75, 5400)
    )
    duration[kind == CALL] = np.rint(call_seconds[kind == CALL])

    direction = np.full(e, -1, I8)
    talk = (kind == CALL) | (kind == MESSAGE)
    direction[talk] = np.where(rng.random(e) < 0.75, OUTBOUND, INBOUND)[talk]

    missing = np.select([short, kind == NOTE, kind == TASK], [0.45, 0.30, 0.15], MISSING_OUTCOME_P)
    outcome = _outcomes(rng, ha, age, missing)
    outcome[short & (outcome >= 0) & (rng.random(e) < 0.7)] = NEUTRAL
    outcome[status != COMPLETED] = -1

    pick = _Picker(rng, pop)
    c1 = pick.mostly_core(acc, age)
    dm = pop.dm[acc]
    c1 = np.where(meeting & (dm >= 0) & (rng.random(e) < DM_AT_MEETING[ha]), dm, c1)
    c1 = pick.met(acc, c1, t)
    c2 = np.where(meeting & (rng.random(e) < 0.45), pick.core(acc), -1)
    c3 = np.where(meeting & (rng.random(e) < 0.15), pick.mostly_core(acc, age), -1)
    c2 = np.where((c2 == c1) | (pop.created[c2] > t), -1, c2)
    c3 = np.where((c3 == c1) | (c3 == c2) | (pop.created[c3] > t), -1, c3)
    move = (c2 < 0) & (c3 >= 0)
    c2, c3 = np.where(move, c3, c2), np.where(move, -1, c3)

    subject = _SUBJECT_OFFSET[kind] + (rng.random(e) * _SUBJECT_COUNT[kind]).astype(I64)
    competitor = (kind == NOTE) & (rng.random(e) < COMPETITOR_P[ha, recent])
    body = np.where(
        competitor,
        len(NOTE_TEXTS) + rng.integers(0, len(BODIES) - len(NOTE_TEXTS), e),
        rng.integers(0, len(NOTE_TEXTS), e),
    )
    body[kind != NOTE] = -1
    return Acts(
        acc, kind, status, t, duration, direction, outcome, _owners(rng, pop, acc),
        c1, c2, c3, subject, body, np.full(e, -1, I64),
    )  # fmt: skip


def _owners(rng: np.random.Generator, pop: Population, acc: NDArray[I32]) -> NDArray[I32]:
    """The account's owner, or now and then a colleague covering for them."""
    other = rng.integers(0, pop.n_reps, len(acc)).astype(I32)
    return np.where(rng.random(len(acc)) < 0.95, pop.owner[acc], other)


def _threads(
    rng: np.random.Generator, pop: Population, as_of_ts: int, lo: NDArray[Any], scale: NDArray[Any]
) -> Acts:
    """Email threads: our email, the customer's reply after a while (or none), again."""
    h = pop.health
    n_threads = rng.poisson(THREAD_RATE[h] * scale)
    t_acc = np.repeat(np.arange(pop.n, dtype=I32), n_threads)
    nt = len(t_acc)
    exchanges = rng.choice(np.arange(1, 5), nt, p=(0.35, 0.35, 0.2, 0.1))
    spacing = rng.uniform(2, 10, nt)
    first_age = _ages(rng, pop, lo, t_acc)
    topic = rng.integers(0, len(THREAD_TOPICS), nt)
    pick = _Picker(rng, pop)
    first_t = office_time(rng, as_of_ts, first_age)
    who = pick.met(t_acc, pick.mostly_core(t_acc, first_age), first_t)
    owner = _owners(rng, pop, t_acc)

    # Exchange k: our email k * spacing after the first, the reply before the next.
    thread = np.repeat(np.arange(nt, dtype=I64), exchanges)
    k = np.arange(len(thread)) - (np.cumsum(exchanges) - exchanges)[thread]
    acc = t_acc[thread]
    out_t = first_t[thread] + np.rint(k * spacing[thread] * 24 * 60).astype(I64) * 60
    out_age = (as_of_ts - out_t) / DAY
    slow = np.where((h[acc] == SOUR) & (out_age < 35), 5.0, 1.0)
    hours = rng.lognormal(np.log(REPLY_HOURS[h[acc]] * slow), 0.5)
    hours = np.minimum(hours, spacing[thread] * 24 * 0.9)
    replied = rng.random(len(thread)) < REPLY_P[h[acc]]
    in_t = out_t + np.rint(hours * 60).astype(I64) * 60

    # One row per email: every outbound one, then the replies.
    row = np.concatenate((np.arange(len(thread)), np.flatnonzero(replied)))
    inbound = np.arange(len(row)) >= len(thread)
    t = np.where(inbound, in_t[row], out_t[row])
    acc, thread, k = acc[row], thread[row], k[row]
    age = (as_of_ts - t) / DAY
    outcome = _outcomes(rng, h[acc], age, np.full(len(row), MISSING_OUTCOME_P))
    keep = (t <= as_of_ts - 60) & (age >= lo[acc])
    e = len(row)
    emails = Acts(
        acc, np.full(e, EMAIL, I8), np.full(e, COMPLETED, I8), t, np.full(e, np.nan),
        np.where(inbound, INBOUND, OUTBOUND).astype(I8), outcome, owner[thread],
        who[thread], np.full(e, -1, I64), np.full(e, -1, I64),
        _SUBJECT_OFFSET[EMAIL] + topic[thread] + np.where((k > 0) | inbound, len(THREAD_TOPICS), 0),
        np.full(e, -1, I64), thread,
    )  # fmt: skip
    return emails.take(keep)


def make_activities(rng: np.random.Generator, pop: Population, as_of_ts: int) -> Acts:
    """Every random account's activities: past events, planned ones, then emails.

    (Not sorted by time: reordering millions of rows costs a second and tells
    nobody anything.) Busier accounts (more core contacts) are touched more often; silent
    accounts have nothing in the last 62 days or more.
    """
    if pop.n == 0:
        return _events(rng, pop, as_of_ts, np.zeros(0), np.zeros(0))
    lo = np.where(pop.health == SILENT, np.minimum(62 + rng.exponential(45, pop.n), 300), 0.0)
    scale = np.clip(pop.core_count / 2.6, 0.6, 2.5) * (WINDOW_DAYS - lo) / WINDOW_DAYS
    return _concat(_events(rng, pop, as_of_ts, lo, scale), _threads(rng, pop, as_of_ts, lo, scale))


def activity_records(acts: Acts, pop: Population, reps: list[str], ids: Ids) -> list[Activity]:
    """The activities as records, numbered after ``ids`` (threads too)."""
    n = len(acts.kind)
    return build_records(
        Activity,
        n,
        {
            "id": lambda: ids.take("activity", n),
            "kind": lambda: pick(object_table(ActivityKind, len(ActivityKind)), acts.kind),
            "status": lambda: pick(object_table(ActivityStatus, len(ActivityStatus)), acts.status),
            "occurred_at": lambda: to_times(acts.time),
            "account_id": lambda: pick(object_table(pop.account_ids, pop.n), acts.account),
            "contact_ids": lambda: _contact_tuples(acts, pop),
            "duration_seconds": lambda: _optional(acts.duration),
            "direction": lambda: pick(object_table(Direction, len(Direction)), acts.direction),
            "outcome": lambda: pick(object_table(Outcome, len(Outcome)), acts.outcome),
            "owner_id": lambda: pick(object_table(reps, len(reps)), acts.owner),
            "subject": lambda: pick(object_table(SUBJECT_TABLE, len(SUBJECT_TABLE)), acts.subject),
            "body": lambda: pick(object_table(BODIES, len(BODIES)), acts.body),
            "thread_id": lambda: _thread_ids(acts, ids),
        },
    )


def _contact_tuples(acts: Acts, pop: Population) -> list[tuple[str, ...]]:
    """Each activity's contact ids; the one-contact tuples are shared per contact."""
    names = object_table(pop.contact_ids, len(pop.contact_ids))
    out = object_table(((c,) for c in pop.contact_ids), len(pop.contact_ids))[acts.c1]
    more = np.flatnonzero(acts.c2 >= 0)
    if more.size:
        triples = zip(*(pick(names, c[more]) for c in (acts.c1, acts.c2, acts.c3)), strict=True)
        out[more] = np.fromiter(
            ((a, b) if c is None else (a, b, c) for a, b, c in triples),
            dtype=object,
            count=more.size,
        )
    tuples: list[tuple[str, ...]] = out.tolist()
    return tuples


def _optional(values: NDArray[np.float64]) -> list[float | None]:
    """The values as floats, ``None`` for nan."""
    out = values.astype(object)
    out[np.isnan(values)] = None
    floats: list[float | None] = out.tolist()
    return floats


def _thread_ids(acts: Acts, ids: Ids) -> list[str | None]:
    """Thread ids, numbered in order of the threads' first emails (``None``: no thread)."""
    used = np.zeros(int(acts.thread.max(initial=-1)) + 2, dtype=bool)
    used[acts.thread] = True
    used[-1] = False  # where thread -1 lands
    number = np.where(acts.thread >= 0, (np.cumsum(used) - 1)[acts.thread], -1)
    names = ids.take("thread", int(used.sum()))
    return pick(object_table(names, len(names)), number)
