"""Bulk API 2.0: query jobs and ingest jobs under ``/services/data/vXX.X/jobs/``.

Query jobs run the query when created (``UploadComplete``); each status poll
moves them one step (``InProgress``, then ``JobComplete``), so clients'
polling loops are exercised. Results are CSV pages of ``maxRecords`` rows
with ``Sforce-Locator`` (the string ``null`` on the last page) and
``Sforce-NumberOfRecords``.

Ingest jobs (insert, update, upsert on Id, delete, hardDelete) are ``Open``
until their one CSV upload (``PUT .../batches`` -> 201) and the ``PATCH``
to ``UploadComplete``, which processes every row (the ``ingest`` fault
endpoint: ``lock``/``validation`` faults fail rows there). An unknown
column fails the whole job. Empty cells leave a field alone; ``#N/A``
clears it. Results: ``successfulResults/`` (``sf__Id``, ``sf__Created``),
``failedResults/`` (``sf__Id``, ``sf__Error``), ``unprocessedrecords/``.
"""

from __future__ import annotations

import base64
import csv
import io
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from connector.sandbox._http import Response
from connector.sandbox.salesforce._coerce import from_csv
from connector.sandbox.salesforce._errors import ApiError
from connector.sandbox.salesforce._ids import make_id
from connector.sandbox.salesforce._query import compile_query
from connector.sandbox.salesforce._render import CSV_DELIMITERS, LINE_ENDINGS, csv_line, csv_value

if TYPE_CHECKING:
    from connector.sandbox._faults import Fault
    from connector.sandbox._http import Request
    from connector.sandbox.salesforce._eval import Plan
    from connector.sandbox.salesforce._org import Org
    from connector.sandbox.salesforce._writes import Writes

__all__ = ["Bulk"]

_OPERATIONS = frozenset({"insert", "update", "upsert", "delete", "hardDelete"})
_TERMINAL = frozenset({"JobComplete", "Failed", "Aborted"})
_CSV = "text/csv"


@dataclass
class _Job:
    id: str
    kind: str  # query | ingest
    operation: str
    object: str
    user: str
    version: str
    created: str
    delimiter: str = "COMMA"
    line_ending: str = "LF"
    state: str = "Open"
    modstamp: str = ""
    external_id: str | None = None
    plan: Plan | None = None
    rows: list[int] = field(default_factory=list)
    data: str | None = None
    header: list[str] = field(default_factory=list)
    done: list[list[str]] = field(default_factory=list)
    failed: list[list[str]] = field(default_factory=list)
    unprocessed: list[list[str]] = field(default_factory=list)
    error: str | None = None
    ready_state: str = "JobComplete"  # where polling ends

    def info(self) -> dict[str, Any]:
        """The job as the API describes it."""
        out: dict[str, Any] = {
            "id": self.id,
            "operation": self.operation,
            "object": self.object,
            "createdById": self.user,
            "createdDate": self.created,
            "systemModstamp": self.modstamp or self.created,
            "state": self.state,
            "concurrencyMode": "Parallel",
            "contentType": "CSV",
            "apiVersion": float(self.version),
            "jobType": "V2Query" if self.kind == "query" else "V2Ingest",
            "lineEnding": self.line_ending,
            "columnDelimiter": self.delimiter,
            "retries": 0,
            "totalProcessingTime": 0,
        }
        if self.kind == "query":
            out["numberRecordsProcessed"] = len(self.rows) if self.state == "JobComplete" else 0
        else:
            finished = self.state == "JobComplete"
            out |= {
                "externalIdFieldName": self.external_id,
                "contentUrl": f"services/data/v{self.version}/jobs/ingest/{self.id}/batches",
                "numberRecordsProcessed": len(self.done) + len(self.failed) if finished else 0,
                "numberRecordsFailed": len(self.failed) if finished else 0,
                "apiActiveProcessingTime": 0,
                "apexProcessingTime": 0,
            }
        if self.error:
            out["errorMessage"] = self.error
        return out


class Bulk:
    """The org's Bulk API 2.0 jobs."""

    def __init__(self, org: Org, writes: Writes) -> None:
        self.org = org
        self.writes = writes
        self.jobs: dict[str, _Job] = {}
        self.query_jobs_today = 0

    def handle(
        self, request: Request, parts: list[str], user: str, version: str, fault: Fault | None
    ) -> Response:
        """Answer a request under ``jobs/`` (``parts`` are the path after ``jobs``)."""
        kind = parts[0] if parts else ""
        if kind not in ("query", "ingest"):
            raise ApiError(404, "NOT_FOUND", "The requested resource does not exist")
        method = request.method
        if len(parts) == 1:
            if method == "POST":
                job = self._create(kind, request, user, version)
                return Response.json(200, job.info())
            if method == "GET":
                jobs = [j.info() for j in self.jobs.values() if j.kind == kind]
                return Response.json(200, {"done": True, "records": jobs, "nextRecordsUrl": None})
            raise _not_allowed(method)
        found = self.jobs.get(parts[1])
        if found is None or found.kind != kind:
            raise ApiError(404, "NOT_FOUND", f"The requested job {parts[1]} does not exist")
        job = found
        if len(parts) == 2:
            return self._job(job, request, fault)
        resource = parts[2].lower()
        if kind == "query" and resource == "results" and method == "GET":
            return self._results(job, request)
        if kind == "ingest" and resource == "batches" and method == "PUT":
            return self._upload(job, request)
        if (
            kind == "ingest"
            and method == "GET"
            and resource
            in (
                "successfulresults",
                "failedresults",
                "unprocessedrecords",
            )
        ):
            return self._ingest_results(job, resource)
        raise ApiError(404, "NOT_FOUND", "The requested resource does not exist")

    def _create(self, kind: str, request: Request, user: str, version: str) -> _Job:
        try:
            body = request.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise ApiError(400, "JSON_PARSER_ERROR", "The request body must be a JSON object")
        delimiter = str(body.get("columnDelimiter") or "COMMA")
        ending = str(body.get("lineEnding") or "LF")
        if delimiter not in CSV_DELIMITERS or ending not in LINE_ENDINGS:
            raise ApiError(400, "INVALIDJOB", "Invalid columnDelimiter or lineEnding")
        now = self.org.now()
        job_id = make_id("750", len(self.jobs))
        operation = str(body.get("operation") or "")
        if kind == "query":
            if operation not in ("query", "queryAll"):
                raise ApiError(400, "INVALIDJOB", f"Invalid operation for a query job: {operation}")
            plan = compile_query(self.org, body.get("query"), user)
            if plan.query.count or plan.query.offset is not None:
                raise ApiError(
                    400, "INVALIDJOB", "Bulk API 2.0 queries do not support COUNT() or OFFSET"
                )
            job = _Job(
                job_id,
                kind,
                operation,
                plan.table.name,
                user,
                version,
                now,
                delimiter,
                ending,
                "UploadComplete",
                plan=plan,
            )
            job.rows = plan.rows(include_deleted=operation == "queryAll")
            self.query_jobs_today += 1
        else:
            table = self.org.table(str(body.get("object") or ""))
            if table is None:
                raise ApiError(
                    400, "INVALIDJOB", f"sObject type '{body.get('object')}' is not supported"
                )
            if operation not in _OPERATIONS:
                raise ApiError(400, "INVALIDJOB", f"Invalid operation: {operation}")
            external = body.get("externalIdFieldName")
            if operation == "upsert" and str(external or "").lower() != "id":
                raise ApiError(
                    400, "INVALIDJOB", f"The sandbox supports upsert on Id only, not {external!r}"
                )
            job = _Job(
                job_id,
                kind,
                operation,
                table.name,
                user,
                version,
                now,
                delimiter,
                ending,
                external_id=external,
            )
        self.jobs[job_id] = job
        return job

    def _job(self, job: _Job, request: Request, fault: Fault | None) -> Response:
        if request.method == "GET":
            if job.state == "UploadComplete":
                job.state = "InProgress"
            elif job.state == "InProgress":
                job.state = job.ready_state
            return Response.json(200, job.info())
        if request.method == "DELETE":
            del self.jobs[job.id]
            return Response(204)
        if request.method != "PATCH":
            raise _not_allowed(request.method)
        try:
            body = request.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise ApiError(400, "JSON_PARSER_ERROR", "The request body must be a JSON object")
        wanted = body.get("state")
        if wanted == "Aborted":
            if job.state in _TERMINAL:
                raise ApiError(400, "INVALIDJOB", f"Job {job.id} is already {job.state}")
            job.state = "Aborted"
        elif wanted == "UploadComplete" and job.kind == "ingest":
            if job.state != "Open":
                raise ApiError(400, "INVALIDJOB", f"Job {job.id} is not Open")
            self._process(job, fault)
            job.state = "UploadComplete"
        else:
            raise ApiError(400, "INVALIDJOB", f"Cannot change the state to {wanted!r}")
        job.modstamp = self.org.now()
        return Response.json(200, job.info())

    def _results(self, job: _Job, request: Request) -> Response:
        if job.state != "JobComplete" or job.plan is None:
            raise ApiError(400, "API_ERROR", f"Job {job.id} is not complete: {job.state}")
        try:
            offset = int(base64.b64decode(request.arg("locator") or "MA==").decode())
            limit = int(request.arg("maxRecords") or len(job.rows) or 1)
        except ValueError:
            raise ApiError(400, "INVALID_LOCATOR", "Invalid locator or maxRecords") from None
        delimiter, ending = CSV_DELIMITERS[job.delimiter], LINE_ENDINGS[job.line_ending]
        columns = job.plan.columns
        page = job.rows[offset : offset + max(1, limit)]
        out = [csv_line([c.label for c in columns], delimiter, ending)]
        out.extend(
            csv_line([csv_value(c.get(row)) for c in columns], delimiter, ending) for row in page
        )
        end = offset + len(page)
        locator = base64.b64encode(str(end).encode()).decode() if end < len(job.rows) else "null"
        headers = {
            "Content-Type": _CSV,
            "Sforce-Locator": locator,
            "Sforce-NumberOfRecords": str(len(page)),
        }
        return Response(200, "".join(out).encode(), headers)

    def _upload(self, job: _Job, request: Request) -> Response:
        if job.state != "Open":
            raise ApiError(400, "INVALIDJOB", f"Job {job.id} is not Open")
        if job.data is not None:
            raise ApiError(
                400,
                "INVALIDJOB",
                f"Found multiple contents for job: <{job.id}>, please 'Close' / 'Abort' / "
                "'Delete' the current Job then create a new Job and make sure you only do "
                "'PUT' once on a given Job.",
            )
        try:
            job.data = request.body.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ApiError(400, "INVALIDJOB", "The CSV data is not valid UTF-8") from None
        return Response(201)

    def _process(self, job: _Job, fault: Fault | None) -> None:
        table = self.org.tables[job.object]
        reader = csv.reader(io.StringIO(job.data or ""), delimiter=CSV_DELIMITERS[job.delimiter])
        lines = [line for line in reader if line]
        if not lines:
            job.ready_state, job.error = "Failed", "InvalidBatch : No data to process"
            return
        job.header = lines[0]
        body_rows = lines[1:]
        definitions = {}
        for name in job.header:
            definition = table.schema.field(name)
            if definition is None or not self.org.can_read(job.user, table.name, definition):
                job.ready_state, job.error = (
                    "Failed",
                    f"InvalidBatch : Field name not found : {name}",
                )
                job.unprocessed = body_rows
                return
            definitions[name] = definition
        faulted = self.writes.faulted(len(body_rows), fault)
        for n, cells in enumerate(body_rows):
            values = {
                h: from_csv(definitions[h], c)
                for h, c in zip(job.header, cells, strict=False)
                if c != ""
            }
            record_id = next((str(v) for k, v in values.items() if k.lower() == "id" and v), None)
            try:
                if n in faulted:
                    raise self.writes.record_fault(fault, record_id) or ApiError(
                        400, "UNKNOWN_EXCEPTION", "fault"
                    )
                new_id, created = self._apply(job, table.name, values, record_id)
                job.done.append([new_id, "true" if created else "false", *cells])
            except ApiError as exc:
                fields = ",".join(exc.fields or []) or "--"
                job.failed.append([record_id or "", f"{exc.code}:{exc.message}:{fields}", *cells])

    def _apply(
        self, job: _Job, name: str, values: dict[str, Any], record_id: str | None
    ) -> tuple[str, bool]:
        table = self.org.tables[name]
        writes = self.writes
        operation = job.operation
        row = None
        if operation != "insert" and record_id:
            row = table.row_of(record_id)
            if row is None and operation != "upsert":
                raise ApiError(
                    400, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", ["Id"]
                )
            if row is not None and not table.is_live(row):
                raise ApiError(400, "ENTITY_IS_DELETED", "entity is deleted", [])
        if operation in ("delete", "hardDelete"):
            if row is None:
                raise ApiError(400, "MISSING_ARGUMENT", "Id not specified in a delete call", ["Id"])
            writes.delete(table, row)
            return table.id(row), False
        if operation == "update" and row is None:
            raise ApiError(400, "MISSING_ARGUMENT", "Id not specified in an update call", ["Id"])
        prepared = writes.prepare(table, row, values, job.user)
        return writes.commit(table, row, prepared), row is None

    def _ingest_results(self, job: _Job, resource: str) -> Response:
        delimiter, ending = CSV_DELIMITERS[job.delimiter], LINE_ENDINGS[job.line_ending]
        if resource == "successfulresults":
            header, rows = ["sf__Id", "sf__Created", *job.header], job.done
        elif resource == "failedresults":
            header, rows = ["sf__Id", "sf__Error", *job.header], job.failed
        else:
            header, rows = list(job.header), job.unprocessed
        text = csv_line(header, delimiter, ending) + "".join(
            csv_line(r, delimiter, ending) for r in rows
        )
        return Response(200, text.encode(), {"Content-Type": _CSV})


def _not_allowed(method: str) -> ApiError:
    return ApiError(405, "METHOD_NOT_ALLOWED", f"HTTP Method '{method}' not allowed.")
