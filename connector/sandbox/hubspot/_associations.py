"""Associations v4: batch read with labels, one record's associations, label definitions.

Private to the HubSpot sandbox. Shapes from crm-apis.md §8: at most 1,000
inputs per batch read; each input's associations page at :data:`PAGE` with
its own ``after``; ``toObjectId`` is a string. An input with no associations
(or an unknown id) gets a per-input error and the answer is a 207, as HubSpot
answers ``NO_ASSOCIATIONS_FOUND``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from connector.sandbox._http import Response
from connector.sandbox.hubspot._catalog import AssociationLabel
from connector.sandbox.hubspot._context import batch_times
from connector.sandbox.hubspot._errors import ApiError, bad_request, not_found, standard_error
from connector.sandbox.hubspot._links import CUSTOM, PRIMARY

if TYPE_CHECKING:
    from connector.sandbox.hubspot._catalog import ObjectType
    from connector.sandbox.hubspot._context import Ctx

__all__ = ["batch_read", "create_label", "labels", "object_associations", "resolve_new_links"]

BATCH_MAX = 1000
PAGE = 500


def _pair(ctx: Ctx) -> tuple[ObjectType, ObjectType]:
    a, b = ctx.object_type("from"), ctx.object_type("to")
    if ctx.portal.links_between(a.name, b.name) is None:
        msg = f"{a.upper} and {b.upper} cannot be associated."
        raise bad_request(msg)
    return a, b


def _types(ctx: Ctx, a: ObjectType, b: ObjectType, flags: int) -> list[dict[str, Any]]:
    return [
        {"category": lab.category, "typeId": lab.type_id, "label": lab.label}
        for lab in ctx.portal.label_types(a.name, b.name, flags)
    ]


def _page(
    ctx: Ctx, a: ObjectType, b: ObjectType, row: int, after: int, size: int
) -> tuple[list[dict[str, Any]], int | None]:
    rows, flags = ctx.portal.associated(a.name, row, b.name)
    ids = ctx.portal.tables[b.name].ids[rows.astype(np.int64)].tolist()
    end = after + size
    out = [
        {"toObjectId": str(oid), "associationTypes": _types(ctx, a, b, fl)}
        for oid, fl in zip(ids[after:end], flags[after:end].tolist(), strict=True)
    ]
    return out, (end if end < len(ids) else None)


def _offset(text: object) -> int:
    try:
        return max(0, int(str(text))) if text not in (None, "") else 0
    except ValueError:
        msg = f"Invalid paging cursor: {text!r}"
        raise bad_request(msg) from None


def batch_read(ctx: Ctx) -> Response:
    """``POST /crm/v4/associations/{from}/{to}/batch/read``."""
    started = ctx.portal.now_ms()
    a, b = _pair(ctx)
    ctx.require(a.read + b.read)
    inputs = ctx.body().get("inputs")
    if not isinstance(inputs, list) or not all(isinstance(i, dict) for i in inputs):
        msg = "Invalid input JSON: inputs must be a list of objects."
        raise bad_request(msg)
    if len(inputs) > BATCH_MAX:
        msg = f"Too many inputs: {len(inputs)}; a batch takes at most {BATCH_MAX}."
        raise bad_request(msg)
    table = ctx.portal.tables[a.name]
    results, errors = [], []
    ids = [str(i.get("id", "")) for i in inputs]
    for item, oid, row in zip(inputs, ids, table.rows_of(ids), strict=True):
        to: list[dict[str, Any]] = []
        nxt = None
        if row is not None and not table.is_archived(row):
            to, nxt = _page(ctx, a, b, row, _offset(item.get("after")), PAGE)
        if not to:
            errors.append(
                standard_error(
                    "OBJECT_NOT_FOUND",
                    f"No {b.name} is associated with {a.singular} {oid}.",
                    {"fromObjectId": [oid], "toObjectType": [b.upper]},
                    sub_category="crm.associations.NO_ASSOCIATIONS_FOUND",
                )
            )
            continue
        result: dict[str, Any] = {"from": {"id": oid}, "to": to}
        if nxt is not None:
            result["paging"] = {"next": {"after": str(nxt)}}
        results.append(result)
    payload: dict[str, Any] = {"status": "COMPLETE", "results": results}
    payload.update(batch_times(started, ctx.portal.now_ms()))
    if errors:
        payload["numErrors"] = len(errors)
        payload["errors"] = errors
        return Response.json(207, payload)
    return Response.json(200, payload)


def object_associations(ctx: Ctx) -> Response:
    """``GET /crm/v4/objects/{type}/{id}/associations/{to}``."""
    a, b = ctx.object_type("type"), ctx.object_type("to")
    if ctx.portal.links_between(a.name, b.name) is None:
        msg = f"{a.upper} and {b.upper} cannot be associated."
        raise bad_request(msg)
    ctx.require(a.read + b.read)
    table = ctx.portal.tables[a.name]
    row = table.rows_of([ctx.params["id"]])[0]
    if row is None or table.is_archived(row):
        msg = f"No {a.singular} with id {ctx.params['id']}."
        raise not_found(msg)
    limit = min(max(_offset(ctx.request.arg("limit") or PAGE), 1), PAGE)
    to, nxt = _page(ctx, a, b, row, _offset(ctx.request.arg("after")), limit)
    payload: dict[str, Any] = {"results": to}
    if nxt is not None:
        payload["paging"] = {"next": {"after": str(nxt)}}
    return Response.json(200, payload)


def labels(ctx: Ctx) -> Response:
    """``GET /crm/v4/associations/{from}/{to}/labels``: the pair's association types."""
    a, b = _pair(ctx)
    ctx.require(a.read)
    defs = ctx.portal.labels.get((a.name, b.name), [])
    return Response.json(
        200,
        {
            "results": [
                {"category": d.category, "typeId": d.type_id, "label": d.label} for d in defs
            ]
        },
    )


def create_label(ctx: Ctx) -> Response:
    """``POST /crm/v4/associations/{from}/{to}/labels``: a custom label, both directions."""
    a, b = _pair(ctx)
    ctx.require(a.schema_write)
    body = ctx.body()
    label, name = body.get("label"), body.get("name")
    if not isinstance(label, str) or not label or not isinstance(name, str) or not name:
        msg = "A label definition needs a non-empty 'label' and 'name'."
        raise bad_request(msg)
    inverse = body.get("inverseLabel") or label
    forward = ctx.portal.labels.setdefault((a.name, b.name), [])
    backward = ctx.portal.labels.setdefault((b.name, a.name), [])
    if any(d.name == name for d in forward):
        msg = f"An association label named {name!r} already exists."
        raise ApiError(409, msg, "CONFLICT")
    used = {d.type_id for defs in ctx.portal.labels.values() for d in defs}
    first = max(used | {900}) + 1
    new = AssociationLabel(first, "USER_DEFINED", label, name)
    back = AssociationLabel(first + 1, "USER_DEFINED", str(inverse), name)
    forward.append(new)
    backward.append(back)
    return Response.json(
        200,
        {
            "results": [
                {"category": d.category, "typeId": d.type_id, "label": d.label} for d in (new, back)
            ]
        },
    )


def resolve_new_links(
    ctx: Ctx, otype: ObjectType, associations: list[Any]
) -> list[tuple[str, int, int]]:
    """The (object type, row, flags) a create call's ``associations`` name (400 if invalid)."""
    out: dict[tuple[str, int], int] = {}
    if not isinstance(associations, list):
        msg = "Invalid input JSON: associations must be a list."
        raise bad_request(msg)
    for item in associations:
        to = item.get("to") if isinstance(item, dict) else None
        to_id = str(to.get("id") or "") if isinstance(to, dict) else ""
        types = item.get("types") if isinstance(item, dict) else None
        if not to_id or not isinstance(types, list) or not types:
            msg = "Each association needs 'to': {'id'} and a non-empty 'types' list."
            raise bad_request(msg)
        for spec in types:
            type_id = spec.get("associationTypeId") if isinstance(spec, dict) else None
            if isinstance(type_id, bool):
                type_id = None
            match = [
                (to_type, d)
                for (frm, to_type), defs in ctx.portal.labels.items()
                if frm == otype.name
                for d in defs
                if d.type_id == type_id
            ]
            if not match:
                msg = f"{type_id!r} is not a valid association type id for {otype.name}."
                raise bad_request(msg)
            to_type, label = match[0]
            row = ctx.portal.tables[to_type].rows_of([to_id])[0]
            if row is None or ctx.portal.tables[to_type].is_archived(row):
                msg = f"Association target {to_type} {to_id} does not exist."
                raise bad_request(msg)
            flags = PRIMARY if label.label == "Primary" else CUSTOM if label.label else 0
            out[to_type, row] = out.get((to_type, row), 0) | flags
    return [(to_type, row, flags) for (to_type, row), flags in out.items()]
