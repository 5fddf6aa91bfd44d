"""The org's records: one table per object, rows read lazily, writes kept sparse.

A table's first rows come from a *row source* (the demo's canonical records
read through one getter per field, or rows loaded from a state file); rows
created through the API are appended as dicts, and changes to any row are
kept as per-row overrides. Nothing is translated until it is read, so a
100k-account org (4 million activities) is ready as soon as its sources are
indexed. A row's id is a function of its position (see :mod:`._ids`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

from connector.sandbox.salesforce._ids import decode_id, make_id

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from connector.sandbox.salesforce._schema import ObjectSchema

__all__ = [
    "CanonicalRows",
    "DictRows",
    "ListRows",
    "Rows",
    "Table",
    "format_date",
    "format_datetime",
    "parse_datetime",
]


def format_datetime(value: datetime) -> str:
    """A datetime in Salesforce's JSON form, in UTC: ``2026-11-28T10:00:00.000+0000``."""
    if value.utcoffset():
        value = value.astimezone(UTC)
    ms = value.microsecond  # isoformat is C code: 3x faster than strftime, and this is hot
    tail = ".000+0000" if ms < 1000 else f".{ms // 1000:03d}+0000"
    return value.isoformat(timespec="seconds")[:19] + tail


def format_date(value: datetime) -> str:
    """The UTC date of a datetime, as ``2026-11-28``."""
    if value.utcoffset():
        value = value.astimezone(UTC)
    return f"{value:%Y-%m-%d}"


def parse_datetime(text: str) -> datetime:
    """A datetime from Salesforce's JSON form (or any ISO 8601 form with a zone)."""
    if text.endswith("+0000"):
        text = text[:-5] + "+00:00"
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        msg = f"datetime without a zone: {text}"
        raise ValueError(msg)
    return parsed.astimezone(UTC)


class Rows(Protocol):
    """Where a table's first rows come from."""

    def __len__(self) -> int:
        """How many rows."""
        ...

    def get(self, row: int, name: str) -> Any:  # noqa: ANN401 - any field value
        """The value of field ``name`` in row ``row`` (None if the source lacks it)."""
        ...


class CanonicalRows:
    """Rows read from canonical records, one getter ``(row, record) -> value`` per field."""

    def __init__(
        self, records: Sequence[Any], getters: dict[str, Callable[[int, Any], Any]]
    ) -> None:
        self.records = records
        self.getters = getters

    def __len__(self) -> int:
        return len(self.records)

    def get(self, row: int, name: str) -> Any:  # noqa: ANN401
        """The translated value (see :class:`Rows`)."""
        getter = self.getters.get(name)
        return None if getter is None else getter(row, self.records[row])


class ListRows:
    """Rows held as lists of values in the order of ``fields`` (loaded state)."""

    def __init__(self, fields: Sequence[str], rows: list[list[Any]]) -> None:
        self.index = {name: i for i, name in enumerate(fields)}
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    def get(self, row: int, name: str) -> Any:  # noqa: ANN401
        """The stored value (see :class:`Rows`)."""
        i = self.index.get(name)
        return None if i is None else self.rows[row][i]


_STAMPS = frozenset({"SystemModstamp", "LastModifiedDate"})


class DictRows:
    """Rows held as dicts (small tables made at start)."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    def get(self, row: int, name: str) -> Any:  # noqa: ANN401
        """The stored value (see :class:`Rows`)."""
        return self.rows[row].get(name)


@dataclass(slots=True)
class _Lazy:
    build: Callable[[], tuple[Rows, dict[int, str]]]


class Table:
    """One object's records: base rows, appended rows, overrides, deletions."""

    def __init__(
        self,
        schema: ObjectSchema,
        rows: Rows | Callable[[], tuple[Rows, dict[int, str]]],
        deleted: dict[int, str] | None = None,
    ) -> None:
        self.schema = schema
        self.name = schema.name
        self.prefix = schema.prefix
        self._source: Rows | _Lazy = rows if not callable(rows) else _Lazy(rows)
        self._deleted: dict[int, str] = deleted or {}
        self.extra: list[dict[str, Any]] = []
        self.changes: dict[int, dict[str, Any]] = {}
        self._lock = threading.Lock()

    @property
    def base(self) -> Rows:
        """The base rows, built on first use for derived tables."""
        source = self._source
        if isinstance(source, _Lazy):
            with self._lock:
                source = self._source
                if isinstance(source, _Lazy):
                    rows, deleted = source.build()
                    self._deleted.update(deleted)
                    self._source = source = rows
        return source

    @property
    def deleted(self) -> dict[int, str]:
        """Soft-deleted rows and when they were deleted."""
        _ = self.base
        return self._deleted

    def __len__(self) -> int:
        return len(self.base) + len(self.extra)

    def id(self, row: int) -> str:
        """The 18-character id of ``row``."""
        return make_id(self.prefix, row)

    def row_of(self, record_id: str) -> int | None:
        """The row of ``record_id`` in this table, or None (deleted rows included)."""
        decoded = decode_id(record_id)
        if decoded is None or decoded[0] != self.prefix or decoded[1] >= len(self):
            return None
        return decoded[1]

    def get(self, row: int, name: str) -> Any:  # noqa: ANN401 - any field value
        """The value of ``name`` in ``row``, with writes applied."""
        if name in _STAMPS and row in self._deleted:
            return self._deleted[row]  # deleting a record stamps it
        changed = self.changes.get(row)
        if changed is not None and name in changed:
            return changed[name]
        if name == "Id":
            return make_id(self.prefix, row)
        if name == "IsDeleted":
            return row in self._deleted
        base = self.base
        n = len(base)
        value = base.get(row, name) if row < n else self.extra[row - n].get(name)
        if value is None:
            definition = self.schema.fields.get(name)
            if definition is not None and definition.type == "boolean":
                return False  # checkboxes are never null, even when added later
        return value

    def getter(self, name: str) -> Callable[[int], Any]:
        """A fast reader of field ``name`` (same answers as :meth:`get`) for scans.

        For a translated field of the base rows it skips the general lookup
        chain: filtering millions of activities spends its time here.
        """
        base = self.base
        if not isinstance(base, CanonicalRows) or name not in base.getters or name == "Id":
            return lambda row: self.get(row, name)
        translate, records, n = base.getters[name], base.records, len(base)
        changes, deleted, stamp, general = self.changes, self._deleted, name in _STAMPS, self.get

        def get(row: int) -> Any:  # noqa: ANN401 - any field value
            if row >= n or (stamp and row in deleted) or row in changes:
                return general(row, name)
            return translate(row, records[row])

        return get

    def insert(self, values: dict[str, Any]) -> int:
        """Append a row; returns its row number."""
        self.extra.append(dict(values))
        return len(self) - 1

    def update(self, row: int, values: dict[str, Any]) -> None:
        """Change fields of ``row`` (the caller stamps the audit fields)."""
        n = len(self.base)
        if row >= n:
            self.extra[row - n].update(values)
        else:
            self.changes.setdefault(row, {}).update(values)

    def delete(self, row: int, when: str) -> None:
        """Soft-delete ``row`` (it stays visible to queryAll and getDeleted)."""
        _ = self.base
        self._deleted[row] = when

    def is_live(self, row: int) -> bool:
        """Whether ``row`` is not deleted."""
        return row not in self.deleted

    def live_rows(self) -> list[int]:
        """Every live row, in id order."""
        deleted = self.deleted
        n = len(self)
        if not deleted:
            return list(range(n))
        return [i for i in range(n) if i not in deleted]
