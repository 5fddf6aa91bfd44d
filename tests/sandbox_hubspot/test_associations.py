"""Associations v4, judged by the official client: batch read with labels, label definitions."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx
import pytest
from hubspot.crm.associations.v4 import (
    BatchInputPublicFetchAssociationsBatchRequest,
    BatchResponsePublicAssociationMultiWithLabel,
    PublicFetchAssociationsBatchRequest,
)
from hubspot.crm.associations.v4.exceptions import ApiException
from hubspot.crm.associations.v4.schema import PublicAssociationDefinitionCreateRequest

from connector.model import Role
from tests.sandbox_hubspot.conftest import body

if TYPE_CHECKING:
    from hubspot import HubSpot

    from connector.sandbox.demo import DemoData
    from connector.sandbox.hubspot import HubSpotSandbox


def _read(client: HubSpot, from_type: str, to_type: str, ids: list[str]) -> object:
    return client.crm.associations.v4.batch_api.get_page(
        from_object_type=from_type,
        to_object_type=to_type,
        batch_input_public_fetch_associations_batch_request=BatchInputPublicFetchAssociationsBatchRequest(
            inputs=[PublicFetchAssociationsBatchRequest(id=i) for i in ids]
        ),
    )


def test_contacts_of_companies_with_primary_unlabeled_and_custom_labels(
    box: HubSpotSandbox, client: HubSpot, demo: DemoData
) -> None:
    ds = demo.dataset
    ids = [box.hubspot_id(a.id) for a in ds.accounts]
    answer = _read(client, "companies", "contacts", ids)
    assert isinstance(answer, BatchResponsePublicAssociationMultiWithLabel)
    assert answer.status == "COMPLETE"
    by_company = {r._from.id: r.to for r in answer.results}
    labelled_dm = 0
    for account in ds.accounts:
        contacts = {box.hubspot_id(c.id): c for c in ds.contacts if c.account_id == account.id}
        to = by_company[box.hubspot_id(account.id)]
        assert {t.to_object_id for t in to} == set(contacts)
        for t in to:
            kinds = {(a.category, a.type_id, a.label) for a in t.association_types}
            assert ("HUBSPOT_DEFINED", 2, "Primary") in kinds
            assert ("HUBSPOT_DEFINED", 280, None) in kinds
            if ("USER_DEFINED", 902, "Decision maker") in kinds:
                labelled_dm += 1
                assert contacts[t.to_object_id].role == Role.DECISION_MAKER
    assert labelled_dm > 0
    back = _read(client, "contacts", "companies", [box.hubspot_id(ds.contacts[0].id)])
    assert {(a.type_id, a.label) for a in back.results[0].to[0].association_types} >= {
        (1, "Primary"),
        (279, None),
    }


def test_engagements_of_a_company_by_type_id_and_date_path(
    box: HubSpotSandbox, client: HubSpot, demo: DemoData
) -> None:
    account = demo.dataset.accounts[0]
    calls = [a for a in demo.dataset.activities if a.account_id == account.id and a.kind == "call"]
    answer = _read(client, "0-2", "calls", [box.hubspot_id(account.id)])
    assert len(answer.results[0].to) == len(calls)
    assert {a.type_id for t in answer.results[0].to for a in t.association_types} == {181}
    with httpx.Client(base_url=box.url, headers={"Authorization": f"Bearer {box.token}"}) as http:
        dated = http.post(
            "/crm/associations/2026-03/companies/calls/batch/read",
            json={"inputs": [{"id": box.hubspot_id(account.id)}]},
        )
    assert dated.status_code == 200
    assert len(dated.json()["results"][0]["to"]) == len(calls)


def test_one_record_pages_its_associations(box: HubSpotSandbox, demo: DemoData) -> None:
    account = demo.dataset.accounts[0]
    expected = {box.hubspot_id(c.id) for c in demo.dataset.contacts if c.account_id == account.id}
    got, after = set(), None
    with httpx.Client(base_url=box.url, headers={"Authorization": f"Bearer {box.token}"}) as http:
        while True:
            page = http.get(
                f"/crm/v4/objects/companies/{box.hubspot_id(account.id)}/associations/contacts",
                params={"limit": 2, **({"after": after} if after else {})},
            ).json()
            assert len(page["results"]) <= 2
            got |= {r["toObjectId"] for r in page["results"]}
            if "paging" not in page:
                break
            after = page["paging"]["next"]["after"]
    assert got == expected


def test_no_associations_and_unknown_ids_are_per_input_errors(
    box: HubSpotSandbox, client: HubSpot, demo: DemoData
) -> None:
    account = box.hubspot_id(demo.dataset.accounts[0].id)
    answer = _read(client, "companies", "contacts", [account, "77"])
    assert type(answer).__name__ == "BatchResponsePublicAssociationMultiWithLabelWithErrors"
    assert [r._from.id for r in answer.results] == [account]
    assert answer.num_errors == 1
    assert answer.errors[0].sub_category == "crm.associations.NO_ASSOCIATIONS_FOUND"
    assert answer.errors[0].context["fromObjectId"] == ["77"]


def test_batch_read_takes_at_most_1000_inputs(client: HubSpot) -> None:
    _read(client, "companies", "contacts", [str(i) for i in range(1000)])
    with pytest.raises(ApiException) as caught:
        _read(client, "companies", "contacts", [str(i) for i in range(1001)])
    assert caught.value.status == 400
    assert body(caught.value)["category"] == "VALIDATION_ERROR"


def test_label_definitions_list_and_create(client: HubSpot) -> None:
    definitions = client.crm.associations.v4.schema.definitions_api
    labels = definitions.get_all("contacts", "companies").results
    assert {(d.category, d.type_id, d.label) for d in labels} == {
        ("HUBSPOT_DEFINED", 1, "Primary"),
        ("HUBSPOT_DEFINED", 279, None),
        ("USER_DEFINED", 901, "Decision maker"),
    }
    created = definitions.create(
        "contacts",
        "companies",
        public_association_definition_create_request=PublicAssociationDefinitionCreateRequest(
            label="Champion", name="champion"
        ),
    )
    assert [d.label for d in created.results] == ["Champion", "Champion"]
    again = definitions.get_all("companies", "contacts").results
    assert "Champion" in {d.label for d in again}
