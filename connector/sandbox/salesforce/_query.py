"""``query``, ``queryAll`` and ``nextRecordsUrl`` paging (REST and Tooling).

The rows matching a query are fixed when it runs (a cursor, like Salesforce's
query locator); each page materialises its records then. Pages hold
``batchSize`` records from ``Sforce-Query-Options`` (200-2000, default 2000);
``nextRecordsUrl`` is an absolute path ``/services/data/vXX.X/query/<locator>-<offset>``
(``queryAll`` cursors page through ``query`` too). Cursors idle for 15
minutes, or beyond the 50 most recent, are gone: ``INVALID_QUERY_LOCATOR``.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from connector.sandbox.salesforce._errors import ApiError
from connector.sandbox.salesforce._eval import Plan
from connector.sandbox.salesforce._ids import make_id
from connector.sandbox.salesforce._render import Renderer
from connector.sandbox.salesforce._soql import parse
from connector.sandbox.salesforce._soql_ast import Query, SoqlError, position_message

if TYPE_CHECKING:
    from connector.sandbox._http import Request
    from connector.sandbox.salesforce._org import Org

__all__ = ["DEFAULT_BATCH", "Queries", "compile_query"]

DEFAULT_BATCH = 2000
MIN_BATCH = 200
CURSOR_SECONDS = 15 * 60
MAX_CURSORS = 50
_BATCH = re.compile(r"batchSize\s*=\s*(\d+)", re.IGNORECASE)


def compile_query(org: Org, text: str | None, user: str) -> Plan:
    """Parse and bind a query (``ApiError`` 400 with Salesforce's code if it is bad)."""
    if not text or not isinstance(text, str):
        raise ApiError(400, "MALFORMED_QUERY", "A query string has to be specified")
    try:
        query: Query = parse(text)
        table = org.table(query.object)
        if table is not None:
            return Plan(org, table, query, user)
    except SoqlError as exc:
        raise ApiError(400, exc.code, exc.message) from None
    problem = (
        f"sObject type '{query.object}' is not supported. If you are attempting to use "
        "a custom object, be sure to append the '__c' after the entity name. Please "
        "reference your WSDL or the describe call for the appropriate names."
    )
    raise ApiError(400, "INVALID_TYPE", position_message(text, query.object_pos, problem))


def batch_size(request: Request, default: int = DEFAULT_BATCH) -> int:
    """The page size a request asks for, clamped to Salesforce's 200-2000."""
    match = _BATCH.search(request.headers.get("Sforce-Query-Options") or "")
    if match is None:
        return default
    return max(MIN_BATCH, min(DEFAULT_BATCH, int(match.group(1))))


@dataclass
class _Cursor:
    plan: Plan
    rows: list[int]
    renderer: Renderer
    batch: int
    used: float


class Queries:
    """Runs queries and keeps their cursors."""

    def __init__(self, org: Org, path: str = "query") -> None:
        self.org = org
        self.path = path  # "query", or "tooling/query"
        self._cursors: OrderedDict[str, _Cursor] = OrderedDict()
        self._lock = threading.Lock()
        self._next = 0

    def run(
        self,
        plan: Plan,
        request: Request,
        version: str,
        *,
        include_deleted: bool,
        check: Any = None,  # noqa: ANN401 - optional callback on the rows (tooling rules)
    ) -> dict[str, Any]:
        """The first page of ``plan``'s results."""
        rows = plan.rows(include_deleted=include_deleted)
        if check is not None:
            check(plan, rows)
        if plan.query.count:
            return {"totalSize": len(rows), "done": True, "records": []}
        cursor = _Cursor(
            plan, rows, Renderer(self.org, plan, version), batch_size(request), time.monotonic()
        )
        locator = None
        if len(rows) > cursor.batch:
            with self._lock:
                locator = make_id("01g", self._next)
                self._next += 1
                self._cursors[locator] = cursor
                self._evict()
        return self._page(cursor, locator, 0, version)

    def more(self, tail: str, request: Request, version: str) -> dict[str, Any]:
        """The page at ``<locator>-<offset>`` (the end of a ``nextRecordsUrl``)."""
        locator, _, offset_text = tail.partition("-")
        with self._lock:
            self._evict()
            cursor = self._cursors.get(locator)
            if cursor is not None:
                self._cursors.move_to_end(locator)
                cursor.used = time.monotonic()
        if cursor is None or not offset_text.isdigit():
            raise ApiError(400, "INVALID_QUERY_LOCATOR", "invalid query locator")
        cursor.batch = batch_size(request, cursor.batch)
        return self._page(cursor, locator, int(offset_text), version)

    def _page(
        self, cursor: _Cursor, locator: str | None, offset: int, version: str
    ) -> dict[str, Any]:
        end = offset + cursor.batch
        record = cursor.renderer.record
        records = [record(row) for row in cursor.rows[offset:end]]
        out: dict[str, Any] = {"totalSize": len(cursor.rows), "done": end >= len(cursor.rows)}
        if not out["done"]:
            out["nextRecordsUrl"] = f"/services/data/v{version}/{self.path}/{locator}-{end}"
        out["records"] = records
        return out

    def _evict(self) -> None:
        limit = time.monotonic() - CURSOR_SECONDS
        for key in [k for k, c in self._cursors.items() if c.used < limit]:
            del self._cursors[key]
        while len(self._cursors) > MAX_CURSORS:
            self._cursors.popitem(last=False)
