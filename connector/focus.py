"""Focus today: the accounts each owner, and each manager's team, should act on first.

scoring.md: "Focus today shows the first 5-10 per owner and per manager,
each with its action." Only accounts that need attention (Yellow or Red) are
listed, in priority order; Green accounts need no action today.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from connector.scoring import Color

if TYPE_CHECKING:
    from connector.scoring import ScoreResult
    from connector.snapshot import Snapshot

__all__ = ["ACTIONS", "FocusLists", "focus_lists", "focus_tables"]

ACTIONS = {
    Color.GREEN: "maintain; look for expansion",
    Color.YELLOW: "owner re-engages within 48 hours; book a meeting with the decision maker",
    Color.RED: "manager steps in: 30-day re-engagement plan with an owner and milestones",
}


@dataclass(frozen=True, slots=True)
class FocusLists:
    """Account positions per owner and per manager (user positions), most urgent first."""

    by_owner: dict[int, list[int]]
    by_manager: dict[int, list[int]]


def focus_lists(snap: Snapshot, result: ScoreResult, per: int = 7) -> FocusLists:
    """The first ``per`` accounts needing attention for every owner and every manager.

    A manager's list covers the accounts of everyone who reports to them
    directly, and their own.
    """
    managers = set(snap.user_manager[snap.user_manager >= 0].tolist())
    by_owner: dict[int, list[int]] = {}
    by_manager: dict[int, list[int]] = {}

    def add(lists: dict[int, list[int]], user: int, account: int) -> None:
        entries = lists.setdefault(user, [])
        if len(entries) < per:
            entries.append(account)

    for i in result.order.tolist():
        owner = int(snap.account_owner[i])
        if result.account_color[i] == Color.GREEN or owner < 0:
            continue
        add(by_owner, owner, i)
        boss = int(snap.user_manager[owner])
        if boss >= 0:
            add(by_manager, boss, i)
        if owner in managers:
            add(by_manager, owner, i)
    return FocusLists(by_owner, by_manager)


def focus_tables(snap: Snapshot, result: ScoreResult, lists: FocusLists) -> list[Table]:
    """One Rich table per owner, then per manager."""
    tables = []
    for title, groups in (("owner", lists.by_owner), ("team of", lists.by_manager)):
        for user, accounts in sorted(groups.items(), key=lambda kv: _name(snap, kv[0])):
            table = Table(title=f"Focus today: {title} {_name(snap, user)}", title_justify="left")
            for column in ("Account", "Score", "Color", "Action", "Why"):
                table.add_column(column)
            for i in accounts:
                color = Color(int(result.account_color[i]))
                reasons = result.account_reasons[i]
                table.add_row(
                    snap.account_names[i] or snap.account_ids[i],
                    f"{result.account_score[i]:.0f}",
                    Text(color.label, style="bold red" if color == Color.RED else "bold yellow"),
                    ACTIONS[color],
                    reasons[0].text if reasons else "",
                )
            tables.append(table)
    return tables


def _name(snap: Snapshot, user: int) -> str:
    return snap.user_names[user] or snap.user_ids[user]
