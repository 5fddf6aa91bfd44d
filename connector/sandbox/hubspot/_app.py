"""The HubSpot sandbox app: authenticate, inject faults, rate-limit, route, answer.

Private to the HubSpot sandbox. Order per request: route lookup (for the
endpoint name); the token (401); an injected fault; the rate limits (429);
then the handler, which checks the token's scopes (403) and answers. Every
answer carries ``X-HubSpot-Correlation-Id``; answers to authenticated
non-search calls carry the ``X-HubSpot-RateLimit-*`` headers.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from connector.sandbox.hubspot._account import api_usage
from connector.sandbox.hubspot._auth import unauthenticated
from connector.sandbox.hubspot._context import Ctx
from connector.sandbox.hubspot._errors import ApiError, error_response, new_correlation_id
from connector.sandbox.hubspot._ratelimit import daily_error, secondly_error, ten_secondly_error
from connector.sandbox.hubspot._routes import match

if TYPE_CHECKING:
    from connector.sandbox._http import Request, Response
    from connector.sandbox.hubspot._auth import Tokens
    from connector.sandbox.hubspot._ratelimit import RateLimiter
    from connector.sandbox.hubspot._store import Portal

__all__ = ["FAULT_KINDS", "HubSpotApp"]

log = logging.getLogger(__name__)

#: Fault kinds answered in HubSpot's shape (the server adds slow, timeout, drop).
FAULT_KINDS = frozenset({"429", "daily", "5xx", "500", "502", "503", "auth", "record"})
_SERVER_ERRORS = {"5xx": 503, "500": 500, "502": 502, "503": 503}


def _fault_error(kind: str, endpoint: str) -> ApiError | None:
    if kind == "429":
        return secondly_error(1.0) if endpoint == "search" else ten_secondly_error(1.0)
    if kind == "daily":
        return daily_error()
    if kind == "auth":
        return unauthenticated()
    if kind in _SERVER_ERRORS:
        status = _SERVER_ERRORS[kind]
        message = "internal error" if status == 500 else "Service unavailable; try again shortly."
        return ApiError(
            status, message, "INTERNAL_ERROR" if status == 500 else "SERVICE_UNAVAILABLE"
        )
    return None


class HubSpotApp:
    """Answers HubSpot CRM API requests from a :class:`Portal`."""

    fault_kinds = FAULT_KINDS

    def __init__(self, portal: Portal, tokens: Tokens, limiter: RateLimiter) -> None:
        self.portal = portal
        self.tokens = tokens
        self.limiter = limiter

    def endpoint(self, request: Request) -> str:
        """The endpoint name of ``request`` (``other`` for unknown paths)."""
        route, _, _ = match(request.method, request.path)
        return route.endpoint if route is not None else "other"

    def handle(self, request: Request) -> Response:
        """Answer one request."""
        headers: dict[str, str] = {}
        try:
            response = self._handle(request, headers)
        except ApiError as error:
            error.headers = {**headers, **error.headers}
            return error_response(error)
        except Exception:  # a sandbox bug must answer 500, not drop the connection
            log.exception("HubSpot sandbox failed on %s %s", request.method, request.path)
            return error_response(
                ApiError(500, "internal error", "INTERNAL_ERROR", headers=headers)
            )
        response.headers.update(headers)
        response.headers.setdefault("X-HubSpot-Correlation-Id", new_correlation_id())
        return response

    def _handle(self, request: Request, headers: dict[str, str]) -> Response:
        route, params, known = match(request.method, request.path)
        token = self.tokens.authenticate(request.headers)
        fault = request.fault
        if fault is not None and fault.kind != "record":
            search = route is not None and route.endpoint == "search"
            error = _fault_error(fault.kind, "search" if search else "")
            if error is not None:
                if fault.kind == "429" and not search:
                    error.headers.update(self.limiter.headers(token.app))
                raise error
        search = route is not None and route.endpoint == "search"
        headers.update(self.limiter.admit(token.app, search=search))
        if route is None:
            if known:
                msg = f"Method {request.method} is not allowed on {request.path}"
                raise ApiError(405, msg, "VALIDATION_ERROR")
            msg = f"Unable to route {request.method} request: {request.path}"
            raise ApiError(404, msg, "OBJECT_NOT_FOUND")
        ctx = Ctx(self.portal, request, params, token, fault)
        with self.portal.lock:
            if route.handler is None:
                return api_usage(ctx, self.limiter)
            return route.handler(ctx)
