"""The Tooling API's ``CustomField``: creating custom fields without SOAP.

``POST /tooling/sobjects/CustomField`` with ``{"FullName":
"Account.Health_Score__c", "Metadata": {"label": ..., "type": "Number",
"precision": 5, "scale": 2}}`` adds the field to the org (an ``Activity``
field to Task and Event), with no field permissions: queries and describe
ignore it until a ``FieldPermissions`` row grants it. Types: Text, TextArea,
LongTextArea, Email, Phone, Url, Number, Currency, Percent, Checkbox, Date,
DateTime, Picklist, MultiselectPicklist. ``FullName`` and ``Metadata`` can be
queried only when the query returns one row, as in a real org.
"""

from __future__ import annotations

import copy
import re
from typing import TYPE_CHECKING, Any

from connector.sandbox.salesforce._errors import ApiError
from connector.sandbox.salesforce._schema import (
    FieldDef,
    ObjectSchema,
    boolean,
    date,
    datetime_,
    multipick,
    number,
    pick,
    system_fields,
    text,
)
from connector.sandbox.salesforce._store import DictRows, Table

if TYPE_CHECKING:
    from connector.sandbox.salesforce._eval import Plan
    from connector.sandbox.salesforce._org import Org

__all__ = ["Tooling", "custom_field_schema", "metadata_of"]

_NAME = re.compile(r"^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*(?<!_)__c$")
_TEXT_TYPES = {"Text": "string", "Email": "email", "Phone": "phone", "Url": "url"}
_NUMBER_TYPES = {"Number": "double", "Currency": "currency", "Percent": "percent"}
_METADATA_TYPES = {
    "string": "Text",
    "email": "Email",
    "phone": "Phone",
    "url": "Url",
    "double": "Number",
    "currency": "Currency",
    "percent": "Percent",
    "boolean": "Checkbox",
    "date": "Date",
    "datetime": "DateTime",
    "picklist": "Picklist",
    "multipicklist": "MultiselectPicklist",
    "textarea": "LongTextArea",
}


def custom_field_schema() -> ObjectSchema:
    """The Tooling API's CustomField object."""
    schema = ObjectSchema("CustomField", "00N", "Custom Field", "Custom Fields")
    system = system_fields(deletable=False)
    fields = [
        system[0],
        text("DeveloperName", "Field Name", 40, createable=False, updateable=False),
        text("TableEnumOrId", "Table Enum or ID", 40, createable=False, updateable=False),
        text("NamespacePrefix", "Namespace Prefix", 15, createable=False, updateable=False),
        text("FullName", "Full Name", 255, filterable=False, sortable=False),
        FieldDef("Metadata", "complexvalue", "Metadata", filterable=False, sortable=False),
        text("Description", "Description", 1000, createable=False, updateable=False),
        text("InlineHelpText", "Help Text", 510, createable=False, updateable=False),
        text("ManageableState", "Manageable State", 40, createable=False, updateable=False),
        *system[1:],
    ]
    for definition in fields:
        schema.add(definition)
    return schema


def _bad(message: str) -> ApiError:
    return ApiError(400, "FIELD_INTEGRITY_EXCEPTION", message)


def _int(meta: dict[str, Any], key: str, low: int, high: int, what: str) -> int:
    value = meta.get(key)
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        msg = f"{what}: {key} must be a whole number from {low} to {high}"
        raise _bad(msg)
    return value


def field_from_metadata(name: str, meta: dict[str, Any]) -> FieldDef:  # noqa: PLR0911
    """The field a ``CustomField`` ``Metadata`` body describes (ApiError if it is invalid)."""
    kind, label = meta.get("type"), meta.get("label")
    missing = [k.title() for k, v in (("label", label), ("type", kind)) if not v]
    if missing:
        raise ApiError(
            400,
            "REQUIRED_FIELD_MISSING",
            f"Required fields are missing: [{', '.join(missing)}]",
            missing,
        )
    kind = kind if isinstance(kind, str) else repr(kind)  # an unsupported type, below
    common: dict[str, Any] = {"custom": True, "help_text": meta.get("inlineHelpText")}
    label = str(label)
    if kind in _TEXT_TYPES:
        length = _int(meta, "length", 1, 255, name) if kind == "Text" else 255
        return text(name, label, length, type=_TEXT_TYPES[str(kind)], **common)
    if kind == "TextArea":
        return text(name, label, 255, type="textarea", **common)
    if kind == "LongTextArea":
        return text(name, label, _int(meta, "length", 256, 131072, name), type="textarea", **common)
    if kind in _NUMBER_TYPES:
        precision = _int(meta, "precision", 1, 18, name)
        scale = _int(meta, "scale", 0, precision, name) if "scale" in meta else 0
        return number(
            name, label, _NUMBER_TYPES[str(kind)], precision=precision, scale=scale, **common
        )
    if kind == "Checkbox":
        default = str(meta.get("defaultValue", "false")).lower()
        if default not in ("true", "false"):
            msg = f"{name}: a Checkbox needs defaultValue true or false"
            raise _bad(msg)
        return boolean(name, label, default=default == "true", **common)
    if kind == "Date":
        return date(name, label, **common)
    if kind == "DateTime":
        return datetime_(name, label, **common)
    if kind in ("Picklist", "MultiselectPicklist"):
        value_set = meta.get("valueSet")
        value_set = value_set if isinstance(value_set, dict) else {}
        definition = value_set.get("valueSetDefinition")
        values = definition.get("value") if isinstance(definition, dict) else None
        values = values if isinstance(values, list) else []
        names = tuple(
            str(v.get("fullName") or v.get("label") or "") for v in values if isinstance(v, dict)
        )
        if not names or "" in names:
            msg = f"{name}: a picklist needs valueSet.valueSetDefinition.value entries"
            raise _bad(msg)
        defaults = [
            str(v.get("fullName")) for v in values if isinstance(v, dict) and v.get("default")
        ]
        restricted = bool(value_set.get("restricted", False))
        if kind == "Picklist":
            first = defaults[0] if defaults else None
            return pick(name, label, names, restricted=restricted, default=first, **common)
        return multipick(name, label, names, restricted=restricted, **common)
    msg = f"{name}: unsupported field type {kind!r}"
    raise _bad(msg)


def metadata_of(definition: FieldDef) -> dict[str, Any]:
    """A ``Metadata`` body describing an existing custom field."""
    meta: dict[str, Any] = {
        "label": definition.label,
        "type": _METADATA_TYPES.get(definition.type, "Text"),
        "required": False,
        "externalId": False,
        "inlineHelpText": definition.help_text,
        "description": None,
    }
    if definition.type in ("string", "textarea"):
        meta["length"] = definition.length
    if definition.type in ("double", "currency", "percent"):
        meta |= {"precision": definition.precision, "scale": definition.scale}
    if definition.type == "boolean":
        meta["defaultValue"] = "true" if definition.default else "false"
    if definition.picklist:
        meta["valueSet"] = {
            "restricted": definition.restricted,
            "valueSetDefinition": {
                "sorted": False,
                "value": [
                    {"fullName": v, "label": v, "default": v == definition.default}
                    for v in definition.picklist
                ],
            },
        }
    return meta


class Tooling:
    """The org's custom fields, as Tooling API records, and their creation."""

    def __init__(self, org: Org, tooling: Org) -> None:
        self.org = org
        self.tooling = tooling
        self.table = Table(custom_field_schema(), DictRows([]))
        tooling.add(self.table)

    def register(self, obj: str, definition: FieldDef, metadata: dict[str, Any]) -> str:
        """Add a custom field to the org and its Tooling record; the record id."""
        self.org.add_custom_field(obj, definition)
        now = self.org.now()
        row = self.table.insert(
            {
                "DeveloperName": definition.name.removesuffix("__c"),
                "TableEnumOrId": obj,
                "NamespacePrefix": None,
                "FullName": f"{obj}.{definition.name}",
                "Metadata": metadata,
                "Description": metadata.get("description"),
                "InlineHelpText": metadata.get("inlineHelpText"),
                "ManageableState": "unmanaged",
                "CreatedDate": now,
                "LastModifiedDate": now,
                "SystemModstamp": now,
                "CreatedById": self.org.integration_user,
                "LastModifiedById": self.org.integration_user,
            }
        )
        return self.table.id(row)

    def create(self, body: Any) -> str:  # noqa: ANN401 - JSON body
        """``POST /tooling/sobjects/CustomField``: the new field's record id."""
        if not isinstance(body, dict):
            raise ApiError(400, "JSON_PARSER_ERROR", "The request body must be a JSON object")
        meta = body.get("Metadata") or {}
        full = body.get("FullName") or meta.get("fullName")
        if not isinstance(full, str) or not isinstance(meta, dict):
            raise ApiError(
                400,
                "REQUIRED_FIELD_MISSING",
                "Required fields are missing: [FullName]",
                ["FullName"],
            )
        obj, _, name = full.partition(".")
        schema = self.org.schemas.get("Task" if obj == "Activity" else obj)
        if schema is None:
            msg = f"Cannot find entity: {obj}"
            raise _bad(msg)
        if not _NAME.match(name):
            msg = (
                "The Field Name field can only contain underscores and alphanumeric characters. "
                "It must be unique, begin with a letter, not include spaces, not end with an "
                "underscore, and not contain two consecutive underscores."
            )
            raise _bad(msg)
        if schema.field(name) is not None:
            raise ApiError(
                400,
                "DUPLICATE_DEVELOPER_NAME",
                "duplicate value found: <unknown> duplicates value on record with id: <unknown>",
            )
        definition = field_from_metadata(name, meta)
        return self.register(obj, definition, copy.deepcopy(meta))

    def update(self, row: int, body: Any) -> None:  # noqa: ANN401
        """``PATCH /tooling/sobjects/CustomField/{id}``: change the field's Metadata."""
        meta = body.get("Metadata") if isinstance(body, dict) else None
        if not isinstance(meta, dict):
            raise ApiError(
                400,
                "REQUIRED_FIELD_MISSING",
                "Required fields are missing: [Metadata]",
                ["Metadata"],
            )
        obj = self.table.get(row, "TableEnumOrId")
        name = str(self.table.get(row, "FullName")).partition(".")[2]
        definition = field_from_metadata(name, meta)
        self.org.add_custom_field(obj, definition)
        now = self.org.now()
        self.table.update(
            row, {"Metadata": copy.deepcopy(meta), "LastModifiedDate": now, "SystemModstamp": now}
        )

    @staticmethod
    def check_single_row(plan: Plan, rows: list[int]) -> None:
        """Refuse FullName or Metadata over more than one row, as the Tooling API does."""
        wide = any(c.field.name in ("FullName", "Metadata") for c in plan.columns)
        if wide and len(rows) > 1:
            raise ApiError(
                400,
                "MALFORMED_QUERY",
                "When retrieving results with Metadata or FullName fields, the query "
                "qualificatios must specify no more than one row for retrieval. Result size: "
                f"{len(rows)}",
            )
