"""The demo org in HubSpot's own fields: read back through the official client and the
mapping of :mod:`connector.sandbox.hubspot.values`, it is the canonical demo again.

What HubSpot has no field for is named where it is left out: a note's subject,
a message's direction (communications have neither).
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import TYPE_CHECKING, Any

from connector.model import ActivityKind, ActivityStatus, DealStatus, Role
from connector.sandbox.hubspot import values as hv

if TYPE_CHECKING:
    from hubspot import HubSpot

    from connector.sandbox.demo import DemoData
    from connector.sandbox.hubspot import HubSpotSandbox


def _all(api: Any, **kw: Any) -> list[Any]:
    out, after = [], None
    while True:
        page = api.get_page(limit=100, after=after, **kw)
        out += page.results
        if page.paging is None:
            return out
        after = page.paging.next.after


def _time(text: str | None) -> datetime | None:
    return None if not text else datetime.fromisoformat(text)


def _inverse(mapping: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in mapping.items():
        out.setdefault(value, key)
    return out


def _role(value: str | None) -> Role:
    roles = {hv.BUYING_ROLE_TO_ROLE[v] for v in (value or "").split(";") if v}
    return next((r for r in hv.ROLE_PRIORITY if r in roles), Role.UNKNOWN)


def test_owners_companies_contacts_and_deals(
    box: HubSpotSandbox, client: HubSpot, demo: DemoData
) -> None:
    ds = demo.dataset
    owners = client.crm.owners.owners_api.get_page(limit=500).results
    managers = hv.managers_from_teams(
        [o.to_dict() | {"teams": [t.to_dict() for t in o.teams or []]} for o in owners]
    )
    assert managers == {
        box.hubspot_id(u.id): box.hubspot_id(u.manager_id) for u in ds.users if u.manager_id
    }
    names = {o.id: f"{o.first_name} {o.last_name}" for o in owners}
    assert names == {box.hubspot_id(u.id): u.name for u in ds.users}

    companies = _all(
        client.crm.companies.basic_api, properties=["name", "annualrevenue", "hubspot_owner_id"]
    )
    assert [
        (
            c.id,
            c.properties["name"],
            float(c.properties["annualrevenue"]),
            c.properties["hubspot_owner_id"],
        )
        for c in companies
    ] == [(box.hubspot_id(a.id), a.name, a.value, box.hubspot_id(a.owner_id)) for a in ds.accounts]

    props = ["firstname", "lastname", "jobtitle", "hs_buying_role", "associatedcompanyid"]
    contacts = _all(client.crm.contacts.basic_api, properties=props)
    assert any(";" in (c.properties["hs_buying_role"] or "") for c in contacts)
    assert [
        (
            c.id,
            f"{c.properties['firstname']} {c.properties['lastname']}",
            c.properties["jobtitle"],
            _role(c.properties["hs_buying_role"]),
            c.properties["associatedcompanyid"],
            c.created_at,
        )
        for c in contacts
    ] == [
        (box.hubspot_id(c.id), c.name, c.title, c.role, box.hubspot_id(c.account_id), c.created_at)
        for c in ds.contacts
    ]

    deals = _all(
        client.crm.deals.basic_api,
        properties=["dealstage", "closedate", "amount", "pipeline"],
        associations=["companies"],
    )
    stage = _inverse(hv.DEAL_STAGE)
    got = [
        (
            d.associations["companies"].results[0].id,
            stage.get(d.properties["dealstage"], DealStatus.OPEN),
            _time(d.properties["closedate"]),
            float(d.properties["amount"]),
            d.properties["pipeline"],
        )
        for d in deals
    ]
    assert got == [
        (box.hubspot_id(d.account_id), d.status, d.closed_at, d.amount, hv.DEAL_PIPELINE)
        for d in ds.deals
    ]


_PROPS = {
    "calls": [
        "hs_call_title", "hs_call_body", "hs_call_status", "hs_call_direction",
        "hs_call_duration", "hs_call_disposition",
    ],
    "meetings": [
        "hs_meeting_title", "hs_meeting_body", "hs_meeting_outcome",
        "hs_meeting_start_time", "hs_meeting_end_time",
    ],
    "emails": [
        "hs_email_subject", "hs_email_text", "hs_email_status", "hs_email_direction",
        "hs_email_thread_id",
    ],
    "notes": ["hs_note_body"],
    "tasks": ["hs_task_subject", "hs_task_body", "hs_task_status"],
    "communications": ["hs_communication_body", "hs_communication_channel_type"],
}  # fmt: skip


def _canonical(kind: ActivityKind, p: dict[str, Any]) -> tuple[Any, ...]:
    """(status, subject, body, direction, duration s, thread) of one engagement's properties."""
    if kind is ActivityKind.CALL:
        status = _inverse(hv.CALL_STATUS)[p["hs_call_status"]]
        assert p["hs_call_disposition"] == (
            hv.CALL_DISPOSITIONS.get(hv.CALL_DISPOSITION_BY_STATUS[status] or "")
        )
        duration = int(p["hs_call_duration"]) / 1000
        direction = _inverse(hv.CALL_DIRECTION)[p["hs_call_direction"]]
        return status, p["hs_call_title"], p["hs_call_body"], direction, duration, None
    if kind is ActivityKind.MEETING:
        start, end = _time(p["hs_meeting_start_time"]), _time(p["hs_meeting_end_time"])
        seconds = (end - start).total_seconds() if start and end else None
        status = _inverse(hv.MEETING_OUTCOME)[p["hs_meeting_outcome"]]
        return status, p["hs_meeting_title"], p["hs_meeting_body"], None, seconds, None
    if kind is ActivityKind.EMAIL:
        status = _inverse(hv.EMAIL_STATUS)[p["hs_email_status"]]
        direction = _inverse(hv.EMAIL_DIRECTION)[p["hs_email_direction"]]
        return (
            status,
            p["hs_email_subject"],
            p["hs_email_text"],
            direction,
            None,
            p["hs_email_thread_id"],
        )
    if kind is ActivityKind.TASK:
        status = _inverse(hv.TASK_STATUS)[p["hs_task_status"]]
        return status, p["hs_task_subject"], p["hs_task_body"], None, None, None
    if kind is ActivityKind.NOTE:
        return ActivityStatus.COMPLETED, None, p["hs_note_body"], None, None, None
    assert p["hs_communication_channel_type"] == hv.COMMUNICATION_CHANNEL
    return ActivityStatus.COMPLETED, None, p["hs_communication_body"], None, None, None


def test_engagements_are_the_demo_activities(
    box: HubSpotSandbox, client: HubSpot, demo: DemoData
) -> None:
    owner_of = {box.hubspot_id(u.id): u.id for u in demo.dataset.users}
    account_of = {box.hubspot_id(a.id): a.id for a in demo.dataset.accounts}
    contact_of = {box.hubspot_id(c.id): c.id for c in demo.dataset.contacts}
    threads: dict[str | None, set[str | None]] = {}
    for kind, object_type in hv.ENGAGEMENT_TYPE.items():
        api = getattr(client.crm.objects, object_type).basic_api
        props = [*_PROPS[object_type], "hs_timestamp", "hubspot_owner_id", hv.OUTCOME_PROPERTY]
        got: Counter[tuple[Any, ...]] = Counter()
        for e in _all(api, properties=props, associations=["companies", "contacts"]):
            p = e.properties
            status, subject, text, direction, seconds, thread = _canonical(kind, p)
            companies = [a.id for a in e.associations["companies"].results]
            people = frozenset(contact_of[a.id] for a in e.associations["contacts"].results)
            outcome = p[hv.OUTCOME_PROPERTY]
            got[(status, _time(p["hs_timestamp"]), account_of[companies[0]], people, subject, text,
                 direction, seconds, outcome, owner_of[p["hubspot_owner_id"]])] += 1  # fmt: skip
            if thread is not None:
                threads.setdefault(thread, set()).add(e.id)
        expected: Counter[tuple[Any, ...]] = Counter()
        for a in demo.dataset.activities:
            if a.kind is not kind:
                continue
            subject = None if kind in (ActivityKind.NOTE, ActivityKind.MESSAGE) else a.subject
            text = (a.body or a.subject) if kind is ActivityKind.MESSAGE else a.body
            direction = None if kind is ActivityKind.MESSAGE else a.direction
            outcome = None if a.outcome is None else hv.OUTCOME_VALUES[a.outcome]
            people = frozenset(a.contact_ids)
            expected[(a.status, a.occurred_at, a.account_id, people, subject, text,
                      direction, a.duration_seconds, outcome, a.owner_id)] += 1  # fmt: skip
        assert got == expected, object_type
    emails = [a for a in demo.dataset.activities if a.kind is ActivityKind.EMAIL]
    assert len(threads) == len({a.thread_id for a in emails})
