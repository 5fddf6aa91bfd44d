"""Canonical users -> HubSpot owners, with managers as team leads.

Private to the HubSpot sandbox. HubSpot owners have no manager; the rule that
stands for one is in :mod:`.values` (a manager is the only non-primary member
of their reports' primary team). Users named as owners but missing from the
dataset become owners without a name, so every ``hubspot_owner_id`` resolves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from connector.sandbox.hubspot._times import iso_ms
from connector.sandbox.hubspot.values import TEAM_NAME

if TYPE_CHECKING:
    from collections.abc import Sequence

    from connector.model import Account, Activity, User

__all__ = ["OWNER_BASE", "make_owners"]

OWNER_BASE = 41_000_000
USER_BASE = 7_100_000
TEAM_BASE = 510_000
_EMAIL_DOMAIN = "demo-portal.example.com"


def _ascii(part: str) -> str:
    return "".join(ch for ch in part.lower() if ch.isalnum())


def make_owners(
    users: Sequence[User],
    accounts: Sequence[Account],
    activities: Sequence[Activity],
    as_of_ms: int,
) -> tuple[list[dict[str, Any]], list[str], dict[str | None, int]]:
    """Owners as the owners API answers them, their canonical ids, and canonical id -> owner id."""
    everyone = list(users)
    known = {u.id for u in users}
    named = {a.owner_id for a in accounts} | {a.owner_id for a in activities}
    extra = sorted(x for x in named - known if x is not None)
    canonical = [u.id for u in everyone] + extra
    owner_id = {c: OWNER_BASE + i + 1 for i, c in enumerate(canonical)}
    index = {c: i for i, c in enumerate(canonical)}
    leads = sorted({u.manager_id for u in everyone if u.manager_id in known}, key=index.__getitem__)
    team_of = {m: str(TEAM_BASE + i + 1) for i, m in enumerate(leads)}
    name_of = {u.id: u.name for u in everyone}
    manager_of = {u.id: u.manager_id for u in everyone}
    created = iso_ms(as_of_ms - 3 * 365 * 86_400_000)
    owners: list[dict[str, Any]] = []
    for i, cid in enumerate(canonical):
        name = name_of.get(cid)
        first, _, last = (name or "").partition(" ")
        teams = []
        manager = manager_of.get(cid)
        if manager in team_of:
            teams.append(
                {
                    "id": team_of[manager],
                    "name": TEAM_NAME.format(name=name_of[manager]),
                    "primary": True,
                }
            )
        if cid in team_of:
            teams.append(
                {"id": team_of[cid], "name": TEAM_NAME.format(name=name or cid), "primary": False}
            )
        local = ".".join(p for p in (_ascii(first), _ascii(last)) if p) or f"user{i + 1}"
        owners.append(
            {
                "id": str(owner_id[cid]),
                "email": f"{local}@{_EMAIL_DOMAIN}",
                "type": "PERSON",
                "firstName": first,
                "lastName": last,
                "userId": USER_BASE + i + 1,
                "userIdIncludingInactive": USER_BASE + i + 1,
                "createdAt": created,
                "updatedAt": created,
                "archived": False,
                "teams": teams,
            }
        )
    return owners, canonical, {c: owner_id[c] for c in canonical}
