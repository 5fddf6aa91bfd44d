"""Writes: single records, sObject Collections, deletes, getUpdated/getDeleted."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from simple_salesforce import format_soql
from simple_salesforce.exceptions import SalesforceMalformedRequest, SalesforceResourceNotFound

from connector.sandbox import DEMO_AS_OF, generate_demo
from tests.sandbox_salesforce.conftest import TickingClock

if TYPE_CHECKING:
    from simple_salesforce import Salesforce

    from connector.sandbox.salesforce import SalesforceSandbox

DEMO = generate_demo(7, 20)


def _one(sf: Salesforce, soql: str, *args: Any) -> dict[str, Any]:
    records = sf.query(format_soql(soql, *args))["records"]
    assert len(records) == 1, soql
    return dict(records[0])


def _clock(box: SalesforceSandbox) -> TickingClock:
    clock = box.clock
    assert isinstance(clock, TickingClock)
    return clock


def test_update_bumps_system_modstamp_and_get_updated(
    box: SalesforceSandbox, sf_box: Salesforce
) -> None:
    account = box.salesforce_id("accounts", "acc-000002")
    before = _one(sf_box, "SELECT Name, SystemModstamp FROM Account WHERE Id = {}", account)
    assert sf_box.Account.update(account, {"Name": "Harbor Point Logistics (renamed)"}) == 204
    soql = (
        "SELECT Name, SystemModstamp, LastModifiedDate, LastModifiedById FROM Account WHERE Id = {}"
    )
    after = _one(sf_box, soql, account[:15])
    assert after["Name"] == "Harbor Point Logistics (renamed)"
    assert after["SystemModstamp"] > before["SystemModstamp"]
    assert after["LastModifiedDate"] == after["SystemModstamp"]
    _clock(box).skip(timedelta(minutes=2))
    start = DEMO_AS_OF + timedelta(hours=23)
    updated = sf_box.Account.updated(start, start + timedelta(hours=2))
    assert updated["ids"] == [account]
    with pytest.raises(SalesforceMalformedRequest) as caught:
        sf_box.Account.updated(start - timedelta(days=31), start)
    assert caught.value.content[0]["errorCode"] == "INVALID_REPLICATION_DATE"


def test_create_task_derives_account_and_closes(box: SalesforceSandbox, sf_box: Salesforce) -> None:
    contact = box.salesforce_id("contacts", "con-0000001")
    account = box.salesforce_id("accounts", "acc-000001")
    created = sf_box.Task.create(
        {"Subject": "Follow up on renewal", "WhoId": contact, "ActivityDate": "2026-12-10"}
    )
    assert created["success"] is True
    assert created["errors"] == []
    soql = (
        "SELECT AccountId, OwnerId, Status, IsClosed, TaskSubtype, Priority, CompletedDateTime "
        "FROM Task WHERE Id = {}"
    )
    task = _one(sf_box, soql, created["id"])
    integration = _one(
        sf_box, "SELECT Id FROM User WHERE Username = 'integration@healthscore-sandbox.example'"
    )
    assert task["AccountId"] == account
    assert task["OwnerId"] == integration["Id"]
    assert (task["Status"], task["IsClosed"], task["TaskSubtype"], task["Priority"]) == (
        "Not Started",
        False,
        "Task",
        "Normal",
    )
    assert task["CompletedDateTime"] is None
    sf_box.Task.update(created["id"], {"Status": "Completed", "Health_Outcome__c": "Positive"})
    done = sf_box.Task.get(created["id"])
    assert done["IsClosed"] is True
    assert done["CompletedDateTime"] is not None
    assert done["Health_Outcome__c"] == "Positive"


def test_event_end_follows_duration(sf_box: Salesforce, box: SalesforceSandbox) -> None:
    contact = box.salesforce_id("contacts", "con-0000001")
    created = sf_box.Event.create(
        {"WhoId": contact, "StartDateTime": "2026-12-05T15:00:00Z", "DurationInMinutes": 45}
    )
    event = sf_box.Event.get(created["id"])
    assert event["EndDateTime"] == "2026-12-05T15:45:00.000+0000"
    assert event["ActivityDate"] == "2026-12-05"
    assert event["Meeting_Status__c"] == "Scheduled"
    with pytest.raises(SalesforceMalformedRequest) as caught:
        sf_box.Event.create({"WhoId": contact, "StartDateTime": "2026-12-05T15:00:00Z"})
    assert caught.value.content[0]["errorCode"] == "REQUIRED_FIELD_MISSING"


def test_opportunity_stage_drives_won_and_closed(
    box: SalesforceSandbox, sf_box: Salesforce
) -> None:
    account = box.salesforce_id("accounts", "acc-000003")
    created = sf_box.Opportunity.create(
        {
            "Name": "Expansion",
            "AccountId": account,
            "StageName": "Prospecting",
            "CloseDate": "2027-01-31",
            "Amount": 5000,
        }
    )
    sf_box.Opportunity.update(created["id"], {"StageName": "Closed Won"})
    deal = sf_box.Opportunity.get(created["id"])
    assert (deal["IsClosed"], deal["IsWon"], deal["Probability"]) == (True, True, 100)
    with pytest.raises(SalesforceMalformedRequest) as caught:
        sf_box.Opportunity.update(created["id"], {"StageName": "Maybe"})
    assert caught.value.content == [
        {
            "message": "Stage: bad value for restricted picklist field: Maybe",
            "errorCode": "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
            "fields": ["StageName"],
        }
    ]


def _collection(sf: Salesforce, records: list[dict[str, Any]], *, all_or_none: bool) -> Any:
    return sf.restful(
        "composite/sobjects", method="PATCH", json={"allOrNone": all_or_none, "records": records}
    )


def test_collection_update_per_record_results(box: SalesforceSandbox, sf_box: Salesforce) -> None:
    ids = [box.salesforce_id("accounts", f"acc-00000{n}") for n in (4, 5, 6)]
    records = [
        {"attributes": {"type": "Account"}, "id": ids[0], "AnnualRevenue": 1000},
        {"attributes": {"type": "Account"}, "id": ids[1], "NoSuchField__c": 1},
        {"attributes": {"type": "Account"}, "id": ids[2], "AnnualRevenue": 3000},
        {"attributes": {"type": "Account"}, "id": "001bad", "AnnualRevenue": 1},
        {"attributes": {"type": "Account"}, "AnnualRevenue": 1},
        {
            "attributes": {"type": "Opportunity"},
            "id": box.salesforce_id("deals", "deal-0000001"),
            "IsWon": False,
        },
    ]
    rolled = _collection(sf_box, records, all_or_none=True)
    assert [r["success"] for r in rolled] == [False] * 6
    assert rolled[0]["errors"][0]["statusCode"] == "ALL_OR_NONE_OPERATION_ROLLED_BACK"
    assert (
        _one(sf_box, "SELECT AnnualRevenue FROM Account WHERE Id = {}", ids[0])["AnnualRevenue"]
        != 1000
    )

    results = _collection(sf_box, records, all_or_none=False)
    assert [r["success"] for r in results] == [True, False, True, False, False, False]
    assert results[0] == {"id": ids[0], "success": True, "errors": []}
    codes = [r["errors"][0]["statusCode"] if r["errors"] else None for r in results]
    assert codes == [
        None,
        "INVALID_FIELD",
        None,
        "MALFORMED_ID",
        "MISSING_ARGUMENT",
        "INVALID_FIELD_FOR_INSERT_UPDATE",
    ]
    assert results[3]["id"] is None
    assert (
        results[1]["errors"][0]["message"]
        == "No such column 'NoSuchField__c' on sobject of type Account"
    )
    assert (
        _one(sf_box, "SELECT AnnualRevenue FROM Account WHERE Id = {}", ids[2])["AnnualRevenue"]
        == 3000.0
    )


def test_collection_limits_and_create(box: SalesforceSandbox, sf_box: Salesforce) -> None:
    too_many = [
        {
            "attributes": {"type": "Account"},
            "id": box.salesforce_id("accounts", "acc-000001"),
            "Name": "x",
        }
    ] * 201
    with pytest.raises(SalesforceMalformedRequest) as caught:
        _collection(sf_box, too_many, all_or_none=False)
    assert caught.value.content[0]["errorCode"] == "EXCEEDED_ID_LIMIT"
    contact = box.salesforce_id("contacts", "con-0000002")
    tasks = [
        {
            "attributes": {"type": "Task"},
            "Subject": f"Call {n}",
            "WhoId": contact,
            "TaskSubtype": "Call",
        }
        for n in range(3)
    ]
    created = sf_box.restful(
        "composite/sobjects", method="POST", json={"allOrNone": True, "records": tasks}
    )
    assert all(r["success"] for r in created)
    assert len({r["id"] for r in created}) == 3
    assert all(r["id"].startswith("00T") for r in created)


def test_delete_is_soft_and_reported(box: SalesforceSandbox, sf_box: Salesforce) -> None:
    contact = box.salesforce_id("contacts", "con-0000003")
    assert sf_box.Contact.delete(contact) == 204
    assert (
        sf_box.query(format_soql("SELECT Id FROM Contact WHERE Id = {}", contact))["totalSize"] == 0
    )
    gone = sf_box.query_all(
        format_soql("SELECT Id, IsDeleted FROM Contact WHERE Id = {}", contact),
        include_deleted=True,
    )
    assert gone["records"][0]["IsDeleted"] is True
    with pytest.raises(SalesforceResourceNotFound):
        sf_box.Contact.update(contact, {"Title": "Gone"})
    _clock(box).skip(timedelta(minutes=2))
    start = DEMO_AS_OF + timedelta(days=1)
    deleted = sf_box.Contact.deleted(start - timedelta(minutes=1), start + timedelta(hours=1))
    assert [d["id"] for d in deleted["deletedRecords"]] == [contact]
    assert deleted["deletedRecords"][0]["deletedDate"].startswith("2026-12-02T09:0")


def test_demo_deletions_are_in_get_deleted(box: SalesforceSandbox, sf_box: Salesforce) -> None:
    expected = sorted(box.salesforce_id("accounts", a) or "" for a in DEMO.deleted["accounts"])
    deleted = sf_box.Account.deleted(
        DEMO_AS_OF - timedelta(days=13), DEMO_AS_OF + timedelta(hours=1)
    )
    assert sorted(d["id"] for d in deleted["deletedRecords"]) == expected
    assert deleted["latestDateCovered"] == "2026-12-01T10:00:00.000+0000"


def test_deleting_an_account_takes_its_contacts(box: SalesforceSandbox, sf_box: Salesforce) -> None:
    account = box.salesforce_id("accounts", "acc-000001")
    sf_box.Account.delete(account)
    assert (
        sf_box.query(format_soql("SELECT COUNT() FROM Contact WHERE AccountId = {}", account))[
            "totalSize"
        ]
        == 0
    )
    with_deleted = sf_box.query_all(
        format_soql("SELECT Id FROM Contact WHERE AccountId = {}", account), include_deleted=True
    )
    assert with_deleted["totalSize"] == 5
