"""Colors (with hysteresis), lifecycle stage, and priority tiers."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from connector.model import DealStatus
from connector.scoring._common import DAY
from connector.scoring._result import Color, Lifecycle

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from connector.config import ColorSettings, LifecycleSettings
    from connector.snapshot import Snapshot

# Most urgent first; Green is always tier 9 ("expansion").
_TIERS = {
    (Color.RED, Lifecycle.WARM): 1,
    (Color.RED, Lifecycle.FIRST): 2,
    (Color.YELLOW, Lifecycle.WARM): 3,
    (Color.RED, Lifecycle.COLD): 4,
    (Color.YELLOW, Lifecycle.FIRST): 5,
    (Color.RED, Lifecycle.HELLO): 6,
    (Color.YELLOW, Lifecycle.COLD): 7,
    (Color.YELLOW, Lifecycle.HELLO): 8,
}
TIER_NAMES = {1: "rescue", 8: "nurture", 9: "expansion"}


def colors(
    score: NDArray[np.float64], s: ColorSettings, previous: NDArray[np.int8] | None = None
) -> NDArray[np.int8]:
    """Color of each score; with ``previous`` colors, a color only changes
    once the score passes the threshold by ``hysteresis`` points.
    """
    green_min = np.full(score.shape, s.green_min)
    red_below = np.full(score.shape, s.red_below)
    if previous is not None:
        known = previous >= 0
        h = s.hysteresis
        green_min[known] = np.where(
            previous[known] == Color.GREEN, s.green_min - h, s.green_min + h
        )
        red_below[known] = np.where(previous[known] == Color.RED, s.red_below + h, s.red_below - h)
    out = np.full(score.shape, Color.YELLOW, dtype=np.int8)
    out[score >= green_min] = Color.GREEN
    out[score < red_below] = Color.RED
    return out


def lifecycle(snap: Snapshot, as_of_ts: float, s: LifecycleSettings) -> NDArray[np.int8]:
    """Hello / First / Warm from won deals; Cold when nothing won for a year and nothing open.

    A deal closed after ``as_of`` was still open at ``as_of``.
    """
    na = snap.n_accounts
    closed = snap.deal_closed
    with np.errstate(invalid="ignore"):
        later = closed > as_of_ts
    won = (snap.deal_status == DealStatus.WON.code) & ~later
    open_ = (snap.deal_status == DealStatus.OPEN.code) | (
        later & (snap.deal_status != DealStatus.OPEN.code)
    )
    n_won = np.bincount(snap.deal_account[won], minlength=na)
    recent = np.zeros(na, dtype=bool)
    # A win without a close date is taken as recent: it alone never makes
    # an account Cold.
    with np.errstate(invalid="ignore"):
        recent_won = won & ((closed >= as_of_ts - s.cold_after_days * DAY) | np.isnan(closed))
    recent[snap.deal_account[recent_won]] = True
    has_open = np.bincount(snap.deal_account[open_], minlength=na) > 0
    stage = np.full(na, Lifecycle.HELLO, dtype=np.int8)
    stage[(n_won >= 1) & (n_won < s.warm_min_won)] = Lifecycle.FIRST
    stage[n_won >= s.warm_min_won] = Lifecycle.WARM
    stage[(n_won >= 1) & ~recent & ~has_open] = Lifecycle.COLD
    return stage


def priority(color: NDArray[np.int8], stage: NDArray[np.int8]) -> NDArray[np.int8]:
    """Priority tier 1 (rescue) to 9 (green: expansion)."""
    table = np.full((len(Color), len(Lifecycle)), 9, dtype=np.int8)
    for (c, st), tier in _TIERS.items():
        table[c, st] = tier
    out: NDArray[np.int8] = table[color, stage]
    return out
