"""Running a parsed SOQL query: filters, ordering, limits, and the rows it returns.

A :class:`Plan` binds a :class:`~._soql.Query` to a table for one user:
every path resolved, every literal checked against its field's type (with
Salesforce's messages when it does not fit) and turned into the stored
form, so the filter compares strings with strings. String comparisons are
case-insensitive, as in SOQL; ``!=`` and ``NOT IN`` match nulls.
"""

from __future__ import annotations

import operator
import re
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from connector.sandbox.salesforce._ids import normalize_id
from connector.sandbox.salesforce._resolve import Resolved, Resolver
from connector.sandbox.salesforce._schema import NUMERIC_TYPES, STRING_TYPES
from connector.sandbox.salesforce._soql_ast import (
    And,
    Compare,
    Condition,
    Literal,
    Not,
    Or,
    Query,
    SoqlError,
    position_message,
)
from connector.sandbox.salesforce._store import format_datetime

if TYPE_CHECKING:
    from collections.abc import Callable

    from connector.sandbox.salesforce._org import Org
    from connector.sandbox.salesforce._store import Table

__all__ = ["Plan", "keyword_range"]
_TYPE_NAMES = {
    "datetime": "dateTime",
    "date": "date",
    "boolean": "boolean",
    "int": "integer",
    "double": "double",
    "currency": "currency",
    "percent": "percent",
}
_ID_TYPES = frozenset({"id", "reference"})
_KEPT_ESCAPE = re.compile(r"\\([\\%_])")  # \\ \% \_ as the parser leaves them
MAX_OFFSET = 2000


def _week_start(day: date) -> date:
    return day - timedelta(days=(day.weekday() + 1) % 7)  # weeks start on Sunday


def _month_start(day: date, shift: int) -> date:
    months = day.year * 12 + day.month - 1 + shift
    return date(months // 12, months % 12 + 1, 1)


def keyword_range(word: str, n: int | None, today: date) -> tuple[date, date]:  # noqa: PLR0911
    """The [start, end) dates a date literal (``TODAY``, ``LAST_N_DAYS:n``...) covers."""
    one = timedelta(days=1)
    if word == "TODAY":
        return today, today + one
    if word == "YESTERDAY":
        return today - one, today
    if word == "TOMORROW":
        return today + one, today + 2 * one
    if word in ("LAST_N_DAYS", "LAST_90_DAYS"):
        days = min(n if n is not None else 90, today.toordinal() - 1)  # no earlier than date.min
        return today - days * one, today + one
    if word in ("NEXT_N_DAYS", "NEXT_90_DAYS"):
        days = n if n is not None else 90
        days = min(days, date.max.toordinal() - today.toordinal() - 1)  # no later than date.max
        return today + one, today + (days + 1) * one
    shift = {"LAST": -1, "THIS": 0, "NEXT": 1}[word.split("_", maxsplit=1)[0]]
    unit = word.split("_")[1]
    if unit == "WEEK":
        start = _week_start(today) + 7 * shift * one
        return start, start + 7 * one
    if unit == "MONTH":
        return _month_start(today, shift), _month_start(today, shift + 1)
    return date(today.year + shift, 1, 1), date(today.year + shift + 1, 1, 1)


class _Binder:
    def __init__(self, org: Org, resolver: Resolver, query: Query) -> None:
        self.org = org
        self.resolver = resolver
        self.text = query.text

    def type_error(self, lit: Literal, name: str, kind: str) -> SoqlError:
        if kind in STRING_TYPES or kind in _ID_TYPES:
            problem = f"value of filter criterion for field '{name}' must be of type string and should be enclosed in quotes"  # noqa: E501
        else:
            problem = f"value of filter criterion for field '{name}' must be of type {_TYPE_NAMES.get(kind, kind)} and should not be enclosed in quotes"  # noqa: E501
        return SoqlError(position_message(self.text, lit.pos, problem), "INVALID_FIELD")

    def value(self, lit: Literal, field: Resolved, *, like: bool = False) -> Any:  # noqa: ANN401, PLR0911, PLR0912
        """``lit`` in the stored form of ``field``'s values (a (start, end) pair for ranges)."""
        kind = field.field.type
        name = field.field.name
        if lit.kind == "null":
            return None
        if kind in _ID_TYPES:
            if lit.kind != "string":
                raise self.type_error(lit, name, kind)
            full = normalize_id(lit.value)
            if full is None:
                problem = f"invalid ID field: {lit.value}"
                raise SoqlError(
                    position_message(self.text, lit.pos, problem), "INVALID_QUERY_FILTER_OPERATOR"
                )
            return full
        if kind in STRING_TYPES:
            if lit.kind != "string":
                raise self.type_error(lit, name, kind)
            text = str(lit.value)
            if not text and not like:
                return None  # blank strings are nulls: Name = '' is Name = null
            return text if like else _KEPT_ESCAPE.sub(r"\1", text)
        if kind in NUMERIC_TYPES:
            if lit.kind != "number":
                raise self.type_error(lit, name, kind)
            return lit.value
        if kind == "boolean":
            if lit.kind != "boolean":
                raise self.type_error(lit, name, kind)
            return lit.value
        if kind in ("date", "datetime"):
            if lit.kind == "keyword":
                start, end = keyword_range(lit.value, lit.n, self.org.clock().date())
                if kind == "date":
                    return (start.isoformat(), end.isoformat())
                return tuple(
                    format_datetime(datetime(d.year, d.month, d.day, tzinfo=UTC))
                    for d in (start, end)
                )
            try:
                if kind == "date" and lit.kind == "date":
                    return date.fromisoformat(lit.value).isoformat()
                if kind == "datetime" and lit.kind == "datetime":
                    text = str(lit.value).replace("Z", "+00:00")
                    return format_datetime(datetime.fromisoformat(text))
            except (OverflowError, ValueError):
                problem = f"invalid date or datetime literal: {lit.value}"
                raise SoqlError(position_message(self.text, lit.pos, problem)) from None
            raise self.type_error(lit, name, kind)
        raise self.type_error(lit, name, kind)

    def predicate(self, cond: Condition) -> Callable[[int], bool]:
        """A function telling whether a row matches ``cond``."""
        if isinstance(cond, And):
            parts = [self.predicate(c) for c in cond.items]
            return lambda row: all(p(row) for p in parts)
        if isinstance(cond, Or):
            parts = [self.predicate(c) for c in cond.items]
            return lambda row: any(p(row) for p in parts)
        if isinstance(cond, Not):
            inner = self.predicate(cond.item)
            return lambda row: not inner(row)
        return self.compare(cond)

    def compare(self, cond: Compare) -> Callable[[int], bool]:  # noqa: PLR0911, PLR0912
        field = self.resolver.resolve(cond.field)
        definition = field.field
        if not definition.filterable:
            problem = f"field '{definition.name}' can not be filtered in a query call"
            raise SoqlError(position_message(self.text, cond.field.pos, problem), "INVALID_FIELD")
        get = field.get
        kind = definition.type
        fold = kind in STRING_TYPES
        op = cond.op
        if kind == "multipicklist" and op not in ("=", "!=", "includes", "excludes"):
            problem = "invalid operator on multipicklist field"
            raise SoqlError(
                position_message(self.text, cond.field.pos, problem),
                "INVALID_QUERY_FILTER_OPERATOR",
            )
        if op == "like":
            if kind not in STRING_TYPES:
                problem = f"invalid operator on field '{definition.name}'"
                raise SoqlError(
                    position_message(self.text, cond.field.pos, problem), "INVALID_FIELD"
                )
            pattern = _like(str(self.value(cond.values[0], field, like=True)))
            return lambda row: (v := get(row)) is not None and pattern.fullmatch(str(v)) is not None
        if op in ("includes", "excludes"):
            if kind != "multipicklist":
                problem = "includes or excludes operator only valid on multipicklist field"
                raise SoqlError(
                    position_message(self.text, cond.field.pos, problem), "INVALID_FIELD"
                )
            wanted = [
                frozenset(p.strip().casefold() for p in str(self.value(v, field)).split(";"))
                for v in cond.values
            ]

            def has(row: int) -> bool:
                v = get(row)
                held = frozenset(p.casefold() for p in v.split(";")) if v else frozenset()
                return any(w <= held for w in wanted)

            return has if op == "includes" else (lambda row: not has(row))
        values = [self.value(v, field) for v in cond.values]
        if op in ("in", "notin"):
            keys = {_key(v, fold, kind) for v in values}
            if op == "in":
                return lambda row: _key(get(row), fold, kind) in keys
            return lambda row: _key(get(row), fold, kind) not in keys
        value = values[0]
        if isinstance(value, tuple):
            return _range(get, op, value)
        if value is None:
            if op not in ("=", "!="):
                return lambda _row: False
            return (
                (lambda row: get(row) is None) if op == "=" else (lambda row: get(row) is not None)
            )
        key = _key(value, fold, kind)
        if op == "=":
            return lambda row: _key(get(row), fold, kind) == key
        if op == "!=":
            return lambda row: _key(get(row), fold, kind) != key
        compare = _ORDER[op]
        if not fold and kind != "multipicklist":  # the common case (dates, numbers): no folding
            return lambda row: (v := get(row)) is not None and compare(v, key)
        return lambda row: (v := get(row)) is not None and compare(_key(v, fold, kind), key)


_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def _key(value: Any, fold: bool, kind: str) -> Any:  # noqa: ANN401
    if value is None:
        return None
    if kind == "multipicklist":
        return frozenset(p.casefold() for p in str(value).split(";"))
    return value.casefold() if fold and isinstance(value, str) else value


def _range(get: Callable[[int], Any], op: str, bounds: tuple[str, str]) -> Callable[[int], bool]:
    start, end = bounds
    tests: dict[str, Callable[[Any], bool]] = {
        "=": lambda v: start <= v < end,
        "!=": lambda v: not start <= v < end,
        "<": lambda v: v < start,
        "<=": lambda v: v < end,
        ">": lambda v: v >= end,
        ">=": lambda v: v >= start,
    }
    test = tests.get(op)
    if test is None:
        return lambda _row: False
    if op == "!=":
        return lambda row: (v := get(row)) is None or test(v)
    return lambda row: (v := get(row)) is not None and test(v)


def _like(pattern: str) -> re.Pattern[str]:
    out = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        out.append(".*" if char == "%" else "." if char == "_" else re.escape(char))
        i += 1
    return re.compile("".join(out), re.IGNORECASE | re.DOTALL)


class Plan:
    """A query bound to a table: which rows, in which order, with which columns."""

    def __init__(self, org: Org, table: Table, query: Query, user: str) -> None:
        self.org = org
        self.table = table
        self.query = query
        resolver = Resolver(org, table, user, query.text)
        self.columns: list[Resolved] = []
        seen: set[str] = set()
        for path in query.fields:
            column = resolver.resolve(path)
            if column.label.lower() in seen:
                problem = f"duplicate field selected: {column.label}"
                raise SoqlError(position_message(query.text, path.pos, problem))
            seen.add(column.label.lower())
            self.columns.append(column)
        binder = _Binder(org, resolver, query)
        self.where = None if query.where is None else binder.predicate(query.where)
        self.order = []
        for item in query.order:
            column = resolver.resolve(item.field)
            if not column.field.sortable:
                problem = f"field '{column.field.name}' can not be sorted in a query call"
                raise SoqlError(
                    position_message(query.text, item.field.pos, problem), "INVALID_FIELD"
                )
            self.order.append((column, item.descending, item.nulls_last))
        if query.offset is not None and query.offset > MAX_OFFSET:
            message = f"Maximum SOQL offset allowed is {MAX_OFFSET}"
            raise SoqlError(message, "NUMBER_OUTSIDE_VALID_RANGE")

    def rows(self, *, include_deleted: bool) -> list[int]:
        """The matching rows, ordered, after OFFSET and LIMIT."""
        table = self.table
        rows = list(range(len(table))) if include_deleted else table.live_rows()
        if self.where is not None:
            rows = list(filter(self.where, rows))
        for column, descending, nulls_last in reversed(self.order):
            last = descending if nulls_last is None else nulls_last
            null_rank = (0 if last else 2) if descending else (2 if last else 0)
            fold = column.field.type in STRING_TYPES
            get = column.get
            # Picklists sort in their defined order, then unlisted values; text by the
            # UTF-8 values of its upper case (English locales), so '_' sorts after 'Z'.
            ranks = {v: i for i, v in enumerate(column.field.picklist)}

            def key(
                row: int,
                get: Callable[[int], Any] = get,
                fold: bool = fold,
                null_rank: int = null_rank,
                ranks: dict[str, int] = ranks,
            ) -> tuple[Any, ...]:
                v = get(row)
                if v is None:
                    return (null_rank,)
                if fold and isinstance(v, str):
                    return (1, ranks.get(v, len(ranks)), v.upper())
                return (1, 0, v)

            rows.sort(key=key, reverse=descending)
        start = self.query.offset or 0
        end = None if self.query.limit is None else start + self.query.limit
        return rows[start:end] if start or end is not None else rows
