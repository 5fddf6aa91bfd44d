"""The records of one object type: ids, times, property columns and written values.

Private to the HubSpot sandbox. Rows are numbered from 0 in id order (ids
only grow). The values a client writes sit in a per-row dictionary over the
columns. Search sees writes only after an indexing delay: until a write is
indexed, the values it replaced are kept aside for search (``stale``), and
new records are left out of search (``unindexed``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from connector.sandbox.hubspot._times import MISSING, iso_ms_many

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from numpy.typing import NDArray

    from connector.sandbox.hubspot._catalog import ObjectType
    from connector.sandbox.hubspot._columns import Column

__all__ = ["Table"]

I64 = np.int64


class Table:
    """The records of one object type."""

    def __init__(
        self,
        otype: ObjectType,
        ids: NDArray[np.int64],
        created: NDArray[np.int64],
        updated: NDArray[np.int64],
        archived_at: NDArray[np.int64],
        columns: Mapping[str, Column],
        canonical: Sequence[str] | None = None,
    ) -> None:
        self.type = otype
        self.ids = ids
        self.created = created
        self.updated = updated
        self.archived_at = archived_at  # MISSING: not archived
        self.columns = dict(columns)
        self.n_base = len(ids)
        self.canonical = canonical
        self.written: dict[int, dict[str, str]] = {}
        self.stale: dict[int, dict[str, str | None]] = {}
        self.stale_until: dict[int, float] = {}
        self.unindexed: dict[int, float] = {}
        self.archived_by_api: set[int] = set()
        self._live: tuple[NDArray[np.int64], NDArray[np.int64]] | None = None

    def __len__(self) -> int:
        return len(self.ids)

    # -- rows -------------------------------------------------------------

    def rows_of(self, ids: Iterable[str]) -> list[int | None]:
        """The row of each id (None: no such record)."""
        out: list[int | None] = []
        for text in ids:
            try:
                value = int(str(text))
            except ValueError:
                out.append(None)
                continue
            row = int(np.searchsorted(self.ids, value))
            out.append(row if row < len(self.ids) and self.ids[row] == value else None)
        return out

    def live(self) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """Rows not archived, and their ids (both in id order)."""
        if self._live is None:
            rows = np.flatnonzero(self.archived_at == MISSING).astype(I64)
            self._live = rows, self.ids[rows]
        return self._live

    def archived_rows(self) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """Archived rows and their ids."""
        rows = np.flatnonzero(self.archived_at != MISSING).astype(I64)
        return rows, self.ids[rows]

    def is_archived(self, row: int) -> bool:
        """Whether ``row`` is archived."""
        return bool(self.archived_at[row] != MISSING)

    def append(self, count: int, now_ms: int) -> range:
        """Add ``count`` new rows (ids after the last); their values are all written later."""
        start = len(self.ids)
        first = int(self.ids[-1]) + 1 if start else 1
        self.ids = np.concatenate((self.ids, np.arange(first, first + count, dtype=I64)))
        stamp = np.full(count, now_ms, dtype=I64)
        self.created = np.concatenate((self.created, stamp))
        self.updated = np.concatenate((self.updated, stamp))
        self.archived_at = np.concatenate((self.archived_at, np.full(count, MISSING, I64)))
        self._live = None
        return range(start, start + count)

    def archive(self, row: int, now_ms: int) -> None:
        """Archive ``row``."""
        self.archived_at[row] = now_ms
        self.updated[row] = now_ms
        self.archived_by_api.add(row)
        self._live = None

    # -- values -----------------------------------------------------------

    def _base(self, name: str, rows: NDArray[np.int64]) -> list[str | None]:
        if name == "hs_object_id":
            return [str(i) for i in self.ids[rows].tolist()]
        if name == self.type.created_prop:
            return iso_ms_many(self.created[rows])
        if name == self.type.modified_prop:
            return iso_ms_many(self.updated[rows])
        column = self.columns.get(name)
        if column is None:
            return [None] * len(rows)
        if len(rows) and int(rows.max()) >= self.n_base:
            out: list[str | None] = [None] * len(rows)
            base = rows < self.n_base
            for i, value in zip(
                np.flatnonzero(base).tolist(), column.text(rows[base]), strict=True
            ):
                out[i] = value
            return out
        return column.text(rows)

    def touched(self, rows: NDArray[np.int64], *, indexed: bool = False) -> list[int]:
        """Positions in ``rows`` of rows with written (or, for search, stale) values."""
        keys = set(self.written) | (set(self.stale) if indexed else set())
        if not keys:
            return []
        if len(keys) < len(rows):
            wanted = np.fromiter(keys, I64, len(keys))
            return np.flatnonzero(np.isin(rows, wanted)).tolist()
        return [i for i, row in enumerate(rows.tolist()) if row in keys]

    def columns_of(
        self, rows: NDArray[np.int64], names: Sequence[str], *, indexed: bool = False
    ) -> list[list[str | None]]:
        """Each property of ``names`` for ``rows``, as a list; ``indexed``: as search sees it."""
        cols = [self._base(name, rows) for name in names]
        for i in self.touched(rows, indexed=indexed):
            row = int(rows[i])
            for layer in (self.written.get(row), self.stale.get(row) if indexed else None):
                if layer:
                    for col, name in zip(cols, names, strict=True):
                        if name in layer:
                            col[i] = layer[name]
        return cols

    def values(
        self, rows: NDArray[np.int64], names: Sequence[str], *, indexed: bool = False
    ) -> list[dict[str, str | None]]:
        """The properties ``names`` of ``rows``; ``indexed``: as search sees them."""
        if not names:
            return [{} for _ in range(len(rows))]
        cols = self.columns_of(rows, names, indexed=indexed)
        return [dict(zip(names, vals, strict=True)) for vals in zip(*cols, strict=True)]

    def value(self, row: int, name: str) -> str | None:
        """One property of one row (live value)."""
        return self.values(np.array([row], dtype=I64), [name])[0][name]

    def write(self, row: int, changes: Mapping[str, str], now_ms: int, index_at: float) -> None:
        """Set properties of ``row`` and bump its modified time; search sees it at ``index_at``."""
        names = [*changes, self.type.modified_prop]
        if row not in self.unindexed:
            before = self.values(np.array([row], dtype=I64), names, indexed=True)[0]
            stale = self.stale.setdefault(row, {})
            for name in names:
                stale.setdefault(name, before[name])
            stale.setdefault("@updated", str(int(self.updated[row])))
            self.stale_until[row] = index_at
        self.written.setdefault(row, {}).update(changes)
        self.updated[row] = max(now_ms, int(self.updated[row]) + 1)

    def reindex(self, now: float) -> None:
        """Let search see every write made before ``now`` minus the delay."""
        for row in [r for r, due in self.stale_until.items() if due <= now]:
            del self.stale_until[row]
            self.stale.pop(row, None)
        for row in [r for r, due in self.unindexed.items() if due <= now]:
            del self.unindexed[row]

    def indexed_updated(self, rows: NDArray[np.int64]) -> NDArray[np.int64]:
        """``updatedAt`` of rows as search sees them."""
        out = self.updated[rows].copy()
        if self.stale:
            for i, row in enumerate(rows.tolist()):
                stale = self.stale.get(row)
                if stale and "@updated" in stale:
                    out[i] = int(stale["@updated"] or 0)
        return out
