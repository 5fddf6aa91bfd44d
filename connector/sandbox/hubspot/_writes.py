"""Checking and applying property writes, as create and update calls make them.

Private to the HubSpot sandbox. HubSpot checks a whole batch's property
values before writing any: an unknown property, a read-only one or a bad
value rejects the request with a 400 ``VALIDATION_ERROR`` whose message lists
each problem (crm-apis.md §7; message shape from observed answers).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from connector.sandbox.hubspot._errors import bad_request
from connector.sandbox.hubspot._schema import normalise

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from connector.sandbox.hubspot._catalog import ObjectType
    from connector.sandbox.hubspot._store import Portal
    from connector.sandbox.hubspot._table import Table

__all__ = ["apply_writes", "check_writes"]


def check_writes(
    portal: Portal, otype: ObjectType, inputs: Sequence[Mapping[str, Any]]
) -> list[dict[str, str]]:
    """Each input's properties in stored form; 400 naming every invalid one."""
    known = portal.properties[otype.name]
    owners = {str(o["id"]) for o in portal.owners}
    problems: list[dict[str, Any]] = []
    out: list[dict[str, str]] = []
    for item in inputs:
        props = item.get("properties")
        if props is None:
            props = {}
        if not isinstance(props, dict):
            msg = "Invalid input JSON: properties must be an object of property name to value."
            raise bad_request(msg)
        clean: dict[str, str] = {}
        for name, value in props.items():
            prop = known.get(name)
            if prop is None:
                problems.append(
                    _problem(name, f'Property "{name}" does not exist', "PROPERTY_DOESNT_EXIST")
                )
                continue
            if prop.read_only:
                problems.append(
                    _problem(
                        name,
                        f'"{name}" is a read only property; its value cannot be set.',
                        "READ_ONLY_VALUE",
                    )
                )
                continue
            stored, problem = normalise(prop, value)
            if stored is None:
                problems.append(
                    _problem(
                        name,
                        problem or "invalid value",
                        "INVALID_OPTION"
                        if prop.type == "enumeration"
                        else "INVALID_" + prop.type.upper(),
                    )
                )
                continue
            if name == "hubspot_owner_id" and stored and stored not in owners:
                problems.append(
                    _problem(name, f"{stored} is not a valid owner id", "INVALID_OWNER_ID")
                )
                continue
            if prop.field_type == "checkbox" and str(value).startswith(";") and stored:
                stored = ";" + stored  # append to the current values (see apply_writes)
            clean[name] = stored
        out.append(clean)
    if problems:
        listing = json.dumps(
            [
                {"isValid": False, **{k: p[k] for k in ("message", "error", "name")}}
                for p in problems
            ],
            separators=(",", ":"),
        )
        msg = f"Property values were not valid: {listing}"
        raise bad_request(
            msg,
            errors=[
                {
                    "message": p["message"],
                    "code": p["error"],
                    "context": {"propertyName": [p["name"]]},
                }
                for p in problems
            ],
        )
    return out


def _problem(name: str, message: str, error: str) -> dict[str, Any]:
    return {"name": name, "message": message, "error": error}


def apply_writes(portal: Portal, table: Table, row: int, changes: Mapping[str, str]) -> None:
    """Write checked values to ``row``; a checkbox value starting with ``;`` adds values."""
    known = portal.properties[table.type.name]
    merged: dict[str, str] = {}
    for name, value in changes.items():
        if known[name].field_type == "checkbox" and value.startswith(";"):
            old = [v for v in (table.value(row, name) or "").split(";") if v]
            new = [v for v in value.split(";") if v and v not in old]
            value = ";".join(old + new)  # noqa: PLW2901
        merged[name] = value
    now = portal.clock()
    table.write(row, merged, int(now * 1000), now + portal.index_delay)
