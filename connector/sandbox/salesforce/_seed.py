"""Building the org: users, profiles, permissions, preset fields, and the data.

The org has the canonical dataset's users (profile "Standard User") plus an
"Integration User" (profile "System Administrator", the connected app's
run-as user and the owner of records whose owner is unknown). Each profile
owns a permission set, assigned to its users; both grant read and edit on
the preset custom fields (``Health_Outcome__c``, ``Meeting_Status__c``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from connector.sandbox.salesforce._ids import make_id
from connector.sandbox.salesforce._objects import PRESET_CUSTOM_FIELDS, make_schemas
from connector.sandbox.salesforce._org import Org
from connector.sandbox.salesforce._store import DictRows, Rows, Table, format_datetime
from connector.sandbox.salesforce._tooling import Tooling, metadata_of
from connector.sandbox.salesforce._translate import translate

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from connector.model import Dataset

__all__ = ["INTEGRATION_USERNAME", "OrgParts", "build_org", "empty_org"]

INTEGRATION_USERNAME = "integration@healthscore-sandbox.example"
ADMIN_PROFILE, STANDARD_PROFILE = make_id("00e", 0), make_id("00e", 1)
ADMIN_SET, STANDARD_SET = make_id("0PS", 0), make_id("0PS", 1)
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass
class OrgParts:
    """A built org and what goes with it."""

    org: Org
    tooling: Tooling
    rows: dict[str, dict[str, int]] = field(default_factory=dict)  # canonical id -> row
    usernames: dict[str, str] = field(default_factory=dict)  # username -> user id


def empty_org(clock: Callable[[], datetime], integration_user: str) -> OrgParts:
    """An org with every object but no rows (state files fill it)."""
    org = Org(make_schemas(), clock, integration_user)
    tooling = Tooling(org, Org({}, clock, integration_user))
    return OrgParts(org, tooling)


def _audit(when: str, user: str) -> dict[str, Any]:
    return {
        "CreatedDate": when,
        "LastModifiedDate": when,
        "SystemModstamp": when,
        "CreatedById": user,
        "LastModifiedById": user,
    }


def _users(live: Dataset, audit: dict[str, Any]) -> tuple[list[dict[str, Any]], dict[str, int]]:
    rows: list[dict[str, Any]] = []
    index = {u.id: i for i, u in enumerate(live.users)}
    managers = {u.manager_id for u in live.users if u.manager_id}
    taken: set[str] = set()
    for i, user in enumerate(live.users):
        name = user.name or f"User {i + 1}"
        first, _, last = name.partition(" ")
        if not last:
            first, last = "", first
        base = _SLUG.sub(".", name.lower()).strip(".") or f"user{i + 1}"
        username = f"{base}@healthscore-sandbox.example"
        if username in taken:
            username = f"{base}{i + 1}@healthscore-sandbox.example"
        taken.add(username)
        manager = index.get(user.manager_id) if user.manager_id else None
        rows.append(
            {
                "Username": username,
                "FirstName": first or None,
                "LastName": last,
                "Name": name,
                "Email": username.replace("@healthscore-sandbox.example", "@example.com"),
                "Alias": (first[:1] + last[:4]).lower() or "user",
                "IsActive": True,
                "ManagerId": None if manager is None else make_id("005", manager),
                "ProfileId": STANDARD_PROFILE,
                "UserType": "Standard",
                "Title": "Sales Manager" if user.id in managers else "Account Executive",
                **audit,
            }
        )
    rows.append(
        {
            "Username": INTEGRATION_USERNAME,
            "FirstName": "Integration",
            "LastName": "User",
            "Name": "Integration User",
            "Email": "integration@example.com",
            "Alias": "integ",
            "IsActive": True,
            "ManagerId": None,
            "ProfileId": ADMIN_PROFILE,
            "UserType": "Standard",
            "Title": "API integration",
            **audit,
        }
    )
    return rows, index


def _permissions(
    org: Org, tooling: Tooling, users: list[dict[str, Any]], audit: dict[str, Any]
) -> None:
    profiles = [{"Name": "System Administrator", **audit}, {"Name": "Standard User", **audit}]
    sets = [
        {
            "Name": f"X{profile}",
            "Label": f"{label} profile",
            "ProfileId": profile,
            "IsOwnedByProfile": True,
            "Description": None,
            **audit,
        }
        for profile, label in (
            (ADMIN_PROFILE, "System Administrator"),
            (STANDARD_PROFILE, "Standard User"),
        )
    ]
    assignments = [
        {
            "AssigneeId": make_id("005", i),
            "PermissionSetId": ADMIN_SET if u["ProfileId"] == ADMIN_PROFILE else STANDARD_SET,
            **audit,
        }
        for i, u in enumerate(users)
    ]
    grants: list[dict[str, Any]] = []
    for obj, definition in PRESET_CUSTOM_FIELDS:
        tooling.register(obj, definition, metadata_of(definition))
        for target in ("Task", "Event") if obj == "Activity" else (obj,):
            grants.extend(
                {
                    "ParentId": permission_set,
                    "SobjectType": target,
                    "Field": f"{target}.{definition.name}",
                    "PermissionsRead": True,
                    "PermissionsEdit": True,
                    **audit,
                }
                for permission_set in (ADMIN_SET, STANDARD_SET)
            )
    schemas = org.schemas
    org.add(Table(schemas["Profile"], DictRows(profiles)))
    org.add(Table(schemas["PermissionSet"], DictRows(sets)))
    org.add(Table(schemas["PermissionSetAssignment"], DictRows(assignments)))
    org.add(Table(schemas["FieldPermissions"], DictRows(grants)))


def build_org(
    live: Dataset, gone: Dataset, as_of: datetime, clock: Callable[[], datetime]
) -> OrgParts:
    """The org holding ``live`` (and ``gone``, soft-deleted), as of ``as_of``."""
    integration = make_id("005", len(live.users))
    parts = empty_org(clock, integration)
    org = parts.org
    audit = _audit(format_datetime(as_of.replace(year=as_of.year - 5)), integration)
    users, user_rows = _users(live, audit)
    org.add(Table(org.schemas["User"], DictRows(users)))
    _permissions(org, parts.tooling, users, audit)
    translated = translate(live, gone, as_of, user_rows, integration)
    for name, source in translated.sources.items():
        deleted = translated.deleted.get(name)
        org.add(Table(org.schemas[name], source, dict(deleted) if deleted else None))
    parts.rows = {"users": user_rows, **translated.rows}
    parts.usernames = {u["Username"]: make_id("005", i) for i, u in enumerate(users)}
    return parts


def add_tables(org: Org, sources: dict[str, tuple[Rows, dict[int, str]]]) -> None:
    """Add tables from loaded row sources (state files)."""
    for name, (rows, deleted) in sources.items():
        org.add(Table(org.schemas[name], rows, deleted))
