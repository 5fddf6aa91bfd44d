"""Property definitions and groups, and checking a written value against its property.

Private to the HubSpot sandbox; the portal's built-in definitions are in
:mod:`._builtin`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from connector.sandbox.hubspot._times import iso_ms, parse_time_ms

__all__ = ["FIELD_TYPES", "PROPERTY_TYPES", "Group", "PropertyDef", "normalise"]

PROPERTY_TYPES = frozenset(
    {"bool", "date", "datetime", "enumeration", "number", "phone_number", "string"}
)
FIELD_TYPES = frozenset(
    {
        "booleancheckbox",
        "calculation_equation",
        "checkbox",
        "date",
        "file",
        "html",
        "number",
        "phonenumber",
        "radio",
        "select",
        "text",
        "textarea",
    }
)
_PORTAL_BIRTH = int(datetime(2019, 3, 4, 12, tzinfo=UTC).timestamp() * 1000)


@dataclass(slots=True)
class PropertyDef:
    """One property of one object type, as the properties API shows it."""

    name: str
    label: str
    type: str
    field_type: str
    group_name: str
    description: str = ""
    options: list[dict[str, Any]] = field(default_factory=list)
    display_order: int = -1
    hubspot_defined: bool = True
    read_only: bool = False
    calculated: bool = False
    external_options: bool = False
    has_unique_value: bool = False
    hidden: bool = False
    form_field: bool = False
    created_at: int = _PORTAL_BIRTH
    updated_at: int = _PORTAL_BIRTH
    extra: dict[str, Any] = field(default_factory=dict)  # other PropertyCreate keys, echoed

    def to_json(self) -> dict[str, Any]:
        """The property as the API answers it."""
        out: dict[str, Any] = {
            "name": self.name,
            "label": self.label,
            "type": self.type,
            "fieldType": self.field_type,
            "description": self.description,
            "groupName": self.group_name,
            "options": self.options,
            "displayOrder": self.display_order,
            "calculated": self.calculated,
            "externalOptions": self.external_options,
            "hasUniqueValue": self.has_unique_value,
            "hidden": self.hidden,
            "formField": self.form_field,
            "archived": False,
            "createdAt": iso_ms(self.created_at),
            "updatedAt": iso_ms(self.updated_at),
            "modificationMetadata": {
                "archivable": not self.hubspot_defined,
                "readOnlyDefinition": self.hubspot_defined,
                "readOnlyValue": self.read_only,
            },
            **self.extra,
        }
        if self.hubspot_defined:
            out["hubspotDefined"] = True
        return out

    @property
    def option_values(self) -> frozenset[str]:
        """The allowed values of an enumeration."""
        return frozenset(str(o["value"]) for o in self.options)


@dataclass(slots=True)
class Group:
    """A property group."""

    name: str
    label: str
    display_order: int = -1
    archived: bool = False

    def to_json(self) -> dict[str, Any]:
        """The group as the API answers it."""
        return {
            "name": self.name,
            "label": self.label,
            "displayOrder": self.display_order,
            "archived": self.archived,
        }


def _time_value(text: str, *, date_only: bool) -> tuple[str | None, str | None]:
    """A written time as stored (ISO 8601 with ms), or ``(None, problem)``."""
    try:
        ms = parse_time_ms(text)
        stored = None if ms is None else iso_ms(ms)  # years 1-9999 only
    except (OverflowError, ValueError):
        ms = stored = None
    if ms is None or stored is None:
        return None, f"{text!r} is not a valid date-time (ISO 8601 or epoch milliseconds)"
    rest = ms % 86_400_000
    if date_only and rest:  # HubSpot stores dates as midnight UTC and refuses others
        h, m, sec, milli = rest // 3_600_000, rest // 60_000 % 60, rest // 1000 % 60, rest % 1000
        return None, f"{ms} is at {h}:{m}:{sec}.{milli} UTC, not midnight!"
    return stored, None


def normalise(prop: PropertyDef, value: Any) -> tuple[str | None, str | None]:  # noqa: ANN401, PLR0911
    """The stored form of a written value, or ``(None, problem)`` if it is invalid.

    Values may come as JSON strings, numbers or booleans; they are stored as
    HubSpot answers them: strings, numbers without a needless ``.0``, times as
    ISO 8601 with milliseconds (``date`` values must be midnight UTC). An
    empty string or null clears the value.
    """
    if value is None or value == "":
        return "", None
    if isinstance(value, (dict, list)):
        return None, f"{value!r} is not a valid value for {prop.name}"
    text = str(value).lower() if isinstance(value, bool) else str(value)
    if prop.type == "number":
        try:
            number = float(text)
        except ValueError:
            return None, f"{text!r} is not a valid number"
        if not math.isfinite(number):
            return None, f"{text!r} is not a valid number"
        return (str(int(number)) if number.is_integer() else repr(number)), None
    if prop.type in ("datetime", "date"):
        return _time_value(text, date_only=prop.type == "date")
    if prop.type == "bool":
        if text.lower() not in ("true", "false"):
            return None, f"{text!r} is not a valid boolean (true or false)"
        return text.lower(), None
    if prop.type == "enumeration" and prop.options and not prop.external_options:
        allowed = prop.option_values
        parts = [p for p in text.split(";") if p] if prop.field_type == "checkbox" else [text]
        bad = [p for p in parts if p not in allowed]
        if bad:
            return None, f"{bad[0]!r} was not one of the allowed options: {sorted(allowed)}"
        return ";".join(parts), None
    return text, None
