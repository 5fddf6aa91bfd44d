"""Random demo deals: won, lost and open, with amounts and close dates.

Private to :mod:`connector.sandbox`. Healthier accounts have won more; open
deals have no close date yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from connector.model import Deal, DealStatus
from connector.sandbox._build import build_records, object_table, pick, to_times

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from connector.sandbox._build import Ids
    from connector.sandbox._people import Population

__all__ = ["Deals", "deal_records", "make_deals"]

# Per health class (green, yellow, sour, silent).
WON_RATE = np.array([1.6, 1.1, 1.3, 0.9])
OPEN_P = np.array([0.5, 0.35, 0.3, 0.15])
LOST_RATE = 0.6
WON, LOST, OPEN = (s.code for s in DealStatus)


@dataclass(frozen=True)
class Deals:
    """Deal columns; ``closed`` is -1 for an open deal."""

    account: NDArray[np.int32]
    status: NDArray[np.int8]
    closed: NDArray[np.int64]
    amount: NDArray[np.float64]


def make_deals(rng: np.random.Generator, pop: Population, as_of_ts: int) -> Deals:
    """Each account's deals, grouped by account, oldest first."""
    h = pop.health
    counts = np.stack(
        (rng.poisson(WON_RATE[h]), rng.poisson(LOST_RATE, pop.n), rng.random(pop.n) < OPEN_P[h])
    ).astype(np.int64)
    status = np.repeat(np.tile(np.array([WON, LOST, OPEN], dtype=np.int8), pop.n), counts.T.ravel())
    account = np.repeat(np.arange(pop.n, dtype=np.int32), counts.sum(axis=0))
    d = len(status)
    age_days = np.where(status == WON, rng.uniform(20, 1100, d), rng.uniform(20, 900, d))
    closed = np.where(
        status == OPEN, -1, as_of_ts - (np.rint(age_days * 24) * 3600).astype(np.int64)
    )
    amount = np.round(rng.lognormal(np.log(30_000.0), 0.8, d), -2)
    order = np.lexsort((closed, account))
    return Deals(account[order], status[order], closed[order], amount[order])


def deal_records(deals: Deals, pop: Population, ids: Ids) -> list[Deal]:
    """The deals as records, numbered after ``ids``."""
    d = len(deals.status)
    closed: list[Any] = to_times(np.maximum(deals.closed, 0))
    for i in np.flatnonzero(deals.closed < 0).tolist():
        closed[i] = None
    return build_records(
        Deal,
        d,
        {
            "id": ids.take("deal", d),
            "account_id": pick(object_table(pop.account_ids, pop.n), deals.account),
            "status": pick(object_table(DealStatus, len(DealStatus)), deals.status),
            "closed_at": closed,
            "amount": deals.amount.tolist(),
        },
    )
