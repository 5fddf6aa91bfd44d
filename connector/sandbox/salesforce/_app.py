"""The Salesforce sandbox app: routes, endpoint names, auth, limits, faults.

Every ``/services/data/vXX.X/...`` request needs a live session, counts
against the daily API allocation (403 ``REQUEST_LIMIT_EXCEEDED`` once it is
spent) and carries ``Sforce-Limit-Info: api-usage=used/max``. Injected faults
are answered here in Salesforce's shape before the request is served;
per-record kinds (``lock``, ``validation``) go to the write that uses them.
"""

from __future__ import annotations

import re
import traceback
from typing import TYPE_CHECKING, Any

from connector.sandbox._http import Response
from connector.sandbox.salesforce._bulk import Bulk
from connector.sandbox.salesforce._errors import (
    FAULT_KINDS,
    RECORD_FAULTS,
    ApiError,
    fault_error,
    oauth_error,
)
from connector.sandbox.salesforce._query import Queries, compile_query
from connector.sandbox.salesforce._replication import get_deleted, get_updated
from connector.sandbox.salesforce._writes import Writes

if TYPE_CHECKING:
    from connector.sandbox._faults import Fault
    from connector.sandbox._http import Request
    from connector.sandbox.salesforce._auth import Auth
    from connector.sandbox.salesforce._seed import OrgParts
    from connector.sandbox.salesforce._store import Table

__all__ = ["ENDPOINTS", "SalesforceApp"]

#: Endpoint names for fault rules and the request log.
ENDPOINTS = (
    "token",
    "versions",
    "resources",
    "query",
    "queryAll",
    "sobject",
    "collections",
    "describe",
    "limits",
    "tooling",
    "bulk",
    "ingest",
    "updated",
    "deleted",
    "other",
)
_DATA = re.compile(r"^/services/data/v(\d+)\.(\d)(?:/(.*))?$")
MIN_VERSION, MAX_VERSION = 20, 66
_NOT_FOUND = ApiError(404, "NOT_FOUND", "The requested resource does not exist")


def _parts(request: Request) -> tuple[str, list[str]] | None:
    m = _DATA.match(request.path)
    if m is None:
        return None
    rest = (m.group(3) or "").strip("/")
    return f"{m.group(1)}.{m.group(2)}", [p for p in rest.split("/") if p]


class SalesforceApp:
    """Answers Salesforce REST, Tooling, Bulk 2.0 and OAuth requests for one org."""

    fault_kinds = FAULT_KINDS

    def __init__(self, parts: OrgParts, auth: Auth, *, daily_limit: int, seed: int = 0) -> None:
        self.org = parts.org
        self.tooling = parts.tooling
        self.auth = auth
        self.daily_limit = daily_limit
        self.used = 0
        self.queries = Queries(self.org)
        self.tooling_queries = Queries(self.tooling.tooling, "tooling/query")
        self.writes = Writes(self.org, seed)
        self.bulk = Bulk(self.org, self.writes)

    def endpoint(self, request: Request) -> str:  # noqa: PLR0911
        """The endpoint name of a request (see :data:`ENDPOINTS`)."""
        path = request.path
        if path.startswith(("/services/oauth2/", "/services/Soap/u/")):
            return "token"
        split = _parts(request)
        if split is None:
            return "versions" if path.rstrip("/") == "/services/data" else "other"
        parts = split[1]
        first = parts[0] if parts else ""
        if first in ("query", "queryAll", "limits", "tooling"):
            return first
        if first == "sobjects":
            if len(parts) == 1 or (len(parts) == 2 and request.method == "GET"):
                return "describe"
            return {"describe": "describe", "updated": "updated", "deleted": "deleted"}.get(
                parts[2] if len(parts) > 2 else "", "sobject"
            )
        if first == "composite":
            return "collections"
        if first == "jobs":
            is_close = len(parts) == 3 and parts[1] == "ingest" and request.method == "PATCH"
            return "ingest" if is_close else "bulk"
        return "resources" if not parts else "other"

    def limit_header(self) -> dict[str, str]:
        """The ``Sforce-Limit-Info`` header."""
        return {"Sforce-Limit-Info": f"api-usage={self.used}/{self.daily_limit}"}

    def handle(self, request: Request) -> Response:
        """Answer one request."""
        split = _parts(request)
        try:
            if split is None:
                return self._outside(request)
            response = self._data(request, *split)
        except ApiError as exc:
            response = exc.response()
        except Exception:  # noqa: BLE001 - a sandbox bug: answer as Salesforce would, not hang up
            traceback.print_exc()
            response = fault_error("500").response()  # type: ignore[union-attr]
        if split is not None:
            response.headers.update(self.limit_header())
        return response

    def _outside(self, request: Request) -> Response:
        path = request.path
        fault = request.fault
        if path.startswith(("/services/oauth2/token", "/services/Soap/u/")):
            if fault is not None and fault.kind in ("5xx", "500", "503"):
                return oauth_error(503, "unknown_error", "retry your request")
            if fault is not None and fault.kind in ("limit", "concurrent"):
                return oauth_error(400, "invalid_grant", "login rate exceeded")
            if fault is not None and fault.kind == "session":
                return oauth_error(400, "invalid_grant", "authentication failure")
            if request.method != "POST":
                raise _NOT_FOUND
            if path.startswith("/services/Soap/u/"):
                return self.auth.soap_login(request)
            return self.auth.token(request)
        if path.rstrip("/") == "/services/data" and request.method == "GET":
            versions = [
                {"label": f"v{v}.0", "url": f"/services/data/v{v}.0", "version": f"{v}.0"}
                for v in range(MIN_VERSION, MAX_VERSION + 1)
            ]
            return Response.json(200, versions)
        raise _NOT_FOUND

    def _data(self, request: Request, version: str, parts: list[str]) -> Response:
        if not MIN_VERSION <= float(version) <= MAX_VERSION + 0.9:
            raise _NOT_FOUND
        fault = request.fault
        if fault is not None:
            error = fault_error(fault.kind)
            if error is not None:
                if fault.kind == "session":
                    self.auth.invalidate(request)
                raise error
        session = self.auth.check(request)
        if session is None:
            raise ApiError(401, "INVALID_SESSION_ID", "Session expired or invalid")
        with self.org.lock:
            if self.used >= self.daily_limit:
                raise ApiError(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")
            self.used += 1
            record_fault = fault if fault is not None and fault.kind in RECORD_FAULTS else None
            return self._route(request, version, parts, session.user_id, record_fault)

    def _route(  # noqa: PLR0911
        self, request: Request, version: str, parts: list[str], user: str, fault: Fault | None
    ) -> Response:
        method = request.method
        first = parts[0] if parts else ""
        base = f"/services/data/v{version}"
        if not parts and method == "GET":
            names = ("sobjects", "query", "queryAll", "limits", "tooling", "composite", "jobs")
            return Response.json(200, {n: f"{base}/{n}" for n in names})
        if first == "limits" and method == "GET":
            return Response.json(200, self._limits())
        if first in ("query", "queryAll") and method == "GET":
            if len(parts) > 1:
                return Response.json(200, self.queries.more(parts[1], request, version))
            plan = compile_query(self.org, request.arg("q"), user)
            page = self.queries.run(plan, request, version, include_deleted=first == "queryAll")
            return Response.json(200, page)
        if first == "sobjects":
            return self._sobjects(request, version, parts[1:], user, fault)
        if first == "composite" and parts[1:2] == ["sobjects"]:
            return self._collections(request, user, fault)
        if first == "tooling":
            return self._tooling(request, version, parts[1:], user)
        if first == "jobs":
            return self.bulk.handle(request, parts[1:], user, version, fault)
        raise _NOT_FOUND

    def _limits(self) -> dict[str, Any]:
        remaining = self.daily_limit - self.used
        bulk = 10_000 - self.bulk.query_jobs_today
        return {
            "ConcurrentAsyncGetReportInstances": {"Max": 200, "Remaining": 200},
            "ConcurrentSyncReportRuns": {"Max": 20, "Remaining": 20},
            "DailyApiRequests": {"Max": self.daily_limit, "Remaining": remaining},
            "DailyAsyncApexExecutions": {"Max": 250_000, "Remaining": 250_000},
            "DailyBulkApiBatches": {"Max": 15_000, "Remaining": 15_000},
            "DailyBulkV2QueryFileStorageMB": {"Max": 976_562, "Remaining": 976_562},
            "DailyBulkV2QueryJobs": {"Max": 10_000, "Remaining": bulk},
            "DataStorageMB": {"Max": 5_120, "Remaining": 5_120},
            "FileStorageMB": {"Max": 20_480, "Remaining": 20_480},
            "HourlyTimeBasedWorkflow": {"Max": 1_000, "Remaining": 1_000},
        }

    def _table(self, name: str) -> Table:
        table = self.org.table(name)
        if table is None:
            raise _NOT_FOUND
        return table

    def _sobjects(  # noqa: PLR0911, PLR0912
        self, request: Request, version: str, parts: list[str], user: str, fault: Fault | None
    ) -> Response:
        method = request.method
        org = self.org
        if not parts:
            if method != "GET":
                raise _not_allowed(method, "GET")
            summaries = [t.schema.summary(version) for t in org.tables.values()]
            return Response.json(
                200, {"encoding": "UTF-8", "maxBatchSize": 200, "sobjects": summaries}
            )
        table = self._table(parts[0])
        schema = table.schema
        if len(parts) == 1:
            if method == "GET":
                return Response.json(
                    200, {"objectDescribe": schema.summary(version), "recentItems": []}
                )
            if method != "POST":
                raise _not_allowed(method, "GET,POST")
            values = self.writes.prepare(table, None, _object_body(request), user)
            error = self.writes.record_fault(fault, None)
            if error is not None:
                raise error
            new_id = self.writes.commit(table, None, values)
            return Response.json(201, {"id": new_id, "success": True, "errors": []})
        action = parts[1]
        if action in ("describe", "updated", "deleted"):
            if method != "GET":
                raise _not_allowed(method, "GET")
            if action == "describe":
                return Response.json(
                    200,
                    schema.describe(
                        version,
                        org.visible_custom(user, table.name),
                        org.editable_custom(user, table.name),
                    ),
                )
            body = (
                get_updated(org, table, request)
                if action == "updated"
                else get_deleted(org, table, request)
            )
            return Response.json(200, body)
        row = self.writes.find(table, action)
        if method == "GET":
            return Response.json(200, self._record(table, row, request, version, user))
        if method == "PATCH":
            values = self.writes.prepare(table, row, _object_body(request), user)
            error = self.writes.record_fault(fault, table.id(row))
            if error is not None:
                raise error
            self.writes.commit(table, row, values)
            return Response(204)
        if method == "DELETE":
            self.writes.delete(table, row)
            return Response(204)
        raise _not_allowed(method, "GET,PATCH,DELETE")

    def _record(
        self, table: Table, row: int, request: Request, version: str, user: str
    ) -> dict[str, Any]:
        wanted = request.arg("fields")
        fields = [f for f in table.schema.fields.values() if self.org.can_read(user, table.name, f)]
        if wanted:
            names = {n.strip().lower() for n in wanted.split(",")}
            unknown = names - {f.name.lower() for f in fields}
            if unknown:
                raise ApiError(
                    400,
                    "INVALID_FIELD",
                    f"No such column '{min(unknown)}' on sobject of type {table.name}",
                )
            fields = [f for f in fields if f.name.lower() in names]
        out: dict[str, Any] = {
            "attributes": {
                "type": table.name,
                "url": f"/services/data/v{version}/sobjects/{table.name}/{table.id(row)}",
            }
        }
        for f in fields:
            out[f.name] = table.get(row, f.name)
        return out

    def _collections(self, request: Request, user: str, fault: Fault | None) -> Response:
        method = request.method
        if method in ("POST", "PATCH"):
            try:
                body = request.json()
            except ValueError:
                raise ApiError(400, "JSON_PARSER_ERROR", "The request body is not JSON") from None
            return Response.json(200, self.writes.collection(method, body, user, fault))
        if method == "DELETE":
            ids = [i for i in (request.arg("ids") or "").split(",") if i]
            if len(ids) > 200:
                raise ApiError(
                    400,
                    "EXCEEDED_ID_LIMIT",
                    "record limit reached. cannot submit more than 200 records into this call",
                )
            results = []
            for record_id in ids:
                found = self.org.resolve(record_id)
                if found is None or not found[0].is_live(found[1]):
                    results.append(
                        {
                            "id": record_id,
                            "success": False,
                            "errors": [
                                ApiError(
                                    400,
                                    "ENTITY_IS_DELETED" if found else "INVALID_CROSS_REFERENCE_KEY",
                                    "entity is deleted" if found else "invalid cross reference id",
                                ).as_record_error()
                            ],
                        }
                    )
                    continue
                self.writes.delete(*found)
                results.append({"id": record_id, "success": True, "errors": []})
            return Response.json(200, results)
        raise _not_allowed(method, "POST,PATCH,DELETE")

    def _tooling(self, request: Request, version: str, parts: list[str], user: str) -> Response:
        method = request.method
        first = parts[0] if parts else ""
        tooling = self.tooling
        if first == "query" and method == "GET":
            if len(parts) > 1:
                return Response.json(200, self.tooling_queries.more(parts[1], request, version))
            plan = compile_query(tooling.tooling, request.arg("q"), user)
            page = self.tooling_queries.run(
                plan, request, version, include_deleted=False, check=tooling.check_single_row
            )
            return Response.json(200, page)
        if first != "sobjects" or parts[1:2] != ["CustomField"]:
            raise _NOT_FOUND
        table = tooling.table
        if len(parts) == 2:
            if method != "POST":
                raise _not_allowed(method, "POST")
            new_id = tooling.create(_object_body(request))
            return Response.json(
                201, {"id": new_id, "success": True, "errors": [], "warnings": [], "infos": []}
            )
        if parts[2] == "describe":
            return Response.json(200, table.schema.describe(version, None))
        row = table.row_of(parts[2])
        if row is None:
            raise _NOT_FOUND
        if method == "GET":
            return Response.json(200, self._record(table, row, request, version, user))
        if method == "PATCH":
            tooling.update(row, _object_body(request))
            return Response(204)
        raise _not_allowed(method, "GET,PATCH")


def _object_body(request: Request) -> dict[str, Any]:
    try:
        body = request.json()
    except ValueError:
        raise ApiError(400, "JSON_PARSER_ERROR", "The request body is not JSON") from None
    if not isinstance(body, dict):
        raise ApiError(400, "JSON_PARSER_ERROR", "The request body must be a JSON object")
    return body


def _not_allowed(method: str, allowed: str) -> ApiError:
    return ApiError(
        405, "METHOD_NOT_ALLOWED", f"HTTP Method '{method}' not allowed. Allowed are {allowed}"
    )
