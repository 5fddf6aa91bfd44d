"""Integrity: does an owner's logging look inflated or hollow?

These flags are shown to the owner's manager and mark the owner's accounts
("this score may be optimistic"). They judge the data, never the rep: nothing
here ranks people.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy.stats import binom

from connector.scoring._common import DAY, POSITIVE
from connector.scoring._result import OwnerFlag

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from connector.config import ContactSettings, IntegritySettings
    from connector.scoring._contact import ActivityFacts
    from connector.snapshot import Snapshot


@dataclass(frozen=True, slots=True)
class Integrity:
    """Owner flags, and per owner the share of completed activities without outcome
    over the window (``nan`` for an owner with none)."""

    flags: list[OwnerFlag]
    missing_outcome_share: NDArray[np.float64]


def integrity(
    snap: Snapshot,
    facts: ActivityFacts,
    as_of_ts: float,
    s: IntegritySettings,
    contact: ContactSettings,
) -> Integrity:
    """Flag inflated outcomes (share and binomial test) and hollow activity per owner."""
    nu = len(snap.user_ids)
    in_window = facts.completed & (snap.act_time > as_of_ts - s.window_days * DAY)
    owned = in_window & (snap.act_owner >= 0)
    owner = snap.act_owner
    assessed = owned & facts.assessed
    n = np.bincount(owner[assessed], minlength=nu)
    k = np.bincount(owner[assessed & (snap.act_outcome == POSITIVE)], minlength=nu)
    completed = np.bincount(owner[owned], minlength=nu)
    hollow = np.bincount(owner[owned & (facts.hollow | facts.bulk)], minlength=nu)
    with np.errstate(invalid="ignore", divide="ignore"):
        missing = np.where(completed > 0, 1.0 - n / completed, np.nan)
        share = np.where(n > 0, k / n, 0.0)

    p_rest, rest_share = _binomial_against_team(snap, n, k, s)
    flags: list[OwnerFlag] = []
    window = int(s.window_days)
    for u in range(nu):
        name = snap.user_names[u] or snap.user_ids[u]
        if n[u] >= s.min_outcomes and share[u] >= s.positive_share:
            flags.append(
                OwnerFlag(
                    u,
                    "inflated_outcomes",
                    f"Outcomes logged by {name} look inflated: {share[u]:.0%} of {n[u]} "
                    f"outcomes in the last {window} days are positive",
                )
            )
        elif p_rest[u] < s.binomial_p and share[u] - rest_share[u] >= s.binomial_min_excess:
            flags.append(
                OwnerFlag(
                    u,
                    "inflated_outcomes",
                    f"Outcomes logged by {name} look inflated: {share[u]:.0%} positive against "
                    f"{rest_share[u]:.0%} for the rest of the team over {window} days "
                    f"(binomial p < {s.binomial_p:g})",
                )
            )
        if hollow[u] >= s.hollow_min and hollow[u] >= s.hollow_share * completed[u]:
            flags.append(
                OwnerFlag(
                    u,
                    "hollow_activity",
                    f"{name} logged {hollow[u]} hollow activities in the last {window} days "
                    f"({hollow[u] / completed[u]:.0%} of their completed activities): calls under "
                    f"{contact.hollow_call_seconds:g} s, meetings under "
                    f"{contact.hollow_meeting_seconds / 60:g} min, bulk emails",
                )
            )
    return Integrity(flags, missing)


def _binomial_against_team(
    snap: Snapshot, n: NDArray[np.int64], k: NDArray[np.int64], s: IntegritySettings
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """One-sided p-value of each owner's positives against the rest of their team.

    The team is the owner's manager's reports when they have enough outcomes
    of their own, else the whole org.
    """
    nu = len(n)
    manager = snap.user_manager
    team_n = np.zeros(nu)
    team_k = np.zeros(nu)
    has_mgr = manager >= 0
    if has_mgr.any():
        mn = np.bincount(manager[has_mgr], weights=n[has_mgr], minlength=nu)
        mk = np.bincount(manager[has_mgr], weights=k[has_mgr], minlength=nu)
        team_n[has_mgr] = mn[manager[has_mgr]]
        team_k[has_mgr] = mk[manager[has_mgr]]
    rest_n = team_n - n
    rest_k = team_k - k
    small = rest_n < s.binomial_min_outcomes
    rest_n[small] = n.sum() - n[small]
    rest_k[small] = k.sum() - k[small]
    p = np.ones(nu)
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(rest_n > 0, rest_k / rest_n, np.nan)
    ok = (n >= s.binomial_min_outcomes) & (rest_n >= s.binomial_min_outcomes) & (rate < 1)
    p[ok] = binom.sf(k[ok] - 1, n[ok], rate[ok])
    return p, np.nan_to_num(rate)
