"""Numbering canonical records and building them quickly (millions of them).

Private to :mod:`connector.sandbox`. A frozen dataclass's generated
``__init__`` sets each field through ``object.__setattr__``, which costs
about 4 microseconds per record on a small machine: 16 s for the 4 million
activities of a 100k-account demo. :func:`build_records` sets each slot
through its member descriptor instead, one field at a time for all records,
with the loop running in C (``map``); the records are the same objects the
constructor would give (the tests compare them with constructed ones).
:class:`Ids` hands out the record ids (``acc-000042``) in one numbering.
"""

from __future__ import annotations

import dataclasses
import types
from collections import deque
from collections.abc import Sized
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import compress, repeat
from typing import TYPE_CHECKING, Any, TypeVar, cast

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

    from numpy.typing import NDArray

__all__ = ["Ids", "build_records", "id_range", "object_table", "pick", "split", "to_times"]

T = TypeVar("T")


def build_records(
    cls: type[T], n: int, columns: Mapping[str, Iterable[Any] | Callable[[], Iterable[Any]]]
) -> list[T]:
    """``n`` records of the frozen, slotted dataclass ``cls`` from one column per field.

    A column is a sequence of ``n`` values, an endless iterable such as
    ``itertools.repeat(None)``, or a function making either: functions are
    called one field at a time, so that only one column of millions of values
    is held at once. Every field must be given: a record with an unset slot
    would fail later, far from here.
    """
    names = [f.name for f in dataclasses.fields(cast("Any", cls))]
    if set(columns) != set(names):
        msg = f"{cls.__name__}: columns {sorted(columns)} do not match fields {sorted(names)}"
        raise ValueError(msg)
    slots = [cls.__dict__[name] for name in names]
    if not all(isinstance(slot, types.MemberDescriptorType) for slot in slots):
        msg = f"{cls.__name__} must be a slotted dataclass to be built in bulk"
        raise TypeError(msg)
    records: list[T] = list(map(object.__new__, repeat(cls, n)))
    for name, slot in zip(names, slots, strict=True):
        col = columns[name]
        values = col() if callable(col) else col
        if isinstance(values, Sized) and len(values) != n:
            msg = f"{cls.__name__}.{name}: {len(values)} values for {n} records"
            raise ValueError(msg)
        deque(map(slot.__set__, records, values), maxlen=0)
    return records


def object_table(values: Iterable[Any], size: int) -> NDArray[np.object_]:
    """``values`` as an object array with one extra ``None`` at the end.

    Indexing the table with ``-1`` therefore gives ``None``: a column of
    optional references becomes a single fancy-indexing operation.
    """
    table = np.empty(size + 1, dtype=object)
    table[:size] = np.fromiter(values, dtype=object, count=size)
    return table


def pick(table: NDArray[np.object_], index: NDArray[np.integer[Any]]) -> list[Any]:
    """The table's values at ``index`` (``-1`` gives ``None``, see :func:`object_table`)."""
    out: list[Any] = table[index].tolist()
    return out


def to_times(epoch_seconds: NDArray[np.int64]) -> list[datetime]:
    """UTC datetimes for epoch seconds; equal times share one datetime object.

    Times on whole minutes (all the generator makes) are looked up in a table
    of the minutes in use, which avoids sorting millions of values.
    """
    if epoch_seconds.size == 0:
        return []
    first = int(epoch_seconds.min())
    offset = epoch_seconds - first
    step = 1 if (offset % 60).any() else 60
    slot = offset // step
    if int(slot.max()) > 8 * slot.size:  # sparse: sorting is cheaper than a table
        unique, inverse = np.unique(slot, return_inverse=True)
        slot = inverse.reshape(-1)
    else:
        used = np.zeros(int(slot.max()) + 1, dtype=bool)
        used[slot] = True
        unique = np.flatnonzero(used)
        slot = (np.cumsum(used) - 1)[slot]
    table = np.fromiter(
        (datetime.fromtimestamp(first + step * u, UTC) for u in unique.tolist()),
        dtype=object,
        count=unique.size,
    )
    out: list[datetime] = table[slot].tolist()
    return out


def split(records: Sequence[T], deleted: NDArray[np.bool_]) -> tuple[list[T], list[T]]:
    """The records kept and the records deleted, each in their original order."""
    if len(records) != deleted.size:
        msg = f"{deleted.size} deletion flags for {len(records)} records"
        raise ValueError(msg)
    return (
        list(compress(records, (~deleted).tolist())),
        list(compress(records, deleted.tolist())),
    )


_PREFIX = {"account": "acc", "contact": "con", "activity": "act", "deal": "deal", "thread": "thr"}
_DIGITS = {"account": 6, "contact": 7, "activity": 8, "deal": 7, "thread": 7}
_LOW = 10_000
_LOWS = [f"{i:04d}" for i in range(_LOW)]


def id_range(kind: str, first: int, n: int) -> list[str]:
    """The ids of records ``first`` to ``first + n - 1`` of ``kind``: ``acc-000042``, ...

    Built as a shared prefix ("act-0412") plus the last four digits, which is
    several times faster than formatting each of millions of numbers.
    """
    width = _DIGITS[kind] - 4
    out: list[str] = []
    for high in range(first // _LOW, (first + n - 1) // _LOW + 1):
        head = f"{_PREFIX[kind]}-{high:0{width}d}"
        lo = max(first - high * _LOW, 0)
        hi = min(first + n - high * _LOW, _LOW)
        out += [head + low for low in _LOWS[lo:hi]]
    return out


@dataclass
class Ids:
    """The next number of each kind of id (ids look like ``acc-000042``)."""

    account: int = 1
    contact: int = 1
    activity: int = 1
    deal: int = 1
    thread: int = 1

    def next(self, kind: str) -> str:
        """A new id of ``kind`` ("account", "contact", ...)."""
        return self.take(kind, 1)[0]

    def take(self, kind: str, n: int) -> list[str]:
        """``n`` new ids of ``kind``, in order."""
        first: int = getattr(self, kind)
        setattr(self, kind, first + n)
        return id_range(kind, first, n)
