"""Layer 1: contact health from each activity's outcome, fading with time.

Everything is computed per *link* (one activity touching one contact), as
whole arrays. Only completed, assessed (outcome given), non-hollow activities
up to ``as_of`` are evidence; raw volume never counts (the daily cap).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from connector.model import ActivityKind
from connector.scoring._common import (
    CALL,
    COMPLETED,
    DAY,
    EMAIL,
    MEETING,
    NEGATIVE,
    NEUTRAL,
    OUTBOUND,
    POSITIVE,
    decay,
    group_max,
)

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from connector.config import ContactSettings
    from connector.snapshot import Snapshot


@dataclass(frozen=True, slots=True)
class ActivityFacts:
    """Per-activity facts shared by the contact layer, signals and integrity."""

    visible: NDArray[np.bool_]  # happened at or before as_of
    age_days: NDArray[np.float64]
    completed: NDArray[np.bool_]  # visible and completed
    assessed: NDArray[np.bool_]  # completed with an outcome
    hollow: NDArray[np.bool_]  # too short to be an interaction
    bulk: NDArray[np.bool_]  # bulk email
    substance: NDArray[np.float64]
    counts: NDArray[np.bool_]  # assessed, with substance: evidence for the score


@dataclass(frozen=True, slots=True)
class ContactLayer:
    """Contact scores and the per-contact facts the account layer needs."""

    facts: ActivityFacts
    positive: NDArray[np.float64]
    neutral: NDArray[np.float64]
    negative: NDArray[np.float64]
    score: NDArray[np.float64]
    last_counted: NDArray[np.float64]  # time of latest evidence, -inf if none
    any_completed: NDArray[np.bool_]  # any completed, non-hollow activity
    link_counts: NDArray[np.bool_]  # per link: is evidence
    contact_visible: NDArray[np.bool_]  # created at or before as_of (or unknown)
    link_visible: NDArray[np.bool_]  # per link: its contact is visible


def activity_facts(snap: Snapshot, as_of_ts: float, s: ContactSettings) -> ActivityFacts:
    """Classify every activity once: visible, completed, assessed, hollow, bulk."""
    visible = snap.act_time <= as_of_ts
    age_days = (as_of_ts - snap.act_time) / DAY
    completed = visible & (snap.act_status == COMPLETED)
    assessed = completed & (snap.act_outcome >= 0)
    dur = snap.act_duration
    with np.errstate(invalid="ignore"):
        hollow = ((snap.act_kind == CALL) & (dur < s.hollow_call_seconds)) | (
            (snap.act_kind == MEETING) & (dur < s.hollow_meeting_seconds)
        )
    bulk = _bulk_emails(snap, completed, s)
    substance = np.where(hollow, 0.0, np.where(bulk, s.bulk_email_substance, 1.0))
    counts = assessed & (substance > 0)
    return ActivityFacts(visible, age_days, completed, assessed, hollow, bulk, substance, counts)


def _bulk_emails(
    snap: Snapshot, completed: NDArray[np.bool_], s: ContactSettings
) -> NDArray[np.bool_]:
    """Outbound emails one owner sent with one subject to many people at once.

    An email is bulk when some window of ``bulk_email_window_minutes`` that
    contains it holds completed outbound emails of the same owner and subject
    reaching at least ``bulk_email_min_recipients`` distinct contacts. (A
    contact counts once per window; one reached again less than a window
    after an earlier email may be missed, which errs toward "not bulk".)
    Customers' replies and emails without a known owner are never bulk.
    """
    n = snap.n_activities
    bulk = np.zeros(n, dtype=bool)
    is_candidate = (
        completed
        & (snap.act_kind == EMAIL)
        & (snap.act_direction == OUTBOUND)
        & (snap.act_subject_key != 0)
        & (snap.act_owner >= 0)
    )
    idx = np.flatnonzero(is_candidate)
    if idx.size == 0:
        return bulk
    t = np.floor(snap.act_time[idx]).astype(np.int64)
    order = np.lexsort((t, snap.act_subject_key[idx], snap.act_owner[idx]))
    idx, t = idx[order], t[order]
    owner, subject = snap.act_owner[idx], snap.act_subject_key[idx]
    new_group = np.ones(idx.size, dtype=bool)
    new_group[1:] = (owner[1:] != owner[:-1]) | (subject[1:] != subject[:-1])
    group = np.cumsum(new_group) - 1
    window = int(s.bulk_email_window_minutes * 60)

    # Recipients per email, counting a (group, contact) pair again only when
    # a window has passed since it was last reached.
    position = np.full(n, -1, dtype=np.int64)
    position[idx] = np.arange(idx.size)
    links = np.flatnonzero(position[snap.link_activity] >= 0)
    pos = position[snap.link_activity[links]]
    contact = snap.link_contact[links].astype(np.int64)
    by_pair = np.lexsort((t[pos], contact, group[pos]))
    pos, contact = pos[by_pair], contact[by_pair]
    fresh = np.ones(pos.size, dtype=bool)
    same = (group[pos][1:] == group[pos][:-1]) & (contact[1:] == contact[:-1])
    fresh[1:] = ~same | (t[pos][1:] - t[pos][:-1] > window)
    recipients = np.bincount(pos[fresh], minlength=idx.size)

    span = int(t.max() - t.min()) + window + 1
    composite = group * span + (t - t.min())
    end = np.searchsorted(composite, composite + window, side="right")
    cum = np.concatenate(([0], np.cumsum(recipients)))
    heavy = (cum[end] - cum[: idx.size]) >= s.bulk_email_min_recipients
    cover = np.zeros(idx.size + 1, dtype=np.int64)
    np.add.at(cover, np.flatnonzero(heavy), 1)
    np.add.at(cover, end[heavy], -1)
    bulk[idx[np.cumsum(cover)[:-1] > 0]] = True
    return bulk


def contact_formula(
    p: NDArray[np.float64], z: NDArray[np.float64], n: NDArray[np.float64], s: ContactSettings
) -> NDArray[np.float64]:
    """Score from summed positive, neutral and negative evidence.

    scoring.md's formula ``base + engagement * (30 + 45 * sentiment)`` lets a
    little negative evidence *raise* a cold contact (its engagement outweighs
    its sentiment), which breaks the rule "adding a negative outcome never
    raises a score". The rule wins: a contact scores the lower of the formula
    with and without its negative evidence, so negatives can only pull down.
    """

    def formula(neg: NDArray[np.float64]) -> NDArray[np.float64]:
        w = s.negative_weight
        sentiment = (p - w * neg) / (p + z + w * neg + 1.0)
        engagement = 1.0 - np.exp(-(p + z + neg) / s.engagement_scale)
        out: NDArray[np.float64] = s.base + engagement * (
            s.engagement_points + s.sentiment_points * sentiment
        )
        return out

    score: NDArray[np.float64] = np.clip(
        np.minimum(formula(n), formula(np.zeros_like(n))), 0.0, 100.0
    )
    return score


def score_contacts(snap: Snapshot, as_of_ts: float, s: ContactSettings) -> ContactLayer:
    """Contact scores at ``as_of`` (see module doc and scoring.md, layer 1).

    A contact created after ``as_of`` did not exist then: its links are
    ignored everywhere, as the store leaves them out of a snapshot.
    """
    facts = activity_facts(snap, as_of_ts, s)
    la, lc = snap.link_activity, snap.link_contact
    nc = snap.n_contacts
    with np.errstate(invalid="ignore"):
        contact_visible = ~(snap.contact_created > as_of_ts)
    link_visible = contact_visible[lc]
    kind_w = np.array([s.kind_weights.get(k.value, 0.0) for k in ActivityKind])
    link_counts = facts.counts[la] & link_visible
    a = la[link_counts]
    c = lc[link_counts]
    ev = decay(facts.age_days[a], s.half_life_days) * kind_w[snap.act_kind[a]] * facts.substance[a]
    ev = _cap_per_day(c, snap.act_time[a], ev, s.daily_cap)
    outcome = snap.act_outcome[a]
    p, z, n = (
        np.bincount(c, weights=np.where(outcome == code, ev, 0.0), minlength=nc).astype(np.float64)
        for code in (POSITIVE, NEUTRAL, NEGATIVE)
    )
    # A hollow call does not introduce anyone.
    completed_links = (facts.completed & ~facts.hollow)[la] & link_visible
    any_completed = np.bincount(lc[completed_links], minlength=nc) > 0
    return ContactLayer(
        facts=facts,
        positive=p,
        neutral=z,
        negative=n,
        score=contact_formula(p, z, n, s),
        last_counted=group_max(c, snap.act_time[a], nc),
        any_completed=any_completed,
        link_counts=link_counts,
        contact_visible=contact_visible,
        link_visible=link_visible,
    )


def _cap_per_day(
    contact: NDArray[np.int32], t: NDArray[np.float64], ev: NDArray[np.float64], cap: float
) -> NDArray[np.float64]:
    """Scale each contact's evidence per UTC calendar day down to ``cap``."""
    if ev.size == 0:
        return ev
    day = np.floor(t / DAY).astype(np.int64)
    key = contact.astype(np.int64) * (int(day.max() - day.min()) + 1) + (day - day.min())
    _, inverse = np.unique(key, return_inverse=True)
    total = np.bincount(inverse, weights=ev)
    factor = np.minimum(1.0, cap / np.maximum(total, 1e-300))
    out: NDArray[np.float64] = ev * factor[inverse]
    return out
