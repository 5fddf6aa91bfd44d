"""Turning a :class:`ScoreResult` into what people and programs read.

``results_document`` builds the documented JSON shape of ``healthscore score
--json``; ``results_table`` builds the Rich table of the human view. Both list
accounts in priority order (most urgent first).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
from rich.table import Table
from rich.text import Text

from connector.focus import ACTIONS, focus_lists
from connector.scoring import TIER_NAMES, Color, Lifecycle

if TYPE_CHECKING:
    from connector.errors import RecordIssue
    from connector.scoring import ScoreResult
    from connector.snapshot import Snapshot

__all__ = ["results_document", "results_table"]

_STYLE = {Color.GREEN: "bold green", Color.YELLOW: "bold yellow", Color.RED: "bold red"}


def _round(x: float | np.floating[Any]) -> float | None:
    return None if math.isnan(x) else round(float(x), 1)


def _time(result: ScoreResult) -> str:
    return result.as_of.isoformat().replace("+00:00", "Z")


def results_document(
    snap: Snapshot, result: ScoreResult, skipped: list[RecordIssue] | None = None
) -> dict[str, Any]:
    """The JSON document of ``score --json`` (documented in the README)."""
    by_account: list[list[int]] = [[] for _ in range(snap.n_accounts)]
    contact_order: list[int] = np.argsort(snap.contact_account, kind="stable").tolist()
    for c in contact_order:
        by_account[int(snap.contact_account[c])].append(c)
    owners = snap.account_owner
    accounts = []
    for i in result.order.tolist():
        color = Color(int(result.account_color[i]))
        tier = int(result.account_priority[i])
        accounts.append(
            {
                "id": snap.account_ids[i],
                "name": snap.account_names[i],
                "score": _round(result.account_score[i]),
                "color": color.label,
                "lifecycle": Lifecycle(int(result.account_lifecycle[i])).label,
                "priority": tier,
                "priority_name": TIER_NAMES.get(tier),
                "action": ACTIONS[color],
                "owner_id": snap.user_ids[owners[i]] if owners[i] >= 0 else None,
                "base_score": _round(result.account_base[i]),
                "trend_7d": _round(result.account_trend_7d[i]),
                "trend_30d": _round(result.account_trend_30d[i]),
                "reasons": [{"code": r.code, "text": r.text} for r in result.account_reasons[i]],
                "contacts": [
                    {
                        "id": snap.contact_ids[c],
                        "score": _round(float(result.contact_score[c])),
                        "color": Color(int(result.contact_color[c])).label,
                    }
                    for c in by_account[i]
                ],
            }
        )
    focus = focus_lists(snap, result)
    return {
        "as_of": _time(result),
        "accounts": accounts,
        "focus": {
            "owners": {
                snap.user_ids[u]: [snap.account_ids[i] for i in items]
                for u, items in focus.by_owner.items()
            },
            "managers": {
                snap.user_ids[u]: [snap.account_ids[i] for i in items]
                for u, items in focus.by_manager.items()
            },
        },
        "owner_flags": [
            {"owner_id": snap.user_ids[f.owner_index], "code": f.code, "text": f.text}
            for f in result.owner_flags
        ],
        "data_quality": {
            "missing_outcome_share": {
                snap.user_ids[u]: round(float(share), 3)
                for u, share in enumerate(result.owner_missing_outcome_share.tolist())
                if not math.isnan(share)
            }
        },
        "skipped": [
            {"object": i.object, "id": i.record_id, "field": i.field, "problem": i.problem}
            for i in skipped or []
        ],
    }


def results_table(snap: Snapshot, result: ScoreResult, limit: int = 0) -> Table:
    """Who needs attention today: one row per account, most urgent first."""
    table = Table(title=f"Account health as of {_time(result)}", show_lines=False)
    for name, justify in (
        ("Priority", "left"),
        ("Account", "left"),
        ("Owner", "left"),
        ("Score", "right"),
        ("Color", "left"),
        ("Stage", "left"),
        ("Why", "left"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    order = result.order.tolist()
    shown = order[:limit] if limit > 0 else order
    for i in shown:
        color = Color(int(result.account_color[i]))
        tier = int(result.account_priority[i])
        owner = int(snap.account_owner[i])
        reasons = result.account_reasons[i]
        table.add_row(
            f"{tier} {TIER_NAMES.get(tier, '')}".strip(),
            snap.account_names[i] or snap.account_ids[i],
            (snap.user_names[owner] or snap.user_ids[owner]) if owner >= 0 else "",
            f"{result.account_score[i]:.0f}",
            Text(color.label, style=_STYLE[color]),
            Lifecycle(int(result.account_lifecycle[i])).label,
            "; ".join(r.text for r in reasons[:2]) + (" …" if len(reasons) > 2 else ""),
        )
    if len(shown) < len(order):
        table.caption = f"{len(order) - len(shown)} more accounts not shown (--limit 0 shows all)"
    return table
