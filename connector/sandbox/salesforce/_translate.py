"""Canonical records -> Salesforce records, field by field, read lazily.

Each object gets one getter per field, ``(row, record) -> JSON value``, over
the canonical records (live ones first, then the deleted ones, which are
soft-deleted). The value tables are in :mod:`._values`. Derived objects
(AccountContactRole, OpportunityContactRole, TaskRelation, EventRelation,
EmailMessage) are indexed on first use, so a big org starts quickly.

Times: ``CreatedDate`` is when the record entered the CRM (a contact's
``created_at``; an activity's time, or ``as_of`` for planned ones); base
records were last modified when created (closed deals when they closed); a
deleted record was deleted within the 10 days before ``as_of``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from connector.model import ActivityKind, ActivityStatus, DealStatus
from connector.sandbox.salesforce._derived import contact_roles, email_messages, relations
from connector.sandbox.salesforce._ids import make_id
from connector.sandbox.salesforce._store import (
    CanonicalRows,
    Rows,
    format_date,
    format_datetime,
)
from connector.sandbox.salesforce._values import (
    CALL_TYPE,
    DEAL_STAGE,
    EVENT_STATUS,
    OPEN_STAGES,
    OUTCOME_VALUES,
    ROLE_VALUES,
    SECOND_ROLE,
    STAGE_PROBABILITY,
    TASK_KIND,
    TASK_STATUS,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from connector.model import Account, Activity, Contact, Dataset, Deal

__all__ = ["Translated", "translate"]

_SLUG = re.compile(r"[^a-z0-9]+")
_MEETING = ActivityKind.MEETING
_EMAIL = ActivityKind.EMAIL
_CALL = ActivityKind.CALL


def _deletions(first: int, count: int, as_of: datetime) -> dict[int, str]:
    """Deletion times for rows ``first..first+count``: spread over 10 days before as_of."""
    minutes = 10 * 24 * 60
    return {
        first + k: format_datetime(as_of - timedelta(minutes=60 + (k * 7919) % minutes))
        for k in range(count)
    }


def _split_name(name: str | None) -> tuple[str | None, str]:
    if not name:
        return None, "Unknown"
    first, _, last = name.strip().partition(" ")
    return (first, last) if last else (None, first)


@dataclass
class Translated:
    """The translated org: a row source per object and the id maps to match records."""

    sources: dict[str, Rows | Callable[[], tuple[Rows, dict[int, str]]]] = field(
        default_factory=dict
    )
    deleted: dict[str, dict[int, str]] = field(default_factory=dict)
    rows: dict[str, dict[str, int]] = field(default_factory=dict)  # kind -> canonical id -> row


class Builder:
    """Translates one canonical org, object by object."""

    def __init__(
        self, live: Dataset, gone: Dataset, as_of: datetime, users: dict[str, int], fallback: str
    ) -> None:
        self.as_of = as_of
        self.as_of_text = format_datetime(as_of)
        self.out = Translated()
        self.fallback_user = fallback
        self.user_row = users
        self.accounts: list[Account] = [*live.accounts, *gone.accounts]
        self.contacts: list[Contact] = [*live.contacts, *gone.contacts]
        self.deals: list[Deal] = [*live.deals, *gone.deals]
        self.acc_row = {a.id: i for i, a in enumerate(self.accounts)}
        self.con_row = {c.id: i for i, c in enumerate(self.contacts)}
        self.n_live = {
            "Account": len(live.accounts),
            "Contact": len(live.contacts),
            "Opportunity": len(live.deals),
        }
        tasks = [a for a in live.activities if a.kind is not _MEETING]
        events = [a for a in live.activities if a.kind is _MEETING]
        self.n_live["Task"], self.n_live["Event"] = len(tasks), len(events)
        tasks += [a for a in gone.activities if a.kind is not _MEETING]
        events += [a for a in gone.activities if a.kind is _MEETING]
        self.tasks: list[Activity] = tasks
        self.events: list[Activity] = events

    # -- references -----------------------------------------------------------

    def account_id(self, canonical: str | None) -> str | None:
        """The Salesforce id of a canonical account (None if unknown)."""
        row = self.acc_row.get(canonical) if canonical is not None else None
        return None if row is None else make_id("001", row)

    def contact_id(self, canonical: str) -> str | None:
        """The Salesforce id of a canonical contact (None if unknown)."""
        row = self.con_row.get(canonical)
        return None if row is None else make_id("003", row)

    def user_id(self, canonical: str | None) -> str:
        """The Salesforce id of a canonical user (the integration user if unknown)."""
        row = self.user_row.get(canonical) if canonical is not None else None
        return self.fallback_user if row is None else make_id("005", row)

    def account_of(self, canonical: str) -> Account | None:
        """The canonical account with this id."""
        row = self.acc_row.get(canonical)
        return None if row is None else self.accounts[row]

    def _audit(
        self, created: Callable[[int, Any], str], modified: Callable[[int, Any], str]
    ) -> dict[str, Callable[[int, Any], Any]]:
        user = self.fallback_user
        return {
            "CreatedDate": created,
            "LastModifiedDate": modified,
            "SystemModstamp": modified,
            "CreatedById": lambda _i, _r: user,
            "LastModifiedById": lambda _i, _r: user,
        }

    def _table(self, name: str, records: Sequence[Any], getters: dict[str, Any]) -> None:
        self.out.sources[name] = CanonicalRows(records, getters)
        n_live = self.n_live[name]
        self.out.deleted[name] = _deletions(n_live, len(records) - n_live, self.as_of)

    # -- objects --------------------------------------------------------------

    def accounts_table(self) -> None:
        """Account rows."""
        as_of = self.as_of
        created: Callable[[int, Any], str] = lambda i, _a: format_datetime(  # noqa: E731
            as_of - timedelta(days=1500 + i % 60)
        )
        self._table(
            "Account",
            self.accounts,
            {
                "Name": lambda _i, a: a.name or "Unnamed account",
                "OwnerId": lambda _i, a: self.user_id(a.owner_id),
                "AnnualRevenue": lambda _i, a: None if a.value is None else float(a.value),
                **self._audit(created, created),
            },
        )
        self.out.rows["accounts"] = self.acc_row

    def contacts_table(self) -> None:
        """Contact rows, and one AccountContactRelation per contact (same rows)."""
        old = self.as_of - timedelta(days=1400)

        def created(_i: int, c: Contact) -> str:
            return format_datetime(c.created_at or old)

        def email(_i: int, c: Contact) -> str | None:
            account = self.account_of(c.account_id)
            if not c.name or account is None or not account.name:
                return None
            domain = _SLUG.sub("", account.name.split()[0].lower()) or "example"
            return f"{_SLUG.sub('.', c.name.lower()).strip('.')}@{domain}.example.com"

        def owner(_i: int, c: Contact) -> str:
            account = self.account_of(c.account_id)
            return self.user_id(None if account is None else account.owner_id)

        self._table(
            "Contact",
            self.contacts,
            {
                "AccountId": lambda _i, c: self.account_id(c.account_id),
                "FirstName": lambda _i, c: _split_name(c.name)[0],
                "LastName": lambda _i, c: _split_name(c.name)[1],
                "Name": lambda _i, c: c.name or "Unknown",
                "Title": lambda _i, c: c.title,
                "Email": email,
                "OwnerId": owner,
                **self._audit(created, created),
            },
        )
        self.out.rows["contacts"] = self.con_row

        def roles(i: int, c: Contact) -> str | None:
            values = [v] if (v := ROLE_VALUES[c.role]) else []
            extra = SECOND_ROLE.get(c.role)
            if extra is not None and i % extra[1] == 0:
                values.append(extra[0])
            return ";".join(values) or None

        self.n_live["AccountContactRelation"] = self.n_live["Contact"]
        self._table(
            "AccountContactRelation",
            self.contacts,
            {
                "AccountId": lambda _i, c: self.account_id(c.account_id),
                "ContactId": lambda i, _c: make_id("003", i),
                "Roles": roles,
                "IsDirect": lambda _i, _c: True,
                "IsActive": lambda _i, _c: True,
                "StartDate": lambda _i, c: format_date(c.created_at or old),
                **self._audit(created, created),
            },
        )

    def deals_table(self) -> None:
        """Opportunity rows."""
        as_of = self.as_of

        def stage(i: int, d: Deal) -> str:
            return DEAL_STAGE.get(d.status) or OPEN_STAGES[i % len(OPEN_STAGES)]

        def name(_i: int, d: Deal) -> str:
            account = self.account_of(d.account_id)
            label = account.name if account is not None and account.name else "Deal"
            when = d.closed_at.strftime("%Y-%m") if d.closed_at else "New Business"
            return f"{label} - {when}"

        def close_date(i: int, d: Deal) -> str:
            return format_date(d.closed_at or as_of + timedelta(days=20 + i % 70))

        def created(_i: int, d: Deal) -> str:
            start = (d.closed_at - timedelta(days=75)) if d.closed_at else as_of - timedelta(30)
            return format_datetime(min(start, as_of))

        def modified(i: int, d: Deal) -> str:
            return format_datetime(min(d.closed_at, as_of)) if d.closed_at else created(i, d)

        def owner(_i: int, d: Deal) -> str:
            account = self.account_of(d.account_id)
            return self.user_id(None if account is None else account.owner_id)

        self._table(
            "Opportunity",
            self.deals,
            {
                "Name": name,
                "AccountId": lambda _i, d: self.account_id(d.account_id),
                "StageName": stage,
                "Probability": lambda i, d: STAGE_PROBABILITY[stage(i, d)],
                "IsClosed": lambda _i, d: d.status is not DealStatus.OPEN,
                "IsWon": lambda _i, d: d.status is DealStatus.WON,
                "CloseDate": close_date,
                "Amount": lambda _i, d: None if d.amount is None else float(d.amount),
                "OwnerId": owner,
                **self._audit(created, modified),
            },
        )
        self.out.rows["deals"] = {d.id: i for i, d in enumerate(self.deals)}

    def activity_common(self) -> dict[str, Callable[[int, Any], Any]]:
        """Getters of the fields Tasks and Events share."""
        as_of = self.as_of

        def created(_i: int, a: Activity) -> str:
            return format_datetime(min(a.occurred_at, as_of))

        def who(_i: int, a: Activity) -> str | None:
            return self.contact_id(a.contact_ids[0]) if a.contact_ids else None

        def outcome(_i: int, a: Activity) -> str | None:
            return None if a.outcome is None else OUTCOME_VALUES[a.outcome]

        return {
            "Subject": lambda _i, a: a.subject,
            "Description": lambda _i, a: a.body,
            "WhoId": who,
            "WhatId": lambda _i, a: self.account_id(a.account_id),
            "AccountId": lambda _i, a: self.account_id(a.account_id),
            "OwnerId": lambda _i, a: self.user_id(a.owner_id),
            "ActivityDate": lambda _i, a: format_date(a.occurred_at),
            "IsArchived": lambda _i, _a: False,
            "Health_Outcome__c": outcome,
            **self._audit(created, created),
        }

    def tasks_table(self) -> None:
        """Task rows: calls, emails, messages, notes and to-dos."""
        done = (ActivityStatus.COMPLETED, ActivityStatus.NO_SHOW)

        def disposition(_i: int, a: Activity) -> str | None:
            if a.kind is not _CALL or a.status not in done:
                return None
            if a.status is ActivityStatus.NO_SHOW:
                return "No Show"
            return "Connected" if (a.duration_seconds or 0) >= 60 else "Left voicemail"

        def duration(_i: int, a: Activity) -> int | None:
            if a.kind is not _CALL or a.duration_seconds is None:
                return None
            return round(a.duration_seconds)

        def call_type(_i: int, a: Activity) -> str | None:
            if a.kind is not _CALL or a.direction is None:
                return None
            return CALL_TYPE[a.direction.value]

        self._table(
            "Task",
            self.tasks,
            {
                **self.activity_common(),
                "Status": lambda _i, a: TASK_STATUS[a.status],
                "IsClosed": lambda _i, a: a.status in done,
                "Priority": lambda _i, _a: "Normal",
                "TaskSubtype": lambda _i, a: TASK_KIND[a.kind][0],
                "Type": lambda _i, a: TASK_KIND[a.kind][1],
                "CompletedDateTime": lambda _i, a: (
                    format_datetime(a.occurred_at) if a.status in done else None
                ),
                "CallDurationInSeconds": duration,
                "CallType": call_type,
                "CallDisposition": disposition,
            },
        )

    def events_table(self) -> None:
        """Event rows: meetings."""

        def minutes(a: Activity) -> int:
            return round((a.duration_seconds or 1800) / 60)

        self._table(
            "Event",
            self.events,
            {
                **self.activity_common(),
                "StartDateTime": lambda _i, a: format_datetime(a.occurred_at),
                "ActivityDateTime": lambda _i, a: format_datetime(a.occurred_at),
                "EndDateTime": lambda _i, a: format_datetime(
                    a.occurred_at + timedelta(minutes=minutes(a))
                ),
                "DurationInMinutes": lambda _i, a: minutes(a),
                "IsAllDayEvent": lambda _i, _a: False,
                "EventSubtype": lambda _i, _a: "Event",
                "ShowAs": lambda _i, _a: "Busy",
                "Type": lambda _i, _a: "Meeting",
                "Meeting_Status__c": lambda _i, a: EVENT_STATUS[a.status],
            },
        )

    # -- derived objects (indexed on first use) -------------------------------


def translate(
    live: Dataset, gone: Dataset, as_of: datetime, users: dict[str, int], fallback_user: str
) -> Translated:
    """Row sources for every data object of ``live`` (and the soft-deleted ``gone``).

    ``users`` maps canonical user ids to User rows; records owned by nobody
    known are owned by ``fallback_user`` (the integration user's id).
    """
    b = Builder(live, gone, as_of, users, fallback_user)
    b.accounts_table()
    b.contacts_table()
    b.deals_table()
    b.tasks_table()
    b.events_table()
    relations(b, "TaskRelation", "Task")
    relations(b, "EventRelation", "Event")
    email_messages(b)
    contact_roles(b)
    return b.out
