"""The demo portal's built-in property definitions and groups.

Private to the HubSpot sandbox. The properties are those the connector and
HubSpot's own defaults need (crm-apis.md §7, §9-11), with HubSpot's internal
names, types and option values, plus the custom outcome property an admin
created on every engagement type.
"""

from __future__ import annotations

from typing import Any

from connector.sandbox.hubspot._catalog import OBJECT_TYPES
from connector.sandbox.hubspot._schema import Group, PropertyDef
from connector.sandbox.hubspot.values import (
    BUYING_ROLES,
    CALL_DISPOSITIONS,
    DEAL_OPEN_STAGES,
    OUTCOME_PROPERTY,
)

__all__ = ["builtin_groups", "builtin_properties"]


def _opts(values: tuple[str, ...] | dict[str, str]) -> list[dict[str, Any]]:
    pairs = (
        values.items()
        if isinstance(values, dict)
        else ((v, v.replace("_", " ").capitalize()) for v in values)
    )
    return [
        {"label": label, "value": value, "displayOrder": i, "hidden": False}
        for i, (value, label) in enumerate(pairs)
    ]


def _p(name: str, label: str, kind: str, group: str, **kw: Any) -> PropertyDef:  # noqa: ANN401
    field_type = kw.pop(
        "field_type",
        {"number": "number", "datetime": "date", "date": "date", "enumeration": "select"}.get(
            kind, "text"
        ),
    )
    return PropertyDef(name, label, kind, field_type, group, **kw)


def _common(t: str, group: str) -> list[PropertyDef]:
    ot = OBJECT_TYPES[t]
    return [
        _p("hs_object_id", "Record ID", "number", group, read_only=True),
        _p(ot.created_prop, "Create Date", "datetime", group, read_only=True),
        _p(ot.modified_prop, "Last Modified Date", "datetime", group, read_only=True),
        _p(
            "hubspot_owner_id",
            "Owner",
            "enumeration",
            group,
            external_options=True,
            form_field=True,
        ),
    ]


_OUTCOME = {"positive": "Positive", "neutral": "Neutral", "negative": "Negative"}


def _engagement(t: str, group: str, own: list[PropertyDef]) -> list[PropertyDef]:
    outcome = _p(
        OUTCOME_PROPERTY,
        "Health outcome",
        "enumeration",
        group,
        options=_opts(_OUTCOME),
        hubspot_defined=False,
        description="How the interaction went, as the rep assessed it.",
        form_field=True,
    )
    return [
        *_common(t, group),
        _p("hs_timestamp", "Activity date", "datetime", group),
        *own,
        outcome,
    ]


def builtin_properties() -> dict[str, list[PropertyDef]]:
    """Every object type's built-in properties (fresh objects: callers may change them)."""
    stages = {s: s.replace("_", " ").title() for s in DEAL_OPEN_STAGES} | {
        "closedwon": "Closed won",
        "closedlost": "Closed lost",
    }
    return {
        "companies": [
            *_common("companies", "companyinformation"),
            _p("name", "Company name", "string", "companyinformation", form_field=True),
            _p("domain", "Company domain name", "string", "companyinformation"),
            _p("annualrevenue", "Annual revenue", "number", "companyinformation"),
        ],
        "contacts": [
            *_common("contacts", "contactinformation"),
            _p("firstname", "First name", "string", "contactinformation", form_field=True),
            _p("lastname", "Last name", "string", "contactinformation", form_field=True),
            _p("email", "Email", "string", "contactinformation", form_field=True),
            _p("jobtitle", "Job title", "string", "contactinformation", form_field=True),
            _p(
                "hs_buying_role",
                "Buying role",
                "enumeration",
                "contactinformation",
                field_type="checkbox",
                options=_opts(BUYING_ROLES),
            ),
            _p(
                "associatedcompanyid",
                "Primary associated company ID",
                "number",
                "contactinformation",
            ),
        ],
        "deals": [
            *_common("deals", "dealinformation"),
            _p("dealname", "Deal name", "string", "dealinformation"),
            _p("amount", "Amount", "number", "dealinformation"),
            _p("closedate", "Close date", "datetime", "dealinformation"),
            _p(
                "pipeline",
                "Pipeline",
                "enumeration",
                "dealinformation",
                options=_opts({"default": "Sales Pipeline"}),
            ),
            _p("dealstage", "Deal stage", "enumeration", "dealinformation", options=_opts(stages)),
            _p(
                "hs_is_closed",
                "Is closed",
                "bool",
                "dealinformation",
                field_type="booleancheckbox",
                read_only=True,
                calculated=True,
            ),
            _p(
                "hs_is_closed_won",
                "Is closed won",
                "bool",
                "dealinformation",
                field_type="booleancheckbox",
                read_only=True,
                calculated=True,
            ),
        ],
        "calls": _engagement(
            "calls",
            "callinformation",
            [
                _p("hs_call_title", "Call title", "string", "callinformation"),
                _p("hs_call_body", "Call notes", "string", "callinformation", field_type="html"),
                _p(
                    "hs_call_direction",
                    "Call direction",
                    "enumeration",
                    "callinformation",
                    options=_opts(("INBOUND", "OUTBOUND")),
                ),
                _p(
                    "hs_call_disposition",
                    "Call outcome",
                    "enumeration",
                    "callinformation",
                    options=_opts({v: k for k, v in CALL_DISPOSITIONS.items()}),
                ),
                _p(
                    "hs_call_duration",
                    "Call duration",
                    "number",
                    "callinformation",
                    extra={"numberDisplayHint": "duration"},
                ),
                _p(
                    "hs_call_status",
                    "Call status",
                    "enumeration",
                    "callinformation",
                    options=_opts(
                        (
                            "BUSY",
                            "CALLING_CRM_USER",
                            "CANCELED",
                            "COMPLETED",
                            "CONNECTING",
                            "FAILED",
                            "IN_PROGRESS",
                            "MISSED",
                            "NO_ANSWER",
                            "QUEUED",
                            "RINGING",
                        )
                    ),
                ),
            ],
        ),
        "meetings": _engagement(
            "meetings",
            "meetinginformation",
            [
                _p("hs_meeting_title", "Meeting name", "string", "meetinginformation"),
                _p(
                    "hs_meeting_body",
                    "Meeting description",
                    "string",
                    "meetinginformation",
                    field_type="html",
                ),
                _p("hs_meeting_start_time", "Start time", "datetime", "meetinginformation"),
                _p("hs_meeting_end_time", "End time", "datetime", "meetinginformation"),
                _p(
                    "hs_meeting_outcome",
                    "Meeting outcome",
                    "enumeration",
                    "meetinginformation",
                    options=_opts(("SCHEDULED", "COMPLETED", "RESCHEDULED", "NO_SHOW", "CANCELED")),
                ),
            ],
        ),
        "emails": _engagement(
            "emails",
            "emailinformation",
            [
                _p("hs_email_subject", "Email subject", "string", "emailinformation"),
                _p(
                    "hs_email_text",
                    "Email body",
                    "string",
                    "emailinformation",
                    field_type="textarea",
                ),
                _p(
                    "hs_email_direction",
                    "Email direction",
                    "enumeration",
                    "emailinformation",
                    options=_opts(("EMAIL", "INCOMING_EMAIL", "FORWARDED_EMAIL")),
                ),
                _p(
                    "hs_email_status",
                    "Email send status",
                    "enumeration",
                    "emailinformation",
                    options=_opts(("BOUNCED", "FAILED", "SCHEDULED", "SENDING", "SENT")),
                ),
                _p(
                    "hs_email_thread_id",
                    "Email thread ID",
                    "string",
                    "emailinformation",
                    read_only=True,
                ),
            ],
        ),
        "notes": _engagement(
            "notes",
            "noteinformation",
            [_p("hs_note_body", "Note body", "string", "noteinformation", field_type="html")],
        ),
        "tasks": _engagement(
            "tasks",
            "taskinformation",
            [
                _p("hs_task_subject", "Task title", "string", "taskinformation"),
                _p("hs_task_body", "Task notes", "string", "taskinformation", field_type="html"),
                _p(
                    "hs_task_status",
                    "Task status",
                    "enumeration",
                    "taskinformation",
                    options=_opts(
                        ("NOT_STARTED", "IN_PROGRESS", "WAITING", "DEFERRED", "COMPLETED")
                    ),
                ),
                _p(
                    "hs_task_type",
                    "Task type",
                    "enumeration",
                    "taskinformation",
                    options=_opts(("TODO", "CALL", "EMAIL", "LINKED_IN", "MEETING")),
                ),
                _p(
                    "hs_task_priority",
                    "Priority",
                    "enumeration",
                    "taskinformation",
                    options=_opts(("NONE", "LOW", "MEDIUM", "HIGH")),
                ),
                _p(
                    "hs_task_completion_date",
                    "Completed at",
                    "datetime",
                    "taskinformation",
                    read_only=True,
                ),
            ],
        ),
        "communications": _engagement(
            "communications",
            "communicationinformation",
            [
                _p(
                    "hs_communication_channel_type",
                    "Channel type",
                    "enumeration",
                    "communicationinformation",
                    options=_opts(("SMS", "WHATS_APP", "LINKEDIN_MESSAGE")),
                ),
                _p(
                    "hs_communication_logged_from",
                    "Logged from",
                    "enumeration",
                    "communicationinformation",
                    options=_opts(("CRM",)),
                ),
                _p(
                    "hs_communication_body",
                    "Body",
                    "string",
                    "communicationinformation",
                    field_type="html",
                ),
            ],
        ),
    }


def builtin_groups() -> dict[str, list[Group]]:
    """Every object type's built-in property groups."""
    own = {
        "companies": "companyinformation",
        "contacts": "contactinformation",
        "deals": "dealinformation",
        "calls": "callinformation",
        "meetings": "meetinginformation",
        "emails": "emailinformation",
        "notes": "noteinformation",
        "tasks": "taskinformation",
        "communications": "communicationinformation",
    }
    return {
        t: [
            Group(g, f"{t[:-1].capitalize() if t != 'companies' else 'Company'} information", 0),
        ]
        for t, g in own.items()
    }
