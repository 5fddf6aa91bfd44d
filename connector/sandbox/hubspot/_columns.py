"""Compact columns of property values, turned into HubSpot's strings a page at a time.

Private to the HubSpot sandbox. A portal of 100k companies holds about four
million engagements; storing each property value as a Python string would
take gigabytes and minutes. Columns hold typed numpy arrays instead (times
as epoch milliseconds, repeated texts as codes into a table of distinct
strings) and make strings only for the rows a response shows.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from connector.sandbox.hubspot._times import MISSING, iso_ms_many

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

    from numpy.typing import NDArray

__all__ = [
    "Codes",
    "Column",
    "Derived",
    "Floats",
    "Ints",
    "Lookup",
    "Times",
    "encode",
    "format_number",
]


class Column(Protocol):
    """Values of one property for the rows of one table."""

    def text(self, rows: NDArray[np.int64]) -> list[str | None]:
        """The values of ``rows`` as HubSpot sends them (None: no value)."""
        ...

    def numbers(self, rows: NDArray[np.int64]) -> NDArray[np.float64]:
        """The values as numbers (times in epoch ms) for comparing; NaN where none."""
        ...


def format_number(value: float) -> str:
    """A number as HubSpot writes it: no ``.0`` on whole numbers."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _parse(text: str | None) -> float:
    if text is None or text == "":
        return np.nan
    try:
        return float(text)
    except ValueError:
        return np.nan


class Codes:
    """Repeated strings: a code per row into a table of distinct values (code 0 is None)."""

    def __init__(self, codes: NDArray[np.int32], table: Sequence[str | None]) -> None:
        self.codes = codes
        self.table = list(table)
        self._numbers: NDArray[np.float64] | None = None

    def text(self, rows: NDArray[np.int64]) -> list[str | None]:
        """See :class:`Column`."""
        table = self.table
        return [table[c] for c in self.codes[rows].tolist()]

    def numbers(self, rows: NDArray[np.int64]) -> NDArray[np.float64]:
        """See :class:`Column`."""
        if self._numbers is None:
            self._numbers = np.array([_parse(t) for t in self.table], dtype=np.float64)
        return self._numbers[self.codes[rows]]


class _Numbering(dict[Hashable, int]):
    """Numbers keys as they are first seen (the lookups run in C; only new keys here)."""

    def __missing__(self, key: Hashable) -> int:
        code = self[key] = len(self)
        return code


class Lookup(dict[Hashable, int]):
    """A mapping answering ``default`` for unknown keys, so ``map(lookup.__getitem__, ...)``
    runs in C over millions of records."""

    def __init__(self, items: Mapping[Any, int], default: int) -> None:
        super().__init__(items)
        self.default = default

    def __missing__(self, key: Hashable) -> int:
        return self.default


def encode(
    values: Iterable[Hashable], n: int, show: Callable[[Hashable], str | None] = str
) -> Codes:
    """Dictionary-encode ``n`` values (None stays None; others shown with ``show``)."""
    lookup = _Numbering({None: 0})
    codes = np.fromiter(map(lookup.__getitem__, values), dtype=np.int32, count=n)
    table: list[str | None] = [None] * len(lookup)
    for value, code in lookup.items():
        if value is not None:
            table[code] = show(value)
    return Codes(codes, table)


class Ints:
    """Whole numbers (ids, durations in ms); :data:`MISSING` for none."""

    def __init__(self, values: NDArray[np.int64]) -> None:
        self.values = values

    def text(self, rows: NDArray[np.int64]) -> list[str | None]:
        """See :class:`Column`."""
        return [None if v == MISSING else str(v) for v in self.values[rows].tolist()]

    def numbers(self, rows: NDArray[np.int64]) -> NDArray[np.float64]:
        """See :class:`Column`."""
        v = self.values[rows]
        return np.where(v == MISSING, np.nan, v.astype(np.float64))


class Floats:
    """Amounts; NaN for none."""

    def __init__(self, values: NDArray[np.float64]) -> None:
        self.values = values

    def text(self, rows: NDArray[np.int64]) -> list[str | None]:
        """See :class:`Column`."""
        return [None if v != v else format_number(v) for v in self.values[rows].tolist()]  # noqa: PLR0124 - NaN test

    def numbers(self, rows: NDArray[np.int64]) -> NDArray[np.float64]:
        """See :class:`Column`."""
        return self.values[rows]


class Times(Ints):
    """Date-times in epoch milliseconds, shown as ISO 8601."""

    def text(self, rows: NDArray[np.int64]) -> list[str | None]:
        """See :class:`Column`."""
        return iso_ms_many(self.values[rows])


class Derived:
    """Values computed from other data when shown (e-mail addresses, names)."""

    def __init__(self, make: Callable[[NDArray[np.int64]], list[str | None]]) -> None:
        self.make = make

    def text(self, rows: NDArray[np.int64]) -> list[str | None]:
        """See :class:`Column`."""
        return self.make(rows)

    def numbers(self, rows: NDArray[np.int64]) -> NDArray[np.float64]:
        """See :class:`Column`."""
        return np.array([_parse(t) for t in self.make(rows)], dtype=np.float64)
