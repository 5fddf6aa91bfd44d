"""The objects API: list, read, create, update and archive records, one or a batch.

Private to the HubSpot sandbox. Shapes from crm-apis.md §7: list pages hold
at most 100 records (a larger ``limit`` is clamped), ``after`` is the next
id, ``paging`` is left out on the last page; batches take at most 100
inputs and answer 207 with per-record errors when some fail.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import numpy as np

from connector.sandbox._http import Response
from connector.sandbox.hubspot._associations import resolve_new_links
from connector.sandbox.hubspot._catalog import resolve_type
from connector.sandbox.hubspot._context import batch_times, record_json
from connector.sandbox.hubspot._errors import bad_request, not_found, standard_error
from connector.sandbox.hubspot._writes import apply_writes, check_writes

if TYPE_CHECKING:
    from connector.sandbox.hubspot._catalog import ObjectType
    from connector.sandbox.hubspot._context import Ctx
    from connector.sandbox.hubspot._table import Table

__all__ = [
    "archive_one",
    "batch_create",
    "batch_read",
    "batch_update",
    "create_one",
    "get_one",
    "list_objects",
    "update_one",
]

LIST_MAX = 100
BATCH_MAX = 100


def _int_arg(ctx: Ctx, name: str, default: int) -> int:
    text = ctx.request.arg(name)
    if text is None or text == "":
        return default
    try:
        return int(text)
    except ValueError:
        msg = f"Unable to convert parameter '{name}' to a number: {text!r}"
        raise bad_request(msg) from None


def _association_types(ctx: Ctx, otype: ObjectType) -> list[ObjectType]:
    out = []
    for name in ctx.query_list("associations"):
        to = resolve_type(name)
        if to is not None and ctx.portal.links_between(otype.name, to.name) is not None:
            ctx.require(to.read)
            out.append(to)
    return out


def _associations(ctx: Ctx, otype: ObjectType, row: int, types: list[ObjectType]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for to in types:
        rows, flags = ctx.portal.associated(otype.name, row, to.name)
        if not len(rows):
            continue
        ids = ctx.portal.tables[to.name].ids[rows.astype(np.int64)].tolist()
        out[to.name] = {
            "results": [
                {"id": str(oid), "type": label.name}
                for oid, fl in zip(ids, flags.tolist(), strict=True)
                for label in ctx.portal.label_types(otype.name, to.name, fl)
            ]
        }
    return out


def list_objects(ctx: Ctx) -> Response:
    """``GET /crm/v3/objects/{type}``."""
    otype = ctx.object_type()
    ctx.require(otype.read)
    table = ctx.portal.tables[otype.name]
    limit = min(max(_int_arg(ctx, "limit", 10), 1), LIST_MAX)
    after = _int_arg(ctx, "after", 0)
    assoc = _association_types(ctx, otype)
    names = ctx.property_names(otype, ctx.query_list("properties"))
    rows, ids = table.archived_rows() if ctx.flag("archived") else table.live()
    start = int(np.searchsorted(ids, after))
    page = rows[start : start + limit]
    results = record_json(table, page.tolist(), names)
    if assoc:
        for record, row in zip(results, page.tolist(), strict=True):
            links = _associations(ctx, otype, row, assoc)
            if links:
                record["associations"] = links
    payload: dict[str, Any] = {"results": results}
    if start + limit < len(rows):
        cursor = str(int(ids[start + limit - 1]) + 1)
        query = {k: v for k, v in ctx.request.query.items() if k != "after"}
        link = ctx.request.path + "?" + urlencode({**query, "after": [cursor]}, doseq=True)
        payload["paging"] = {"next": {"after": cursor, "link": link}}
    return Response.json(200, payload)


def _row(table: Table, oid: str, *, archived: bool = False) -> int:
    row = table.rows_of([oid])[0]
    if row is None or table.is_archived(row) != archived:
        msg = "Object not found.  objectId are usually numeric."
        raise not_found(msg)
    return row


def get_one(ctx: Ctx) -> Response:
    """``GET /crm/v3/objects/{type}/{id}``."""
    otype = ctx.object_type()
    ctx.require(otype.read)
    table = ctx.portal.tables[otype.name]
    row = _row(table, ctx.params["id"], archived=ctx.flag("archived"))
    names = ctx.property_names(otype, ctx.query_list("properties"))
    record = record_json(table, [row], names)[0]
    links = _associations(ctx, otype, row, _association_types(ctx, otype))
    if links:
        record["associations"] = links
    return Response.json(200, record)


def _inputs(body: dict[str, Any], limit: int = BATCH_MAX) -> list[dict[str, Any]]:
    inputs = body.get("inputs")
    if not isinstance(inputs, list) or not all(isinstance(i, dict) for i in inputs):
        msg = "Invalid input JSON: inputs must be a list of objects."
        raise bad_request(msg)
    if len(inputs) > limit:
        msg = f"Too many inputs: {len(inputs)}; a batch takes at most {limit}."
        raise bad_request(msg, context={"inputs": [str(len(inputs))]})
    return inputs


def _batch_answer(
    ctx: Ctx,
    started: int,
    results: list[dict[str, Any]],
    errors: list[dict[str, Any]],
    status: int = 200,
) -> Response:
    payload: dict[str, Any] = {"status": "COMPLETE", "results": results}
    payload.update(batch_times(started, ctx.portal.now_ms()))
    if errors:
        payload["numErrors"] = len(errors)
        payload["errors"] = errors
        return Response.json(207, payload)
    return Response.json(status, payload)


def _missing(otype: ObjectType, ids: list[str]) -> dict[str, Any]:
    return standard_error(
        "OBJECT_NOT_FOUND",
        f"Could not get some {otype.upper} objects, they may be deleted or not exist. "
        "Check that ids are valid.",
        {"ids": ids},
    )


def batch_read(ctx: Ctx) -> Response:
    """``POST /crm/v3/objects/{type}/batch/read``."""
    started = ctx.portal.now_ms()
    otype = ctx.object_type()
    ctx.require(otype.read)
    body = ctx.body()
    inputs = _inputs(body)
    if body.get("idProperty") not in (None, "", "hs_object_id"):
        msg = f"idProperty {body['idProperty']!r} is not supported by the sandbox; use record ids."
        raise bad_request(msg)
    table = ctx.portal.tables[otype.name]
    archived = ctx.flag("archived")
    asked = list(dict.fromkeys(str(i.get("id", "")) for i in inputs))
    found, missing = [], []
    for oid, row in zip(asked, table.rows_of(asked), strict=True):
        if row is None or table.is_archived(row) != archived:
            missing.append(oid)
        else:
            found.append(row)
    names = ctx.property_names(otype, ctx.body_names(body, "properties"))
    results = record_json(table, found, names)
    return _batch_answer(ctx, started, results, [_missing(otype, missing)] if missing else [])


def _record_faults(ctx: Ctx, n: int) -> set[int]:
    """Which inputs an injected ``record`` fault fails: ARG of them (a share if below 1)."""
    if ctx.fault is None or ctx.fault.kind != "record" or n == 0:
        return set()
    arg = ctx.fault.arg if ctx.fault.arg is not None else 1.0
    count = max(1, round(arg * n)) if arg < 1 else min(n, int(arg))
    step = n / count
    return {int(i * step) for i in range(count)}


def batch_update(ctx: Ctx) -> Response:
    """``POST /crm/v3/objects/{type}/batch/update``."""
    started = ctx.portal.now_ms()
    otype = ctx.object_type()
    ctx.require(otype.write)
    inputs = _inputs(ctx.body())
    ids = [str(i.get("id", "")) for i in inputs]
    if len(set(ids)) != len(ids):
        dup = sorted({i for i in ids if ids.count(i) > 1})
        msg = f"Duplicate IDs found in batch input: {dup}. IDs must be unique"
        raise bad_request(msg)
    changes = check_writes(ctx.portal, otype, inputs)
    table = ctx.portal.tables[otype.name]
    failing = _record_faults(ctx, len(inputs))
    done: list[int] = []
    written: list[dict[str, str]] = []
    traces: list[object] = []
    missing, failed = [], []
    for i, (oid, row) in enumerate(zip(ids, table.rows_of(ids), strict=True)):
        if row is None or table.is_archived(row):
            missing.append(oid)
        elif i in failing:
            failed.append(oid)
        else:
            apply_writes(ctx.portal, table, row, changes[i])
            done.append(row)
            written.append(changes[i])
            traces.append(inputs[i].get("objectWriteTraceId"))
    errors = [_missing(otype, missing)] if missing else []
    if failed:
        errors.append(
            standard_error(
                "VALIDATION_ERROR",
                f"Some {otype.upper} objects could not be updated; try them again.",
                {"ids": failed},
            )
        )
    results = []
    for row, props, trace in zip(done, written, traces, strict=True):
        record = record_json(table, [row], ctx.property_names(otype, list(props)))[0]
        _echo_trace(record, trace)
        results.append(record)
    return _batch_answer(ctx, started, results, errors)


def _echo_trace(record: dict[str, Any], trace: object) -> None:
    """Echo an input's ``objectWriteTraceId`` on its result, as HubSpot does."""
    if trace not in (None, ""):
        record["objectWriteTraceId"] = str(trace)


def update_one(ctx: Ctx) -> Response:
    """``PATCH /crm/v3/objects/{type}/{id}``."""
    otype = ctx.object_type()
    ctx.require(otype.write)
    body = ctx.body()
    changes = check_writes(ctx.portal, otype, [body])[0]
    table = ctx.portal.tables[otype.name]
    row = _row(table, ctx.params["id"])
    apply_writes(ctx.portal, table, row, changes)
    return Response.json(
        200, record_json(table, [row], ctx.property_names(otype, list(changes)))[0]
    )


def archive_one(ctx: Ctx) -> Response:
    """``DELETE /crm/v3/objects/{type}/{id}``: archive (204, also for an unknown id)."""
    otype = ctx.object_type()
    ctx.require(otype.write)
    table = ctx.portal.tables[otype.name]
    row = table.rows_of([ctx.params["id"]])[0]
    if row is not None and not table.is_archived(row):
        table.archive(row, ctx.portal.now_ms())
    return Response(204)


def _create(ctx: Ctx, otype: ObjectType, inputs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    changes = check_writes(ctx.portal, otype, inputs)
    if otype.created_prop == "hs_createdate":  # engagements need their activity time
        lacking = [i for i, props in enumerate(changes) if not props.get("hs_timestamp")]
        if lacking:
            msg = f"hs_timestamp is required to create {otype.name} (inputs {lacking})"
            raise bad_request(msg, context={"propertyName": ["hs_timestamp"]})
    links = [resolve_new_links(ctx, otype, item.get("associations") or []) for item in inputs]
    table = ctx.portal.tables[otype.name]
    now = ctx.portal.clock()
    rows = table.append(len(inputs), int(now * 1000))
    for row, props, new_links in zip(rows, changes, links, strict=True):
        table.written[row] = {}
        table.unindexed[row] = now + ctx.portal.index_delay
        table.written[row].update(props)
        for to_type, to_row, flags in new_links:
            link = ctx.portal.links_between(otype.name, to_type)
            if link is not None:
                link.add(otype.name, row, to_row, flags)
    names = ctx.property_names(otype, list({n for p in changes for n in p}))
    records = record_json(table, list(rows), names)
    for record, item in zip(records, inputs, strict=True):
        _echo_trace(record, item.get("objectWriteTraceId"))
    return records


def create_one(ctx: Ctx) -> Response:
    """``POST /crm/v3/objects/{type}``: 201 with the new record."""
    otype = ctx.object_type()
    ctx.require(otype.write)
    return Response.json(201, _create(ctx, otype, [ctx.body()])[0])


def batch_create(ctx: Ctx) -> Response:
    """``POST /crm/v3/objects/{type}/batch/create``: 201 with the new records."""
    started = ctx.portal.now_ms()
    otype = ctx.object_type()
    ctx.require(otype.write)
    results = _create(ctx, otype, _inputs(ctx.body()))
    return _batch_answer(ctx, started, results, [], status=201)
