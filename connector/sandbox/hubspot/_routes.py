"""Which handler answers which path, in both path styles.

Private to the HubSpot sandbox. Every CRM path is served in its numbered
form (``/crm/v3/objects/{type}``, ``/crm/v4/associations/...``,
``/crm/v3/properties/...``) and its date-versioned form
(``/crm/objects/2026-03/{type}``, ``/crm/associations/2026-03/...``,
``/crm/properties/2026-03/...``), with the same bodies. Each route names the
endpoint that fault rules and the request log use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from connector.sandbox.hubspot import _account, _associations, _objects, _properties, _search

if TYPE_CHECKING:
    from collections.abc import Callable

    from connector.sandbox._http import Response
    from connector.sandbox.hubspot._context import Ctx

__all__ = ["ENDPOINTS", "Route", "match"]

_DATE = r"\d{4}-\d{2}(?:-beta)?"
_OBJ = rf"/crm/(?:v3/objects|objects/{_DATE})/(?P<type>[^/]+)"
_ASSOC = (
    rf"/crm/(?:v4/associations|associations/v4|associations/{_DATE})/(?P<from>[^/]+)/(?P<to>[^/]+)"
)
_PROPS = rf"/crm/(?:v3/properties|properties/{_DATE})/(?P<type>[^/]+)"
_OWNERS = rf"/crm/(?:v3/owners|owners/{_DATE})"


@dataclass(frozen=True, slots=True)
class Route:
    """A method and path pattern, the endpoint name, and the handler."""

    method: str
    pattern: re.Pattern[str]
    endpoint: str
    handler: Callable[[Ctx], Response] | None  # None: answered by the app itself


def _r(method: str, path: str, endpoint: str, handler: Callable[[Ctx], Response] | None) -> Route:
    return Route(method, re.compile(f"^{path}/?$"), endpoint, handler)


ROUTES: tuple[Route, ...] = (
    _r("GET", _OBJ, "objects", _objects.list_objects),
    _r("POST", _OBJ, "objects", _objects.create_one),
    _r("POST", rf"{_OBJ}/batch/read", "batch_read", _objects.batch_read),
    _r("POST", rf"{_OBJ}/batch/update", "batch_update", _objects.batch_update),
    _r("POST", rf"{_OBJ}/batch/create", "batch_create", _objects.batch_create),
    _r("POST", rf"{_OBJ}/search", "search", _search.search),
    _r("GET", rf"{_OBJ}/(?P<id>[^/]+)", "objects", _objects.get_one),
    _r("PATCH", rf"{_OBJ}/(?P<id>[^/]+)", "objects", _objects.update_one),
    _r("DELETE", rf"{_OBJ}/(?P<id>[^/]+)", "objects", _objects.archive_one),
    _r("POST", rf"{_ASSOC}/batch/read", "associations", _associations.batch_read),
    _r("GET", rf"{_ASSOC}/labels", "associations", _associations.labels),
    _r("POST", rf"{_ASSOC}/labels", "associations", _associations.create_label),
    _r(
        "GET",
        rf"/crm/(?:v4/objects|objects/{_DATE})/(?P<type>[^/]+)/(?P<id>[^/]+)/associations/(?P<to>[^/]+)",
        "associations",
        _associations.object_associations,
    ),
    _r("GET", _PROPS, "properties", _properties.list_properties),
    _r("POST", _PROPS, "properties", _properties.create_property),
    _r("POST", rf"{_PROPS}/batch/read", "properties", _properties.read_properties),
    _r("GET", rf"{_PROPS}/groups", "properties", _properties.list_groups),
    _r("POST", rf"{_PROPS}/groups", "properties", _properties.create_group),
    _r("GET", rf"{_PROPS}/groups/(?P<name>[^/]+)", "properties", _properties.get_group),
    _r("GET", rf"{_PROPS}/(?P<name>[^/]+)", "properties", _properties.get_property),
    _r("PATCH", rf"{_PROPS}/(?P<name>[^/]+)", "properties", _properties.update_property),
    _r("GET", _OWNERS, "owners", _account.list_owners),
    _r("GET", rf"{_OWNERS}/(?P<id>[^/]+)", "owners", _account.get_owner),
    _r("GET", "/account-info/v3/api-usage/daily/private-apps", "usage", None),
    _r("GET", "/calling/v1/dispositions", "dispositions", _account.dispositions),
)

#: Every endpoint name fault rules may use.
ENDPOINTS = frozenset(r.endpoint for r in ROUTES) | {"other"}


def match(method: str, path: str) -> tuple[Route | None, dict[str, str], bool]:
    """The route for a request, its path parameters, and whether the path exists at all."""
    path_known = False
    for route in ROUTES:
        m = route.pattern.match(path)
        if m is None:
            continue
        path_known = True
        if route.method == method:
            return route, {k: v for k, v in m.groupdict().items() if v is not None}, True
    return None, {}, path_known
