"""Salesforce's error shapes, and the injected faults answered in them.

REST errors are JSON arrays ``[{"message", "errorCode", "fields"?}]`` (never
an object: simple-salesforce indexes ``[0]`` to spot an expired session);
per-record results carry ``{"statusCode", "message", "fields"}``. Throttling
is 403 ``REQUEST_LIMIT_EXCEEDED``, never 429.
"""

from __future__ import annotations

from typing import Any

from connector.sandbox._http import Response

__all__ = [
    "FAULT_KINDS",
    "RECORD_FAULTS",
    "ApiError",
    "fault_error",
    "oauth_error",
    "record_error",
]

#: Fault kinds answered by the Salesforce app (the server adds slow/timeout/drop).
FAULT_KINDS = frozenset(
    {"limit", "concurrent", "5xx", "500", "503", "session", "lock", "validation"}
)
#: Kinds that fail individual records of a write, not the whole request.
RECORD_FAULTS = frozenset({"lock", "validation"})

LOCK_MESSAGE = "unable to obtain exclusive access to this record or 1 records: {id}"
VALIDATION_MESSAGE = "Health fields cannot change while the account is in a legal hold review."


class ApiError(Exception):
    """An error answer: HTTP status, Salesforce errorCode, message, fields."""

    def __init__(
        self, status: int, code: str, message: str, fields: list[str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.fields = fields

    def body(self) -> list[dict[str, Any]]:
        """The JSON array Salesforce sends."""
        item: dict[str, Any] = {"message": self.message, "errorCode": self.code}
        if self.fields is not None:
            item["fields"] = self.fields
        return [item]

    def response(self, headers: dict[str, str] | None = None) -> Response:
        """This error as a response."""
        return Response.json(self.status, self.body(), headers)

    def as_record_error(self) -> dict[str, Any]:
        """This error as one record's error in a per-record result."""
        return record_error(self.code, self.message, self.fields or [])


def record_error(code: str, message: str, fields: list[str] | None = None) -> dict[str, Any]:
    """One record's error, as in sObject Collections results."""
    return {"statusCode": code, "message": message, "fields": fields or []}


def fault_error(kind: str) -> ApiError | None:
    """The whole-request error for an injected fault (None for per-record kinds)."""
    if kind == "limit":
        return ApiError(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")
    if kind == "concurrent":
        return ApiError(403, "REQUEST_LIMIT_EXCEEDED", "ConcurrentPerOrgLongTxn Limit exceeded.")
    if kind == "session":
        return ApiError(401, "INVALID_SESSION_ID", "Session expired or invalid")
    if kind == "500":
        return ApiError(
            500,
            "UNKNOWN_EXCEPTION",
            "An unexpected error occurred. Please include this ErrorId if you contact "
            "support: 1838420712-41572 (-1243561977)",
        )
    if kind in ("5xx", "503"):
        return ApiError(
            503, "SERVER_UNAVAILABLE", "Server temporarily unavailable. Please try again later."
        )
    return None


def oauth_error(status: int, error: str, description: str) -> Response:
    """An OAuth token endpoint error (an object, not an array)."""
    return Response.json(status, {"error": error, "error_description": description})
