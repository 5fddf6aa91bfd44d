"""Associations between two object types, stored as adjacency arrays both ways.

Private to the HubSpot sandbox. Each association (edge) joins a row of one
table to a row of the other and carries label flags: every association has
the pair's unlabeled type; :data:`PRIMARY` adds the primary type (a contact's
primary company, a deal's company), :data:`CUSTOM` the portal's custom label.
Associations made through the API after start sit in small dictionaries
beside the arrays.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["CUSTOM", "PRIMARY", "Links"]

PRIMARY = 1
CUSTOM = 2


def _csr(
    keys: NDArray[np.int32], values: NDArray[np.int32], flags: NDArray[np.uint8], n: int
) -> tuple[NDArray[np.int64], NDArray[np.int32], NDArray[np.uint8]]:
    order = np.argsort(keys, kind="stable")
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys, minlength=n), out=ptr[1:])
    return ptr, values[order], flags[order]


class Links:
    """The associations between table ``a`` and table ``b`` (rows, with flags)."""

    def __init__(
        self,
        a_type: str,
        b_type: str,
        a_rows: NDArray[np.int32],
        b_rows: NDArray[np.int32],
        flags: NDArray[np.uint8],
        sizes: tuple[int, int],
    ) -> None:
        self.a_type = a_type
        self.b_type = b_type
        self._fwd = _csr(a_rows, b_rows, flags, sizes[0])
        self._bwd = _csr(b_rows, a_rows, flags, sizes[1])
        self._extra: dict[tuple[str, int], dict[int, int]] = {}

    def from_row(self, from_type: str, row: int) -> tuple[NDArray[np.int32], NDArray[np.uint8]]:
        """The rows associated with ``row`` of ``from_type``, and each association's flags."""
        ptr, to, flags = self._fwd if from_type == self.a_type else self._bwd
        if row + 1 < len(ptr):
            lo, hi = int(ptr[row]), int(ptr[row + 1])
            rows, fl = to[lo:hi], flags[lo:hi]
        else:
            rows, fl = to[:0], flags[:0]
        extra = self._extra.get((from_type, row))
        if extra:
            rows = np.concatenate((rows, np.fromiter(extra.keys(), np.int32, len(extra))))
            fl = np.concatenate((fl, np.fromiter(extra.values(), np.uint8, len(extra))))
        return rows, fl

    def add(self, from_type: str, row: int, to_row: int, flags: int = 0) -> None:
        """Associate two rows (made through the API)."""
        to_type = self.b_type if from_type == self.a_type else self.a_type
        self._extra.setdefault((from_type, row), {})[to_row] = flags
        self._extra.setdefault((to_type, to_row), {})[row] = flags

    def added(self) -> list[tuple[int, int, int]]:
        """The associations made through the API, as (a row, b row, flags)."""
        return [
            (row, to, flags)
            for (t, row), targets in self._extra.items()
            if t == self.a_type
            for to, flags in targets.items()
        ]
