"""The objects API, judged by the official client: list pages, batch read and update, create."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx
import pytest
from hubspot.crm.companies import (
    BatchInputSimplePublicObjectBatchInput,
    BatchReadInputSimplePublicObjectId,
    BatchResponseSimplePublicObject,
    BatchResponseSimplePublicObjectWithErrors,
    SimplePublicObjectBatchInput,
    SimplePublicObjectId,
)
from hubspot.crm.companies.exceptions import ApiException
from hubspot.crm.contacts.exceptions import ApiException as ContactsApiException
from hubspot.crm.objects import (
    AssociationSpec,
    Filter,
    FilterGroup,
    PublicAssociationsForObject,
    PublicObjectId,
    PublicObjectSearchRequest,
    SimplePublicObjectInputForCreate,
)
from hubspot.crm.objects.tasks.exceptions import ApiException as ObjectsApiException

from connector.sandbox import generate_demo
from connector.sandbox.hubspot import HubSpotSandbox
from tests.sandbox_hubspot.conftest import body

if TYPE_CHECKING:
    from hubspot import HubSpot

    from connector.sandbox.demo import DemoData
    from tests.sandbox_hubspot.conftest import FakeClock


def test_get_page_walks_every_company_with_its_contacts(
    box: HubSpotSandbox, client: HubSpot, demo: DemoData
) -> None:
    seen, contacts_of, after, pages = [], {}, None, 0
    while True:
        page = client.crm.companies.basic_api.get_page(
            limit=7, after=after, properties=["name", "annualrevenue"], associations=["contacts"]
        )
        pages += 1
        for company in page.results:
            seen.append((company.id, company.properties["name"]))
            assert company.properties["hs_object_id"] == company.id
            assert company.archived is False
            links = company.associations["contacts"].results
            assert {a.type for a in links} >= {"company_to_contact", "company_to_contact_unlabeled"}
            contacts_of[company.id] = {a.id for a in links}
        if page.paging is None:
            break
        after = page.paging.next.after
    assert pages == 3
    ds = demo.dataset
    assert seen == [(box.hubspot_id(a.id), a.name) for a in ds.accounts]
    for account in ds.accounts:
        expected = {box.hubspot_id(c.id) for c in ds.contacts if c.account_id == account.id}
        assert contacts_of[box.hubspot_id(account.id)] == expected


def test_property_lists_both_ways_and_both_path_styles_agree(box: HubSpotSandbox) -> None:
    auth = {"Authorization": f"Bearer {box.token}"}
    with httpx.Client(base_url=box.url, headers=auth) as http:
        repeated = http.get(
            "/crm/v3/objects/contacts",
            params=[("properties", "jobtitle"), ("properties", "hs_buying_role")],
        )
        comma = http.get(
            "/crm/objects/2026-03/0-1", params={"properties": "jobtitle,hs_buying_role"}
        )
        unknown = http.get(
            "/crm/v3/objects/contacts", params={"properties": "jobtitle,no_such_prop"}
        )
    assert repeated.status_code == comma.status_code == 200
    assert repeated.json()["results"] == comma.json()["results"]
    assert repeated.json()["paging"]["next"]["after"] == comma.json()["paging"]["next"]["after"]
    first = repeated.json()["results"][0]["properties"]
    assert set(first) == {
        "jobtitle", "hs_buying_role", "hs_object_id", "createdate", "lastmodifieddate"
    }  # fmt: skip
    assert all(isinstance(v, str) for v in first.values())
    assert "no_such_prop" not in unknown.json()["results"][0]["properties"]


def test_list_limit_is_capped_at_100() -> None:
    with HubSpotSandbox.from_demo(generate_demo(3, 120)) as big, httpx.Client() as http:
        answer = http.get(
            f"{big.url}/crm/v3/objects/companies?limit=500",
            headers={"Authorization": f"Bearer {big.token}"},
        )
    assert answer.status_code == 200
    assert len(answer.json()["results"]) == 100
    assert answer.json()["paging"]["next"]["after"]


def test_archived_lists_the_deleted_records(
    box: HubSpotSandbox, client: HubSpot, demo: DemoData
) -> None:
    live = client.crm.companies.basic_api.get_page(limit=100)
    gone = client.crm.companies.basic_api.get_page(limit=100, archived=True)
    assert {c.id for c in gone.results} == {box.hubspot_id(i) for i in demo.deleted["accounts"]}
    assert all(c.archived and c.archived_at is not None for c in gone.results)
    assert not {c.id for c in gone.results} & {c.id for c in live.results}
    deleted_call = next(a for a in demo.deleted_records.activities if a.kind == "call")
    calls = client.crm.objects.calls.basic_api.get_page(
        limit=100, archived=True, properties=["hs_timestamp"]
    )
    times = {c.properties["hs_timestamp"][:19] for c in calls.results}
    assert deleted_call.occurred_at.strftime("%Y-%m-%dT%H:%M:%S") in times


def test_batch_read_answers_207_for_unknown_ids(
    box: HubSpotSandbox, client: HubSpot, demo: DemoData
) -> None:
    ids = [box.hubspot_id(a.id) for a in demo.dataset.accounts[:3]]
    answer = client.crm.companies.batch_api.read(
        batch_read_input_simple_public_object_id=BatchReadInputSimplePublicObjectId(
            inputs=[SimplePublicObjectId(id=i) for i in [*ids, "999"]],
            properties=["name"],
            properties_with_history=[],
        )
    )
    assert isinstance(answer, BatchResponseSimplePublicObjectWithErrors)
    assert sorted(r.id for r in answer.results) == sorted(ids)
    assert answer.num_errors == 1
    assert answer.errors[0].category == "OBJECT_NOT_FOUND"
    assert answer.errors[0].context == {"ids": ["999"]}


def test_batch_update_writes_values_and_bumps_modified_times(
    box: HubSpotSandbox, client: HubSpot, clock: FakeClock, demo: DemoData
) -> None:
    ids = [box.hubspot_id(a.id) for a in demo.dataset.accounts[:2]]
    clock.advance(3600)
    answer = client.crm.companies.batch_api.update(
        batch_input_simple_public_object_batch_input=BatchInputSimplePublicObjectBatchInput(
            inputs=[
                SimplePublicObjectBatchInput(id=i, properties={"annualrevenue": 72.0}) for i in ids
            ]
        )
    )
    assert isinstance(answer, BatchResponseSimplePublicObject)
    assert answer.status == "COMPLETE"
    assert {r.properties["annualrevenue"] for r in answer.results} == {"72"}
    company = client.crm.companies.basic_api.get_by_id(ids[0], properties=["annualrevenue"])
    assert company.properties["annualrevenue"] == "72"
    assert company.updated_at.timestamp() == pytest.approx(clock.now, abs=0.001)
    assert (
        company.properties["hs_lastmodifieddate"]
        == company.updated_at.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    )
    untouched = client.crm.companies.basic_api.get_by_id(
        box.hubspot_id(demo.dataset.accounts[2].id)
    )
    assert untouched.updated_at.timestamp() < clock.now - 3000


def test_batch_update_with_an_unknown_id_is_207(
    box: HubSpotSandbox, client: HubSpot, demo: DemoData
) -> None:
    good = box.hubspot_id(demo.dataset.contacts[0].id)
    answer = client.crm.contacts.batch_api.update(
        batch_input_simple_public_object_batch_input=BatchInputSimplePublicObjectBatchInput(
            inputs=[
                SimplePublicObjectBatchInput(id=good, properties={"jobtitle": "Chief Executive"}),
                SimplePublicObjectBatchInput(id="123", properties={"jobtitle": "Nobody"}),
            ]
        )
    )
    assert type(answer).__name__ == "BatchResponseSimplePublicObjectWithErrors"
    assert [r.id for r in answer.results] == [good]
    assert answer.errors[0].category == "OBJECT_NOT_FOUND"
    assert answer.errors[0].context == {"ids": ["123"]}


@pytest.mark.parametrize(
    ("properties", "needle"),
    [
        ({"no_such_property": "1"}, "PROPERTY_DOESNT_EXIST"),
        ({"hs_buying_role": "CEO"}, "INVALID_OPTION"),
        ({"hs_object_id": "1"}, "READ_ONLY_VALUE"),
        ({"hubspot_owner_id": "12"}, "INVALID_OWNER_ID"),
    ],
)
def test_batch_update_rejects_bad_values_whole(
    box: HubSpotSandbox, client: HubSpot, demo: DemoData, properties: dict[str, str], needle: str
) -> None:
    contact = demo.dataset.contacts[0]
    with pytest.raises(ContactsApiException) as caught:
        client.crm.contacts.batch_api.update(
            batch_input_simple_public_object_batch_input=BatchInputSimplePublicObjectBatchInput(
                inputs=[
                    SimplePublicObjectBatchInput(
                        id=box.hubspot_id(contact.id), properties=properties
                    )
                ]
            )
        )
    assert caught.value.status == 400
    error = body(caught.value)
    assert error["category"] == "VALIDATION_ERROR"
    assert needle in error["message"]
    assert error["correlationId"]
    after = client.crm.contacts.basic_api.get_by_id(
        box.hubspot_id(contact.id), properties=["jobtitle"]
    )
    assert after.properties["jobtitle"] == contact.title


def test_batch_update_takes_at_most_100_inputs_once_each(client: HubSpot) -> None:
    too_many = [
        SimplePublicObjectBatchInput(id=str(i), properties={"name": "x"}) for i in range(101)
    ]
    twice = [SimplePublicObjectBatchInput(id="1", properties={"name": "x"})] * 2
    for inputs in (too_many, twice):
        with pytest.raises(ApiException) as caught:
            client.crm.companies.batch_api.update(
                batch_input_simple_public_object_batch_input=BatchInputSimplePublicObjectBatchInput(
                    inputs=inputs
                )
            )
        assert caught.value.status == 400
        assert body(caught.value)["category"] == "VALIDATION_ERROR"


def test_buying_role_values_append_with_a_leading_semicolon(
    box: HubSpotSandbox, client: HubSpot, demo: DemoData
) -> None:
    contact = next(c for c in demo.dataset.contacts if c.role == "influencer")
    cid = box.hubspot_id(contact.id)
    before = client.crm.contacts.basic_api.get_by_id(cid, properties=["hs_buying_role"])
    client.crm.contacts.batch_api.update(
        batch_input_simple_public_object_batch_input=BatchInputSimplePublicObjectBatchInput(
            inputs=[SimplePublicObjectBatchInput(id=cid, properties={"hs_buying_role": ";BLOCKER"})]
        )
    )
    after = client.crm.contacts.basic_api.get_by_id(cid, properties=["hs_buying_role"])
    assert after.properties["hs_buying_role"] == before.properties["hs_buying_role"] + ";BLOCKER"


def test_create_task_with_associations(
    box: HubSpotSandbox, client: HubSpot, demo: DemoData, clock: FakeClock
) -> None:
    contact = demo.dataset.contacts[0]
    company, person = box.hubspot_id(contact.account_id), box.hubspot_id(contact.id)
    created = client.crm.objects.tasks.basic_api.create(
        simple_public_object_input_for_create=SimplePublicObjectInputForCreate(
            properties={
                "hs_task_subject": "Call the CFO",
                "hs_task_status": "NOT_STARTED",
                "hs_timestamp": "2026-12-08T09:00:00Z",
            },
            associations=[
                PublicAssociationsForObject(
                    to=PublicObjectId(id=company),
                    types=[
                        AssociationSpec(
                            association_category="HUBSPOT_DEFINED", association_type_id=192
                        )
                    ],
                ),
                PublicAssociationsForObject(
                    to=PublicObjectId(id=person),
                    types=[
                        AssociationSpec(
                            association_category="HUBSPOT_DEFINED", association_type_id=204
                        )
                    ],
                ),
            ],
        )
    )
    assert created.properties["hs_task_subject"] == "Call the CFO"
    assert created.properties["hs_timestamp"] == "2026-12-08T09:00:00.000Z"
    task = client.crm.objects.tasks.basic_api.get_by_id(
        created.id, properties=["hs_task_status"], associations=["companies", "contacts"]
    )
    assert task.properties["hs_task_status"] == "NOT_STARTED"
    assert [a.id for a in task.associations["companies"].results] == [company]
    assert [a.id for a in task.associations["contacts"].results] == [person]
    answer = client.crm.companies.basic_api.get_by_id(company, associations=["tasks"])
    assert created.id in {a.id for a in answer.associations["tasks"].results}

    # Search sees the new task only after the indexing delay.
    def found() -> int:
        return client.crm.objects.search_api.do_search(
            "tasks",
            public_object_search_request=PublicObjectSearchRequest(
                filter_groups=[
                    FilterGroup(
                        filters=[
                            Filter(
                                property_name="hs_task_subject", operator="EQ", value="Call the CFO"
                            )
                        ]
                    )
                ]
            ),
        ).total

    assert found() == 0
    clock.advance(2.5)
    assert found() == 1
    # An archived task leaves the company's associations.
    client.crm.objects.tasks.basic_api.archive(created.id)
    answer = client.crm.companies.basic_api.get_by_id(company, associations=["tasks"])
    tasks = (answer.associations or {}).get("tasks")
    assert tasks is None or created.id not in {a.id for a in tasks.results}


def test_creating_an_engagement_needs_its_time(client: HubSpot) -> None:
    with pytest.raises(ObjectsApiException) as caught:
        client.crm.objects.tasks.basic_api.create(
            simple_public_object_input_for_create=SimplePublicObjectInputForCreate(
                properties={"hs_task_subject": "No date"}
            )
        )
    assert caught.value.status == 400
    assert "hs_timestamp" in body(caught.value)["message"]
