"""Canonical records: the one shape every CRM's data is translated into.

Adapters produce these records, the canonical JSON format stores them, the
store persists them and scoring reads them. Times are always timezone-aware
(UTC after parsing); enums carry stable small-integer codes (``code``) that
the store and the vectorised scorer use, so the codes must never be renumbered.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

__all__ = [
    "Account",
    "Activity",
    "ActivityKind",
    "ActivityStatus",
    "Contact",
    "Dataset",
    "Deal",
    "DealStatus",
    "Direction",
    "Outcome",
    "Role",
    "User",
]


class _Coded(enum.StrEnum):
    """A string enum whose members also have a stable integer code."""

    @property
    def code(self) -> int:
        """The member's stable integer code (its position in the declaration)."""
        return _codes(type(self))[self]

    @classmethod
    def from_code(cls, code: int) -> _Coded:
        """The member whose code is ``code``."""
        return list(cls)[code]


@cache
def _codes(cls: type[_Coded]) -> dict[_Coded, int]:
    """Member -> code for one enum (columnising millions of records asks often)."""
    return {member: i for i, member in enumerate(cls)}


class Role(_Coded):
    """A contact's buying role."""

    DECISION_MAKER = "decision_maker"
    APPROVER = "approver"
    INFLUENCER = "influencer"
    USER = "user"
    UNKNOWN = "unknown"


class ActivityKind(_Coded):
    """What kind of interaction an activity was."""

    MEETING = "meeting"
    CALL = "call"
    EMAIL = "email"
    MESSAGE = "message"
    NOTE = "note"
    TASK = "task"


class ActivityStatus(_Coded):
    """Whether an activity happened."""

    COMPLETED = "completed"
    PLANNED = "planned"
    CANCELED = "canceled"
    RESCHEDULED = "rescheduled"
    NO_SHOW = "no_show"


class Direction(_Coded):
    """Who started an interaction (emails, calls)."""

    INBOUND = "inbound"
    OUTBOUND = "outbound"


class Outcome(_Coded):
    """How an interaction went, as the rep assessed it."""

    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"


class DealStatus(_Coded):
    """Where a deal stands."""

    WON = "won"
    LOST = "lost"
    OPEN = "open"


@dataclass(frozen=True, slots=True)
class User:
    """A rep (or any CRM user who owns records), with their manager."""

    id: str
    name: str | None = None
    manager_id: str | None = None


@dataclass(frozen=True, slots=True)
class Account:
    """A customer company."""

    id: str
    name: str | None = None
    owner_id: str | None = None
    value: float | None = None


@dataclass(frozen=True, slots=True)
class Contact:
    """A person at an account, with their buying role."""

    id: str
    account_id: str
    name: str | None = None
    title: str | None = None
    role: Role = Role.UNKNOWN
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Activity:
    """One interaction (meeting, call, email, ...) with contacts of one account."""

    id: str
    kind: ActivityKind
    status: ActivityStatus
    occurred_at: datetime
    account_id: str
    contact_ids: tuple[str, ...] = ()
    duration_seconds: float | None = None
    direction: Direction | None = None
    outcome: Outcome | None = None
    owner_id: str | None = None
    subject: str | None = None
    body: str | None = None
    thread_id: str | None = None


@dataclass(frozen=True, slots=True)
class Deal:
    """An opportunity; a won deal is a "project" for the lifecycle stage."""

    id: str
    account_id: str
    status: DealStatus
    closed_at: datetime | None = None
    amount: float | None = None


@dataclass(frozen=True, slots=True)
class Dataset:
    """A whole canonical dataset: everything one connection holds."""

    users: Sequence[User] = field(default_factory=tuple)
    accounts: Sequence[Account] = field(default_factory=tuple)
    contacts: Sequence[Contact] = field(default_factory=tuple)
    activities: Sequence[Activity] = field(default_factory=tuple)
    deals: Sequence[Deal] = field(default_factory=tuple)
