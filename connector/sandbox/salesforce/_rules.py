"""What the org does to a record on save: derived fields and object rules.

Run after each field is checked and before the row is stored: a Task's
``AccountId`` follows its ``WhatId``/``WhoId``, ``IsClosed`` its ``Status``;
an Event's end, duration and start agree; an Opportunity's ``IsWon`` and
``IsClosed`` follow its stage; names are rebuilt from first and last names.
Permission objects get Salesforce's integrity checks.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from connector.sandbox.salesforce._errors import ApiError
from connector.sandbox.salesforce._store import format_date, format_datetime, parse_datetime
from connector.sandbox.salesforce._values import STAGE_PROBABILITY

if TYPE_CHECKING:
    from collections.abc import Callable

    from connector.sandbox.salesforce._org import Org
    from connector.sandbox.salesforce._store import Table

__all__ = ["apply_rules"]

_API_NAME = re.compile(r"^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*(?<!_)$")


def _current(table: Table, row: int | None, values: dict[str, Any], name: str) -> Any:  # noqa: ANN401
    if name in values:
        return values[name]
    return None if row is None else table.get(row, name)


def _account_of(org: Org, record_id: str | None) -> str | None:
    found = org.resolve(record_id) if record_id else None
    if found is None:
        return None
    table, row = found
    if table.name == "Account":
        return table.get(row, "Id")  # type: ignore[no-any-return]
    if table.name in ("Contact", "Opportunity"):
        return table.get(row, "AccountId")  # type: ignore[no-any-return]
    return None


def _activity(org: Org, table: Table, row: int | None, values: dict[str, Any]) -> None:
    if row is None or "WhatId" in values or "WhoId" in values:
        what = _current(table, row, values, "WhatId")
        who = _current(table, row, values, "WhoId")
        values["AccountId"] = _account_of(org, what) or _account_of(org, who)


def _task(org: Org, table: Table, row: int | None, values: dict[str, Any], _user: str) -> None:
    _activity(org, table, row, values)
    if "Status" in values or row is None:
        closed = _current(table, row, values, "Status") == "Completed"
        was_closed = row is not None and bool(table.get(row, "IsClosed"))
        values["IsClosed"] = closed
        if closed and not was_closed:
            values["CompletedDateTime"] = org.now()
        elif not closed:
            values["CompletedDateTime"] = None
    if "ActivityDate" not in values and row is None:
        values["ActivityDate"] = None


def _event(org: Org, table: Table, row: int | None, values: dict[str, Any], _user: str) -> None:
    _activity(org, table, row, values)
    start_text = values.get("StartDateTime") or values.get("ActivityDateTime")
    if start_text is None and row is not None:
        start_text = table.get(row, "StartDateTime")
    if start_text is None:
        raise ApiError(
            400,
            "REQUIRED_FIELD_MISSING",
            "Required fields are missing: [ActivityDateTime]",
            ["ActivityDateTime"],
        )
    start = parse_datetime(start_text)
    if "EndDateTime" in values and values["EndDateTime"] is not None:
        end = parse_datetime(values["EndDateTime"])
        minutes = round((end - start).total_seconds() / 60)
    else:
        minutes = _current(table, row, values, "DurationInMinutes")
        if minutes is None:
            raise ApiError(
                400,
                "REQUIRED_FIELD_MISSING",
                "Required fields are missing: [DurationInMinutes]",
                ["DurationInMinutes"],
            )
    if minutes < 0:
        raise ApiError(
            400,
            "FIELD_INTEGRITY_EXCEPTION",
            "End Date Time: End time must be after start time",
            ["EndDateTime"],
        )
    try:
        end_text = format_datetime(start + timedelta(minutes=int(minutes)))
    except OverflowError:
        raise ApiError(
            400,
            "FIELD_INTEGRITY_EXCEPTION",
            "End Date Time: value out of range",
            ["EndDateTime"],
        ) from None
    values.update(
        StartDateTime=format_datetime(start),
        ActivityDateTime=format_datetime(start),
        ActivityDate=format_date(start),
        DurationInMinutes=int(minutes),
        EndDateTime=end_text,
    )


def _opportunity(
    _org: Org, _table: Table, row: int | None, values: dict[str, Any], _user: str
) -> None:
    if "StageName" in values:
        stage = values["StageName"]
        values["IsClosed"] = stage.startswith("Closed")
        values["IsWon"] = stage == "Closed Won"
        if "Probability" not in values:
            values["Probability"] = STAGE_PROBABILITY.get(stage)
    elif row is None:
        values.setdefault("IsClosed", False)


def _person(_org: Org, table: Table, row: int | None, values: dict[str, Any], _user: str) -> None:
    if row is None or "FirstName" in values or "LastName" in values:
        first = _current(table, row, values, "FirstName")
        last = _current(table, row, values, "LastName")
        values["Name"] = " ".join(p for p in (first, last) if p)


def _relation(org: Org, _table: Table, row: int | None, values: dict[str, Any], _user: str) -> None:
    if row is None:
        values["AccountId"] = _account_of(org, values.get("RelationId"))


def _acr(_org: Org, _table: Table, row: int | None, values: dict[str, Any], _user: str) -> None:
    if row is None:
        values["IsDirect"] = False


def _unique(table: Table, values: dict[str, Any], keys: tuple[str, ...], what: str) -> None:
    wanted = tuple(values.get(k) for k in keys)
    for i in table.live_rows():
        if tuple(table.get(i, k) for k in keys) == wanted:
            raise ApiError(
                400,
                "DUPLICATE_VALUE",
                f"duplicate value found: {what} duplicates value on record with id: {table.id(i)}",
            )


def _permission_set(
    _org: Org, table: Table, row: int | None, values: dict[str, Any], _user: str
) -> None:
    if row is not None and table.get(row, "IsOwnedByProfile"):
        raise ApiError(
            400,
            "INSUFFICIENT_ACCESS_OR_READONLY",
            "You can't edit a permission set owned by a profile.",
        )
    name = values.get("Name")
    if name is not None and not _API_NAME.match(name):
        raise ApiError(
            400,
            "FIELD_INTEGRITY_EXCEPTION",
            "The API Name can only contain underscores and alphanumeric characters. It must "
            "begin with a letter, not include spaces, not end with an underscore, and not "
            "contain two consecutive underscores.",
            ["Name"],
        )
    if row is None:
        values.update(IsOwnedByProfile=False, ProfileId=None)
        _unique(table, values, ("Name",), "<unknown>")


def _field_permissions(
    org: Org, table: Table, row: int | None, values: dict[str, Any], _user: str
) -> None:
    if row is None:
        field = str(values.get("Field"))
        obj, _, name = field.partition(".")
        schema = org.schemas.get("Task" if obj == "Activity" else obj)
        definition = None if schema is None else schema.field(name)
        if definition is None or definition.name != name or values.get("SobjectType") != obj:
            raise ApiError(
                400,
                "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                f"Field Name: bad value for restricted picklist field: {field}",
                ["Field"],
            )
        if not definition.custom:
            raise ApiError(
                400,
                "FIELD_INTEGRITY_EXCEPTION",
                f"Field Name: {field} is not a permissionable field",
                ["Field"],
            )
        _unique(table, values, ("ParentId", "Field"), "<unknown>")
    read = _current(table, row, values, "PermissionsRead")
    if _current(table, row, values, "PermissionsEdit") and not read:
        raise ApiError(
            400,
            "FIELD_INTEGRITY_EXCEPTION",
            "Permission Read depends on permission(s): Edit",
            ["PermissionsRead"],
        )


def _assignment(
    _org: Org, table: Table, row: int | None, values: dict[str, Any], _user: str
) -> None:
    if row is None:
        _unique(table, values, ("AssigneeId", "PermissionSetId"), "<unknown>")


_RULES: dict[str, Callable[[Org, Table, int | None, dict[str, Any], str], None]] = {
    "Task": _task,
    "Event": _event,
    "Opportunity": _opportunity,
    "Contact": _person,
    "User": _person,
    "TaskRelation": _relation,
    "EventRelation": _relation,
    "AccountContactRelation": _acr,
    "PermissionSet": _permission_set,
    "FieldPermissions": _field_permissions,
    "PermissionSetAssignment": _assignment,
}


def apply_rules(org: Org, table: Table, row: int | None, values: dict[str, Any], user: str) -> None:
    """Derive fields of ``values`` (a create when ``row`` is None) or raise an ApiError."""
    rule = _RULES.get(table.name)
    if rule is not None:
        rule(org, table, row, values, user)
