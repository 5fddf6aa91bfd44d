"""Times as HubSpot writes and reads them: ISO 8601 with milliseconds, or epoch ms.

Private to the HubSpot sandbox.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["MISSING", "iso_ms", "iso_ms_many", "parse_time_ms", "to_ms"]

#: Stands for "no time" in int64 columns of epoch milliseconds.
MISSING = -(2**63)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def iso_ms(ms: int) -> str:
    """``2026-11-28T10:00:00.000Z`` for epoch milliseconds."""
    when = _EPOCH + timedelta(milliseconds=int(ms))
    return f"{when:%Y-%m-%dT%H:%M:%S}.{when.microsecond // 1000:03d}Z"


def iso_ms_many(ms: NDArray[np.int64]) -> list[str | None]:
    """:func:`iso_ms` of many times at once (None where :data:`MISSING`)."""
    missing = ms == MISSING
    stamps = np.datetime_as_string(np.where(missing, 0, ms).astype("datetime64[ms]"), unit="ms")
    out: list[str | None] = [f"{s}Z" for s in stamps.tolist()]
    if missing.any():
        for i in np.flatnonzero(missing).tolist():
            out[i] = None
    return out


def to_ms(when: datetime) -> int:
    """Epoch milliseconds of a timezone-aware datetime."""
    return round(when.timestamp() * 1000)  # exact: epoch ms are far below 2**53


def parse_time_ms(text: str) -> int | None:
    """Epoch ms from epoch-ms digits or an ISO 8601 time (UTC if no zone); None if neither."""
    text = text.strip()
    if text.lstrip("-").isdigit():
        return int(text)
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return to_ms(when)
