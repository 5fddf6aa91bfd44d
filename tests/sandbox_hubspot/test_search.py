"""The search API, judged by the official client: filters, sorts, paging, its limits and lag."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from hubspot.crm.companies import (
    BatchInputSimplePublicObjectBatchInput,
    Filter,
    FilterGroup,
    PublicObjectSearchRequest,
    SimplePublicObjectBatchInput,
)
from hubspot.crm.companies.exceptions import ApiException
from hubspot.crm.objects import Filter as ObjFilter
from hubspot.crm.objects import FilterGroup as ObjFilterGroup
from hubspot.crm.objects import PublicObjectSearchRequest as ObjSearch
from hubspot.crm.objects.exceptions import ApiException as ObjApiException

from connector.sandbox import generate_demo
from connector.sandbox.hubspot import HubSpotSandbox
from tests.sandbox_hubspot.conftest import FakeClock, body, make_client

if TYPE_CHECKING:
    from collections.abc import Iterator

    from hubspot import HubSpot

    from connector.sandbox.demo import DemoData


def _search(client: HubSpot, **kw: object) -> object:
    return client.crm.companies.search_api.do_search(
        public_object_search_request=PublicObjectSearchRequest(**kw)
    )


def test_filters_sort_and_paging(
    box: HubSpotSandbox, client: HubSpot, demo: DemoData, clock: FakeClock
) -> None:
    rich = sorted(
        (a for a in demo.dataset.accounts if a.value is not None and a.value >= 100_000),
        key=lambda a: (-a.value, box.hubspot_id(a.id)),
    )
    got, after = [], None
    while True:
        page = _search(
            client,
            filter_groups=[
                FilterGroup(
                    filters=[Filter(property_name="annualrevenue", operator="GTE", value="100000")]
                )
            ],
            sorts=["-annualrevenue"],
            properties=["name", "annualrevenue"],
            limit=3,
            after=after,
        )
        clock.advance(1)
        assert page.total == len(rich)
        got += [(r.id, r.properties["name"]) for r in page.results]
        if page.paging is None:
            break
        after = page.paging.next.after
    assert got == [(box.hubspot_id(a.id), a.name) for a in rich]


def test_groups_are_ored_filters_anded(
    box: HubSpotSandbox, client: HubSpot, demo: DemoData
) -> None:
    first, second = demo.dataset.accounts[0], demo.dataset.accounts[1]
    page = _search(
        client,
        filter_groups=[
            FilterGroup(
                filters=[Filter(property_name="name", operator="EQ", value=first.name.upper())]
            ),
            FilterGroup(
                filters=[
                    Filter(
                        property_name="hs_object_id", operator="EQ", value=box.hubspot_id(second.id)
                    ),
                    Filter(property_name="name", operator="CONTAINS_TOKEN", value="*harbor*"),
                ]
            ),
        ],
        limit=10,
    )
    assert sorted(r.id for r in page.results) == sorted(
        box.hubspot_id(a.id) for a in (first, second)
    )


def test_contacts_of_a_company_by_association_and_buying_role(
    box: HubSpotSandbox, client: HubSpot, demo: DemoData
) -> None:
    account = demo.dataset.accounts[0]
    page = client.crm.objects.search_api.do_search(
        "contacts",
        public_object_search_request=ObjSearch(
            filter_groups=[
                ObjFilterGroup(
                    filters=[
                        ObjFilter(
                            property_name="associations.company",
                            operator="EQ",
                            value=box.hubspot_id(account.id),
                        ),
                        ObjFilter(
                            property_name="hs_buying_role",
                            operator="IN",
                            values=["DECISION_MAKER", "BUDGET_HOLDER"],
                        ),
                    ]
                )
            ],
            properties=["hs_buying_role"],
            limit=100,
        ),
    )
    expected = {
        box.hubspot_id(c.id)
        for c in demo.dataset.contacts
        if c.account_id == account.id and c.role in ("decision_maker", "approver")
    }
    assert {r.id for r in page.results} == expected


def test_search_sees_writes_after_the_indexing_delay(
    box: HubSpotSandbox, client: HubSpot, demo: DemoData, clock: FakeClock
) -> None:
    account = demo.dataset.accounts[0]
    cid = box.hubspot_id(account.id)
    client.crm.companies.batch_api.update(
        batch_input_simple_public_object_batch_input=BatchInputSimplePublicObjectBatchInput(
            inputs=[SimplePublicObjectBatchInput(id=cid, properties={"annualrevenue": "1"})]
        )
    )
    one = FilterGroup(filters=[Filter(property_name="annualrevenue", operator="EQ", value="1")])
    stale = _search(client, filter_groups=[one], properties=["annualrevenue"], limit=5)
    assert stale.total == 0
    by_id = FilterGroup(filters=[Filter(property_name="hs_object_id", operator="EQ", value=cid)])
    old = _search(client, filter_groups=[by_id], properties=["annualrevenue"], limit=5)
    assert old.results[0].properties["annualrevenue"] == f"{account.value:.0f}"
    clock.advance(2.5)
    fresh = _search(client, filter_groups=[one], properties=["annualrevenue"], limit=5)
    assert [r.id for r in fresh.results] == [cid]
    assert fresh.results[0].properties["annualrevenue"] == "1"


def test_limit_over_200_is_400(client: HubSpot) -> None:
    with pytest.raises(ApiException) as caught:
        _search(client, limit=201)
    assert caught.value.status == 400
    assert body(caught.value)["category"] == "VALIDATION_ERROR"


def test_search_has_its_own_per_second_limit(client: HubSpot, clock: FakeClock) -> None:
    for _ in range(5):
        _search(client, limit=1)
    with pytest.raises(ApiException) as caught:
        _search(client, limit=1)
    assert caught.value.status == 429
    assert body(caught.value)["policyName"] == "SECONDLY"
    assert "X-HubSpot-RateLimit-Remaining" not in caught.value.headers
    clock.advance(1.01)
    answer = client.crm.companies.search_api.do_search_with_http_info(
        public_object_search_request=PublicObjectSearchRequest(limit=1)
    )
    assert answer[1] == 200
    assert not any(k.lower().startswith("x-hubspot-ratelimit") for k in answer[2])


@pytest.fixture(scope="module")
def big_box() -> Iterator[tuple[HubSpotSandbox, FakeClock]]:
    clock = FakeClock()
    with HubSpotSandbox.from_demo(generate_demo(11, 900), clock=clock) as sandbox:
        yield sandbox, clock


def test_search_pages_to_10000_results_then_answers_400(
    big_box: tuple[HubSpotSandbox, FakeClock],
) -> None:
    box, clock = big_box
    client = make_client(box)
    request = {"properties": ["hs_timestamp"], "limit": 200, "sorts": ["hs_timestamp"]}
    seen: list[str] = []
    stamps: list[str] = []
    after = None
    while after != "10000":
        page = client.crm.objects.search_api.do_search(
            "calls", public_object_search_request=ObjSearch(after=after, **request)
        )
        clock.advance(0.25)
        seen += [r.id for r in page.results]
        stamps += [r.properties["hs_timestamp"] for r in page.results]
        after = page.paging.next.after
    assert page.total > 10_000
    assert len(seen) == len(set(seen)) == 10_000
    assert stamps == sorted(stamps)
    with pytest.raises(ObjApiException) as caught:
        client.crm.objects.search_api.do_search(
            "calls", public_object_search_request=ObjSearch(after="10000", **request)
        )
    assert caught.value.status == 400
    assert body(caught.value)["category"] == "VALIDATION_ERROR"
