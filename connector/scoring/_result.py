"""What scoring returns, and what it needs from earlier runs."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from datetime import datetime

    from numpy.typing import NDArray

__all__ = ["Color", "History", "Lifecycle", "OwnerFlag", "Reason", "ScoreResult"]


class Color(enum.IntEnum):
    """Health color; ordered so that ``min`` gives the worse color."""

    RED = 0
    YELLOW = 1
    GREEN = 2

    @property
    def label(self) -> str:
        """Lower-case name, as written to JSON and CRMs."""
        return self.name.lower()


class Lifecycle(enum.IntEnum):
    """Lifecycle stage from won deals."""

    HELLO = 0
    FIRST = 1
    WARM = 2
    COLD = 3

    @property
    def label(self) -> str:
        """Lower-case name, as written to JSON and CRMs."""
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class Reason:
    """One explanation of an account's result: a stable code and a sentence."""

    code: str
    text: str


@dataclass(frozen=True, slots=True)
class OwnerFlag:
    """An integrity flag on one owner's logging (shown to their manager)."""

    owner_index: int
    code: str
    text: str


@dataclass(frozen=True, slots=True)
class History:
    """Earlier results per account, aligned with the snapshot's accounts.

    ``prev_color`` is the color of the latest earlier scoring day (``-1`` for
    none: the first score has no hysteresis); ``score_Nd`` is the final score
    N days before ``as_of`` (``nan`` when unknown).
    """

    prev_color: NDArray[np.int8]
    score_7d: NDArray[np.float64]
    score_14d: NDArray[np.float64]
    score_30d: NDArray[np.float64]

    @classmethod
    def empty(cls, n_accounts: int) -> History:
        """No earlier results at all."""
        nan = np.full(n_accounts, np.nan)
        return cls(np.full(n_accounts, -1, np.int8), nan, nan.copy(), nan.copy())


@dataclass(frozen=True, slots=True)
class ScoreResult:
    """Scores of one snapshot at one ``as_of`` time; arrays align with it."""

    as_of: datetime
    contact_score: NDArray[np.float64]
    contact_color: NDArray[np.int8]
    account_base: NDArray[np.float64]
    account_score: NDArray[np.float64]
    account_color: NDArray[np.int8]
    account_lifecycle: NDArray[np.int8]
    account_priority: NDArray[np.int8]
    account_trend_7d: NDArray[np.float64]
    account_trend_30d: NDArray[np.float64]
    account_drop_14d: NDArray[np.float64]
    account_reasons: list[list[Reason]]
    order: NDArray[np.int64]
    owner_flags: list[OwnerFlag] = field(default_factory=list)
    # Per user: share of their completed activities in the integrity window
    # that have no outcome (a data-quality figure; nan when they had none).
    owner_missing_outcome_share: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
