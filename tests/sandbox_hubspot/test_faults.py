"""Injected faults, answered in HubSpot's shape, and the request log."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx
import pytest
from hubspot.crm.companies import (
    BatchInputSimplePublicObjectBatchInput,
    SimplePublicObjectBatchInput,
)

import connector.sandbox.hubspot as hubspot_sandbox
from connector.sandbox.hubspot import HubSpotSandbox
from connector.sandbox.hubspot._app import FAULT_KINDS
from connector.sandbox.hubspot._routes import ENDPOINTS
from tests.sandbox_hubspot.conftest import FakeClock, logged, make_client

if TYPE_CHECKING:
    from connector.sandbox.demo import DemoData


def test_fault_kinds_answer_in_hubspot_shape(demo: DemoData) -> None:
    plan = "objects:429#1;objects:503#1;objects:500#1;objects:auth#1;objects:daily#1"
    with (
        HubSpotSandbox.from_demo(demo, faults=plan, clock=FakeClock()) as box,
        httpx.Client() as http,
    ):
        auth = {"Authorization": f"Bearer {box.token}"}
        answers = [http.get(f"{box.url}/crm/v3/objects/companies", headers=auth) for _ in range(6)]
        assert [a.status_code for a in answers] == [429, 503, 500, 401, 429, 200]
        for answer in answers[:5]:
            error = answer.json()
            assert error["status"] == "error"
            assert error["correlationId"] == answer.headers["X-HubSpot-Correlation-Id"]
        assert answers[0].json()["policyName"] == "TEN_SECONDLY_ROLLING"
        assert answers[0].headers["X-HubSpot-RateLimit-Remaining"]
        assert answers[3].json()["category"] == "INVALID_AUTHENTICATION"
        assert answers[4].json()["policyName"] == "DAILY"
        assert logged(box, "objects", None, 6) == 6
        kinds = [e.fault for e in box.server.log.entries()]
        assert kinds == ["429", "503", "500", "auth", "daily", None]


def test_429_fault_on_search_is_the_search_limit(demo: DemoData) -> None:
    with (
        HubSpotSandbox.from_demo(demo, faults="search:429", clock=FakeClock()) as box,
        httpx.Client() as http,
    ):
        auth = {"Authorization": f"Bearer {box.token}"}
        url = f"{box.url}/crm/v3/objects/companies/search"
        refused, passed = (http.post(url, json={}, headers=auth) for _ in range(2))
        assert refused.status_code == 429
        assert refused.json()["policyName"] == "SECONDLY"
        assert passed.status_code == 200


def test_record_fault_fails_some_inputs_of_a_batch_update(demo: DemoData) -> None:
    with HubSpotSandbox.from_demo(demo, faults="batch_update:record=2", clock=FakeClock()) as box:
        client = make_client(box)
        ids = [box.hubspot_id(a.id) for a in demo.dataset.accounts[:4]]
        answer = client.crm.companies.batch_api.update(
            batch_input_simple_public_object_batch_input=BatchInputSimplePublicObjectBatchInput(
                inputs=[
                    SimplePublicObjectBatchInput(id=i, properties={"annualrevenue": "9"})
                    for i in ids
                ]
            )
        )
        assert type(answer).__name__ == "BatchResponseSimplePublicObjectWithErrors"
        assert answer.num_errors == 1
        failed = answer.errors[0].context["ids"]
        assert len(failed) == 2
        assert sorted([r.id for r in answer.results] + failed) == sorted(ids)
        for oid in ids:
            value = client.crm.companies.basic_api.get_by_id(oid, properties=["annualrevenue"])
            assert (value.properties["annualrevenue"] == "9") is (oid not in failed)
        assert logged(box, "batch_update", 207, 1) == 1


def test_server_faults_drop_delay_and_time_out(demo: DemoData) -> None:
    plan = "owners:drop#1;owners:slow=0.2#1;owners:timeout=0.1#1"
    with (
        HubSpotSandbox.from_demo(demo, faults=plan, clock=FakeClock()) as box,
        httpx.Client() as http,
    ):
        auth = {"Authorization": f"Bearer {box.token}"}
        with pytest.raises(httpx.RemoteProtocolError):
            http.get(f"{box.url}/crm/v3/owners", headers=auth)
        slow = http.get(f"{box.url}/crm/v3/owners", headers=auth)
        assert slow.status_code == 200
        assert slow.elapsed.total_seconds() >= 0.2
        with pytest.raises(httpx.RemoteProtocolError):
            http.get(f"{box.url}/crm/v3/owners", headers=auth)
        assert http.get(f"{box.url}/crm/v3/owners", headers=auth).status_code == 200
        assert logged(box, "owners", 0, 2) == 2


def test_rate_of_faults_is_reproducible(demo: DemoData) -> None:
    def statuses(seed: int) -> list[int]:
        with (
            HubSpotSandbox.from_demo(
                demo, faults="*:5xx@0.3", fault_seed=seed, clock=FakeClock()
            ) as box,
            httpx.Client() as http,
        ):
            auth = {"Authorization": f"Bearer {box.token}"}
            return [
                http.get(f"{box.url}/crm/v3/owners", headers=auth).status_code for _ in range(30)
            ]

    first = statuses(5)
    assert first == statuses(5)
    assert {200, 503} == set(first)


def test_unknown_fault_kind_is_refused(demo: DemoData) -> None:
    with pytest.raises(ValueError, match="unknown fault 'teapot'"):
        HubSpotSandbox.from_demo(demo, faults="objects:teapot")


def test_the_package_documents_every_endpoint_and_fault_kind() -> None:
    doc = hubspot_sandbox.__doc__ or ""
    for name in ENDPOINTS | FAULT_KINDS:
        assert f"``{name}``" in doc, name
