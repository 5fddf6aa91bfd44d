"""Rows -> what the API returns: JSON records (REST) or CSV lines (Bulk 2.0).

JSON records carry ``attributes {type, url}``; parent fields are nested
objects with their own attributes (``"Account": {"attributes": ..., "Name":
...}``) or ``null`` when the lookup is empty; polymorphic parents are typed
``Name``. CSV quotes every value, leaves nulls empty, writes datetimes with
``Z`` and booleans as ``true``/``false``, as Bulk API 2.0 does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from connector.sandbox.salesforce._resolve import read_name_object

if TYPE_CHECKING:
    from connector.sandbox.salesforce._eval import Plan
    from connector.sandbox.salesforce._org import Org
    from connector.sandbox.salesforce._store import Table

__all__ = ["CSV_DELIMITERS", "LINE_ENDINGS", "Renderer", "csv_line", "csv_value"]

CSV_DELIMITERS = {
    "COMMA": ",",
    "TAB": "\t",
    "PIPE": "|",
    "SEMICOLON": ";",
    "CARET": "^",
    "BACKQUOTE": "`",
}
LINE_ENDINGS = {"LF": "\n", "CRLF": "\r\n"}


@dataclass
class _Node:
    # key -> field name (leaf) or (lookup field, polymorphic, child node)
    entries: dict[str, str | tuple[str, bool, _Node]] = field(default_factory=dict)


class Renderer:
    """Turns rows of a plan's table into JSON records."""

    def __init__(self, org: Org, plan: Plan, version: str) -> None:
        self.org = org
        self.table = plan.table
        self.prefix = f"/services/data/v{version}/sobjects/"
        self.root = _Node()
        for column in plan.columns:
            node = self.root
            for step, name in zip(column.steps, column.names, strict=False):
                entry = node.entries.get(name)
                if not isinstance(entry, tuple):
                    entry = (step.name, len(step.reference_to) > 1, _Node())
                    node.entries[name] = entry
                node = entry[2]
            node.entries[column.names[-1]] = column.field.name
        self.flat = all(isinstance(v, str) for v in self.root.entries.values())
        self.leaves = [
            (k, self.table.getter(v)) for k, v in self.root.entries.items() if isinstance(v, str)
        ]

    def record(self, row: int) -> dict[str, Any]:
        """The JSON record of ``row``."""
        table = self.table
        rid = table.get(row, "Id")
        out: dict[str, Any] = {
            "attributes": {"type": table.name, "url": self.prefix + table.name + "/" + rid}
        }
        if self.flat:
            for key, get in self.leaves:
                out[key] = get(row)
            return out
        self._fill(out, self.root, table, row, poly=False)
        return out

    def _fill(
        self, out: dict[str, Any], node: _Node, table: Table, row: int, *, poly: bool
    ) -> None:
        for key, entry in node.entries.items():
            if isinstance(entry, str):
                out[key] = read_name_object(table, row, entry) if poly else table.get(row, entry)
                continue
            lookup, child_poly, child = entry
            target = table.get(row, lookup)
            found = self.org.resolve(target) if target else None
            if found is None:
                out[key] = None
                continue
            child_table, child_row = found
            nested: dict[str, Any] = {
                "attributes": {
                    "type": "Name" if child_poly else child_table.name,
                    "url": f"{self.prefix}{child_table.name}/{target}",
                }
            }
            self._fill(nested, child, child_table, child_row, poly=child_poly)
            out[key] = nested


def csv_value(value: Any) -> str:  # noqa: ANN401 - any field value
    """One value as Bulk API 2.0 writes it (unquoted)."""
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        if len(value) == 28 and value.endswith("+0000") and value[10] == "T":
            return value[:-5] + "Z"
        return value
    return str(value)


def csv_line(values: list[str], delimiter: str, ending: str) -> str:
    """A CSV line with every value quoted."""
    return delimiter.join('"' + v.replace('"', '""') + '"' for v in values) + ending
