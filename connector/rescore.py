"""Scoring a stored connection: snapshot and history in, results and history out.

This is the "score" step of a sync (architecture.md): the store supplies the
columns and the earlier results, scoring stays pure, and the results replace
the connection's current ones and add a day to its history (which feeds
hysteresis and trends on the next run).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from connector.scoring import score_snapshot

if TYPE_CHECKING:
    from datetime import datetime

    from connector.config import Settings
    from connector.scoring import ScoreResult
    from connector.snapshot import Snapshot
    from connector.store import Store

__all__ = ["Scored", "score_connection"]


@dataclass(frozen=True, slots=True)
class Scored:
    """What one scoring run read and produced."""

    snapshot: Snapshot
    result: ScoreResult


def score_connection(
    store: Store, connection: str, as_of: datetime, settings: Settings, *, save: bool = True
) -> Scored:
    """Score ``connection`` as of ``as_of`` from the store; save the results unless told not to."""
    # Text is only needed for the competitor window; reading all of it would
    # cost more than the scoring itself on a large org.
    text_since = as_of - timedelta(days=settings.signals.competitor_days)
    snapshot = store.read_snapshot(connection, text_since=text_since, as_of=as_of)
    history = store.read_history(connection, snapshot, as_of)
    result = score_snapshot(snapshot, as_of, settings, history)
    if save:
        store.save_results(connection, snapshot, result)
    return Scored(snapshot, result)
