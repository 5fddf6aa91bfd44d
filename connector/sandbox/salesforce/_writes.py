"""Writing records: single-record create/update/delete and sObject Collections.

Every write checks each field (:mod:`._coerce`), applies the object's rules
(:mod:`._rules`) and stamps ``LastModifiedDate``/``SystemModstamp``. A
collection of at most 200 records answers 200 with a result per record in
request order; with ``allOrNone`` one failure rolls every record back
(``ALL_OR_NONE_OPERATION_ROLLED_BACK``). Injected ``lock`` and
``validation`` faults fail records that would otherwise have been saved:
every one of them, or the share (ARG < 1) or number (ARG >= 1) given.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from connector.sandbox.salesforce._coerce import coerce, writable_field
from connector.sandbox.salesforce._errors import (
    LOCK_MESSAGE,
    VALIDATION_MESSAGE,
    ApiError,
    record_error,
)
from connector.sandbox.salesforce._org import PERMISSION_TABLES
from connector.sandbox.salesforce._rules import apply_rules

if TYPE_CHECKING:
    from connector.sandbox._faults import Fault
    from connector.sandbox.salesforce._org import Org
    from connector.sandbox.salesforce._store import Table

__all__ = ["MAX_COLLECTION", "Planned", "Writes"]

MAX_COLLECTION = 200
ROLLED_BACK = record_error(
    "ALL_OR_NONE_OPERATION_ROLLED_BACK",
    "Record rolled back because not all records were valid and the request was using AllOrNone "
    "header",
)
Planned = tuple["Table", "int | None", dict[str, Any]]


class Writes:
    """Validates and applies writes to one org."""

    def __init__(self, org: Org, seed: int = 0) -> None:
        self.org = org
        self._random = random.Random(seed)  # noqa: S311 - reproducible fault choices

    def find(self, table: Table, record_id: str) -> int:
        """The live row of ``record_id`` in ``table`` (404 otherwise)."""
        row = table.row_of(record_id)
        if row is None:
            raise ApiError(
                404,
                "NOT_FOUND",
                f"Provided external ID field does not exist or is not accessible: {record_id}",
            )
        if not table.is_live(row):
            raise ApiError(404, "ENTITY_IS_DELETED", "entity is deleted")
        return row

    def prepare(
        self, table: Table, row: int | None, body: dict[str, Any], user: str
    ) -> dict[str, Any]:
        """The values a write of ``body`` would store (``row`` None: a create)."""
        creating = row is None
        schema = table.schema
        if not (schema.createable if creating else schema.updateable):
            verb = "inserted" if creating else "updated"
            raise ApiError(
                400, "INVALID_TYPE_FOR_OPERATION", f"entity type cannot be {verb}: {table.name}"
            )
        values: dict[str, Any] = {}
        for key, value in body.items():
            if key == "attributes" or key.lower() == "id":
                if creating and key != "attributes" and value is not None:
                    raise ApiError(
                        400,
                        "INVALID_FIELD_FOR_INSERT_UPDATE",
                        "cannot specify Id in an insert call",
                        ["Id"],
                    )
                continue
            definition = writable_field(self.org, table, key, user, creating=creating)
            values[definition.name] = coerce(self.org, definition, value)
        if creating:
            missing = []
            for definition in schema.fields.values():
                if definition.name in values or not definition.createable:
                    continue
                if definition.default is not None:
                    values[definition.name] = (
                        user if definition.default == "$user" else definition.default
                    )
                elif definition.required:
                    missing.append(definition.name)
            if missing:
                raise ApiError(
                    400,
                    "REQUIRED_FIELD_MISSING",
                    f"Required fields are missing: [{', '.join(missing)}]",
                    missing,
                )
        apply_rules(self.org, table, row, values, user)
        now = self.org.now()
        if creating:
            values.update(CreatedDate=now, CreatedById=user)
        values.update(LastModifiedDate=now, LastModifiedById=user, SystemModstamp=now)
        return values

    def commit(self, table: Table, row: int | None, values: dict[str, Any]) -> str:
        """Store prepared values; the record's id."""
        if row is None:
            row = table.insert(values)
        else:
            table.update(row, values)
        if table.name in PERMISSION_TABLES:
            self.org.permissions_changed()
        return table.id(row)

    def record_fault(self, fault: Fault | None, record_id: str | None) -> ApiError | None:
        """The per-record error an injected fault stands for."""
        if fault is None:
            return None
        if fault.kind == "lock":
            return ApiError(400, "UNABLE_TO_LOCK_ROW", LOCK_MESSAGE.format(id=record_id or ""))
        if fault.kind == "validation":
            return ApiError(400, "FIELD_CUSTOM_VALIDATION_EXCEPTION", VALIDATION_MESSAGE, [])
        return None

    def faulted(self, count: int, fault: Fault | None) -> set[int]:
        """Which of ``count`` otherwise good records an injected fault fails."""
        if fault is None or fault.kind not in ("lock", "validation") or count == 0:
            return set()
        arg = fault.arg
        k = count if arg is None else min(count, round(arg * count) if arg < 1 else int(arg))
        return set(self._random.sample(range(count), max(k, 1)))

    def delete(self, table: Table, row: int) -> None:
        """Soft-delete a record (an Account takes its contacts, deals and relations)."""
        if not table.schema.deletable:
            raise ApiError(
                400, "INVALID_TYPE_FOR_OPERATION", f"entity type cannot be deleted: {table.name}"
            )
        if table.name == "PermissionSet" and table.get(row, "IsOwnedByProfile"):
            raise ApiError(
                400, "DELETE_FAILED", "You can't delete a permission set owned by a profile."
            )
        now = self.org.now()
        table.delete(row, now)
        if table.name == "Account":
            account = table.id(row)
            for child in ("Contact", "Opportunity", "AccountContactRelation", "AccountContactRole"):
                other = self.org.tables[child]
                for i in other.live_rows():
                    if other.get(i, "AccountId") == account:
                        other.delete(i, now)
        if table.name in PERMISSION_TABLES:
            self.org.permissions_changed()

    # -- sObject Collections --------------------------------------------------

    def collection(
        self,
        method: str,
        body: Any,  # noqa: ANN401 - JSON as sent
        user: str,
        fault: Fault | None,
    ) -> list[dict[str, Any]]:
        """``POST``/``PATCH /composite/sobjects``: per-record results, in request order."""
        if not isinstance(body, dict) or not isinstance(body.get("records"), list):
            raise ApiError(
                400, "JSON_PARSER_ERROR", "The request body must be an object with a 'records' list"
            )
        records = body["records"]
        if len(records) > MAX_COLLECTION:
            raise ApiError(
                400,
                "EXCEEDED_ID_LIMIT",
                f"record limit reached. cannot submit more than {MAX_COLLECTION} records into "
                "this call",
            )
        creating = method == "POST"
        plans: list[Planned | ApiError] = []
        ids: list[str | None] = []
        for record in records:
            record_id = record.get("id") or record.get("Id") if isinstance(record, dict) else None
            ids.append(record_id if not creating else None)
            try:
                plans.append(self._plan_one(record, record_id, user, creating=creating))
            except ApiError as exc:
                plans.append(exc)
        good = [i for i, p in enumerate(plans) if not isinstance(p, ApiError)]
        for k in self.faulted(len(good), fault):
            i = good[k]
            plans[i] = self.record_fault(fault, ids[i]) or plans[i]
        failed = any(isinstance(p, ApiError) for p in plans)
        results = []
        for i, item in enumerate(plans):
            if isinstance(item, ApiError):
                results.append(
                    {
                        "id": ids[i] if item.code != "MALFORMED_ID" else None,
                        "success": False,
                        "errors": [item.as_record_error()],
                    }
                )
            elif failed and body.get("allOrNone"):
                results.append({"id": ids[i], "success": False, "errors": [ROLLED_BACK]})
            else:
                new_id = self.commit(*item)
                results.append({"id": new_id, "success": True, "errors": []})
        return results

    def _plan_one(
        self,
        record: Any,  # noqa: ANN401 - JSON as sent
        record_id: str | None,
        user: str,
        *,
        creating: bool,
    ) -> Planned:
        if not isinstance(record, dict):
            raise ApiError(400, "JSON_PARSER_ERROR", "Each record must be a JSON object")
        attributes = record.get("attributes")
        kind = attributes.get("type") if isinstance(attributes, dict) else None
        table = self.org.table(kind) if isinstance(kind, str) else None
        if table is None:
            raise ApiError(400, "INVALID_TYPE", "Must send a concrete entity type.")
        row = None
        if not creating:
            if not record_id:
                raise ApiError(
                    400, "MISSING_ARGUMENT", "Id not specified in an update call", ["Id"]
                )
            row = table.row_of(str(record_id))
            if row is None:
                resolved = self.org.resolve(str(record_id))
                code = (
                    "MALFORMED_ID"
                    if resolved is None and len(str(record_id)) not in (15, 18)
                    else "INVALID_CROSS_REFERENCE_KEY"
                )
                message = (
                    f"{table.name} ID: id value of incorrect type: {record_id}"
                    if code == "MALFORMED_ID"
                    else "invalid cross reference id"
                )
                raise ApiError(400, code, message, ["Id"])
            if not table.is_live(row):
                raise ApiError(400, "ENTITY_IS_DELETED", "entity is deleted", [])
        return table, row, self.prepare(table, row, record, user)
