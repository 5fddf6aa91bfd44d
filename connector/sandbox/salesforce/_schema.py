"""Object and field definitions, and the ``describe`` bodies built from them.

Field types are Salesforce's own (``string``, ``picklist``, ``reference``,
``datetime``...). Values are held in their JSON form everywhere in the
sandbox: datetimes as ``2026-11-28T10:00:00.000+0000`` strings (always UTC,
so they compare correctly as strings), dates as ``2026-11-28``, ids as
18-character strings; a page of records is then JSON-ready as it is read.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

__all__ = [
    "DATE_TYPES",
    "NUMERIC_TYPES",
    "STRING_TYPES",
    "FieldDef",
    "ObjectSchema",
    "boolean",
    "date",
    "datetime_",
    "multipick",
    "number",
    "pick",
    "ref",
    "system_fields",
    "text",
]

STRING_TYPES = frozenset(
    {"string", "picklist", "multipicklist", "textarea", "email", "phone", "url", "combobox"}
)
NUMERIC_TYPES = frozenset({"int", "double", "currency", "percent"})
DATE_TYPES = frozenset({"date", "datetime"})
_SOAP = {
    "id": "tns:ID",
    "reference": "tns:ID",
    "boolean": "xsd:boolean",
    "int": "xsd:int",
    "double": "xsd:double",
    "currency": "xsd:double",
    "percent": "xsd:double",
    "date": "xsd:date",
    "datetime": "xsd:dateTime",
    "complexvalue": "urn:JsonNode",
}


@dataclass(frozen=True, slots=True)
class FieldDef:
    """One field of an object, as ``describe`` reports it."""

    name: str
    type: str
    label: str = ""
    length: int = 0
    precision: int = 0
    scale: int = 0
    nillable: bool = True
    createable: bool = True
    updateable: bool = True
    custom: bool = False
    picklist: tuple[str, ...] = ()
    restricted: bool = False
    default: Any = None  # value given on create when none is sent
    reference_to: tuple[str, ...] = ()
    relationship: str | None = None
    name_field: bool = False
    filterable: bool = True
    sortable: bool = True
    help_text: str | None = None

    @property
    def required(self) -> bool:
        """Whether a create must send a value (no default, not nillable)."""
        return self.createable and not self.nillable and self.default is None

    def describe(self) -> dict[str, Any]:
        """This field's entry in a ``describe`` body."""
        return {
            "name": self.name,
            "label": self.label or self.name,
            "type": self.type,
            "soapType": _SOAP.get(self.type, "xsd:string"),
            "length": self.length,
            "byteLength": self.length * 3,
            "precision": self.precision,
            "scale": self.scale,
            "digits": 9 if self.type == "int" else 0,
            "nillable": self.nillable,
            "createable": self.createable,
            "updateable": self.updateable,
            "custom": self.custom,
            "defaultedOnCreate": self.default is not None,
            "defaultValue": self.default if self.type in ("boolean", "picklist") else None,
            "filterable": self.filterable,
            "sortable": self.sortable,
            "groupable": self.filterable and self.type not in ("double", "currency", "percent"),
            "calculated": False,
            "nameField": self.name_field,
            "idLookup": self.type == "id",
            "unique": False,
            "externalId": False,
            "caseSensitive": False,
            "cascadeDelete": False,
            "restrictedPicklist": self.restricted,
            "dependentPicklist": False,
            "picklistValues": [
                {
                    "active": True,
                    "defaultValue": value == self.default,
                    "label": value,
                    "validFor": None,
                    "value": value,
                }
                for value in self.picklist
            ],
            "referenceTo": list(self.reference_to),
            "relationshipName": self.relationship,
            "polymorphicForeignKey": len(self.reference_to) > 1,
            "inlineHelpText": self.help_text,
        }


@dataclass(slots=True)
class ObjectSchema:
    """One object: its key prefix, flags and fields (custom ones may be added later)."""

    name: str
    prefix: str
    label: str
    plural: str
    fields: dict[str, FieldDef] = field(default_factory=dict)
    createable: bool = True
    updateable: bool = True
    deletable: bool = True
    activity: bool = False  # custom "Activity" fields appear on it (Task, Event)
    _lower: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._lower = {name.lower(): name for name in self.fields}

    def add(self, definition: FieldDef) -> None:
        """Add (or replace) a field."""
        self.fields[definition.name] = definition
        self._lower[definition.name.lower()] = definition.name

    def field(self, name: str) -> FieldDef | None:
        """The field called ``name`` (any case), or None."""
        real = self._lower.get(name.lower())
        return None if real is None else self.fields[real]

    def relationship(self, name: str) -> FieldDef | None:
        """The reference field whose relationship is called ``name`` (any case)."""
        low = name.lower()
        for definition in self.fields.values():
            if definition.relationship is not None and definition.relationship.lower() == low:
                return definition
        return None

    def name_field(self) -> str:
        """The field that names a record (``Name``, else ``Subject``, else ``Id``)."""
        for definition in self.fields.values():
            if definition.name_field:
                return definition.name
        return "Id"

    def describe(
        self,
        version: str,
        visible: frozenset[str] | None,
        editable: frozenset[str] | None = None,
    ) -> dict[str, Any]:
        """The ``describe`` body, listing only the custom fields in ``visible``.

        Custom fields not in ``editable`` (when given) are read-only for the user:
        neither createable nor updateable, as field-level security makes them.
        """
        base = f"/services/data/v{version}/sobjects/{self.name}"
        fields = []
        for f in self.fields.values():
            if f.custom and visible is not None and f.name not in visible:
                continue
            entry = f.describe()
            if f.custom and editable is not None and f.name not in editable:
                entry.update(createable=False, updateable=False)
            fields.append(entry)
        return {
            **self.summary(version),
            "fields": fields,
            "childRelationships": [],
            "recordTypeInfos": [],
            "supportedScopes": [{"label": "All " + self.plural.lower(), "name": "everything"}],
            "urls": {
                "uiEditTemplate": None,
                "sobject": base,
                "describe": f"{base}/describe",
                "rowTemplate": f"{base}/{{ID}}",
            },
        }

    def summary(self, version: str) -> dict[str, Any]:
        """This object's entry in the global describe (``/sobjects``)."""
        base = f"/services/data/v{version}/sobjects/{self.name}"
        return {
            "name": self.name,
            "label": self.label,
            "labelPlural": self.plural,
            "keyPrefix": self.prefix,
            "custom": False,
            "queryable": True,
            "retrieveable": True,
            "searchable": True,
            "replicateable": True,
            "createable": self.createable,
            "updateable": self.updateable,
            "deletable": self.deletable,
            "undeletable": self.deletable,
            "layoutable": True,
            "activateable": False,
            "triggerable": True,
            "urls": {
                "sobject": base,
                "describe": f"{base}/describe",
                "rowTemplate": f"{base}/{{ID}}",
            },
        }


def system_fields(*, deletable: bool = True) -> list[FieldDef]:
    """The fields every object has; ``IsDeleted`` only on objects that can be deleted."""
    user = ("User",)
    fields = [
        FieldDef("Id", "id", "Record ID", length=18),
        FieldDef("CreatedDate", "datetime", "Created Date"),
        FieldDef("CreatedById", "reference", "Created By ID", length=18, reference_to=user,
                 relationship="CreatedBy"),
        FieldDef("LastModifiedDate", "datetime", "Last Modified Date"),
        FieldDef("LastModifiedById", "reference", "Last Modified By ID", length=18,
                 reference_to=user, relationship="LastModifiedBy"),
        FieldDef("SystemModstamp", "datetime", "System Modstamp"),
    ]  # fmt: skip
    if deletable:
        fields.insert(1, FieldDef("IsDeleted", "boolean", "Deleted"))
    return [replace(f, createable=False, updateable=False, nillable=False) for f in fields]


def text(name: str, label: str, length: int = 255, **kw: Any) -> FieldDef:  # noqa: ANN401
    """A string field (``type="textarea"`` and others through ``kw``)."""
    kw.setdefault("type", "string")
    if kw["type"] == "textarea" and length > 255:
        kw.setdefault("filterable", False)
        kw.setdefault("sortable", False)
    return FieldDef(name, label=label, length=length, **kw)


def pick(name: str, label: str, values: tuple[str, ...], **kw: Any) -> FieldDef:  # noqa: ANN401
    """A picklist field."""
    return FieldDef(name, "picklist", label, length=255, picklist=values, **kw)


def multipick(name: str, label: str, values: tuple[str, ...], **kw: Any) -> FieldDef:  # noqa: ANN401
    """A multi-select picklist (values joined with ``;``)."""
    return FieldDef(
        name, "multipicklist", label, length=4099, picklist=values, sortable=False, **kw
    )


def ref(name: str, label: str, to: tuple[str, ...], relationship: str, **kw: Any) -> FieldDef:  # noqa: ANN401
    """A lookup to one object (or several: polymorphic)."""
    return FieldDef(
        name, "reference", label, length=18, reference_to=to, relationship=relationship, **kw
    )


def boolean(name: str, label: str, *, default: bool = False, **kw: Any) -> FieldDef:  # noqa: ANN401
    """A checkbox (never null)."""
    return FieldDef(name, "boolean", label, nillable=False, default=default, **kw)


def number(name: str, label: str, kind: str = "double", **kw: Any) -> FieldDef:  # noqa: ANN401
    """A number field (``int``, ``double``, ``currency`` or ``percent``)."""
    if kind != "int":
        kw.setdefault("precision", 18)
        kw.setdefault("scale", 2)
    return FieldDef(name, kind, label, **kw)


def date(name: str, label: str, **kw: Any) -> FieldDef:  # noqa: ANN401
    """A date field."""
    return FieldDef(name, "date", label, **kw)


def datetime_(name: str, label: str, **kw: Any) -> FieldDef:  # noqa: ANN401
    """A date-time field."""
    return FieldDef(name, "datetime", label, **kw)


def derived(definition: FieldDef) -> FieldDef:
    """``definition`` made read-only (a formula-like field the org computes)."""
    return replace(definition, createable=False, updateable=False)
