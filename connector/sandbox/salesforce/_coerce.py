"""Checking one written field value and turning it into its stored form.

The checks and messages are Salesforce's: an unknown (or invisible) field is
``INVALID_FIELD``, a read-only one ``INVALID_FIELD_FOR_INSERT_UPDATE``, a
bad restricted picklist value ``INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST``, a
too-long string ``STRING_TOO_LONG``, a number too big for its precision
``NUMBER_OUTSIDE_VALID_RANGE``, an id of the wrong shape ``MALFORMED_ID``.
Values from CSV (Bulk API) arrive as strings and are parsed first.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from connector.sandbox.salesforce._errors import ApiError
from connector.sandbox.salesforce._ids import normalize_id
from connector.sandbox.salesforce._schema import NUMERIC_TYPES, STRING_TYPES
from connector.sandbox.salesforce._store import format_datetime

if TYPE_CHECKING:
    from connector.sandbox.salesforce._org import Org
    from connector.sandbox.salesforce._schema import FieldDef
    from connector.sandbox.salesforce._store import Table

__all__ = ["coerce", "from_csv", "writable_field"]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_JAVA_TYPES = {
    "int": "int",
    "double": "double",
    "currency": "double",
    "percent": "double",
    "boolean": "boolean",
    "date": "date",
    "datetime": "datetime",
}


def writable_field(org: Org, table: Table, name: str, user: str, *, creating: bool) -> FieldDef:
    """The field ``name`` of ``table`` if ``user`` may write it now, else an ApiError."""
    definition = table.schema.field(name)
    if definition is None or not org.can_read(user, table.name, definition):
        raise ApiError(
            400, "INVALID_FIELD", f"No such column '{name}' on sobject of type {table.name}"
        )
    allowed = definition.createable if creating else definition.updateable
    if not allowed or not org.can_edit(user, table.name, definition):
        raise ApiError(
            400,
            "INVALID_FIELD_FOR_INSERT_UPDATE",
            f"Unable to create/update fields: {definition.name}. Please check the security "
            "settings of this field and verify that it is read/write for your profile or "
            "permission set.",
            [definition.name],
        )
    return definition


def _bad_json(definition: FieldDef, value: Any) -> ApiError:  # noqa: ANN401
    kind = _JAVA_TYPES.get(definition.type, "string")
    source = "VALUE_STRING" if isinstance(value, str) else "VALUE_" + type(value).__name__.upper()
    return ApiError(
        400,
        "JSON_PARSER_ERROR",
        f"Cannot deserialize instance of {kind} from {source} value {value} or request may be "
        "missing a required field",
    )


def coerce(org: Org, definition: FieldDef, value: Any) -> Any:  # noqa: ANN401, PLR0911, PLR0912, PLR0915
    """``value`` (JSON) in the stored form of ``definition``, or an ApiError."""
    name = definition.name
    label = definition.label or name
    kind = definition.type
    if value is None or value == "":  # Salesforce stores a blank string as null
        if kind == "boolean":
            return False
        if not definition.nillable:
            raise ApiError(
                400, "REQUIRED_FIELD_MISSING", f"Required fields are missing: [{name}]", [name]
            )
        return None
    if kind in ("reference", "id"):
        full = normalize_id(value) if isinstance(value, str) else None
        if full is None:
            raise ApiError(
                400, "MALFORMED_ID", f"{label}: id value of incorrect type: {value}", [name]
            )
        found = org.resolve(full)
        if found is None or found[0].name not in definition.reference_to:
            if found is not None:
                raise ApiError(
                    400,
                    "FIELD_INTEGRITY_EXCEPTION",
                    f"{label}: id value of incorrect type: {value}",
                    [name],
                )
            raise ApiError(400, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", [name])
        if not found[0].is_live(found[1]):
            raise ApiError(400, "ENTITY_IS_DELETED", "entity is deleted", [name])
        return full
    if kind in STRING_TYPES:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise _bad_json(definition, value)
        text = str(value)
        if kind == "multipicklist":
            parts = list(dict.fromkeys(p.strip() for p in text.split(";") if p.strip()))
            order = {v: i for i, v in enumerate(definition.picklist)}
            parts.sort(key=lambda p: order.get(p, len(order)))
            text = ";".join(parts)
            if not text:
                return None
        if definition.restricted and kind in ("picklist", "multipicklist"):
            for part in text.split(";") if kind == "multipicklist" else [text]:
                if part not in definition.picklist:
                    raise ApiError(
                        400,
                        "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                        f"{label}: bad value for restricted picklist field: {part}",
                        [name],
                    )
        if definition.length and len(text) > definition.length:
            raise ApiError(
                400,
                "STRING_TOO_LONG",
                f"{label}: data value too large: {text[:80]} (max length={definition.length})",
                [name],
            )
        if kind == "email" and not _EMAIL.match(text):
            raise ApiError(
                400, "INVALID_EMAIL_ADDRESS", f"{label}: invalid email address: {text}", [name]
            )
        return text
    if kind in NUMERIC_TYPES:
        return _number(definition, value)
    if kind == "boolean":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        raise _bad_json(definition, value)
    if kind == "date":
        try:
            return date.fromisoformat(str(value)[:10]).isoformat()
        except ValueError:
            raise _bad_json(definition, value) from None
    if kind == "datetime":
        try:
            parsed = datetime.fromisoformat(str(value))
            return format_datetime(parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC))
        except (OverflowError, ValueError):  # OverflowError: 0001-01-01T00:00:00+05:00
            raise _bad_json(definition, value) from None
    raise _bad_json(definition, value)


def _number(definition: FieldDef, value: Any) -> float | int:  # noqa: ANN401
    if isinstance(value, bool):
        raise _bad_json(definition, value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise _bad_json(definition, value) from None
    if number != number or number in (float("inf"), float("-inf")):  # noqa: PLR0124 - NaN
        raise _bad_json(definition, value)
    if definition.type == "int":
        if not number.is_integer() or not -(2**31) <= number < 2**31:  # a Java int
            raise _bad_json(definition, value)
        return int(number)
    if definition.precision:
        whole_digits = len(str(int(abs(number)))) if abs(number) >= 1 else 0
        if whole_digits > definition.precision - definition.scale:
            label = definition.label or definition.name
            raise ApiError(
                400,
                "NUMBER_OUTSIDE_VALID_RANGE",
                f"{label}: value outside of valid range on numeric field: {value}",
                [definition.name],
            )
        number = round(number, definition.scale)
    return number


def from_csv(definition: FieldDef, text: str) -> Any:  # noqa: ANN401
    """A Bulk API CSV cell as the JSON value it stands for (``#N/A`` is null)."""
    if text == "#N/A":
        return None
    if definition.type == "boolean":
        return {"true": True, "1": True, "false": False, "0": False}.get(text.lower(), text)
    return text
