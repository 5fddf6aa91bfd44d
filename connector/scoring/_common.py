"""Small shared pieces of the scoring layer: codes, time, decay, grouping."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import numpy as np

from connector.model import ActivityKind, ActivityStatus, Direction, Outcome, Role

if TYPE_CHECKING:
    from collections.abc import Sequence

    from numpy.typing import NDArray

DAY = 86_400.0

MEETING = ActivityKind.MEETING.code
CALL = ActivityKind.CALL.code
EMAIL = ActivityKind.EMAIL.code
COMPLETED = ActivityStatus.COMPLETED.code
MISSED_MEETING = (
    ActivityStatus.RESCHEDULED.code,
    ActivityStatus.CANCELED.code,
    ActivityStatus.NO_SHOW.code,
)
INBOUND = Direction.INBOUND.code
OUTBOUND = Direction.OUTBOUND.code
POSITIVE = Outcome.POSITIVE.code
NEUTRAL = Outcome.NEUTRAL.code
NEGATIVE = Outcome.NEGATIVE.code
DM = Role.DECISION_MAKER.code
APPROVER = Role.APPROVER.code
UNKNOWN_ROLE = Role.UNKNOWN.code


def decay(age_days: NDArray[np.float64], half_life_days: float) -> NDArray[np.float64]:
    """Weight of evidence ``age_days`` old: halves every ``half_life_days``."""
    out: NDArray[np.float64] = np.power(0.5, np.maximum(age_days, 0.0) / half_life_days)
    return out


def group_max(
    groups: NDArray[np.int32], values: NDArray[np.float64], n: int
) -> NDArray[np.float64]:
    """Per group (0..n-1), the maximum value; ``-inf`` for an empty group."""
    out = np.full(n, -np.inf)
    np.maximum.at(out, groups, values)
    return out


def date_text(ts: float) -> str:
    """An epoch time as an ISO date (UTC), for reason sentences."""
    return datetime.fromtimestamp(ts, UTC).date().isoformat()


def person(
    names: Sequence[str | None], titles: Sequence[str | None], ids: Sequence[str], i: int
) -> str:
    """How a reason sentence names contact ``i``: "Jane Roe (CEO)"."""
    name = names[i] or ids[i]
    title = titles[i]
    return f"{name} ({title})" if title else name


def plural(n: int, word: str) -> str:
    """``3 meetings``, ``1 meeting``."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
