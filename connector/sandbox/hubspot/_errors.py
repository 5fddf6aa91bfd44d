"""HubSpot's error bodies: ``{"status": "error", "message", "correlationId", "category", ...}``.

Private to the HubSpot sandbox. Shapes from crm-apis.md §12 and the spec's
``Error`` schema; every error carries a fresh ``correlationId`` (also sent as
the ``X-HubSpot-Correlation-Id`` header).
"""

from __future__ import annotations

import uuid
from typing import Any

from connector.sandbox._http import Response

__all__ = [
    "ApiError",
    "bad_request",
    "error_response",
    "not_found",
    "standard_error",
]

AUTH_MESSAGE = (
    "Authentication credentials not found. This API supports OAuth 2.0 authentication and you "
    "can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview"
)
SCOPES_MESSAGE = (
    "This app hasn't been granted all required scopes to make this call. Read more about "
    "required scopes here: https://developers.hubspot.com/scopes."
)


class ApiError(Exception):
    """An error to answer in HubSpot's shape (raised by the request handlers)."""

    def __init__(
        self,
        status: int,
        message: str,
        category: str | None,
        *,
        sub_category: str | None = None,
        context: dict[str, list[str]] | None = None,
        errors: list[dict[str, Any]] | None = None,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.category = category
        self.sub_category = sub_category
        self.context = context
        self.errors = errors
        self.extra = extra or {}
        self.headers = headers or {}

    def body(self, correlation_id: str) -> dict[str, Any]:
        """The JSON body."""
        out: dict[str, Any] = {
            "status": "error",
            "message": self.message,
            "correlationId": correlation_id,
        }
        if self.category:
            out["category"] = self.category
        if self.sub_category:
            out["subCategory"] = self.sub_category
        if self.context:
            out["context"] = self.context
        if self.errors:
            out["errors"] = self.errors
        out.update(self.extra)
        return out


def new_correlation_id() -> str:
    """A correlation id, as every HubSpot response carries."""
    return str(uuid.uuid4())


def error_response(error: ApiError) -> Response:
    """The response for ``error``."""
    cid = new_correlation_id()
    return Response.json(
        error.status,
        error.body(cid),
        {"X-HubSpot-Correlation-Id": cid, **error.headers},
    )


def bad_request(message: str, **kw: Any) -> ApiError:  # noqa: ANN401
    """A 400 ``VALIDATION_ERROR``."""
    return ApiError(400, message, "VALIDATION_ERROR", **kw)


def not_found(message: str) -> ApiError:
    """A 404 ``OBJECT_NOT_FOUND``."""
    return ApiError(404, message, "OBJECT_NOT_FOUND")


def standard_error(
    category: str, message: str, context: dict[str, list[str]], *, sub_category: str | None = None
) -> dict[str, Any]:
    """One ``StandardError`` of a 207 batch answer."""
    out: dict[str, Any] = {
        "status": "error",
        "category": category,
        "message": message,
        "context": context,
        "errors": [],
        "links": {},
    }
    if sub_category:
        out["subCategory"] = sub_category
    return out
