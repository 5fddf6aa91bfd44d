"""Field paths of a query resolved against the org: types, visibility, values.

``Account.Owner.Name`` on Contact walks ``AccountId`` to Account, then
``OwnerId`` to User, then reads ``Name``. Polymorphic lookups (``Who``,
``What``) lead to Salesforce's ``Name`` pseudo-object, which offers ``Id``,
``Name`` and ``Type`` of whatever record the id points to. Custom fields the
user may not see do not exist, as far as the query is concerned.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from connector.sandbox.salesforce._schema import FieldDef, ObjectSchema
from connector.sandbox.salesforce._soql_ast import FieldPath, SoqlError, position_message

if TYPE_CHECKING:
    from collections.abc import Callable

    from connector.sandbox.salesforce._org import Org
    from connector.sandbox.salesforce._store import Table

__all__ = ["NAME_OBJECT", "Resolved", "Resolver"]

NAME_OBJECT = ObjectSchema(
    "Name",
    "000",
    "Name",
    "Names",
    {
        "Id": FieldDef("Id", "id", "Id", length=18),
        "Name": FieldDef("Name", "string", "Name", length=255, name_field=True),
        "Type": FieldDef("Type", "picklist", "Type", length=40),
    },
)
_CUSTOM_HINT = (
    "If you are attempting to use a custom field, be sure to append the '__c' after the "
    "custom field name. Please reference your WSDL or the describe call for the appropriate "
    "names."
)
_RELATION_HINT = (
    "If you are attempting to use a custom relationship, be sure to append the '__r' after "
    "the custom relationship name. Please reference your WSDL or the describe call for the "
    "appropriate names."
)


@dataclass(frozen=True, slots=True)
class Resolved:
    """A resolved path: the lookups walked, the field read, and the names to print."""

    path: FieldPath
    steps: tuple[FieldDef, ...]
    field: FieldDef
    names: tuple[str, ...]  # relationship names, then the field name, as Salesforce spells them
    get: Callable[[int], Any]

    @property
    def label(self) -> str:
        """The column name (``Account.Name``)."""
        return ".".join(self.names)


class Resolver:
    """Resolves paths on one table for one user."""

    def __init__(self, org: Org, table: Table, user: str, text: str) -> None:
        self.org = org
        self.table = table
        self.user = user
        self.text = text

    def _error(self, path: FieldPath, problem: str) -> SoqlError:
        return SoqlError(position_message(self.text, path.pos, problem), "INVALID_FIELD")

    def field(self, schema: ObjectSchema, name: str) -> FieldDef | None:
        """A field of ``schema`` the user may see, or None."""
        definition = schema.field(name)
        if definition is None or (
            schema is not NAME_OBJECT and not self.org.can_read(self.user, schema.name, definition)
        ):
            return None
        return definition

    def resolve(self, path: FieldPath) -> Resolved:
        """Resolve ``path`` (``INVALID_FIELD`` if it names nothing the user may see)."""
        schema = self.table.schema
        steps: list[FieldDef] = []
        names: list[str] = []
        for part in path.parts[:-1]:
            ref = schema.relationship(part)
            if ref is None or len(steps) >= 5:
                raise self._error(
                    path, f"Didn't understand relationship '{part}' in field path. {_RELATION_HINT}"
                )
            steps.append(ref)
            names.append(ref.relationship or part)
            target = ref.reference_to[0] if len(ref.reference_to) == 1 else None
            next_schema = self.org.schemas.get(target) if target else None
            schema = next_schema if next_schema is not None else NAME_OBJECT
        last = path.parts[-1]
        definition = self.field(schema, last)
        if definition is None:
            entity = schema.name if not steps else names[-1]
            raise self._error(path, f"No such column '{last}' on entity '{entity}'. {_CUSTOM_HINT}")
        names.append(definition.name)
        return Resolved(
            path, tuple(steps), definition, tuple(names), self._getter(steps, definition)
        )

    def _getter(self, steps: list[FieldDef], definition: FieldDef) -> Callable[[int], Any]:
        table = self.table
        name = definition.name
        if not steps:
            return table.getter(name)
        org = self.org
        chain = [s.name for s in steps]
        poly = len(steps[-1].reference_to) > 1

        def get(row: int) -> Any:  # noqa: ANN401 - any field value
            current, at = table, row
            for ref in chain:
                target = current.get(at, ref)
                found = org.resolve(target) if target else None
                if found is None:
                    return None
                current, at = found
            return read_name_object(current, at, name) if poly else current.get(at, name)

        return get


def read_name_object(table: Table, row: int, name: str) -> Any:  # noqa: ANN401
    """A field of the ``Name`` pseudo-object for a record of ``table``."""
    if name == "Type":
        return table.name
    if name == "Name":
        return table.get(row, table.schema.name_field())
    return table.get(row, name)
