"""Injected faults reach simple-salesforce with Salesforce's status and body."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
import requests
from simple_salesforce import Salesforce
from simple_salesforce.exceptions import (
    SalesforceAuthenticationFailed,
    SalesforceExpiredSession,
    SalesforceGeneralError,
    SalesforceMalformedRequest,
    SalesforceRefusedRequest,
)

from connector.sandbox import DEMO_AS_OF
from connector.sandbox.salesforce import sandbox_session
from tests.sandbox_salesforce.conftest import direct_client, make_box

if TYPE_CHECKING:
    from pathlib import Path

    from connector.sandbox.salesforce import SalesforceSandbox

Q = "SELECT Id FROM Account LIMIT 1"


@pytest.mark.parametrize(
    ("kind", "error", "status", "body"),
    [
        (
            "limit",
            SalesforceRefusedRequest,
            403,
            {"message": "TotalRequests Limit exceeded.", "errorCode": "REQUEST_LIMIT_EXCEEDED"},
        ),
        (
            "concurrent",
            SalesforceRefusedRequest,
            403,
            {
                "message": "ConcurrentPerOrgLongTxn Limit exceeded.",
                "errorCode": "REQUEST_LIMIT_EXCEEDED",
            },
        ),
        (
            "5xx",
            SalesforceGeneralError,
            503,
            {
                "message": "Server temporarily unavailable. Please try again later.",
                "errorCode": "SERVER_UNAVAILABLE",
            },
        ),
        ("500", SalesforceGeneralError, 500, None),
        (
            "session",
            SalesforceExpiredSession,
            401,
            {"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"},
        ),
    ],
)
def test_request_faults_reach_the_client(
    box: SalesforceSandbox,
    sf_box: Salesforce,
    kind: str,
    error: type[Exception],
    status: int,
    body: dict[str, str] | None,
) -> None:
    box.server.faults.add("query", kind)
    with pytest.raises(error) as caught:
        sf_box.query(Q)
    assert caught.value.status == status  # type: ignore[attr-defined]
    content = caught.value.content  # type: ignore[attr-defined]
    assert isinstance(content, list)
    if body is not None:
        assert content == [body]
    else:
        assert content[0]["errorCode"] == "UNKNOWN_EXCEPTION"
    last = box.server.log.entries()[-1]
    assert (last.endpoint, last.status, last.fault) == ("query", status, kind)
    if kind == "session":  # the session really ended
        with pytest.raises(SalesforceExpiredSession):
            sf_box.query(Q)
    else:
        assert sf_box.query(Q)["totalSize"] == 1


def test_connection_faults(box: SalesforceSandbox, sf_box: Salesforce) -> None:
    box.server.faults.add("query", "drop")
    with pytest.raises(requests.exceptions.ConnectionError):
        sf_box.query(Q)
    box.server.faults.add("query", "timeout", arg=0.5)
    with pytest.raises(requests.exceptions.ReadTimeout):
        sf_box.query(Q, timeout=0.1)
    box.server.faults.add("query", "slow", arg=0.2)
    assert sf_box.query(Q)["totalSize"] == 1
    deadline = time.monotonic() + 5
    while box.server.log.count("query") < 3 and time.monotonic() < deadline:
        time.sleep(0.05)  # the timed-out request is logged when the server gives up on it
    entries = {e.fault: e for e in box.server.log.entries() if e.endpoint == "query"}
    assert {f: e.status for f, e in entries.items()} == {"drop": 0, "timeout": 0, "slow": 200}
    assert entries["slow"].seconds >= 0.2
    assert entries["timeout"].seconds >= 0.5


def test_per_record_faults_in_collections(box: SalesforceSandbox, sf_box: Salesforce) -> None:
    ids = [box.salesforce_id("accounts", f"acc-00000{n}") for n in range(1, 5)]
    records = [{"attributes": {"type": "Account"}, "id": i, "AnnualRevenue": 7} for i in ids]
    box.server.faults.add("collections", "lock", arg=0.5)
    results = sf_box.restful(
        "composite/sobjects", method="PATCH", json={"allOrNone": False, "records": records}
    )
    locked = [r for r in results if not r["success"]]
    assert len(locked) == 2
    error = locked[0]["errors"][0]
    assert error["statusCode"] == "UNABLE_TO_LOCK_ROW"
    assert (
        error["message"]
        == f"unable to obtain exclusive access to this record or 1 records: {locked[0]['id']}"
    )
    saved = sf_box.query("SELECT Id, AnnualRevenue FROM Account WHERE AnnualRevenue = 7")["records"]
    assert sorted(r["Id"] for r in saved) == sorted(r["id"] for r in results if r["success"])
    box.server.faults.add("collections", "validation")
    invalid = sf_box.restful(
        "composite/sobjects", method="PATCH", json={"allOrNone": False, "records": records}
    )
    assert {r["errors"][0]["statusCode"] for r in invalid} == {"FIELD_CUSTOM_VALIDATION_EXCEPTION"}
    box.server.faults.add("sobject", "validation")
    with pytest.raises(SalesforceMalformedRequest) as caught:
        sf_box.Account.update(ids[0], {"AnnualRevenue": 8})
    assert caught.value.content[0]["errorCode"] == "FIELD_CUSTOM_VALIDATION_EXCEPTION"
    assert sf_box.Account.get(ids[0])["AnnualRevenue"] != 8


def _statuses(tmp: Path, seed: int) -> list[Any]:
    box = make_box(tmp, seed=seed, faults="query:503@0.3;collections:lock=0.5")
    try:
        with sandbox_session(box.url, box.ca_bundle) as http:
            headers = {"Authorization": f"Bearer {box.session_id}"}
            url = f"{box.url}/services/data/v59.0/query/"
            codes = [http.get(url, params={"q": Q}, headers=headers).status_code for _ in range(30)]
            sf = direct_client(box, http)
            ids = [box.salesforce_id("accounts", f"acc-00000{n}") for n in range(1, 9)]
            records = [{"attributes": {"type": "Account"}, "id": i, "Name": "x"} for i in ids]
            results = sf.restful("composite/sobjects", method="PATCH", json={"records": records})
            return [codes, [r["success"] for r in results]]
    finally:
        box.close()


def test_fault_plans_are_reproducible_from_the_seed(tmp_path: Path) -> None:
    first = _statuses(tmp_path / "a", 3)
    assert first == _statuses(tmp_path / "b", 3)
    assert {200, 503} <= set(first[0])
    assert first[1].count(False) == 4


def test_daily_allocation_runs_out(box: SalesforceSandbox, sf_box: Salesforce) -> None:
    box.set_api_usage(998, 1000)
    limits = sf_box.limits()
    assert limits["DailyApiRequests"] == {"Max": 1000, "Remaining": 1}
    assert sf_box.api_usage["api-usage"].used == 999
    assert sf_box.query(Q)["totalSize"] == 1
    assert sf_box.api_usage["api-usage"] == (1000, 1000)
    with pytest.raises(SalesforceRefusedRequest) as caught:
        sf_box.query(Q)
    assert caught.value.content[0]["message"] == "TotalRequests Limit exceeded."


def test_token_endpoint_faults(box: SalesforceSandbox) -> None:
    info = box.connection_info()
    box.server.faults.add("token", "503")
    with (
        sandbox_session(box.url, box.ca_bundle) as http,
        pytest.raises(SalesforceAuthenticationFailed) as caught,
    ):
        Salesforce(
            consumer_key=info["client_id"],
            consumer_secret=info["client_secret"],
            domain="x.my",
            session=http,
        )
    assert caught.value.code == "unknown_error"


def test_every_endpoint_has_its_name(box: SalesforceSandbox, sf_box: Salesforce) -> None:
    sf = sf_box
    account = box.salesforce_id("accounts", "acc-000001") or ""
    box.server.log.clear()
    sf.query(Q)
    sf.query_all(Q, include_deleted=True)
    sf.Account.describe()
    sf.describe()
    sf.limits()
    sf.Account.get(account)
    sf.Account.update(account, {"AnnualRevenue": 1})
    sf.restful("composite/sobjects", method="PATCH", json={"records": []})
    sf.toolingexecute("query/", params={"q": "SELECT Id FROM CustomField"})
    start = DEMO_AS_OF + timedelta(hours=1)
    sf.Account.updated(start, start + timedelta(hours=1))
    sf.Account.deleted(start, start + timedelta(hours=1))
    list(sf.bulk2.Account.query(Q, wait=0))
    sf.bulk2.Account.update(records=[{"Id": account, "AnnualRevenue": "2"}], wait=0)
    names = [e.endpoint for e in box.server.log.entries()]
    assert names[:10] == [
        "query", "queryAll", "describe", "describe", "limits", "sobject", "sobject",
        "collections", "tooling", "updated",
    ]  # fmt: skip
    assert names[10] == "deleted"
    assert set(names[11:]) == {"bulk", "ingest"}
    assert names.count("ingest") == 1
