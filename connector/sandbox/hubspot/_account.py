"""Owners, the daily API usage and the call dispositions of the portal.

Private to the HubSpot sandbox. Owners page at most 500 at a time (``after``
is an offset); managers are modelled with teams (see :mod:`.values`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from connector.sandbox._http import Response
from connector.sandbox.hubspot._catalog import OWNERS_READ
from connector.sandbox.hubspot._errors import bad_request, not_found
from connector.sandbox.hubspot._times import iso_ms
from connector.sandbox.hubspot.values import CALL_DISPOSITIONS

if TYPE_CHECKING:
    from connector.sandbox.hubspot._context import Ctx
    from connector.sandbox.hubspot._ratelimit import RateLimiter

__all__ = ["api_usage", "dispositions", "get_owner", "list_owners"]

OWNERS_MAX = 500


def list_owners(ctx: Ctx) -> Response:
    """``GET /crm/v3/owners/`` (``email``, ``limit``, ``after``, ``archived``)."""
    ctx.require(OWNERS_READ)
    try:
        limit = min(max(int(ctx.request.arg("limit") or 100), 1), OWNERS_MAX)
        after = max(int(ctx.request.arg("after") or 0), 0)
    except ValueError:
        msg = "limit and after must be numbers"
        raise bad_request(msg) from None
    owners = [] if ctx.flag("archived") else ctx.portal.owners
    email = (ctx.request.arg("email") or "").lower()
    if email:
        owners = [o for o in owners if o["email"].lower() == email]
    payload: dict[str, Any] = {"results": owners[after : after + limit]}
    if after + limit < len(owners):
        nxt = str(after + limit)
        payload["paging"] = {"next": {"after": nxt, "link": f"?after={nxt}"}}
    return Response.json(200, payload)


def get_owner(ctx: Ctx) -> Response:
    """``GET /crm/v3/owners/{id}``."""
    ctx.require(OWNERS_READ)
    for owner in ctx.portal.owners:
        if owner["id"] == ctx.params["id"]:
            return Response.json(200, owner)
    msg = f"No owner with id {ctx.params['id']}."
    raise not_found(msg)


def api_usage(ctx: Ctx, limiter: RateLimiter) -> Response:
    """``GET /account-info/v3/api-usage/daily/private-apps``."""
    used, quota, resets = limiter.usage()
    now = ctx.portal.now_ms()
    return Response.json(
        200,
        {
            "results": [
                {
                    "name": "private-apps-api-calls-daily",
                    "usageLimit": quota,
                    "currentUsage": used,
                    "collectedAt": iso_ms(now),
                    "fetchStatus": "SUCCESS",
                    "resetsAt": iso_ms(int(resets * 1000)),
                }
            ]
        },
    )


def dispositions(ctx: Ctx) -> Response:
    """``GET /calling/v1/dispositions``: the call outcomes, by GUID."""
    ctx.require((frozenset({"crm.objects.contacts.read", "crm.objects.calls.read"}),))
    return Response.json(
        200, [{"id": guid, "label": label} for label, guid in CALL_DISPOSITIONS.items()]
    )
