"""getUpdated and getDeleted: ``/sobjects/{Type}/updated/`` and ``/deleted/``.

Both take ``start`` and ``end`` (ISO 8601 with a zone), truncate them to the
minute, and look at ``SystemModstamp`` (updated) or the deletion time
(deleted). ``start`` may be at most 30 days back for updates and 15 days for
deletions (``INVALID_REPLICATION_DATE``); more than 600,000 ids is
``EXCEEDED_ID_LIMIT``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from connector.sandbox.salesforce._errors import ApiError
from connector.sandbox.salesforce._store import format_datetime

if TYPE_CHECKING:
    from connector.sandbox._http import Request
    from connector.sandbox.salesforce._org import Org
    from connector.sandbox.salesforce._store import Table

__all__ = ["get_deleted", "get_updated"]

MAX_IDS = 600_000
UPDATED_DAYS = 30
DELETED_DAYS = 15


def _window(org: Org, request: Request, days: int) -> tuple[str, str]:
    bounds = []
    for key in ("start", "end"):
        raw = request.arg(key)
        if not raw:
            raise ApiError(400, "MISSING_ARGUMENT", f"Missing {key} parameter")
        try:
            parsed = datetime.fromisoformat(raw.replace(" ", "+"))
        except ValueError:
            raise ApiError(400, "INVALID_REPLICATION_DATE", f"Invalid {key} date: {raw}") from None
        if parsed.tzinfo is None:
            raise ApiError(400, "INVALID_REPLICATION_DATE", f"{key} date needs a time zone: {raw}")
        bounds.append(parsed.replace(second=0, microsecond=0))
    start, end = bounds
    now = org.clock()
    if end <= start:
        raise ApiError(
            400,
            "INVALID_REPLICATION_DATE",
            "startDate must chronologically precede endDate by more than one minute",
        )
    if start < now - timedelta(days=days):
        raise ApiError(
            400, "INVALID_REPLICATION_DATE", f"startDate cannot be more than {days} days ago"
        )
    end = min(end, now.replace(second=0, microsecond=0))
    return format_datetime(start), format_datetime(end)


def get_updated(org: Org, table: Table, request: Request) -> dict[str, Any]:
    """Ids of live records whose SystemModstamp lies in [start, end)."""
    start, end = _window(org, request, UPDATED_DAYS)
    get = table.get
    ids = [table.id(i) for i in table.live_rows() if start <= get(i, "SystemModstamp") < end]
    if len(ids) > MAX_IDS:
        raise ApiError(
            400,
            "EXCEEDED_ID_LIMIT",
            f"{len(ids)} ids: narrow the window; at most {MAX_IDS} can be returned",
        )
    return {"ids": ids, "latestDateCovered": end}


def get_deleted(org: Org, table: Table, request: Request) -> dict[str, Any]:
    """Records deleted in [start, end), with when."""
    start, end = _window(org, request, DELETED_DAYS)
    deleted = table.deleted
    found = sorted((when, row) for row, when in deleted.items() if start <= when < end)
    if len(found) > MAX_IDS:
        raise ApiError(
            400,
            "EXCEEDED_ID_LIMIT",
            f"{len(found)} ids: narrow the window; at most {MAX_IDS} can be returned",
        )
    earliest = min(deleted.values(), default=start)
    return {
        "deletedRecords": [{"id": table.id(row), "deletedDate": when} for when, row in found],
        "earliestDateAvailable": earliest,
        "latestDateCovered": end,
    }
