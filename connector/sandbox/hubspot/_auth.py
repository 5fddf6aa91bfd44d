"""Bearer tokens and their scopes (private-app tokens and service keys look alike).

Private to the HubSpot sandbox. Each token stands for one private app, with
its own scope set and its own 10-second rate-limit window; the daily quota is
the portal's. A bad or missing token is a 401; a call outside the token's
scopes a 403 naming what is missing (crm-apis.md §12-13).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from connector.sandbox.hubspot._errors import AUTH_MESSAGE, SCOPES_MESSAGE, ApiError

if TYPE_CHECKING:
    from email.message import Message

    from connector.sandbox.hubspot._catalog import Scopes

__all__ = ["FULL_SCOPES", "READ_ONLY_SCOPES", "Token", "Tokens"]

#: What the connector's private app is granted.
FULL_SCOPES: frozenset[str] = frozenset(
    {
        "crm.objects.companies.read",
        "crm.objects.companies.write",
        "crm.objects.contacts.read",
        "crm.objects.contacts.write",
        "crm.objects.deals.read",
        "crm.objects.deals.write",
        "crm.objects.owners.read",
        "sales-email-read",
        "crm.schemas.companies.read",
        "crm.schemas.companies.write",
        "crm.schemas.contacts.read",
        "crm.schemas.contacts.write",
        "crm.schemas.deals.read",
        "crm.schemas.deals.write",
    }
)
#: A second app that may only read companies and contacts (for the 403 path).
READ_ONLY_SCOPES: frozenset[str] = frozenset(
    {"crm.objects.companies.read", "crm.objects.contacts.read"}
)


@dataclass(frozen=True, slots=True)
class Token:
    """One app's token."""

    value: str
    app: str
    scopes: frozenset[str]

    def missing(self, required: Scopes) -> list[str]:
        """The scopes of every unmet requirement (empty: allowed)."""
        out: list[str] = []
        for group in required:
            if not group & self.scopes:
                out.extend(sorted(group))
        return out


def new_token() -> str:
    """A throwaway private-app style token."""
    raw = secrets.token_hex(16)
    return f"pat-na1-{raw[:8]}-{raw[8:12]}-{raw[12:16]}-{raw[16:20]}-{raw[20:]}"


class Tokens:
    """The portal's tokens."""

    def __init__(self, tokens: list[Token] | None = None) -> None:
        if tokens is None:
            tokens = [
                Token(new_token(), "healthscore-connector", FULL_SCOPES),
                Token(new_token(), "read-only-reports", READ_ONLY_SCOPES),
            ]
        self._tokens = {t.value: t for t in tokens}
        self.main, self.reduced = tokens[0], tokens[1]

    def all(self) -> list[Token]:
        """Every token (the connector's first)."""
        return list(self._tokens.values())

    def authenticate(self, headers: Message) -> Token:
        """The token a request carries (``Authorization: Bearer ...``); 401 if none is valid."""
        header = headers.get("Authorization") or ""
        scheme, _, value = header.strip().partition(" ")
        token = self._tokens.get(value.strip()) if scheme.lower() == "bearer" else None
        if token is None:
            raise unauthenticated()
        return token


def unauthenticated() -> ApiError:
    """The 401 answer."""
    return ApiError(401, AUTH_MESSAGE, "INVALID_AUTHENTICATION")


def check_scopes(token: Token, required: Scopes) -> None:
    """Raise the 403 answer when ``token`` lacks a scope ``required`` needs."""
    missing = token.missing(required)
    if missing:
        raise ApiError(
            403,
            SCOPES_MESSAGE,
            "MISSING_SCOPES",
            errors=[
                {
                    "message": "One or more of the following scopes are required.",
                    "context": {"requiredGranularScopes": missing},
                }
            ],
            extra={"links": {"scopes": "https://developers.hubspot.com/scopes"}},
        )
