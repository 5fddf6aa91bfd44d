"""Warning signals: each lowers an account's score and explains why.

A signal's penalty fades with the age of its latest triggering event (same
half-life as evidence). Each function returns a :class:`Signal` holding the
applied penalty per account and a sentence for every account it fired on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from connector.model import ActivityKind
from connector.scoring._common import (
    APPROVER,
    DAY,
    DM,
    EMAIL,
    INBOUND,
    MEETING,
    MISSED_MEETING,
    NEGATIVE,
    OUTBOUND,
    date_text,
    decay,
    group_max,
    person,
    plural,
)

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from connector.config import SignalSettings
    from connector.scoring._contact import ContactLayer
    from connector.snapshot import Snapshot


@dataclass(frozen=True, slots=True)
class Signal:
    """One signal's effect: penalty per account and sentences where it fired."""

    code: str
    penalty: NDArray[np.float64]
    texts: dict[int, str]


def _fire(
    fired: NDArray[np.bool_],
    latest: NDArray[np.float64],
    as_of_ts: float,
    penalty: float,
    half_life: float,
) -> tuple[NDArray[np.float64], NDArray[np.intp]]:
    age = (as_of_ts - np.where(fired, latest, as_of_ts)) / DAY
    applied = np.where(fired, penalty * decay(age, half_life), 0.0)
    return applied, np.flatnonzero(fired)


def _count_per_account(
    snap: Snapshot,
    selected: NDArray[np.bool_],
    minimum: int,
    as_of_ts: float,
    penalty: float,
    half_life: float,
) -> tuple[NDArray[np.int64], NDArray[np.float64], NDArray[np.float64], NDArray[np.intp]]:
    """A signal that fires on ``minimum`` selected activities of an account.

    Returns the count and latest time per account, the applied penalty and
    the accounts it fired on.
    """
    acc = snap.act_account[selected]
    count = np.bincount(acc, minlength=snap.n_accounts)
    latest = group_max(acc, snap.act_time[selected], snap.n_accounts)
    applied, fired = _fire(count >= minimum, latest, as_of_ts, penalty, half_life)
    return count, latest, applied, fired


def competitor_mention(
    snap: Snapshot, layer: ContactLayer, as_of_ts: float, s: SignalSettings, half_life: float
) -> Signal:
    """A competitor name or phrase in an activity's subject or body, recently."""
    code = "competitor_mention"
    na = snap.n_accounts
    terms = [t for t in (*s.competitor_names, *s.competitor_phrases) if t.strip()]
    if not terms or snap.text_activity.size == 0:
        return Signal(code, np.zeros(na), {})
    pattern = re.compile(
        r"(?<!\w)("
        + "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
        + r")(?!\w)",
        re.IGNORECASE,
    )
    t = snap.act_time[snap.text_activity]
    window = layer.facts.visible[snap.text_activity] & (t >= as_of_ts - s.competitor_days * DAY)
    hits: list[tuple[int, str]] = []
    for pos in np.flatnonzero(window).tolist():
        text = f"{snap.text_subject[pos] or ''}\n{snap.text_body[pos] or ''}"
        found = pattern.search(text)
        if found:
            hits.append((int(snap.text_activity[pos]), found.group(1)))
    if not hits:
        return Signal(code, np.zeros(na), {})
    acts = np.array([h[0] for h in hits], dtype=np.int32)
    accounts = snap.act_account[acts]
    latest = group_max(accounts, snap.act_time[acts], na)
    applied, _ = _fire(latest > -np.inf, latest, as_of_ts, s.competitor_penalty, half_life)
    # The latest mention per account, for the sentence.
    best: dict[int, tuple[float, int, str]] = {}
    for act, term in hits:
        acc = int(snap.act_account[act])
        when = float(snap.act_time[act])
        if acc not in best or when > best[acc][0]:
            best[acc] = (when, act, term)
    who = _first_contact_of(snap, np.array([b[1] for b in best.values()], dtype=np.int32))
    texts = {}
    for acc, (when, act, term) in best.items():
        kind = _kind_name(snap, act)
        with_whom = f" with {who[act]}" if act in who else ""
        texts[acc] = f'Competitor named: "{term}" in a {kind}{with_whom} on {date_text(when)}'
    return Signal(code, applied, texts)


def reschedules(
    snap: Snapshot, layer: ContactLayer, as_of_ts: float, s: SignalSettings, half_life: float
) -> Signal:
    """Two or more meetings rescheduled, canceled or missed recently."""
    code = "reschedules"
    sel = (
        layer.facts.visible
        & (snap.act_kind == MEETING)
        & np.isin(snap.act_status, MISSED_MEETING)
        & (snap.act_time >= as_of_ts - s.reschedule_days * DAY)
    )
    count, latest, applied, fired = _count_per_account(
        snap, sel, s.reschedule_min, as_of_ts, s.reschedule_penalty, half_life
    )
    days = int(s.reschedule_days)
    texts = {
        int(i): (
            f"{plural(int(count[i]), 'meeting')} rescheduled, canceled or missed in the last "
            f"{days} days (latest {date_text(latest[i])})"
        )
        for i in fired
    }
    return Signal(code, applied, texts)


def reply_slowdown(
    snap: Snapshot, layer: ContactLayer, as_of_ts: float, s: SignalSettings, half_life: float
) -> Signal:
    """The customer's median reply time recently is far above its earlier median.

    A reply time runs from our first unanswered outbound email in a thread to
    the customer's next inbound email there; it belongs to the window of the
    inbound email.
    """
    code = "reply_slowdown"
    na = snap.n_accounts
    idx = np.flatnonzero(
        layer.facts.completed
        & (snap.act_kind == EMAIL)
        & (snap.act_thread_key != 0)
        & (snap.act_direction >= 0)
    )
    if idx.size == 0:
        return Signal(code, np.zeros(na), {})
    order = np.lexsort((snap.act_time[idx], snap.act_thread_key[idx], snap.act_account[idx]))
    idx = idx[order]
    acc, thread, t = snap.act_account[idx], snap.act_thread_key[idx], snap.act_time[idx]
    inbound = snap.act_direction[idx] == INBOUND
    outbound = snap.act_direction[idx] == OUTBOUND
    new_group = np.ones(idx.size, dtype=bool)
    new_group[1:] = (acc[1:] != acc[:-1]) | (thread[1:] != thread[:-1])
    group = np.cumsum(new_group).astype(np.int64)
    before = np.cumsum(inbound) - inbound  # inbound emails strictly before, globally
    segment = group * (idx.size + 1) + before
    out_keys, first_out = np.unique(segment[outbound], return_index=True)
    out_times = t[outbound][first_out]
    if out_keys.size == 0:
        return Signal(code, np.zeros(na), {})
    in_pos = np.flatnonzero(inbound)
    where = np.minimum(np.searchsorted(out_keys, segment[in_pos]), out_keys.size - 1)
    matched = out_keys[where] == segment[in_pos]
    in_pos, where = in_pos[matched], where[matched]
    reply = t[in_pos] - out_times[where]
    r_acc, r_time = acc[in_pos], t[in_pos]

    recent_from = as_of_ts - s.reply_recent_days * DAY
    base_from = recent_from - s.reply_baseline_days * DAY
    recent = r_time > recent_from
    base = (r_time > base_from) & ~recent
    med_recent, n_recent = _group_median(r_acc[recent], reply[recent], na)
    med_base, n_base = _group_median(r_acc[base], reply[base], na)
    with np.errstate(invalid="ignore"):
        fired = (
            (n_recent >= s.reply_min_replies)
            & (n_base >= s.reply_min_replies)
            & (med_recent > s.reply_slowdown_factor * med_base)
        )
    slow = recent & (reply > s.reply_slowdown_factor * med_base[r_acc])
    latest = group_max(r_acc[slow], r_time[slow], na)
    applied, fired_idx = _fire(fired, latest, as_of_ts, s.reply_penalty, half_life)
    texts = {
        int(i): (
            f"Replies slowed: median {med_recent[i] / DAY:.1f} days over the last "
            f"{int(s.reply_recent_days)} days against {med_base[i] / DAY:.1f} days before "
            f"(latest slow reply {date_text(latest[i])})"
        )
        for i in fired_idx
    }
    return Signal(code, applied, texts)


def _group_median(
    groups: NDArray[np.int32], values: NDArray[np.float64], n: int
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Median and count of ``values`` per group (nan where a group is empty)."""
    count = np.bincount(groups, minlength=n)
    med = np.full(n, np.nan)
    if values.size == 0:
        return med, count
    order = np.lexsort((values, groups))
    v = values[order]
    start = np.concatenate(([0], np.cumsum(count)[:-1]))
    has = count > 0
    lo = start[has] + (count[has] - 1) // 2
    hi = start[has] + count[has] // 2
    med[has] = (v[lo] + v[hi]) / 2.0
    return med, count


def dm_absent_from_meetings(
    snap: Snapshot, layer: ContactLayer, as_of_ts: float, s: SignalSettings, half_life: float
) -> Signal:
    """The last meetings had no decision maker, though one came before."""
    code = "dm_absent_from_meetings"
    na = snap.n_accounts
    recent_n, prior_n = s.dm_absent_recent_meetings, s.dm_absent_prior_meetings
    meetings = np.flatnonzero(layer.facts.completed & (snap.act_kind == MEETING))
    dm_link = (snap.contact_role[snap.link_contact] == DM) & layer.link_visible
    dm_at = np.bincount(snap.link_activity[dm_link], minlength=snap.n_activities) > 0
    order = np.lexsort((-snap.act_time[meetings], snap.act_account[meetings]))
    meetings = meetings[order]
    acc = snap.act_account[meetings]
    count = np.bincount(acc, minlength=na)
    start = np.concatenate(([0], np.cumsum(count)[:-1]))
    rank = np.arange(meetings.size) - start[acc]
    with_dm = dm_at[meetings]
    is_recent = rank < recent_n
    is_prior = (rank >= recent_n) & (rank < recent_n + prior_n)
    dm_recent = np.bincount(acc[is_recent & with_dm], minlength=na)
    dm_prior = np.bincount(acc[is_prior & with_dm], minlength=na)
    fired = (count > recent_n) & (dm_recent == 0) & (dm_prior > 0)
    latest = group_max(acc[rank == 0], snap.act_time[meetings[rank == 0]], na)
    last_dm = group_max(acc[is_prior & with_dm], snap.act_time[meetings[is_prior & with_dm]], na)
    applied, fired_idx = _fire(fired, latest, as_of_ts, s.dm_absent_penalty, half_life)
    texts = {
        int(i): (
            f"No decision maker in the last {recent_n} meetings (latest {date_text(latest[i])}); "
            f"one last attended on {date_text(last_dm[i])}"
        )
        for i in fired_idx
    }
    return Signal(code, applied, texts)


def new_approver_not_introduced(
    snap: Snapshot, layer: ContactLayer, as_of_ts: float, s: SignalSettings, half_life: float
) -> Signal:
    """A recently added decision maker or approver nobody has met yet."""
    code = "new_approver_not_introduced"
    na = snap.n_accounts
    created = snap.contact_created
    with np.errstate(invalid="ignore"):
        new = (
            np.isin(snap.contact_role, (DM, APPROVER))
            & (created <= as_of_ts)
            & (created >= as_of_ts - s.new_approver_days * DAY)
            & ~layer.any_completed
        )
    who = np.flatnonzero(new)
    latest = group_max(snap.contact_account[who], created[who], na)
    applied, _ = _fire(latest > -np.inf, latest, as_of_ts, s.new_approver_penalty, half_life)
    texts: dict[int, str] = {}
    for c in who[np.argsort(created[who])]:
        acc = int(snap.contact_account[c])
        role = "decision maker" if snap.contact_role[c] == DM else "approver"
        name = person(snap.contact_names, snap.contact_titles, snap.contact_ids, int(c))
        texts[acc] = f"New {role} {name}, added {date_text(created[c])}, has not been met yet"
    return Signal(code, applied, texts)


def negative_outcomes(
    snap: Snapshot, layer: ContactLayer, as_of_ts: float, s: SignalSettings, half_life: float
) -> Signal:
    """Two or more negative outcomes recently (a reason; the score has them)."""
    code = "negative_outcomes"
    sel = (
        layer.facts.counts
        & (snap.act_outcome == NEGATIVE)
        & (snap.act_time >= as_of_ts - s.negative_days * DAY)
    )
    count, latest, applied, fired_idx = _count_per_account(
        snap, sel, s.negative_min, as_of_ts, s.negative_penalty, half_life
    )
    texts = {
        int(i): (
            f"{plural(int(count[i]), 'negative outcome')} in the last {int(s.negative_days)} days "
            f"(latest {date_text(latest[i])})"
        )
        for i in fired_idx
    }
    return Signal(code, applied, texts)


SIGNALS = (
    competitor_mention,
    reschedules,
    reply_slowdown,
    dm_absent_from_meetings,
    new_approver_not_introduced,
    negative_outcomes,
)


def _kind_name(snap: Snapshot, act: int) -> str:
    return str(ActivityKind.from_code(int(snap.act_kind[act])).value)


def _first_contact_of(snap: Snapshot, acts: NDArray[np.int32]) -> dict[int, str]:
    """For a few activities, how to name the first contact each touched."""
    sel = np.flatnonzero(np.isin(snap.link_activity, acts))
    out: dict[int, str] = {}
    for link in sel:
        act = int(snap.link_activity[link])
        if act not in out:
            c = int(snap.link_contact[link])
            out[act] = person(snap.contact_names, snap.contact_titles, snap.contact_ids, c)
    return out
