"""The demo org in Salesforce's own objects, fields and values; --data, --state, the CLI."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import tomllib
from collections import Counter
from typing import TYPE_CHECKING, Any

from simple_salesforce import Salesforce

from connector.model import ActivityKind, DealStatus, Direction
from connector.sandbox import generate_demo, write_demo_json
from connector.sandbox._personas import PERSONA_COUNT
from connector.sandbox.salesforce import (
    EVENT_STATUS,
    OUTCOME_VALUES,
    ROLE_FROM_VALUE,
    ROLE_PRECEDENCE,
    TASK_KIND,
    TASK_STATUS,
    sandbox_session,
)
from tests.sandbox_salesforce.conftest import make_box

if TYPE_CHECKING:
    from pathlib import Path

    from connector.sandbox.salesforce import SalesforceSandbox

DEMO = generate_demo(7, 20)
LIVE = DEMO.dataset


def _all(sf: Salesforce, soql: str, *, deleted: bool = False) -> list[dict[str, Any]]:
    return list(sf.query_all_iter(soql, include_deleted=deleted))


def test_counts_match_the_canonical_org(sf: Salesforce) -> None:
    tasks = [a for a in LIVE.activities if a.kind is not ActivityKind.MEETING]
    meetings = [a for a in LIVE.activities if a.kind is ActivityKind.MEETING]
    assert sf.query("SELECT COUNT() FROM Task")["totalSize"] == len(tasks)
    assert sf.query("SELECT COUNT() FROM Event")["totalSize"] == len(meetings)
    assert sf.query("SELECT COUNT() FROM Opportunity")["totalSize"] == len(LIVE.deals)
    assert sf.query("SELECT COUNT() FROM AccountContactRelation")["totalSize"] == len(LIVE.contacts)
    assert sf.query("SELECT COUNT() FROM TaskRelation")["totalSize"] == sum(
        len(a.contact_ids) for a in tasks
    )
    assert sf.query("SELECT COUNT() FROM EventRelation")["totalSize"] == sum(
        len(a.contact_ids) for a in meetings
    )
    assert sf.query("SELECT COUNT() FROM User")["totalSize"] == len(LIVE.users) + 1
    gone_activities = len(DEMO.deleted["activities"])
    deleted_tasks = len(_all(sf, "SELECT Id FROM Task WHERE IsDeleted = true", deleted=True))
    deleted_events = len(_all(sf, "SELECT Id FROM Event WHERE IsDeleted = true", deleted=True))
    assert deleted_tasks + deleted_events == gone_activities
    deleted_deals = _all(sf, "SELECT Id FROM Opportunity WHERE IsDeleted = true", deleted=True)
    assert len(deleted_deals) == len(DEMO.deleted["deals"])


def test_roles_read_back_to_the_canonical_role(
    shared_box: SalesforceSandbox, sf: Salesforce
) -> None:
    roles = {
        r["ContactId"]: r["Roles"]
        for r in _all(sf, "SELECT ContactId, Roles FROM AccountContactRelation")
    }
    for contact in LIVE.contacts:
        held = (roles[shared_box.salesforce_id("contacts", contact.id)] or "").split(";")
        read = [ROLE_FROM_VALUE[v] for v in held if v]
        strongest = min(read, key=ROLE_PRECEDENCE.index) if read else ROLE_PRECEDENCE[-1]
        assert strongest is contact.role, contact
    ocr = _all(sf, "SELECT OpportunityId, Role, IsPrimary FROM OpportunityContactRole")
    assert {r["Role"] for r in ocr} == {"Decision Maker", "Economic Buyer"}
    primaries = Counter(r["OpportunityId"] for r in ocr if r["IsPrimary"])
    assert set(primaries.values()) == {1}
    acr_roles = _all(sf, "SELECT Role FROM AccountContactRole")
    assert len(acr_roles) == sum(1 for c in LIVE.contacts if c.role.value != "unknown")


def test_activities_in_salesforce_values(sf: Salesforce) -> None:
    def outcome(a: Any) -> str | None:
        return None if a.outcome is None else OUTCOME_VALUES[a.outcome]

    tasks = [a for a in LIVE.activities if a.kind is not ActivityKind.MEETING]
    expected = Counter((*TASK_KIND[a.kind], TASK_STATUS[a.status], outcome(a)) for a in tasks)
    got = Counter(
        (r["TaskSubtype"], r["Type"], r["Status"], r["Health_Outcome__c"])
        for r in _all(sf, "SELECT TaskSubtype, Type, Status, Health_Outcome__c FROM Task")
    )
    assert got == expected
    meetings = [a for a in LIVE.activities if a.kind is ActivityKind.MEETING]
    expected_events = Counter(
        (EVENT_STATUS[a.status], outcome(a), round((a.duration_seconds or 1800) / 60))
        for a in meetings
    )
    got_events = Counter(
        (r["Meeting_Status__c"], r["Health_Outcome__c"], r["DurationInMinutes"])
        for r in _all(
            sf, "SELECT Meeting_Status__c, Health_Outcome__c, DurationInMinutes FROM Event"
        )
    )
    assert got_events == expected_events
    calls = _all(sf, "SELECT CallType, CallDurationInSeconds FROM Task WHERE TaskSubtype = 'Call'")
    live_calls = [a for a in tasks if a.kind is ActivityKind.CALL]
    assert Counter(r["CallType"] for r in calls) == Counter(
        a.direction.value.title() if a.direction else None for a in live_calls
    )
    assert sum(r["CallDurationInSeconds"] or 0 for r in calls) == round(
        sum(a.duration_seconds or 0 for a in live_calls)
    )


def test_email_threads_and_directions(sf: Salesforce) -> None:
    emails = [a for a in LIVE.activities if a.kind is ActivityKind.EMAIL]
    messages = _all(
        sf, "SELECT ActivityId, ThreadIdentifier, Incoming, Activity.Subject FROM EmailMessage"
    )
    assert Counter(m["ThreadIdentifier"] for m in messages) == Counter(a.thread_id for a in emails)
    assert sum(m["Incoming"] for m in messages) == sum(
        a.direction is Direction.INBOUND for a in emails
    )
    assert all(m["ActivityId"].startswith("00T") and m["Activity"]["Subject"] for m in messages)


def test_deals_and_personas(shared_box: SalesforceSandbox, sf: Salesforce) -> None:
    stages = Counter(
        r["StageName"] for r in _all(sf, "SELECT StageName, IsWon, IsClosed FROM Opportunity")
    )
    assert stages["Closed Won"] == sum(d.status is DealStatus.WON for d in LIVE.deals)
    assert stages["Closed Lost"] == sum(d.status is DealStatus.LOST for d in LIVE.deals)
    personas = shared_box.persona_accounts()
    assert len(personas) == PERSONA_COUNT
    names = {r["Id"]: r["Name"] for r in _all(sf, "SELECT Id, Name FROM Account")}
    for account_id, persona in personas.items():
        canonical = next(a for a in LIVE.accounts if a.id == persona.account_id)
        assert names[account_id] == canonical.name
        assert persona.expected_color in ("green", "yellow", "red")


def test_data_file_instead_of_the_demo(tmp_path: Path) -> None:
    path = tmp_path / "org.json"
    write_demo_json(DEMO, path)
    box = make_box(tmp_path / "box", data=path)
    try:
        with sandbox_session(box.url, box.ca_bundle) as http:
            sf = Salesforce(instance_url=box.url, session_id=box.session_id, session=http)
            assert sf.query("SELECT COUNT() FROM Account")["totalSize"] == len(LIVE.accounts)
            deleted = sf.query_all(
                "SELECT Id FROM Account WHERE IsDeleted = true", include_deleted=True
            )
            assert deleted["totalSize"] == 0
        assert box.load_issues == []
    finally:
        box.close()


def test_state_is_saved_and_loaded(tmp_path: Path) -> None:
    state = tmp_path / "org.json.gz"
    box = make_box(tmp_path / "one", state=state)
    account = box.salesforce_id("accounts", "acc-000001")
    with sandbox_session(box.url, box.ca_bundle) as http:
        sf = Salesforce(instance_url=box.url, session_id=box.session_id, session=http)
        sf.Account.update(account, {"Name": "Saved Name"})
        sf.toolingexecute(
            "sobjects/CustomField",
            method="POST",
            data={
                "FullName": "Account.Health_Score__c",
                "Metadata": {"label": "Health Score", "type": "Number", "precision": 5, "scale": 2},
            },
        )
        sf.Contact.delete(box.salesforce_id("contacts", "con-0000001"))
    box.close()
    with gzip.open(state, "rt") as saved:
        assert json.load(saved)["format"] == "healthscore-sandbox-salesforce"
    again = make_box(tmp_path / "two", state=state)
    try:
        with sandbox_session(again.url, again.ca_bundle) as http:
            sf = Salesforce(instance_url=again.url, session_id=again.session_id, session=http)
            assert sf.Account.get(account)["Name"] == "Saved Name"
            assert sf.query("SELECT COUNT() FROM Contact")["totalSize"] == len(LIVE.contacts) - 1
            assert sf.query("SELECT COUNT() FROM Task")["totalSize"] == sum(
                a.kind is not ActivityKind.MEETING for a in LIVE.activities
            )
            found = sf.toolingexecute(
                "query/",
                params={
                    "q": "SELECT DeveloperName FROM CustomField WHERE TableEnumOrId = 'Account'"
                },
            )
            assert [r["DeveloperName"] for r in found["records"]] == ["Health_Score"]
        assert len(again.persona_accounts()) == PERSONA_COUNT
    finally:
        again.close()


def test_connection_details(shared_box: SalesforceSandbox) -> None:
    info = shared_box.connection_info()
    block = tomllib.loads(shared_box.connection_block())["connections"]["sandbox-salesforce"]
    assert block == {
        "crm": "salesforce",
        "instance_url": info["instance_url"],
        "token_url": info["instance_url"] + "/services/oauth2/token",
        "ca_bundle": info["ca_bundle"],
        "auth": "client_credentials",
        "client_id": info["client_id"],
        "client_secret_env": "HEALTHSCORE_SF_SECRET",
    }
    assert info["client_secret"] not in shared_box.connection_block()


def test_cli_serves_and_prints_how_to_connect(tmp_path: Path) -> None:
    cli = "from connector.cli import main; main()"
    command = [
        sys.executable,
        "-c",
        cli,
        "sandbox",
        "serve",
        "--crm",
        "salesforce",
        "--accounts",
        "20",
    ]
    # Long tokens must still come out on one line, even 80 columns wide.
    env = {**os.environ, "COLUMNS": "80", "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen(  # noqa: S603 - our own console script
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path
    ) as proc:
        assert proc.stdout is not None
        lines = []
        for line in proc.stdout:
            lines.append(line)
            if "Press Ctrl+C" in line:
                break
        text = "".join(lines)
        url = next(line.split(": ", 1)[1].strip() for line in lines if "instance_url:" in line)
        session_id = next(line.split(": ", 1)[1].strip() for line in lines if "session_id:" in line)
        ca = next(line.split(": ", 1)[1].strip() for line in lines if "ca_bundle:" in line)
        with sandbox_session(url, ca) as http:
            sf = Salesforce(instance_url=url, session_id=session_id, session=http)
            assert sf.query("SELECT COUNT() FROM Account")["totalSize"] == 20
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
    assert "[connections.sandbox-salesforce]" in text
    assert "salesforce sandbox listening on https://127.0.0.1:" in text
