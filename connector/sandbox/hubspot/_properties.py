"""The properties API: property definitions and groups, read and created.

Private to the HubSpot sandbox. From crm-apis.md §11: creating answers 201
with the property; a name already taken answers 409; ``type`` and
``fieldType`` must be known ones and the group must exist. Custom properties
may be created on every object type, engagements included.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from connector.sandbox._http import Response
from connector.sandbox.hubspot._errors import ApiError, bad_request, not_found
from connector.sandbox.hubspot._schema import FIELD_TYPES, PROPERTY_TYPES, Group, PropertyDef

if TYPE_CHECKING:
    from connector.sandbox.hubspot._catalog import ObjectType, Scopes
    from connector.sandbox.hubspot._context import Ctx

__all__ = [
    "create_group",
    "create_property",
    "get_group",
    "get_property",
    "list_groups",
    "list_properties",
    "read_properties",
    "update_property",
]

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_CREATE_KEYS = {"name", "label", "type", "fieldType", "groupName", "description", "options",
                "displayOrder", "hasUniqueValue", "hidden", "formField"}  # fmt: skip


def _read_scopes(otype: ObjectType) -> Scopes:
    return (otype.read[0] | {f"crm.schemas.{otype.name}.read"},)


def _type(ctx: Ctx, *, write: bool = False) -> ObjectType:
    otype = ctx.object_type()
    ctx.require(otype.schema_write if write else _read_scopes(otype))
    return otype


def list_properties(ctx: Ctx) -> Response:
    """``GET /crm/v3/properties/{type}``."""
    otype = _type(ctx)
    props = ctx.portal.properties[otype.name].values()
    return Response.json(200, {"results": [p.to_json() for p in props]})


def read_properties(ctx: Ctx) -> Response:
    """``POST /crm/v3/properties/{type}/batch/read`` (``inputs: [{name}]``)."""
    otype = _type(ctx)
    known = ctx.portal.properties[otype.name]
    inputs = ctx.body().get("inputs")
    if not isinstance(inputs, list) or not all(isinstance(i, dict) for i in inputs):
        msg = "Invalid input JSON: inputs must be a list of objects."
        raise bad_request(msg)
    names = [str(i.get("name")) for i in inputs]
    found = [known[n].to_json() for n in names if n in known]
    return Response.json(200, {"status": "COMPLETE", "results": found})


def get_property(ctx: Ctx) -> Response:
    """``GET /crm/v3/properties/{type}/{name}`` (404 if there is no such property)."""
    otype = _type(ctx)
    prop = ctx.portal.properties[otype.name].get(ctx.params["name"])
    if prop is None:
        msg = f"Unable to find property with name {ctx.params['name']!r} on {otype.name}."
        raise not_found(msg)
    return Response.json(200, prop.to_json())


def _options(raw: object) -> list[dict[str, Any]]:
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(o, dict) for o in raw):
        msg = "options must be a list of {label, value} objects"
        raise bad_request(msg)
    out = []
    for i, o in enumerate(raw):
        if not o.get("label") or o.get("value") in (None, ""):
            msg = f"option {i} needs a label and a value"
            raise bad_request(msg)
        out.append(
            {
                "label": str(o["label"]),
                "value": str(o["value"]),
                "displayOrder": _display_order(o.get("displayOrder", i)),
                "hidden": bool(o.get("hidden", False)),
                **({"description": str(o["description"])} if o.get("description") else {}),
            }
        )
    return out


def _display_order(value: object) -> int:
    """A ``displayOrder``: an integer (400 otherwise, as HubSpot's JSON binding answers)."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        msg = f"Invalid displayOrder: {value!r}; expected an integer"
        raise bad_request(msg)
    try:
        return int(value)
    except ValueError:
        msg = f"Invalid displayOrder: {value!r}; expected an integer"
        raise bad_request(msg) from None


def create_property(ctx: Ctx) -> Response:
    """``POST /crm/v3/properties/{type}``: 201, or 409 if the name is taken."""
    otype = _type(ctx, write=True)
    body = ctx.body()
    missing = [k for k in ("name", "label", "type", "fieldType", "groupName") if not body.get(k)]
    if missing:
        msg = f"Missing required fields for a property: {', '.join(missing)}"
        raise bad_request(msg, context={"missingFields": missing})
    name = str(body["name"])
    if not _NAME.match(name):
        msg = (
            f"Invalid property name {name!r}: use lowercase letters, digits and underscores, "
            "starting with a letter."
        )
        raise bad_request(msg)
    if (
        not all(isinstance(body[k], str) for k in ("type", "fieldType", "groupName"))
        or body["type"] not in PROPERTY_TYPES
        or body["fieldType"] not in FIELD_TYPES
    ):
        msg = f"Invalid type/fieldType: {body['type']!r}/{body['fieldType']!r}"
        raise bad_request(msg)
    known = ctx.portal.properties[otype.name]
    if name in known:
        msg = f"A property named {name!r} already exists on {otype.name}."
        raise ApiError(409, msg, "OBJECT_ALREADY_EXISTS", context={"name": [name]})
    if body["groupName"] not in ctx.portal.groups[otype.name]:
        msg = f"Property group {body['groupName']!r} does not exist on {otype.name}."
        raise bad_request(msg)
    now = ctx.portal.now_ms()
    prop = PropertyDef(
        name,
        str(body["label"]),
        str(body["type"]),
        str(body["fieldType"]),
        str(body["groupName"]),
        description=str(body.get("description") or ""),
        options=_options(body.get("options")),
        display_order=_display_order(body.get("displayOrder", -1)),
        hubspot_defined=False,
        has_unique_value=bool(body.get("hasUniqueValue", False)),
        hidden=bool(body.get("hidden", False)),
        form_field=bool(body.get("formField", False)),
        created_at=now,
        updated_at=now,
        extra={k: v for k, v in body.items() if k not in _CREATE_KEYS},
    )
    known[name] = prop
    location = f"{ctx.request.path.rstrip('/')}/{name}"
    return Response.json(201, prop.to_json(), {"Location": location})


def update_property(ctx: Ctx) -> Response:
    """``PATCH /crm/v3/properties/{type}/{name}``: label, description, options, group."""
    otype = _type(ctx, write=True)
    prop = ctx.portal.properties[otype.name].get(ctx.params["name"])
    if prop is None:
        msg = f"Unable to find property with name {ctx.params['name']!r} on {otype.name}."
        raise not_found(msg)
    if prop.hubspot_defined:
        msg = f"{prop.name!r} is a HubSpot-defined property; its definition is read-only."
        raise bad_request(msg)
    body = ctx.body()
    options = _options(body["options"]) if "options" in body else None
    group = body.get("groupName")
    if group is not None and (
        not isinstance(group, str) or group not in ctx.portal.groups[otype.name]
    ):
        msg = f"Property group {group!r} does not exist on {otype.name}."
        raise bad_request(msg)
    if "label" in body:
        prop.label = str(body["label"])
    if "description" in body:
        prop.description = str(body["description"])
    if options is not None:
        prop.options = options
    if group is not None:
        prop.group_name = group
    prop.updated_at = ctx.portal.now_ms()
    return Response.json(200, prop.to_json())


def list_groups(ctx: Ctx) -> Response:
    """``GET /crm/v3/properties/{type}/groups``."""
    otype = _type(ctx)
    return Response.json(
        200, {"results": [g.to_json() for g in ctx.portal.groups[otype.name].values()]}
    )


def get_group(ctx: Ctx) -> Response:
    """``GET /crm/v3/properties/{type}/groups/{name}``."""
    otype = _type(ctx)
    group = ctx.portal.groups[otype.name].get(ctx.params["name"])
    if group is None:
        msg = f"Unable to find property group {ctx.params['name']!r} on {otype.name}."
        raise not_found(msg)
    return Response.json(200, group.to_json())


def create_group(ctx: Ctx) -> Response:
    """``POST /crm/v3/properties/{type}/groups``: 201, or 409 if the name is taken."""
    otype = _type(ctx, write=True)
    body = ctx.body()
    name, label = body.get("name"), body.get("label")
    if (
        not isinstance(name, str)
        or not _NAME.match(name)
        or not isinstance(label, str)
        or not label
    ):
        msg = "A property group needs a name (lowercase letters, digits, underscores) and a label."
        raise bad_request(msg)
    groups = ctx.portal.groups[otype.name]
    if name in groups:
        msg = f"A property group named {name!r} already exists on {otype.name}."
        raise ApiError(409, msg, "OBJECT_ALREADY_EXISTS", context={"name": [name]})
    group = Group(name, label, _display_order(body.get("displayOrder", -1)))
    groups[name] = group
    return Response.json(201, group.to_json())
