"""The search API: filter groups, one sort, paging by offset, and its limits.

Private to the HubSpot sandbox. From crm-apis.md §7: filter groups are ORed
and their filters ANDed (at most 5 groups, 6 filters per group, 18 in all);
``limit`` at most 200; ``query`` at most 3,000 characters; ``after`` is an
offset, and no query pages past 10,000 results (400). Search sees writes
only after the portal's indexing delay, and answers with the values it
indexed. Its own per-second limit is applied by the app (:mod:`._ratelimit`).
``associations.{type}`` filters (``EQ``/``IN`` an id) find records associated
with a live record.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import numpy as np

from connector.sandbox._http import Response
from connector.sandbox.hubspot._catalog import resolve_type
from connector.sandbox.hubspot._context import record_json
from connector.sandbox.hubspot._errors import bad_request
from connector.sandbox.hubspot._times import parse_time_ms

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from connector.sandbox.hubspot._catalog import ObjectType
    from connector.sandbox.hubspot._context import Ctx
    from connector.sandbox.hubspot._table import Table

__all__ = ["search"]

LIMIT_MAX = 200
RESULT_CAP = 10_000
QUERY_MAX = 3_000
MAX_GROUPS, MAX_FILTERS, MAX_TOTAL = 5, 6, 18
OPERATORS = frozenset(
    {"EQ", "NEQ", "LT", "LTE", "GT", "GTE", "BETWEEN", "IN", "NOT_IN", "HAS_PROPERTY",
     "NOT_HAS_PROPERTY", "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN"}
)  # fmt: skip
_WORD = re.compile(r"[^\w@.]+")
I64 = np.int64


def _number(text: object, is_time: bool) -> float:
    if text is None or text == "":
        return np.nan
    if is_time:
        ms = parse_time_ms(str(text))
        return np.nan if ms is None else float(ms)
    try:
        return float(str(text))
    except ValueError:
        return np.nan


class _View:
    """Property values of candidate rows as search sees them (computed once per property)."""

    def __init__(self, table: Table, rows: NDArray[np.int64]) -> None:
        self.table = table
        self.rows = rows
        self._text: dict[str, list[str | None]] = {}
        self._num: dict[str, NDArray[np.float64]] = {}

    def text(self, name: str) -> list[str | None]:
        if name not in self._text:
            self._text[name] = self.table.columns_of(self.rows, [name], indexed=True)[0]
        return self._text[name]

    def numbers(self, name: str, is_time: bool) -> NDArray[np.float64]:
        if name in self._num:
            return self._num[name]
        t, rows = self.table, self.rows
        if name == "hs_object_id":
            out = t.ids[rows].astype(np.float64)
        elif name == t.type.created_prop:
            out = t.created[rows].astype(np.float64)
        elif name == t.type.modified_prop:
            out = t.indexed_updated(rows).astype(np.float64)
        else:
            column = t.columns.get(name)
            out = np.full(len(rows), np.nan)
            base = rows < t.n_base
            if column is not None:
                out[base] = column.numbers(rows[base])
            where = np.array(t.touched(rows, indexed=True), dtype=I64)
            if len(where):
                texts = t.columns_of(rows[where], [name], indexed=True)[0]
                for i, text in zip(where.tolist(), texts, strict=True):
                    out[i] = _number(text, is_time)
        self._num[name] = out
        return out


def _filter(ctx: Ctx, otype: ObjectType, view: _View, f: dict[str, Any]) -> NDArray[np.bool_]:
    name, op = f.get("propertyName"), f.get("operator", "EQ")
    if not isinstance(name, str) or not isinstance(op, str) or op not in OPERATORS:
        msg = (
            f"Invalid filter: {f!r}; it needs a propertyName and an operator of {sorted(OPERATORS)}"
        )
        raise bad_request(msg)
    if name.startswith("associations."):
        return _by_association(ctx, otype, view, name.split(".", 1)[1], op, f)
    prop = ctx.portal.properties[otype.name].get(name)
    if prop is None:
        msg = f"Invalid property in filter: {name!r} is not a property of {otype.name}"
        raise bad_request(msg)
    if op in ("HAS_PROPERTY", "NOT_HAS_PROPERTY"):
        has = np.array([v not in (None, "") for v in view.text(name)], dtype=bool)
        return has if op == "HAS_PROPERTY" else ~has
    values = f.get("values") if op in ("IN", "NOT_IN") else [f.get("value"), f.get("highValue")]
    if not isinstance(values, list):
        msg = f"Filter on {name!r} with {op} needs 'values' as a list"
        raise bad_request(msg)
    if prop.type in ("number", "datetime", "date") and op not in (
        "CONTAINS_TOKEN",
        "NOT_CONTAINS_TOKEN",
    ):
        is_time = prop.type != "number"
        col = view.numbers(name, is_time)
        nums = [_number(v, is_time) for v in values]
        with np.errstate(invalid="ignore"):
            return _compare(op, col, nums)
    texts = view.text(name)
    wanted = [str(v).lower() for v in values if v is not None]
    multi = prop.field_type == "checkbox"
    return np.array([_match(op, v, wanted, multi) for v in texts], dtype=bool)


def _compare(op: str, col: NDArray[np.float64], nums: list[float]) -> NDArray[np.bool_]:
    v = nums[0] if nums else np.nan
    if op == "BETWEEN":
        return (col >= v) & (col <= nums[1])
    if op in ("IN", "NOT_IN"):
        hit = np.isin(col, np.array(nums))
        return hit if op == "IN" else ~hit & ~np.isnan(col)
    table: dict[str, NDArray[np.bool_]] = {
        "EQ": col == v,
        "NEQ": col != v,
        "LT": col < v,
        "LTE": col <= v,
        "GT": col > v,
        "GTE": col >= v,
    }
    return table[op]


def _match(op: str, value: str | None, wanted: list[str], multi: bool) -> bool:
    low = (value or "").lower()
    parts = [p for p in low.split(";") if p] if multi else [low]
    first = wanted[0] if wanted else ""
    if op in ("CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN"):
        token = first.strip("*")
        words = _WORD.split(low)
        hit = (token in low) if "*" in first else token in words
        return hit if op == "CONTAINS_TOKEN" else not hit
    if value is None or value == "":
        return op in ("NEQ", "NOT_IN")
    if op in ("EQ", "IN"):
        return any(p in wanted for p in parts) if op == "IN" else first in parts
    if op in ("NEQ", "NOT_IN"):
        return not any(p in wanted for p in parts)
    cmp = {"LT": low < first, "LTE": low <= first, "GT": low > first, "GTE": low >= first}
    if op == "BETWEEN":
        return first <= low <= (wanted[1] if len(wanted) > 1 else first)
    return cmp[op]


def _by_association(
    ctx: Ctx, otype: ObjectType, view: _View, other: str, op: str, f: dict[str, Any]
) -> NDArray[np.bool_]:
    to = resolve_type(other)
    if (
        to is None
        or ctx.portal.links_between(otype.name, to.name) is None
        or op not in ("EQ", "IN")
    ):
        msg = f"Invalid association filter: {f!r}"
        raise bad_request(msg)
    ids = f.get("values") if op == "IN" else [f.get("value")]
    if not isinstance(ids, list):
        msg = f"Invalid association filter: {f!r}"
        raise bad_request(msg)
    other_table = ctx.portal.tables[to.name]
    rows = other_table.rows_of([str(i) for i in ids])
    hit: set[int] = set()
    for row in rows:
        if row is not None and not other_table.is_archived(row):
            hit.update(ctx.portal.associated(to.name, row, otype.name)[0].tolist())
    return np.isin(view.rows, np.fromiter(hit, I64, len(hit)))


def _sort_key(
    ctx: Ctx, otype: ObjectType, view: _View, sorts: list[Any]
) -> tuple[NDArray[Any], bool]:
    if not sorts:
        return view.table.ids[view.rows], False
    if not isinstance(sorts, list):
        msg = f"Invalid sorts: {sorts!r}; expected a list"
        raise bad_request(msg)
    first = sorts[0]
    if isinstance(first, str):
        name, desc = first.lstrip("-"), first.startswith("-")
    elif isinstance(first, dict):
        direction = first.get("direction", "ASCENDING")
        if direction not in ("ASCENDING", "DESCENDING"):
            msg = f"Invalid sort direction: {direction!r}; use ASCENDING or DESCENDING"
            raise bad_request(msg)
        name, desc = first.get("propertyName", ""), direction == "DESCENDING"
    else:
        msg = f"Invalid sort: {first!r}"
        raise bad_request(msg)
    prop = ctx.portal.properties[otype.name].get(name) if isinstance(name, str) else None
    if prop is None:
        msg = f"Invalid sort property: {name!r}"
        raise bad_request(msg)
    if prop.type in ("number", "datetime", "date"):
        return view.numbers(name, prop.type != "number"), desc
    texts = [(v or "").lower() for v in view.text(name)]
    _, codes = np.unique(np.array(texts, dtype=object), return_inverse=True)
    return codes.astype(np.float64), desc


def _paging(body: dict[str, Any]) -> tuple[int, int]:
    limit = body.get("limit", 10)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 0 < limit <= LIMIT_MAX:
        msg = f"limit must be between 1 and {LIMIT_MAX}, not {limit!r}"
        raise bad_request(msg)
    try:
        after = int(body.get("after") or 0)
    except (TypeError, ValueError, OverflowError):
        msg = f"Invalid paging cursor 'after': {body.get('after')!r}"
        raise bad_request(msg) from None
    if after < 0:
        msg = f"Invalid paging cursor 'after': {body.get('after')!r}"
        raise bad_request(msg)
    if after >= RESULT_CAP:
        msg = f"Paging beyond {RESULT_CAP:,} results is not supported; narrow the search."
        raise bad_request(msg, context={"after": [str(after)]})
    return limit, after


def _filter_groups(body: dict[str, Any]) -> list[list[dict[str, Any]]]:
    groups = body.get("filterGroups") or []
    if not isinstance(groups, list) or len(groups) > MAX_GROUPS:
        msg = f"At most {MAX_GROUPS} filterGroups are allowed"
        raise bad_request(msg)
    filters = [g.get("filters") or [] if isinstance(g, dict) else None for g in groups]
    if any(not isinstance(fs, list) or len(fs) > MAX_FILTERS for fs in filters):
        msg = f"Each filter group takes a list of at most {MAX_FILTERS} filters"
        raise bad_request(msg)
    if sum(len(fs or []) for fs in filters) > MAX_TOTAL:
        msg = f"At most {MAX_TOTAL} filters are allowed in all filterGroups"
        raise bad_request(msg)
    return [[f if isinstance(f, dict) else {} for f in fs or []] for fs in filters]


def _matching(
    ctx: Ctx, otype: ObjectType, view: _View, groups: list[list[dict[str, Any]]], query: str
) -> NDArray[np.bool_]:
    n = len(view.rows)
    keep = np.ones(n, dtype=bool)
    if any(groups):
        keep = np.zeros(n, dtype=bool)
        for fs in groups:
            group = np.ones(n, dtype=bool)
            for f in fs:
                group &= _filter(ctx, otype, view, f)
            keep |= group
    if query:
        texts = [view.text(name) for name in otype.searchable]
        keep &= np.array(
            [any(query in (t[i] or "").lower() for t in texts) for i in range(n)], dtype=bool
        )
    return keep


def _query(body: dict[str, Any]) -> str:
    query = body.get("query")
    if query is None:
        return ""
    if not isinstance(query, str) or len(query) > QUERY_MAX:
        msg = f"query must be a string of at most {QUERY_MAX:,} characters"
        raise bad_request(msg)
    return query.strip().lower()


def search(ctx: Ctx) -> Response:
    """``POST /crm/v3/objects/{type}/search``."""
    otype = ctx.object_type()
    ctx.require(otype.read)
    body = ctx.body()
    limit, after = _paging(body)
    groups = _filter_groups(body)
    table = ctx.portal.tables[otype.name]
    table.reindex(ctx.portal.clock())
    rows, _ = table.live()
    if table.unindexed:
        rows = rows[~np.isin(rows, np.fromiter(table.unindexed, I64, len(table.unindexed)))]
    view = _View(table, rows)
    keep = _matching(ctx, otype, view, groups, _query(body))
    key, desc = _sort_key(ctx, otype, view, body.get("sorts") or [])
    hit = np.flatnonzero(keep)
    k = key[hit].astype(np.float64)
    k = np.where(np.isnan(k), np.inf, -k if desc else k)  # no value: last either way
    order = np.lexsort((table.ids[rows[hit]], k)) if len(hit) else hit
    total = len(hit)
    end = min(after + limit, total, RESULT_CAP)
    page = rows[hit[order[after:end]]] if after < total else rows[:0]
    names = ctx.property_names(otype, ctx.body_names(body, "properties"))
    payload: dict[str, Any] = {
        "total": total,
        "results": record_json(table, page.tolist(), names, indexed=True),
    }
    if end < total:
        payload["paging"] = {"next": {"after": str(end), "link": f"?after={end}"}}
    return Response.json(200, payload)
