"""Bulk API 2.0 through simple-salesforce's ``bulk2``: query jobs and ingest jobs."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

import pytest
from simple_salesforce.exceptions import SalesforceMalformedRequest, SalesforceOperationError

from connector.sandbox import generate_demo

if TYPE_CHECKING:
    from simple_salesforce import Salesforce

    from connector.sandbox.salesforce import SalesforceSandbox

DEMO = generate_demo(7, 20)


def _rows(pages: list[str]) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for page in pages:
        out.extend(csv.DictReader(io.StringIO(page)))
    return out


def test_query_job_pages_csv_with_locators(box: SalesforceSandbox, sf_box: Salesforce) -> None:
    box.server.log.clear()
    pages = list(
        sf_box.bulk2.Contact.query(
            "SELECT Id, Name, Account.Name, SystemModstamp FROM Contact", max_records=20, wait=0
        )
    )
    contacts = len(DEMO.dataset.contacts)
    assert len(pages) == -(-contacts // 20)
    assert pages[0].splitlines()[0] == '"Id","Name","Account.Name","SystemModstamp"'
    rows = _rows(pages)
    assert len(rows) == contacts
    assert len({r["Id"] for r in rows}) == contacts
    helen = next(r for r in rows if r["Name"] == "Helen Brooks")
    assert helen["Account.Name"] == "Brightwater Foods Inc."
    assert helen["SystemModstamp"].endswith(".000Z")
    calls = [
        (e.method, e.path.rsplit("/", 1)[-1] if e.path.endswith("results") else e.method, e.status)
        for e in box.server.log.entries()
    ]
    assert calls[0] == ("POST", "POST", 200)
    polls = [c for c in calls if c == ("GET", "GET", 200)]
    assert len(polls) == 2  # InProgress, then JobComplete
    assert [c for c in calls if c[1] == "results"] == [("GET", "results", 200)] * len(pages)


def test_query_all_job_includes_deleted(sf_box: Salesforce) -> None:
    rows = _rows(
        list(sf_box.bulk2.Account.query_all("SELECT Id, Name, IsDeleted FROM Account", wait=0))
    )
    assert len(rows) == len(DEMO.dataset.accounts) + len(DEMO.deleted["accounts"])
    assert sum(r["IsDeleted"] == "true" for r in rows) == len(DEMO.deleted["accounts"])


def test_bad_bulk_query_is_refused(sf_box: Salesforce) -> None:
    with pytest.raises(SalesforceMalformedRequest) as caught:
        list(sf_box.bulk2.Account.query("SELECT Id, Nope FROM Account", wait=0))
    assert caught.value.content[0]["errorCode"] == "INVALID_FIELD"


def test_ingest_update_with_failures(box: SalesforceSandbox, sf_box: Salesforce) -> None:
    first = box.salesforce_id("accounts", "acc-000001")
    second = box.salesforce_id("accounts", "acc-000002")
    deleted = box.salesforce_id("accounts", DEMO.deleted["accounts"][0])
    records = [
        {"Id": first, "AnnualRevenue": "1234.5", "Name": ""},
        {"Id": second, "AnnualRevenue": "lots", "Name": "Renamed"},
        {"Id": deleted, "AnnualRevenue": "1", "Name": "Ghost"},
    ]
    [result] = sf_box.bulk2.Account.update(records=records, wait=0)
    assert result["numberRecordsProcessed"] == 3
    assert result["numberRecordsFailed"] == 2
    assert sf_box.Account.get(first)["AnnualRevenue"] == 1234.5
    assert sf_box.Account.get(first)["Name"] == "Brightwater Foods Inc."  # empty cell: unchanged
    failed = list(
        csv.DictReader(io.StringIO(sf_box.bulk2.Account.get_failed_records(result["job_id"])))
    )
    assert [f["sf__Id"] for f in failed] == [second, deleted]
    assert failed[0]["sf__Error"].startswith("JSON_PARSER_ERROR:")
    assert failed[1]["sf__Error"] == "ENTITY_IS_DELETED:entity is deleted:--"
    done = list(
        csv.DictReader(io.StringIO(sf_box.bulk2.Account.get_successful_records(result["job_id"])))
    )
    assert done == [
        {
            "sf__Id": first,
            "sf__Created": "false",
            "Id": first,
            "AnnualRevenue": "1234.5",
            "Name": "",
        }
    ]


def test_ingest_insert_and_unknown_column(box: SalesforceSandbox, sf_box: Salesforce) -> None:
    contact = box.salesforce_id("contacts", "con-0000001")
    tasks = [
        {
            "Subject": f"Bulk call {n}",
            "WhoId": contact,
            "TaskSubtype": "Call",
            "CallDurationInSeconds": "300",
        }
        for n in range(5)
    ]
    [result] = sf_box.bulk2.Task.insert(records=tasks, wait=0)
    assert (result["numberRecordsProcessed"], result["numberRecordsFailed"]) == (5, 0)
    created = list(
        csv.DictReader(io.StringIO(sf_box.bulk2.Task.get_successful_records(result["job_id"])))
    )
    assert {c["sf__Created"] for c in created} == {"true"}
    got = sf_box.query(
        "SELECT Id, AccountId, CallDurationInSeconds FROM Task WHERE Subject LIKE 'Bulk call%'"
    )
    assert got["totalSize"] == 5
    assert {r["CallDurationInSeconds"] for r in got["records"]} == {300}
    with pytest.raises(SalesforceOperationError, match="Field name not found : Nope__c"):
        sf_box.bulk2.Task.insert(records=[{"Subject": "x", "Nope__c": "1"}], wait=0)


def test_lock_fault_fails_rows_of_an_ingest_job(box: SalesforceSandbox, sf_box: Salesforce) -> None:
    ids = [box.salesforce_id("accounts", f"acc-00000{n}") for n in range(1, 5)]
    box.server.faults.add("ingest", "lock", arg=1)
    [result] = sf_box.bulk2.Account.update(
        records=[{"Id": i, "AnnualRevenue": "10"} for i in ids], wait=0
    )
    assert result["numberRecordsFailed"] == 1
    failed = list(
        csv.DictReader(io.StringIO(sf_box.bulk2.Account.get_failed_records(result["job_id"])))
    )
    assert failed[0]["sf__Error"].startswith(
        "UNABLE_TO_LOCK_ROW:unable to obtain exclusive access to this record"
    )
