"""Health scoring: pure functions of a snapshot, settings and an ``as_of`` time.

Nothing here touches a database, the network or the clock.
"""

from __future__ import annotations

from connector.scoring._contact import contact_formula
from connector.scoring._result import Color, History, Lifecycle, OwnerFlag, Reason, ScoreResult
from connector.scoring._score import score_dataset, score_snapshot
from connector.scoring._stage import TIER_NAMES, colors

__all__ = [
    "TIER_NAMES",
    "Color",
    "History",
    "Lifecycle",
    "OwnerFlag",
    "Reason",
    "ScoreResult",
    "colors",
    "contact_formula",
    "score_dataset",
    "score_snapshot",
]
