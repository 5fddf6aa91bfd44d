"""Derived objects, indexed on first use: relations, email messages, contact roles.

TaskRelation/EventRelation hold one row per contact of an activity;
EmailMessage one per email Task (thread id, direction); AccountContactRole
one per contact with a role; OpportunityContactRole one per deal and each
decision maker or approver of its account (the first decision maker is
primary). Their audit times are those of the record they derive from; rows
of deleted records are deleted with them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from connector.model import ActivityKind, Direction, Role
from connector.sandbox.salesforce._ids import make_id
from connector.sandbox.salesforce._store import CanonicalRows, Rows, format_datetime
from connector.sandbox.salesforce._values import ROLE_VALUES

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from connector.sandbox.salesforce._translate import Builder

__all__ = ["contact_roles", "email_messages", "relations"]

_EMAIL = ActivityKind.EMAIL


def relations(b: Builder, name: str, parent: str) -> None:
    """One row per contact of each Task or Event (``parent``), as table ``name``."""
    records = b.tasks if parent == "Task" else b.events
    prefix = "00T" if parent == "Task" else "00U"
    n_live = b.n_live[parent]
    deleted_at = b.out.deleted[parent]
    common = b.activity_common()

    def build() -> tuple[Rows, dict[int, str]]:
        pairs = [(r, k) for r, a in enumerate(records) for k in range(len(a.contact_ids))]
        gone = {i: deleted_at[p[0]] for i, p in enumerate(pairs) if p[0] >= n_live}
        getters: dict[str, Callable[[int, Any], Any]] = {
            f"{parent}Id": lambda _i, p: make_id(prefix, p[0]),
            "RelationId": lambda _i, p: b.contact_id(records[p[0]].contact_ids[p[1]]),
            "AccountId": lambda _i, p: b.account_id(records[p[0]].account_id),
            "IsWhat": lambda _i, _p: False,
        }
        if parent == "Event":
            getters |= {"IsParent": lambda _i, _p: True, "IsInvitee": lambda _i, _p: False}
        for key in ("CreatedDate", "LastModifiedDate", "SystemModstamp", "CreatedById"):
            getters[key] = _via(common[key], records, 0)
        getters["LastModifiedById"] = getters["CreatedById"]
        return CanonicalRows(pairs, getters), gone

    b.out.sources[name] = build


def email_messages(b: Builder) -> None:
    """One EmailMessage per email Task: its thread id and direction."""
    tasks = b.tasks
    n_live = b.n_live["Task"]
    deleted_at = b.out.deleted["Task"]
    common = b.activity_common()

    def build() -> tuple[Rows, dict[int, str]]:
        rows = [r for r, a in enumerate(tasks) if a.kind is _EMAIL]
        gone = {i: deleted_at[r] for i, r in enumerate(rows) if r >= n_live}
        getters: dict[str, Callable[[int, Any], Any]] = {
            "ActivityId": lambda _i, r: make_id("00T", r),
            "RelatedToId": lambda _i, r: b.account_id(tasks[r].account_id),
            "Subject": lambda _i, r: tasks[r].subject,
            "TextBody": lambda _i, r: tasks[r].body,
            "Incoming": lambda _i, r: tasks[r].direction is Direction.INBOUND,
            "MessageDate": lambda _i, r: format_datetime(tasks[r].occurred_at),
            "Status": lambda _i, r: "1" if tasks[r].direction is Direction.INBOUND else "3",
            "ThreadIdentifier": lambda _i, r: tasks[r].thread_id,
            "MessageIdentifier": lambda _i, r: f"<{make_id('00T', r)}@mail.example.com>",
        }
        for key in ("CreatedDate", "LastModifiedDate", "SystemModstamp", "CreatedById"):
            getters[key] = _via(common[key], tasks, None)
        getters["LastModifiedById"] = getters["CreatedById"]
        return CanonicalRows(rows, getters), gone

    b.out.sources["EmailMessage"] = build


def contact_roles(b: Builder) -> None:
    """AccountContactRole per contact with a role; OpportunityContactRole per deal buyer."""
    contacts, deals = b.contacts, b.deals
    con_gone = b.out.deleted["Contact"]
    deal_gone = b.out.deleted["Opportunity"]
    contact_audit = b.out.sources["Contact"]
    deal_audit = b.out.sources["Opportunity"]
    assert isinstance(contact_audit, CanonicalRows)  # noqa: S101 - built just above
    assert isinstance(deal_audit, CanonicalRows)  # noqa: S101

    def first_dm(rows: list[int]) -> set[int]:
        seen: set[str] = set()
        primary = set()
        for r in rows:
            c = contacts[r]
            if c.role is Role.DECISION_MAKER and c.account_id not in seen:
                seen.add(c.account_id)
                primary.add(r)
        return primary

    def build_acr() -> tuple[Rows, dict[int, str]]:
        rows = [r for r, c in enumerate(contacts) if c.role is not Role.UNKNOWN]
        primary = first_dm(rows)
        getters = {
            "AccountId": lambda _i, r: b.account_id(contacts[r].account_id),
            "ContactId": lambda _i, r: make_id("003", r),
            "Role": lambda _i, r: ROLE_VALUES[contacts[r].role],
            "IsPrimary": lambda _i, r: r in primary,
            **{k: _field_of(contact_audit, k, None) for k in _AUDIT},
        }
        gone = {i: con_gone[r] for i, r in enumerate(rows) if r in con_gone}
        return CanonicalRows(rows, getters), gone

    def build_ocr() -> tuple[Rows, dict[int, str]]:
        buyers: dict[str, list[int]] = {}
        for r, c in enumerate(contacts):
            if c.role in (Role.DECISION_MAKER, Role.APPROVER):
                buyers.setdefault(c.account_id, []).append(r)
        pairs: list[tuple[int, int]] = []
        primary: set[int] = set()  # each deal's first decision maker
        for d, deal in enumerate(deals):
            found = False
            for r in buyers.get(deal.account_id, ()):
                if not found and contacts[r].role is Role.DECISION_MAKER:
                    primary.add(len(pairs))
                    found = True
                pairs.append((d, r))
        getters = {
            "OpportunityId": lambda _i, p: make_id("006", p[0]),
            "ContactId": lambda _i, p: make_id("003", p[1]),
            "Role": lambda _i, p: ROLE_VALUES[contacts[p[1]].role],
            "IsPrimary": lambda i, _p: i in primary,
            **{k: _field_of(deal_audit, k, 0) for k in _AUDIT},
        }
        gone = {
            i: deal_gone.get(d) or con_gone[r]
            for i, (d, r) in enumerate(pairs)
            if d in deal_gone or r in con_gone
        }
        return CanonicalRows(pairs, getters), gone

    b.out.sources["AccountContactRole"] = build_acr
    b.out.sources["OpportunityContactRole"] = build_ocr


def _via(
    getter: Callable[[int, Any], Any], records: Sequence[Any], part: int | None
) -> Callable[[int, Any], Any]:
    """A getter reading another record: ``records[key]`` or ``records[key[part]]``."""
    if part is None:
        return lambda i, key: getter(i, records[key])
    return lambda i, key: getter(i, records[key[part]])


def _field_of(source: CanonicalRows, name: str, part: int | None) -> Callable[[int, Any], Any]:
    """A getter reading field ``name`` of row ``key`` (or ``key[part]``) of ``source``."""
    if part is None:
        return lambda _i, key: source.get(key, name)
    return lambda _i, key: source.get(key[part], name)


_AUDIT = ("CreatedDate", "LastModifiedDate", "SystemModstamp", "CreatedById", "LastModifiedById")
