"""query / queryAll / paging / SOQL, as simple-salesforce sees them."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from simple_salesforce.exceptions import SalesforceMalformedRequest

from connector.model import ActivityKind, ActivityStatus, Role
from connector.sandbox import DEMO_AS_OF, generate_demo

if TYPE_CHECKING:
    from simple_salesforce import Salesforce

    from connector.sandbox.salesforce import SalesforceSandbox

DEMO = generate_demo(7, 20)
LIVE = DEMO.dataset
TASK_KINDS = set(ActivityKind) - {ActivityKind.MEETING}
CALL_OR_EMAIL = (ActivityKind.CALL, ActivityKind.EMAIL)


def _all(sf: Salesforce, soql: str, **kwargs: Any) -> list[dict[str, Any]]:
    return list(sf.query_all_iter(soql, **kwargs))


def test_full_paged_read_with_batch_size(shared_box: SalesforceSandbox, sf: Salesforce) -> None:
    tasks = sum(1 for a in LIVE.activities if a.kind in TASK_KINDS)
    headers = {"Sforce-Query-Options": "batchSize=200"}
    first = sf.query("SELECT Id, Subject FROM Task", headers=headers)
    assert first["totalSize"] == tasks
    assert first["done"] is False
    assert len(first["records"]) == 200
    assert re.fullmatch(r"/services/data/v59\.0/query/01g\w{15}-200", first["nextRecordsUrl"])
    before = shared_box.server.log.count("query")
    records = _all(sf, "SELECT Id, Subject FROM Task", headers=headers)
    assert len(records) == tasks
    assert len({r["Id"] for r in records}) == tasks
    pages = -(-tasks // 200)
    assert shared_box.server.log.count("query") - before == pages
    assert records[0]["attributes"]["type"] == "Task"
    assert (
        records[0]["attributes"]["url"] == f"/services/data/v59.0/sobjects/Task/{records[0]['Id']}"
    )


def test_batch_size_is_clamped_and_defaults_to_2000(sf: Salesforce) -> None:
    small = sf.query("SELECT Id FROM Task", headers={"Sforce-Query-Options": "batchSize=5"})
    assert len(small["records"]) == 200
    default = sf.query("SELECT Id FROM Task")
    assert len(default["records"]) == min(2000, default["totalSize"])


def test_query_all_includes_soft_deleted_rows(sf: Salesforce) -> None:
    live = _all(sf, "SELECT Id, IsDeleted FROM Account")
    everything = _all(sf, "SELECT Id, IsDeleted FROM Account", include_deleted=True)
    assert len(live) == len(LIVE.accounts)
    assert not any(r["IsDeleted"] for r in live)
    deleted = [r for r in everything if r["IsDeleted"]]
    assert len(deleted) == len(DEMO.deleted["accounts"])
    assert len(everything) == len(live) + len(deleted)
    only = _all(sf, "SELECT Id FROM Contact WHERE IsDeleted = true", include_deleted=True)
    assert len(only) == len(DEMO.deleted["contacts"])
    assert _all(sf, "SELECT Id FROM Contact WHERE IsDeleted = true") == []


def test_parent_relationship_fields(shared_box: SalesforceSandbox, sf: Salesforce) -> None:
    soql = (
        "SELECT Id, Name, Account.Name, Account.Owner.Name, Title FROM Contact "
        "WHERE Account.Name = 'brightwater foods inc.' ORDER BY Name"
    )
    rows = _all(sf, soql)
    expected = sorted(c.name for c in LIVE.contacts if c.account_id == "acc-000001")
    assert [r["Name"] for r in rows] == expected
    account = rows[0]["Account"]
    assert account["attributes"]["type"] == "Account"
    assert account["Name"] == "Brightwater Foods Inc."
    assert account["Owner"]["Name"] == "Ana Silva"
    assert list(rows[0]) == ["attributes", "Id", "Name", "Account", "Title"]
    soql = "SELECT Id, Who.Name, What.Name, What.Type FROM Task WHERE WhoId != null LIMIT 1"
    calls = sf.query(soql)
    who = calls["records"][0]["Who"]
    assert who["attributes"]["type"] == "Name"
    assert calls["records"][0]["What"]["Type"] == "Account"
    account_id = account["attributes"]["url"].rsplit("/", 1)[1]
    assert shared_box.salesforce_id("accounts", "acc-000001") == account_id


def test_where_operators_match_the_demo_data(sf: Salesforce) -> None:
    directors = [c for c in LIVE.contacts if c.title and "director" in c.title.lower()]
    got = _all(sf, "SELECT Id FROM Contact WHERE Title LIKE '%Director%'")
    assert len(got) == len(directors) > 0
    untitled = _all(sf, "SELECT Id FROM Contact WHERE Title = null")
    assert len(untitled) == sum(1 for c in LIVE.contacts if c.title is None)

    since = date(2026, 11, 1)
    recent = [
        a for a in LIVE.activities
        if a.kind in CALL_OR_EMAIL and a.occurred_at.date() >= since
    ]  # fmt: skip
    soql = (
        "SELECT Id FROM Task WHERE TaskSubtype IN ('Call', 'Email') AND ActivityDate >= 2026-11-01"
    )
    assert len(_all(sf, soql)) == len(recent)

    open_calls_or_emails = [
        a for a in LIVE.activities
        if a.kind in CALL_OR_EMAIL and a.status is not ActivityStatus.COMPLETED
    ]  # fmt: skip
    soql = (
        "SELECT Id FROM Task WHERE (TaskSubtype = 'Call' OR TaskSubtype = 'Email') "
        "AND NOT Status = 'Completed'"
    )
    assert len(_all(sf, soql)) == len(open_calls_or_emails) > 0

    cut = datetime(2026, 11, 25, tzinfo=UTC)
    meetings = [a for a in LIVE.activities if a.kind is ActivityKind.MEETING]
    late = [a for a in meetings if min(a.occurred_at, DEMO_AS_OF) > cut]
    soql = "SELECT Id FROM Event WHERE CreatedDate > 2026-11-25T00:00:00Z"
    assert len(_all(sf, soql)) == len(late) > 0
    offset = "SELECT Id FROM Event WHERE CreatedDate > 2026-11-25T01:00:00+01:00"
    assert len(_all(sf, offset)) == len(late)


def test_date_literals_use_the_org_clock(sf: Salesforce) -> None:
    # The clock reads DEMO_AS_OF + 1 day, so LAST_N_DAYS:3 starts 3 days before that day.
    today = (DEMO_AS_OF + timedelta(days=1)).date()
    start = today - timedelta(days=3)
    meetings = [a for a in LIVE.activities if a.kind is ActivityKind.MEETING]
    wanted = [a for a in meetings if start <= min(a.occurred_at, DEMO_AS_OF).date() <= today]
    got = _all(sf, "SELECT Id FROM Event WHERE CreatedDate = LAST_N_DAYS:3")
    assert len(got) == len(wanted) > 0


def test_multi_select_includes(sf: Salesforce) -> None:
    dms = [c for c in LIVE.contacts if c.role is Role.DECISION_MAKER]
    acr = "SELECT ContactId, Roles FROM AccountContactRelation WHERE Roles"
    got = _all(sf, f"{acr} INCLUDES ('Decision Maker')")
    assert len(got) == len(dms)
    assert any(r["Roles"] == "Decision Maker;Executive Sponsor" for r in got)
    roles = "'Decision Maker', 'Economic Buyer', 'Influencer', 'Business User'"
    none = _all(sf, f"{acr} EXCLUDES ({roles})")
    assert len(none) == sum(1 for c in LIVE.contacts if c.role is Role.UNKNOWN)


def test_order_by_limit_offset_and_count(sf: Salesforce) -> None:
    names = sorted((a.name or "" for a in LIVE.accounts), key=str.casefold, reverse=True)
    got = sf.query("SELECT Name FROM Account ORDER BY Name DESC NULLS LAST LIMIT 5 OFFSET 2")
    assert [r["Name"] for r in got["records"]] == names[2:7]
    assert got["totalSize"] == 5
    count = sf.query("SELECT COUNT() FROM Contact")
    assert count == {"totalSize": len(LIVE.contacts), "done": True, "records": []}


@pytest.mark.parametrize(
    ("soql", "code", "needle"),
    [
        (
            "SELECT Id, FullName FROM Account",
            "INVALID_FIELD",
            "\nSELECT Id, FullName FROM Account\n           ^\nERROR at Row:1:Column:12\nNo such column 'FullName' on entity 'Account'.",  # noqa: E501
        ),
        (
            "SELECT Id FROM Account WHERE Name = 'a' AND Id != null OR Name = 'b'",
            "MALFORMED_QUERY",
            "unexpected token: 'OR'",
        ),
        ("SELECT Id FROM Account WHERE", "MALFORMED_QUERY", "unexpected token: '<EOF>'"),
        ("SELECT Id FROM Accont", "INVALID_TYPE", "sObject type 'Accont' is not supported."),
        (
            "SELECT Id FROM Account WHERE CreatedDate > '2024-01-01'",
            "INVALID_FIELD",
            "must be of type dateTime and should not be enclosed in quotes",
        ),
        (
            "SELECT Id FROM Account WHERE Id = 'nope'",
            "INVALID_QUERY_FILTER_OPERATOR",
            "invalid ID field: nope",
        ),
        (
            "SELECT Id, Foo.Name FROM Contact",
            "INVALID_FIELD",
            "Didn't understand relationship 'Foo'",
        ),
        ("SELECT Id FROM Task WHERE Description = 'x'", "INVALID_FIELD", "can not be filtered"),
        ("SELECT Id FROM Account OFFSET 2001", "NUMBER_OUTSIDE_VALID_RANGE", "offset"),
    ],
)
def test_bad_queries_get_salesforce_errors(
    sf: Salesforce, soql: str, code: str, needle: str
) -> None:
    with pytest.raises(SalesforceMalformedRequest) as caught:
        sf.query(soql)
    assert caught.value.status == 400
    body = caught.value.content
    assert isinstance(body, list)
    assert body[0]["errorCode"] == code
    assert needle in body[0]["message"]


def test_query_locator_expires(sf: Salesforce) -> None:
    with pytest.raises(SalesforceMalformedRequest) as caught:
        sf.query_more("/services/data/v59.0/query/01gHs0000000zzzIAA-2000", identifier_is_url=True)
    assert caught.value.content[0]["errorCode"] == "INVALID_QUERY_LOCATOR"
