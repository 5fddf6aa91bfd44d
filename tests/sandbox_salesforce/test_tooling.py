"""Tooling CustomField and field-level security: invisible until granted, as in a real org."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from simple_salesforce.exceptions import SalesforceMalformedRequest

if TYPE_CHECKING:
    from simple_salesforce import Salesforce

    from connector.sandbox.salesforce import SalesforceSandbox

SCORE = {
    "FullName": "Account.Health_Score__c",
    "Metadata": {"label": "Health Score", "type": "Number", "precision": 5, "scale": 2},
}
COLOR = {
    "FullName": "Account.Health_Color__c",
    "Metadata": {
        "label": "Health Color",
        "type": "Picklist",
        "valueSet": {
            "restricted": True,
            "valueSetDefinition": {
                "value": [{"fullName": c, "label": c} for c in ("Green", "Yellow", "Red")]
            },
        },
    },
}


def _code(call: Any) -> str:
    with pytest.raises(SalesforceMalformedRequest) as caught:
        call()
    return str(caught.value.content[0]["errorCode"])


def _integration_user(sf: Salesforce) -> str:
    soql = "SELECT Id FROM User WHERE Username = 'integration@healthscore-sandbox.example'"
    return str(sf.query(soql)["records"][0]["Id"])


def _field_names(sf: Salesforce, obj: str) -> set[str]:
    return {f["name"] for f in getattr(sf, obj).describe()["fields"]}


def test_new_field_is_invisible_until_granted(box: SalesforceSandbox, sf_box: Salesforce) -> None:
    sf = sf_box
    created = sf.toolingexecute("sobjects/CustomField", method="POST", data=SCORE)
    assert created["success"] is True
    assert created["id"].startswith("00N")
    account = box.salesforce_id("accounts", "acc-000001")
    assert _code(lambda: sf.query("SELECT Id, Health_Score__c FROM Account")) == "INVALID_FIELD"
    assert "Health_Score__c" not in _field_names(sf, "Account")
    assert _code(lambda: sf.Account.update(account, {"Health_Score__c": 50})) == "INVALID_FIELD"

    permission_set = sf.PermissionSet.create(
        {"Name": "Healthscore_Connector", "Label": "Healthscore Connector"}
    )["id"]
    grant = {
        "ParentId": permission_set,
        "SobjectType": "Account",
        "Field": "Account.Health_Score__c",
        "PermissionsRead": True,
        "PermissionsEdit": True,
    }
    sf.FieldPermissions.create(grant)
    assert _code(lambda: sf.FieldPermissions.create(grant)) == "DUPLICATE_VALUE"
    # Granted on a permission set nobody holds yet: still invisible.
    assert _code(lambda: sf.query("SELECT Health_Score__c FROM Account")) == "INVALID_FIELD"
    sf.PermissionSetAssignment.create(
        {"AssigneeId": _integration_user(sf), "PermissionSetId": permission_set}
    )
    rows = sf.query_all("SELECT Id, Health_Score__c FROM Account")["records"]
    assert all(r["Health_Score__c"] is None for r in rows)
    described = {f["name"]: f for f in sf.Account.describe()["fields"]}
    assert described["Health_Score__c"]["type"] == "double"
    assert (described["Health_Score__c"]["precision"], described["Health_Score__c"]["scale"]) == (
        5,
        2,
    )
    assert described["Health_Score__c"]["custom"] is True

    sf.Account.update(account, {"Health_Score__c": 72.456})
    assert sf.Account.get(account)["Health_Score__c"] == 72.46
    assert (
        _code(lambda: sf.Account.update(account, {"Health_Score__c": 1000}))
        == "NUMBER_OUTSIDE_VALID_RANGE"
    )


def test_read_only_grant_and_permission_rules(box: SalesforceSandbox, sf_box: Salesforce) -> None:
    sf = sf_box
    sf.toolingexecute("sobjects/CustomField", method="POST", data=COLOR)
    admin = (
        "SELECT Id FROM PermissionSet "
        "WHERE IsOwnedByProfile = true AND Profile.Name = 'System Administrator'"
    )
    profile_set = sf.query(admin)["records"][0]["Id"]
    base = {"ParentId": profile_set, "SobjectType": "Account", "Field": "Account.Health_Color__c"}
    assert (
        _code(
            lambda: sf.FieldPermissions.create(
                {**base, "PermissionsRead": False, "PermissionsEdit": True}
            )
        )
        == "FIELD_INTEGRITY_EXCEPTION"
    )
    assert (
        _code(
            lambda: sf.FieldPermissions.create(
                {**base, "Field": "Account.Nope__c", "PermissionsRead": True}
            )
        )
        == "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"
    )
    sf.FieldPermissions.create({**base, "PermissionsRead": True, "PermissionsEdit": False})
    account = box.salesforce_id("accounts", "acc-000001")
    assert sf.Account.get(account)["Health_Color__c"] is None
    assert (
        _code(lambda: sf.Account.update(account, {"Health_Color__c": "Green"}))
        == "INVALID_FIELD_FOR_INSERT_UPDATE"
    )
    grant = sf.query("SELECT Id FROM FieldPermissions WHERE Field = 'Account.Health_Color__c'")[
        "records"
    ][0]["Id"]
    sf.FieldPermissions.update(grant, {"PermissionsEdit": True})
    sf.Account.update(account, {"Health_Color__c": "Green"})
    assert (
        _code(lambda: sf.Account.update(account, {"Health_Color__c": "Blue"}))
        == "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"
    )
    picklist = {f["name"]: f for f in sf.Account.describe()["fields"]}["Health_Color__c"]
    assert [v["value"] for v in picklist["picklistValues"]] == ["Green", "Yellow", "Red"]


def test_tooling_query_and_errors(sf_box: Salesforce) -> None:
    sf = sf_box
    sf.toolingexecute("sobjects/CustomField", method="POST", data=SCORE)
    found = sf.toolingexecute(
        "query/",
        params={
            "q": "SELECT Id, DeveloperName, TableEnumOrId FROM CustomField ORDER BY DeveloperName"
        },
    )
    names = [(r["TableEnumOrId"], r["DeveloperName"]) for r in found["records"]]
    assert names == [
        ("Activity", "Health_Outcome"),
        ("Account", "Health_Score"),
        ("Event", "Meeting_Status"),
    ]
    one = sf.toolingexecute(
        "query/",
        params={
            "q": "SELECT FullName, Metadata FROM CustomField WHERE DeveloperName = 'Health_Score'"
        },
    )
    assert one["records"][0]["FullName"] == "Account.Health_Score__c"
    assert one["records"][0]["Metadata"]["precision"] == 5
    with pytest.raises(SalesforceMalformedRequest) as wide:
        sf.toolingexecute("query/", params={"q": "SELECT FullName FROM CustomField"})
    assert "no more than one row" in wide.value.content[0]["message"]
    with pytest.raises(SalesforceMalformedRequest) as duplicate:
        sf.toolingexecute("sobjects/CustomField", method="POST", data=SCORE)
    assert duplicate.value.content[0]["errorCode"] == "DUPLICATE_DEVELOPER_NAME"
    bad = {
        "FullName": "Account.Bad__Name__c",
        "Metadata": {"label": "x", "type": "Text", "length": 10},
    }
    with pytest.raises(SalesforceMalformedRequest) as named:
        sf.toolingexecute("sobjects/CustomField", method="POST", data=bad)
    assert named.value.content[0]["errorCode"] == "FIELD_INTEGRITY_EXCEPTION"


def test_activity_fields_appear_on_tasks_and_events(sf_box: Salesforce) -> None:
    sf = sf_box
    field = {
        "FullName": "Activity.Follow_Up__c",
        "Metadata": {"label": "Follow up", "type": "Checkbox", "defaultValue": "false"},
    }
    sf.toolingexecute("sobjects/CustomField", method="POST", data=field)
    profile_set = sf.query(
        "SELECT Id FROM PermissionSet WHERE Name LIKE 'X00e%' ORDER BY Name LIMIT 1"
    )["records"][0]["Id"]
    sf.FieldPermissions.create(
        {
            "ParentId": profile_set,
            "SobjectType": "Task",
            "Field": "Task.Follow_Up__c",
            "PermissionsRead": True,
        }
    )
    assert "Follow_Up__c" in _field_names(sf, "Task")
    assert "Follow_Up__c" not in _field_names(sf, "Event")
    assert sf.query("SELECT COUNT() FROM Task WHERE Follow_Up__c = false")["totalSize"] > 0
