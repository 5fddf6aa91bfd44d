"""Fidelity regressions: odd client input and Salesforce's exact semantics."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from simple_salesforce.exceptions import SalesforceMalformedRequest

from connector.sandbox.salesforce import sandbox_session

if TYPE_CHECKING:
    import requests
    from simple_salesforce import Salesforce

    from connector.sandbox.salesforce import SalesforceSandbox


@pytest.mark.parametrize(
    "soql",
    [
        "SELECT Id FROM Account WHERE SystemModstamp > 2024-02-30T00:00:00Z",
        "SELECT Id FROM Account WHERE SystemModstamp > 2024-01-01T25:00:00Z",
        "SELECT Id FROM Account WHERE CreatedDate < 0000-01-01T00:00:00Z",
        "SELECT Id FROM Account WHERE CreatedDate < 2024-01-01T00:00:00+99:99",
        "SELECT Id FROM Account WHERE CreatedDate < 9999-12-31T23:00:00-05:00",
        "SELECT Id FROM Task WHERE ActivityDate > 2024-13-45",
        "SELECT Id FROM Account WHERE " + "(" * 600 + "Name = 'a'" + ")" * 600,
        "SELECT Id FROM Account WHERE " + "NOT " * 600 + "Name = 'a'",
    ],
)
def test_odd_literals_and_nesting_are_400_not_crashes(sf: Salesforce, soql: str) -> None:
    with pytest.raises(SalesforceMalformedRequest) as caught:
        sf.query(soql)
    assert caught.value.status == 400
    assert caught.value.content[0]["errorCode"] in ("MALFORMED_QUERY", "INVALID_FIELD")


@pytest.mark.parametrize(
    "soql",
    [
        "SELECT Id FROM Account WHERE CreatedDate = LAST_N_DAYS:99999999999",
        "SELECT Id FROM Account WHERE CreatedDate = NEXT_N_DAYS:99999999999",
    ],
)
def test_huge_n_day_literals_do_not_crash(sf: Salesforce, soql: str) -> None:
    got = sf.query(soql)
    assert got["done"] is True


@pytest.mark.parametrize(
    "attributes",
    ["Account", ["Account"], {"type": ["Account"]}, None],
)
def test_collection_records_with_odd_attributes_fail_per_record(
    box: SalesforceSandbox, sf_box: Salesforce, attributes: object
) -> None:
    account = box.salesforce_id("accounts", "acc-000001")
    body = {
        "allOrNone": False,
        "records": [
            {"attributes": attributes, "id": account, "Name": "x"},
            {"attributes": {"type": "Account"}, "id": account, "Name": "Renamed"},
        ],
    }
    results = sf_box.restful("composite/sobjects", method="PATCH", json=body)
    assert results[0]["success"] is False
    assert results[0]["errors"][0]["statusCode"] == "INVALID_TYPE"
    assert results[1] == {"id": account, "success": True, "errors": []}


@pytest.mark.parametrize(
    "metadata",
    [
        {"label": "Odd", "type": "Picklist", "valueSet": "x"},
        {"label": "Odd", "type": "Picklist", "valueSet": {"valueSetDefinition": "x"}},
        {"label": "Odd", "type": "Picklist", "valueSet": {"valueSetDefinition": {"value": "x"}}},
        {"label": "Odd", "type": ["Checkbox"]},
        {"label": "Odd", "type": {"a": 1}},
    ],
)
def test_tooling_odd_metadata_is_400_not_a_crash(sf: Salesforce, metadata: object) -> None:
    body = {"FullName": "Account.Odd__c", "Metadata": metadata}
    with pytest.raises(SalesforceMalformedRequest) as caught:
        sf.toolingexecute("sobjects/CustomField", method="POST", data=body)
    assert caught.value.status == 400
    assert caught.value.content[0]["errorCode"] == "FIELD_INTEGRITY_EXCEPTION"


@pytest.mark.parametrize(
    "event",
    [
        {"StartDateTime": "2026-01-01T00:00:00Z", "DurationInMinutes": 1e300},
        {"StartDateTime": "2026-01-01T00:00:00Z", "DurationInMinutes": 2**31},
        {"StartDateTime": "9999-12-31T23:59:00Z", "DurationInMinutes": 600},
        {"StartDateTime": "0001-01-01T00:00:00+05:00", "DurationInMinutes": 30},
    ],
)
def test_out_of_range_event_values_are_400_not_crashes(
    sf_box: Salesforce, event: dict[str, object]
) -> None:
    with pytest.raises(SalesforceMalformedRequest) as caught:
        sf_box.Event.create({"Subject": "Odd", **event})
    assert caught.value.status == 400


def _raw(box: SalesforceSandbox) -> requests.Session:
    session = sandbox_session(box.url, box.ca_bundle)
    session.headers["Authorization"] = f"Bearer {box.session_id}"
    return session


@pytest.mark.parametrize(
    "body",
    [
        {"operation": "query", "query": 5},
        {"operation": "query", "query": "SELECT Id FROM Account", "columnDelimiter": ["COMMA"]},
        {"object": "Account", "operation": "upsert", "externalIdFieldName": 5},
    ],
)
def test_bulk_odd_job_bodies_are_400(box: SalesforceSandbox, body: dict[str, object]) -> None:
    kind = "query" if "query" in body else "ingest"
    with _raw(box) as http:
        got = http.post(f"{box.url}/services/data/v59.0/jobs/{kind}", json=body)
    assert got.status_code == 400
    assert isinstance(got.json(), list)


@pytest.mark.parametrize("state_body", [b"not json", b"[1]"])
def test_bulk_odd_state_change_is_400(box: SalesforceSandbox, state_body: bytes) -> None:
    base = f"{box.url}/services/data/v59.0/jobs/ingest"
    with _raw(box) as http:
        job = http.post(base, json={"object": "Account", "operation": "update"}).json()
        got = http.patch(f"{base}/{job['id']}", data=state_body)
        assert got.status_code == 400
        assert isinstance(got.json(), list)
        upload = http.put(
            f"{base}/{job['id']}/batches",
            data=b"\xff\xfe\x00bad",
            headers={"Content-Type": "text/csv"},
        )
        assert upload.status_code in (201, 400)
        close = http.patch(f"{base}/{job['id']}", json={"state": "UploadComplete"})
        assert close.status_code in (200, 400)


def test_an_unexpected_server_error_is_salesforces_500(
    box: SalesforceSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*_args: object, **_kwargs: object) -> None:
        msg = "bug"
        raise RuntimeError(msg)

    monkeypatch.setattr(box.app.writes, "collection", boom)
    with _raw(box) as http:
        got = http.patch(f"{box.url}/services/data/v59.0/composite/sobjects", json={"records": []})
        assert got.status_code == 500
        assert got.json()[0]["errorCode"] == "UNKNOWN_EXCEPTION"
        assert got.headers["Sforce-Limit-Info"].startswith("api-usage=")
        after = http.get(f"{box.url}/services/data/v59.0/limits/")
        assert after.status_code == 200


def test_blank_strings_are_stored_as_null(box: SalesforceSandbox, sf_box: Salesforce) -> None:
    contact = box.salesforce_id("contacts", "con-0000001")
    assert contact is not None
    assert sf_box.Contact.update(contact, {"Title": ""}) == 204
    soql = f"SELECT Title FROM Contact WHERE Id = '{contact}'"  # noqa: S608
    assert sf_box.query(soql)["records"][0]["Title"] is None
    blank = sf_box.query("SELECT COUNT() FROM Contact WHERE Title = ''")["totalSize"]
    null = sf_box.query("SELECT COUNT() FROM Contact WHERE Title = null")["totalSize"]
    assert blank == null > 0
    account = box.salesforce_id("accounts", "acc-000001")
    with pytest.raises(SalesforceMalformedRequest) as caught:
        sf_box.Account.update(account, {"Name": ""})
    assert caught.value.content[0]["errorCode"] == "REQUIRED_FIELD_MISSING"


def test_order_by_picklist_follows_the_picklist_order(sf: Salesforce) -> None:
    # Picklists sort in their defined order (Task's TaskSubtype: Task, Email, ..., Call).
    described = {f["name"]: f for f in sf.Task.describe()["fields"]}
    order = [v["value"] for v in described["TaskSubtype"]["picklistValues"]]
    rows = sf.query_all("SELECT TaskSubtype FROM Task ORDER BY TaskSubtype")["records"]
    got = [r["TaskSubtype"] for r in rows if r["TaskSubtype"] is not None]
    assert len(set(got)) > 1
    assert got == sorted(got, key=order.index)


def test_order_by_text_compares_upper_case_values(
    box: SalesforceSandbox, sf_box: Salesforce
) -> None:
    # English locales sort by the UTF-8 values of the upper-cased text: '_' after 'Z'.
    first = box.salesforce_id("accounts", "acc-000001")
    second = box.salesforce_id("accounts", "acc-000002")
    sf_box.Account.update(first, {"Name": "zz_b"})
    sf_box.Account.update(second, {"Name": "zzb"})
    soql = "SELECT Name FROM Account WHERE Name LIKE 'zz%' ORDER BY Name"
    assert [r["Name"] for r in sf_box.query(soql)["records"]] == ["zzb", "zz_b"]


def test_an_insert_cannot_specify_an_id(box: SalesforceSandbox, sf_box: Salesforce) -> None:
    task = {"Subject": "Follow up", "Status": "Not Started"}
    existing = box.salesforce_id("accounts", "acc-000001")
    with pytest.raises(SalesforceMalformedRequest) as caught:
        sf_box.Task.create({**task, "Id": existing})
    error = caught.value.content[0]
    assert error["errorCode"] == "INVALID_FIELD_FOR_INSERT_UPDATE"
    assert "cannot specify Id in an insert call" in error["message"]
    body = {
        "records": [
            {"attributes": {"type": "Task"}, "id": existing, **task},
            {"attributes": {"type": "Task"}, **task},
        ]
    }
    results = sf_box.restful("composite/sobjects", method="POST", json=body)
    assert results[0]["success"] is False
    assert results[0]["errors"][0]["statusCode"] == "INVALID_FIELD_FOR_INSERT_UPDATE"
    assert results[1]["success"] is True


def test_describe_reflects_read_only_field_permissions(sf_box: Salesforce) -> None:
    sf = sf_box
    field = {
        "FullName": "Account.Health_Note__c",
        "Metadata": {"label": "Health Note", "type": "Text", "length": 80},
    }
    sf.toolingexecute("sobjects/CustomField", method="POST", data=field)
    permission_set = sf.PermissionSet.create({"Name": "Read_Only", "Label": "Read Only"})["id"]
    grant = sf.FieldPermissions.create(
        {
            "ParentId": permission_set,
            "SobjectType": "Account",
            "Field": "Account.Health_Note__c",
            "PermissionsRead": True,
            "PermissionsEdit": False,
        }
    )["id"]
    user = sf.query(
        "SELECT Id FROM User WHERE Username = 'integration@healthscore-sandbox.example'"
    )
    sf.PermissionSetAssignment.create(
        {"AssigneeId": user["records"][0]["Id"], "PermissionSetId": permission_set}
    )
    described = {f["name"]: f for f in sf.Account.describe()["fields"]}
    note = described["Health_Note__c"]
    assert (note["createable"], note["updateable"]) == (False, False)
    sf.FieldPermissions.update(grant, {"PermissionsEdit": True})
    described = {f["name"]: f for f in sf.Account.describe()["fields"]}
    note = described["Health_Note__c"]
    assert (note["createable"], note["updateable"]) == (True, True)


@pytest.mark.parametrize(
    "condition",
    ["Roles LIKE '%Decision%'", "Roles IN ('Decision Maker')", "Roles > 'A'", "Roles NOT IN ('x')"],
)
def test_multi_select_picklists_take_only_their_operators(sf: Salesforce, condition: str) -> None:
    # Multi-select picklists support =, !=, INCLUDES and EXCLUDES only.
    with pytest.raises(SalesforceMalformedRequest) as caught:
        sf.query("SELECT Id FROM AccountContactRelation WHERE " + condition)  # noqa: S608
    error = caught.value.content[0]
    assert error["errorCode"] == "INVALID_QUERY_FILTER_OPERATOR"
    assert "invalid operator on multipicklist field" in error["message"]


def test_escaped_backslashes_match_literally(box: SalesforceSandbox, sf_box: Salesforce) -> None:
    account = box.salesforce_id("accounts", "acc-000001")
    sf_box.Account.update(account, {"Name": "Back\\slash\\%"})
    for condition in ("Name = 'Back\\\\slash\\\\%'", "Name LIKE 'back\\\\slash\\\\\\%'"):
        got = sf_box.query("SELECT Name FROM Account WHERE " + condition)  # noqa: S608
        assert [r["Name"] for r in got["records"]] == ["Back\\slash\\%"], condition
