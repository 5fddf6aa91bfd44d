"""Client input the sandbox must answer in HubSpot's shape (400s, not 500s), and echoed fields."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx
import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator

    from connector.sandbox.hubspot import HubSpotSandbox
    from tests.sandbox_hubspot.conftest import FakeClock


@pytest.fixture
def http(box: HubSpotSandbox) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=box.url, headers={"Authorization": f"Bearer {box.token}"}) as c:
        yield c


def _is_validation_error(response: httpx.Response) -> None:
    assert response.status_code == 400, response.text
    payload = response.json()
    assert payload["status"] == "error"
    assert payload["category"] == "VALIDATION_ERROR"
    assert payload["correlationId"]


def _filter(**f: Any) -> dict[str, Any]:
    return {"filterGroups": [{"filters": [f]}]}


@pytest.mark.parametrize(
    "search",
    [
        _filter(propertyName="name", operator=["EQ"], value="x"),
        _filter(propertyName="name", operator={"op": "EQ"}, value="x"),
        _filter(propertyName=["name"], operator="EQ", value="x"),
        {"after": "-5"},
        {"after": -5},
        {"limit": True},
        {"sorts": [{"propertyName": ["name"]}]},
        {"sorts": {"propertyName": "name"}},
        {"sorts": 5},
        {"properties": 5},
        {"properties": [["name"]]},
        {"query": {"text": "acme"}},
        {"sorts": [{"propertyName": "hs_lastmodifieddate", "direction": "DESC"}]},
        {"sorts": [{"propertyName": "hs_lastmodifieddate", "direction": ["DESCENDING"]}]},
        {"query": "a" * 3001},
    ],
)
def test_search_malformed_request_is_400(
    http: httpx.Client, clock: FakeClock, search: dict[str, Any]
) -> None:
    clock.advance(1)  # keep clear of search's per-second limit
    _is_validation_error(http.post("/crm/v3/objects/companies/search", json=search))


@pytest.mark.parametrize(
    "raw",
    [
        "[" * 5000 + "]" * 5000,
        '{"a":' * 3000 + "1" + "}" * 3000,
        '{"after": Infinity}',
        '{"after": 1e400}',
        '{"after": -Infinity}',
    ],
)
def test_search_pathological_body_is_400(http: httpx.Client, clock: FakeClock, raw: str) -> None:
    clock.advance(1)
    answer = http.post(
        "/crm/v3/objects/companies/search",
        content=raw,
        headers={"Content-Type": "application/json"},
    )
    _is_validation_error(answer)


@pytest.mark.parametrize(
    ("path", "create"),
    [
        (
            "/crm/v3/properties/companies",
            {"name": "health_x", "label": "X", "type": "string", "fieldType": "text",
             "groupName": "companyinformation", "displayOrder": "first"},
        ),
        (
            "/crm/v3/properties/companies",
            {"name": "health_y", "label": "Y", "type": "enumeration", "fieldType": "select",
             "groupName": "companyinformation",
             "options": [{"label": "A", "value": "a", "displayOrder": "x"}]},
        ),
        (
            "/crm/v3/properties/companies",
            {"name": "health_z", "label": "Z", "type": ["string"], "fieldType": "text",
             "groupName": "companyinformation"},
        ),
        (
            "/crm/v3/properties/companies",
            {"name": "health_w", "label": "W", "type": "string", "fieldType": "text",
             "groupName": ["companyinformation"]},
        ),
        ("/crm/v3/properties/companies/groups", {"name": "g1", "label": "G", "displayOrder": "x"}),
        ("/crm/v3/properties/companies/groups", {"name": "g2", "label": "G", "displayOrder": None}),
    ],
)  # fmt: skip
def test_property_display_order_not_a_number_is_400(
    http: httpx.Client, path: str, create: dict[str, Any]
) -> None:
    _is_validation_error(http.post(path, json=create))


def test_batch_update_echoes_object_write_trace_id(http: httpx.Client) -> None:
    ids = [r["id"] for r in http.get("/crm/v3/objects/companies?limit=2").json()["results"]]
    inputs = [
        {"id": oid, "properties": {"name": f"Renamed {oid}"}, "objectWriteTraceId": f"trace-{oid}"}
        for oid in ids
    ]
    answer = http.post("/crm/v3/objects/companies/batch/update", json={"inputs": inputs})
    assert answer.status_code == 200, answer.text
    traces = {r["id"]: r.get("objectWriteTraceId") for r in answer.json()["results"]}
    assert traces == {oid: f"trace-{oid}" for oid in ids}


@pytest.mark.parametrize("properties", [5, {"name": True}, [None]])
def test_batch_read_properties_not_a_list_is_400(http: httpx.Client, properties: object) -> None:
    inputs = [{"id": http.get("/crm/v3/objects/companies?limit=1").json()["results"][0]["id"]}]
    answer = http.post(
        "/crm/v3/objects/companies/batch/read", json={"inputs": inputs, "properties": properties}
    )
    _is_validation_error(answer)


def test_date_property_takes_only_midnight_utc(http: httpx.Client) -> None:
    created = http.post(
        "/crm/v3/properties/companies",
        json={"name": "health_scored_on", "label": "Scored on", "type": "date",
              "fieldType": "date", "groupName": "companyinformation"},
    )  # fmt: skip
    assert created.status_code == 201, created.text
    oid = http.get("/crm/v3/objects/companies?limit=1").json()["results"][0]["id"]

    def write(value: str) -> httpx.Response:
        inputs = [{"id": oid, "properties": {"health_scored_on": value}}]
        return http.post("/crm/v3/objects/companies/batch/update", json={"inputs": inputs})

    midnight = write("1796342400000")  # 2026-12-04T00:00:00Z
    assert midnight.status_code == 200, midnight.text
    for value in ("1796378400000", "2026-12-04T10:00:00Z"):
        answer = write(value)
        _is_validation_error(answer)
        assert answer.json()["errors"][0]["code"] == "INVALID_DATE"
        assert "1796378400000 is at 10:0:0.0 UTC, not midnight!" in answer.json()["message"]


@pytest.mark.parametrize(
    "associations",
    [
        [{"to": "51200000001", "types": [{"associationCategory": "HUBSPOT_DEFINED",
                                          "associationTypeId": 204}]}],
        [{"to": ["51200000001"], "types": [{"associationCategory": "HUBSPOT_DEFINED",
                                            "associationTypeId": 204}]}],
        [{"to": {"id": "51200000001"}, "types": [{"associationCategory": "HUBSPOT_DEFINED",
                                                  "associationTypeId": True}]}],
        5,
    ],
)  # fmt: skip
def test_create_with_malformed_associations_is_400(
    http: httpx.Client, associations: object
) -> None:
    create = {
        "properties": {"hs_timestamp": "1796342400000", "hs_task_subject": "Follow up"},
        "associations": associations,
    }
    _is_validation_error(http.post("/crm/v3/objects/tasks", json=create))


@pytest.mark.parametrize("group", [["companyinformation"], "no_such_group"])
def test_property_update_to_a_bad_group_is_400_and_changes_nothing(
    http: httpx.Client, group: object
) -> None:
    created = http.post(
        "/crm/v3/properties/companies",
        json={"name": "health_band", "label": "Band", "type": "string", "fieldType": "text",
              "groupName": "companyinformation"},
    )  # fmt: skip
    assert created.status_code == 201, created.text
    answer = http.patch(
        "/crm/v3/properties/companies/health_band", json={"label": "New", "groupName": group}
    )
    _is_validation_error(answer)
    after = http.get("/crm/v3/properties/companies/health_band").json()
    assert (after["label"], after["groupName"]) == ("Band", "companyinformation")


def test_association_filter_ignores_an_archived_record(http: httpx.Client) -> None:
    company = http.get("/crm/v3/objects/companies?limit=1").json()["results"][0]["id"]
    links = http.get(f"/crm/v4/objects/companies/{company}/associations/contacts").json()
    contact = links["results"][0]["toObjectId"]
    search = {
        "filterGroups": [
            {"filters": [{"propertyName": "associations.contact", "operator": "EQ",
                          "value": contact}]}
        ]
    }  # fmt: skip
    before = http.post("/crm/v3/objects/companies/search", json=search).json()
    assert [r["id"] for r in before["results"]] == [company]
    assert http.delete(f"/crm/v3/objects/contacts/{contact}").status_code == 204
    after = http.post("/crm/v3/objects/companies/search", json=search).json()
    assert after["total"] == 0


@pytest.mark.parametrize("value", ["9" * 40, "99999999999999999", "-99999999999999999"])
def test_out_of_range_datetime_write_is_400(http: httpx.Client, value: str) -> None:
    create = {"properties": {"hs_timestamp": value, "hs_note_body": "Out of range"}}
    answer = http.post("/crm/v3/objects/notes", json=create)
    _is_validation_error(answer)
    assert answer.json()["errors"][0]["code"] == "INVALID_DATETIME"


@pytest.mark.parametrize("inputs", [5, "name", [None], {"name": "name"}])
def test_property_batch_read_with_malformed_inputs_is_400(
    http: httpx.Client, inputs: object
) -> None:
    answer = http.post("/crm/v3/properties/companies/batch/read", json={"inputs": inputs})
    _is_validation_error(answer)
