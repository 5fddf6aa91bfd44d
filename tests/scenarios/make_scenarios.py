"""Writes the scenario files of scoring.md as canonical JSON (run by hand).

The JSON files next to this script are the test data and double as examples
for users; this script only documents how they were made and re-creates them
after a deliberate change: ``python tests/scenarios/make_scenarios.py``.
Each file carries an extra ``scenario`` key (ignored by the reader) with the
``as_of`` time and the expected result.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
AS_OF = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def at(days_ago: float, hour: int = 10) -> str:
    """ISO time ``days_ago`` before AS_OF, at a working hour."""
    t = (AS_OF - timedelta(days=days_ago)).replace(hour=hour, minute=0)
    return t.isoformat().replace("+00:00", "Z")


def act(
    aid: str,
    kind: str,
    days_ago: float,
    contacts: list[str],
    outcome: str | None,
    *,
    status: str = "completed",
    duration: float | None = None,
    subject: str | None = None,
    body: str | None = None,
    owner: str = "rep-ana",
    hour: int = 10,
) -> dict[str, Any]:
    """One activity of the account ``acme``."""
    if duration is None:
        duration = {"meeting": 2700, "call": 600}.get(kind)
    record: dict[str, Any] = {
        "id": aid,
        "kind": kind,
        "status": status,
        "occurred_at": at(days_ago, hour),
        "account_id": "acme",
        "contact_ids": contacts,
        "owner_id": owner,
        "outcome": outcome,
        "subject": subject or f"{kind.title()} with Acme",
    }
    if duration is not None:
        record["duration_seconds"] = duration
    if body:
        record["body"] = body
    return record


USERS = [
    {"id": "mgr-lee", "name": "Lee Manager", "manager_id": None},
    {"id": "rep-ana", "name": "Ana Rep", "manager_id": "mgr-lee"},
    {"id": "rep-ben", "name": "Ben Rep", "manager_id": "mgr-lee"},
]
ACCOUNT = [{"id": "acme", "name": "Acme Corp", "owner_id": "rep-ana", "value": 120000}]


def contact(
    cid: str, name: str, title: str, role: str, created_days_ago: float = 700
) -> dict[str, Any]:
    """A contact of ``acme``."""
    return {
        "id": cid,
        "account_id": "acme",
        "name": name,
        "title": title,
        "role": role,
        "created_at": at(created_days_ago),
    }


JANE = contact("jane", "Jane Roe", "CEO", "decision_maker")
OMAR = contact("omar", "Omar Diaz", "Engineer", "user")
PIA = contact("pia", "Pia Long", "Analyst", "user")


def won(did: str, days_ago: float, amount: float = 40000) -> dict[str, Any]:
    """A won deal of ``acme``."""
    return {
        "id": did,
        "account_id": "acme",
        "status": "won",
        "closed_at": at(days_ago),
        "amount": amount,
    }


def weekly_calls(
    prefix: str, who: str, outcome: str, weeks: int, first_days_ago: float = 1
) -> list[dict[str, Any]]:
    """A call every week, the latest ``first_days_ago`` days ago."""
    return [
        act(f"{prefix}{i}", "call", first_days_ago + 7 * i, [who], outcome) for i in range(weeks)
    ]


def scenario(name: str, data: dict[str, Any], expect: dict[str, Any], title: str) -> None:
    """Write one scenario file."""
    doc = {
        "scenario": {
            "title": title,
            "as_of": AS_OF.isoformat().replace("+00:00", "Z"),
            "account": "acme",
            "expect": expect,
        },
        "users": USERS,
        "accounts": ACCOUNT,
        **data,
    }
    (HERE / f"{name}.json").write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")


def main() -> None:
    """Write every scenario of scoring.md."""
    monthly_dm = [act(f"m{i}", "meeting", 3 + 30 * i, ["jane"], "positive") for i in range(12)]
    scenario(
        "green_warm",
        {
            "contacts": [JANE, OMAR, PIA],
            "activities": monthly_dm
            + weekly_calls("o", "omar", "positive", 40)
            + weekly_calls("p", "pia", "positive", 40, 3),
            "deals": [won("d1", 700), won("d2", 400), won("d3", 90)],
        },
        {"color": "green", "lifecycle": "warm", "priority": 9},
        "Decision maker: monthly positive meetings; users: weekly positive calls; 3 won deals",
    )
    scenario(
        "dm_silent",
        {
            "contacts": [JANE, OMAR, PIA],
            "activities": [
                act("m1", "meeting", 100, ["jane"], "neutral"),
                *weekly_calls("o", "omar", "positive", 40),
                *weekly_calls("p", "pia", "positive", 40, 3),
            ],
            "deals": [won("d1", 200)],
        },
        {"color": "yellow", "reasons_include": ["dm_silent"], "never_green": True},
        "Users: weekly positive calls; decision maker: last meeting 100 days ago, neutral",
    )
    scenario(
        "silence",
        {
            "contacts": [JANE, OMAR],
            "activities": [
                act("m1", "meeting", 70, ["jane"], "positive"),
                act("c1", "call", 75, ["omar"], "positive"),
                act("m2", "meeting", 110, ["jane", "omar"], "positive"),
            ],
            "deals": [won("d1", 300)],
        },
        {"color": "red", "reasons_include": ["silence"]},
        "Only activity in 70 days: none",
    )
    scenario(
        "competitor",
        {
            "contacts": [JANE, OMAR],
            "activities": [
                act(
                    "m1",
                    "meeting",
                    5,
                    ["jane"],
                    "negative",
                    subject="Renewal review",
                    body=(
                        "Jane says they are evaluating Globex as an alternative vendor "
                        "before renewal."
                    ),
                ),
                act("c1", "call", 10, ["omar"], "neutral"),
            ],
            "deals": [won("d1", 200)],
        },
        {"color": "red", "reasons_include": ["competitor_mention"]},
        "A decision maker and one user; the decision maker's meeting 5 days ago was negative and "
        "named a competitor; the user had a neutral call 10 days ago",
    )
    scenario(
        "new_customer_nurture",
        {
            "contacts": [JANE, contact("kai", "Kai Wu", "Head of Ops", "influencer")],
            "activities": [
                act("c1", "call", 2, ["jane"], "neutral"),
                act("c2", "call", 6, ["kai"], "neutral"),
                act("c3", "call", 9, ["jane", "kai"], "neutral"),
                act("c4", "call", 13, ["jane"], "neutral"),
            ],
            "deals": [{"id": "d1", "account_id": "acme", "status": "open", "amount": 30000}],
        },
        {"color": "yellow", "lifecycle": "hello", "priority": 8},
        "New customer, no won deal, a few neutral calls in the last 2 weeks",
    )
    scenario(
        "cold_customer",
        {
            "contacts": [JANE, OMAR],
            "activities": [
                act("m1", "meeting", 95, ["jane"], "neutral"),
                act("c1", "call", 120, ["omar"], "positive"),
            ],
            "deals": [
                won("d1", 1100),
                won("d2", 730),
                {"id": "d3", "account_id": "acme", "status": "lost", "closed_at": at(400)},
            ],
        },
        {"color": "red", "lifecycle": "cold", "priority": 4},
        "Two won deals, last 2 years ago, no open deal, no activity in 90 days",
    )
    genuine = [
        act(f"m{i}", "meeting", 4 + 14 * i, ["jane"], "neutral") for i in range(6)
    ] + weekly_calls("o", "omar", "neutral", 12, 2)
    hollow = [
        act(
            f"h{d}-{k}",
            "call",
            d,
            ["jane" if k % 2 else "omar"],
            "positive",
            duration=30,
            hour=9 + k % 8,
        )
        for d in range(1, 31)
        for k in range(10)
    ]
    scenario(
        "hollow_calls",
        {"contacts": [JANE, OMAR], "activities": genuine + hollow, "deals": [won("d1", 100)]},
        {
            "no_higher_than_without": "h",
            "owner_flags": {"rep-ana": ["inflated_outcomes", "hollow_activity"]},
            "reasons_include": ["inflated_outcomes"],
        },
        "Rep logs 10 thirty-second calls a day, all positive",
    )
    unmapped = [
        contact("tom", "Tom Hale", "CTO", "unknown"),
        {**contact("sue", "Sue Park", "Buyer", "unknown"), "role": None},
        {k: v for k, v in contact("raj", "Raj Iyer", "Engineer", "unknown").items() if k != "role"},
    ]
    scenario(
        "roles_unmapped",
        {
            "contacts": unmapped,
            "activities": weekly_calls("t", "tom", "positive", 30)
            + weekly_calls("s", "sue", "positive", 30, 2)
            + weekly_calls("r", "raj", "positive", 30, 4),
            "deals": [won("d1", 150)],
        },
        {"color": "green", "reasons_include": ["roles_unmapped"]},
        "No contact has a role; all contacts positively engaged",
    )


if __name__ == "__main__":
    main()
