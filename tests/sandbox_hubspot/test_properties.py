"""The properties API, judged by the official client: create (201, then 409), groups, outcome."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx
import pytest
from hubspot.crm.companies import BatchInputSimplePublicObjectBatchInput as CompanyBatch
from hubspot.crm.companies import SimplePublicObjectBatchInput as CompanyInput
from hubspot.crm.companies.exceptions import ApiException as CompanyApiException
from hubspot.crm.objects import BatchInputSimplePublicObjectBatchInput, SimplePublicObjectBatchInput
from hubspot.crm.properties import Option, PropertyCreate, PropertyGroupCreate
from hubspot.crm.properties.exceptions import ApiException, NotFoundException

from connector.sandbox.hubspot.values import OUTCOME_PROPERTY
from tests.sandbox_hubspot.conftest import body

if TYPE_CHECKING:
    from hubspot import HubSpot

    from connector.sandbox.hubspot import HubSpotSandbox

COLOR = PropertyCreate(
    name="health_color",
    label="Health color",
    type="enumeration",
    field_type="select",
    group_name="companyinformation",
    options=[
        Option(label=c, value=c.lower(), hidden=False, display_order=i)
        for i, c in enumerate(("Green", "Yellow", "Red"))
    ],
)


def test_create_property_201_then_409(client: HubSpot) -> None:
    core = client.crm.properties.core_api
    created, status, headers = core.create_with_http_info("companies", property_create=COLOR)
    assert status == 201
    assert headers["Location"].endswith("/crm/v3/properties/companies/health_color")
    assert created.name == "health_color"
    assert created.type == "enumeration"
    assert [o.value for o in created.options] == ["green", "yellow", "red"]
    assert created.modification_metadata.archivable is True
    assert core.get_by_name("companies", "health_color").label == "Health color"
    with pytest.raises(ApiException) as caught:
        core.create("companies", property_create=COLOR)
    assert caught.value.status == 409
    assert "health_color" in body(caught.value)["message"]
    assert body(caught.value)["correlationId"]


def test_created_property_takes_values(client: HubSpot) -> None:
    client.crm.properties.core_api.create("companies", property_create=COLOR)
    company = client.crm.companies.basic_api.get_page(limit=1).results[0]
    client.crm.companies.batch_api.update(
        batch_input_simple_public_object_batch_input=CompanyBatch(
            inputs=[CompanyInput(id=company.id, properties={"health_color": "yellow"})]
        )
    )
    again = client.crm.companies.basic_api.get_by_id(company.id, properties=["health_color"])
    assert again.properties["health_color"] == "yellow"
    with pytest.raises(CompanyApiException) as caught:
        client.crm.companies.batch_api.update(
            batch_input_simple_public_object_batch_input=CompanyBatch(
                inputs=[CompanyInput(id=company.id, properties={"health_color": "Purple"})]
            )
        )
    assert caught.value.status == 400


@pytest.mark.parametrize("object_type", ["calls", "meetings", "emails", "notes"])
def test_outcome_property_exists_on_engagements(client: HubSpot, object_type: str) -> None:
    prop = client.crm.properties.core_api.get_by_name(object_type, OUTCOME_PROPERTY)
    assert prop.type == "enumeration"
    assert [o.value for o in prop.options] == ["positive", "neutral", "negative"]
    assert not prop.hubspot_defined


def test_custom_property_on_calls_and_writing_it(client: HubSpot) -> None:
    client.crm.properties.core_api.create(
        "calls",
        property_create=PropertyCreate(
            name="health_reviewed",
            label="Reviewed for health",
            type="bool",
            field_type="booleancheckbox",
            group_name="callinformation",
        ),
    )
    call = client.crm.objects.calls.basic_api.get_page(limit=1).results[0]
    client.crm.objects.calls.batch_api.update(
        batch_input_simple_public_object_batch_input=BatchInputSimplePublicObjectBatchInput(
            inputs=[SimplePublicObjectBatchInput(id=call.id, properties={"health_reviewed": True})]
        )
    )
    again = client.crm.objects.calls.basic_api.get_by_id(call.id, properties=["health_reviewed"])
    assert again.properties["health_reviewed"] == "true"


def test_groups_create_and_list(client: HubSpot) -> None:
    groups = client.crm.properties.groups_api
    made = groups.create(
        "contacts", property_group_create=PropertyGroupCreate(name="health", label="Health")
    )
    assert made.name == "health"
    assert "health" in {g.name for g in groups.get_all("contacts").results}
    with pytest.raises(ApiException) as caught:
        groups.create(
            "contacts", property_group_create=PropertyGroupCreate(name="health", label="Health")
        )
    assert caught.value.status == 409


def test_unknown_property_is_404_and_unknown_group_is_400(client: HubSpot) -> None:
    with pytest.raises(NotFoundException):
        client.crm.properties.core_api.get_by_name("companies", "health_nothing")
    bad = PropertyCreate(
        name="health_score",
        label="Health score",
        type="number",
        field_type="number",
        group_name="nope",
    )
    with pytest.raises(ApiException) as caught:
        client.crm.properties.core_api.create("companies", property_create=bad)
    assert caught.value.status == 400


def test_buying_role_definition_and_date_path(box: HubSpotSandbox) -> None:
    with httpx.Client(base_url=box.url, headers={"Authorization": f"Bearer {box.token}"}) as http:
        v3 = http.get("/crm/v3/properties/contacts/hs_buying_role").json()
        dated = http.get("/crm/properties/2026-03/0-1/hs_buying_role").json()
    assert v3 == dated
    assert v3["fieldType"] == "checkbox"
    assert {o["value"] for o in v3["options"]} >= {"DECISION_MAKER", "BUDGET_HOLDER", "CHAMPION"}
