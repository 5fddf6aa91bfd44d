"""The sandbox org: its tables, clock, users, and who may see which custom field.

Field-level security is modelled as in a real org: a custom field is visible
to (and writable by) a user only when a ``FieldPermissions`` row grants it on
a permission set assigned to that user (every user is assigned the permission
set owned by their profile). Standard fields are always visible. A field
created through the Tooling API therefore stays invisible to queries
(``INVALID_FIELD``) until someone grants it, exactly the trap the connector's
setup step must handle.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from connector.sandbox.salesforce._ids import decode_id
from connector.sandbox.salesforce._store import format_datetime

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from connector.sandbox.salesforce._schema import FieldDef, ObjectSchema
    from connector.sandbox.salesforce._store import Table

__all__ = ["PERMISSION_TABLES", "Org"]

#: Writing to these tables changes who sees which field.
PERMISSION_TABLES = frozenset({"FieldPermissions", "PermissionSetAssignment", "PermissionSet"})


class Org:
    """Every table of one org, plus the org-wide settings requests need."""

    def __init__(
        self,
        schemas: dict[str, ObjectSchema],
        clock: Callable[[], datetime],
        integration_user: str,
    ) -> None:
        self.schemas = schemas
        self.clock = clock
        self.integration_user = integration_user
        self.tables: dict[str, Table] = {}
        self._lower: dict[str, str] = {}
        self._prefix: dict[str, str] = {}
        self.lock = threading.RLock()
        self._permissions_version = 0
        self._fls: dict[str, tuple[int, frozenset[str], frozenset[str]]] = {}

    def add(self, table: Table) -> None:
        """Register a table."""
        self.tables[table.name] = table
        self._lower[table.name.lower()] = table.name
        self._prefix[table.prefix] = table.name

    def table(self, name: str) -> Table | None:
        """The table of object ``name`` (any case), or None."""
        real = self._lower.get(name.lower())
        return None if real is None else self.tables[real]

    def table_for_prefix(self, prefix: str) -> Table | None:
        """The table whose ids start with ``prefix``."""
        name = self._prefix.get(prefix)
        return None if name is None else self.tables[name]

    def resolve(self, record_id: str) -> tuple[Table, int] | None:
        """The table and row of any record id (deleted rows included), or None."""
        decoded = decode_id(record_id)
        if decoded is None:
            return None
        table = self.table_for_prefix(decoded[0])
        if table is None or decoded[1] >= len(table):
            return None
        return table, decoded[1]

    def now(self) -> str:
        """The current time in Salesforce's JSON form."""
        return format_datetime(self.clock())

    # -- field-level security -------------------------------------------------

    def permissions_changed(self) -> None:
        """Forget cached field permissions (after a write to a permission table)."""
        self._permissions_version += 1

    def _grants(self, user: str) -> tuple[frozenset[str], frozenset[str]]:
        cached = self._fls.get(user)
        if cached is not None and cached[0] == self._permissions_version:
            return cached[1], cached[2]
        assignments = self.tables["PermissionSetAssignment"]
        sets = {
            assignments.get(i, "PermissionSetId")
            for i in assignments.live_rows()
            if assignments.get(i, "AssigneeId") == user
        }
        grants = self.tables["FieldPermissions"]
        readable: set[str] = set()
        editable: set[str] = set()
        for i in grants.live_rows():
            if grants.get(i, "ParentId") not in sets:
                continue
            obj, _, name = str(grants.get(i, "Field")).partition(".")
            targets = ("Task", "Event") if obj == "Activity" else (obj,)
            for target in targets:
                if grants.get(i, "PermissionsRead"):
                    readable.add(f"{target}.{name}")
                if grants.get(i, "PermissionsEdit"):
                    editable.add(f"{target}.{name}")
        result = (frozenset(readable), frozenset(editable))
        self._fls[user] = (self._permissions_version, *result)
        return result

    def can_read(self, user: str, obj: str, definition: FieldDef) -> bool:
        """Whether ``user`` may see field ``definition`` of ``obj``."""
        return not definition.custom or f"{obj}.{definition.name}" in self._grants(user)[0]

    def can_edit(self, user: str, obj: str, definition: FieldDef) -> bool:
        """Whether ``user`` may write field ``definition`` of ``obj``."""
        return not definition.custom or f"{obj}.{definition.name}" in self._grants(user)[1]

    def visible_custom(self, user: str, obj: str) -> frozenset[str]:
        """Names of the custom fields of ``obj`` that ``user`` may see."""
        readable = self._grants(user)[0]
        prefix = obj + "."
        return frozenset(f[len(prefix) :] for f in readable if f.startswith(prefix))

    def editable_custom(self, user: str, obj: str) -> frozenset[str]:
        """Names of the custom fields of ``obj`` that ``user`` may write."""
        editable = self._grants(user)[1]
        prefix = obj + "."
        return frozenset(f[len(prefix) :] for f in editable if f.startswith(prefix))

    def add_custom_field(self, obj: str, definition: FieldDef) -> list[str]:
        """Add a custom field to ``obj`` (``Activity``: to Task and Event); the objects."""
        targets = ["Task", "Event"] if obj == "Activity" else [obj]
        for target in targets:
            self.schemas[target].add(definition)
        return targets
