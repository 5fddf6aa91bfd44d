"""The parsed form of a SOQL query, and SOQL's error shape.

:mod:`._soql` builds these nodes; :mod:`._eval` binds them to the org.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "And",
    "Compare",
    "Condition",
    "FieldPath",
    "Literal",
    "Not",
    "Or",
    "OrderItem",
    "Query",
    "SoqlError",
    "position_message",
]


class SoqlError(Exception):
    """A query Salesforce would refuse: ``code`` is its errorCode."""

    def __init__(self, message: str, code: str = "MALFORMED_QUERY") -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def position_message(text: str, pos: int, problem: str) -> str:
    """Salesforce's error text: the query line, a caret, the row and column, the problem."""
    row = text.count("\n", 0, pos) + 1
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    line = text[start : end if end >= 0 else len(text)]
    column = pos - start + 1
    return f"\n{line}\n{' ' * (column - 1)}^\nERROR at Row:{row}:Column:{column}\n{problem}"


@dataclass(frozen=True, slots=True)
class FieldPath:
    """A field, possibly through parent relationships (``Account.Owner.Name``)."""

    parts: tuple[str, ...]
    pos: int

    @property
    def text(self) -> str:
        """The path as written."""
        return ".".join(self.parts)


@dataclass(frozen=True, slots=True)
class Literal:
    """A value: kind is string, number, boolean, null, date, datetime or keyword."""

    kind: str
    value: Any
    pos: int
    n: int | None = None  # LAST_N_DAYS:n


@dataclass(frozen=True, slots=True)
class Compare:
    """``field op value``; op is one of = != < <= > >= in notin like includes excludes."""

    field: FieldPath
    op: str
    values: tuple[Literal, ...]


@dataclass(frozen=True, slots=True)
class And:
    """All of ``items``."""

    items: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class Or:
    """Any of ``items``."""

    items: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class Not:
    """Not ``item``."""

    item: Condition


Condition = Compare | And | Or | Not


@dataclass(frozen=True, slots=True)
class OrderItem:
    """One ORDER BY key."""

    field: FieldPath
    descending: bool = False
    nulls_last: bool | None = None  # None: Salesforce's default for the direction


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query."""

    text: str
    object: str
    object_pos: int
    fields: tuple[FieldPath, ...]
    count: bool = False
    where: Condition | None = None
    order: tuple[OrderItem, ...] = ()
    limit: int | None = None
    offset: int | None = None
    features: frozenset[str] = field(default_factory=frozenset)
