"""What a request handler gets, and helpers every handler shares.

Private to the HubSpot sandbox.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from connector.sandbox.hubspot._auth import check_scopes
from connector.sandbox.hubspot._catalog import resolve_type
from connector.sandbox.hubspot._errors import bad_request
from connector.sandbox.hubspot._times import iso_ms, iso_ms_many

if TYPE_CHECKING:
    from collections.abc import Sequence

    from connector.sandbox._faults import Fault
    from connector.sandbox._http import Request
    from connector.sandbox.hubspot._auth import Token
    from connector.sandbox.hubspot._catalog import ObjectType, Scopes
    from connector.sandbox.hubspot._store import Portal
    from connector.sandbox.hubspot._table import Table

__all__ = ["Ctx", "batch_times", "record_json"]


@dataclass
class Ctx:
    """One request, with the portal it is for and the token it carries."""

    portal: Portal
    request: Request
    params: dict[str, str]
    token: Token
    fault: Fault | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def require(self, scopes: Scopes) -> None:
        """403 unless the token has ``scopes``."""
        check_scopes(self.token, scopes)

    def object_type(self, key: str = "type") -> ObjectType:
        """The object type named in the path (400 if unknown)."""
        name = self.params[key]
        found = resolve_type(name)
        if found is None:
            msg = f"Unable to infer object type from: {name}"
            raise bad_request(msg)
        return found

    def query_list(self, name: str) -> list[str]:
        """A list parameter, given as repeated keys and/or comma-separated values."""
        out: list[str] = []
        for value in self.request.query.get(name, []):
            out.extend(v.strip() for v in value.split(",") if v.strip())
        return out

    def flag(self, name: str) -> bool:
        """A boolean query parameter (default false)."""
        return (self.request.arg(name) or "false").strip().lower() == "true"

    def body(self) -> dict[str, Any]:
        """The JSON object body (400 if it is not one)."""
        try:
            data = self.request.json()
        except (ValueError, UnicodeDecodeError, RecursionError):
            msg = "Invalid input JSON: the body could not be parsed as JSON."
            raise bad_request(msg) from None
        if not isinstance(data, dict):
            msg = "Invalid input JSON: expected an object."
            raise bad_request(msg)
        return data

    @staticmethod
    def body_names(body: dict[str, Any], key: str) -> list[str] | None:
        """A body's list of names (``properties``): None if absent or empty, 400 if not a list."""
        value = body.get(key)
        if value in (None, "", []):
            return None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            msg = f"Invalid input JSON: {key} must be a list of strings, not {value!r}"
            raise bad_request(msg)
        return value

    def property_names(self, otype: ObjectType, asked: Sequence[str] | None) -> list[str]:
        """The properties to answer with: those asked that exist, else the type's defaults.

        The record id, created and modified times are always included.
        """
        known = self.portal.properties[otype.name]
        names = [n for n in asked if n in known] if asked else list(otype.default_props)
        always = ("hs_object_id", otype.created_prop, otype.modified_prop)
        return list(dict.fromkeys([*names, *always]))


def record_json(
    table: Table, rows: Sequence[int], names: Sequence[str], *, indexed: bool = False
) -> list[dict[str, Any]]:
    """Records as the objects API answers them (``SimplePublicObject``)."""
    idx = np.asarray(rows, dtype=np.int64)
    props = table.values(idx, names, indexed=indexed)
    updated = table.indexed_updated(idx) if indexed else table.updated[idx]
    out = []
    for p, oid, created, upd, arch in zip(
        props,
        table.ids[idx].tolist(),
        iso_ms_many(table.created[idx]),
        iso_ms_many(updated),
        iso_ms_many(table.archived_at[idx]),
        strict=True,
    ):
        record: dict[str, Any] = {
            "id": str(oid),
            "properties": p,
            "createdAt": created,
            "updatedAt": upd,
            "archived": arch is not None,
        }
        if arch is not None:
            record["archivedAt"] = arch
        out.append(record)
    return out


def batch_times(started_ms: int, completed_ms: int) -> dict[str, str]:
    """``startedAt`` and ``completedAt`` of a batch answer."""
    return {"startedAt": iso_ms(started_ms), "completedAt": iso_ms(completed_ms)}
