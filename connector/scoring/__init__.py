"""Health scoring: pure functions of a snapshot, settings and an ``as_of`` time.

Nothing here touches a database, the network or the clock.
"""

from __future__ import annotations

from connector.scoring._result import Color, History, Lifecycle, OwnerFlag, Reason, ScoreResult

__all__ = ["Color", "History", "Lifecycle", "OwnerFlag", "Reason", "ScoreResult"]
