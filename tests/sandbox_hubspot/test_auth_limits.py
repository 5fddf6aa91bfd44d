"""Tokens, scopes and rate limits: 401, 403 naming scopes, 429 with HubSpot's body and headers."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import httpx
import pytest
from hubspot.crm.companies import (
    BatchInputSimplePublicObjectBatchInput,
    SimplePublicObjectBatchInput,
)
from hubspot.crm.companies.exceptions import ApiException, ForbiddenException, UnauthorizedException
from hubspot.crm.objects.emails.exceptions import ForbiddenException as ObjForbidden

from connector.sandbox.hubspot import HubSpotSandbox, Limits
from tests.sandbox_hubspot.conftest import FakeClock, body, logged, make_client

if TYPE_CHECKING:
    from hubspot import HubSpot

    from connector.sandbox.demo import DemoData

RATE_HEADERS = (
    "X-HubSpot-RateLimit-Daily",
    "X-HubSpot-RateLimit-Daily-Remaining",
    "X-HubSpot-RateLimit-Interval-Milliseconds",
    "X-HubSpot-RateLimit-Max",
    "X-HubSpot-RateLimit-Remaining",
)


@pytest.mark.parametrize("token", ["pat-na1-not-a-real-token", ""])
def test_bad_or_missing_token_is_401(box: HubSpotSandbox, token: str) -> None:
    client = make_client(box, token=token or None)
    if not token:
        client.access_token = None
        client.config.pop("access_token", None)
    with pytest.raises(UnauthorizedException) as caught:
        client.crm.companies.basic_api.get_page()
    error = body(caught.value)
    assert error["category"] == "INVALID_AUTHENTICATION"
    assert error["status"] == "error"
    assert error["correlationId"]
    assert logged(box, "objects", 401, 1) == 1


def test_read_only_token_gets_403_naming_missing_scopes(box: HubSpotSandbox) -> None:
    reader = make_client(box, token=box.read_only_token)
    assert reader.crm.companies.basic_api.get_page(limit=1).results
    with pytest.raises(ForbiddenException) as caught:
        reader.crm.companies.batch_api.update(
            batch_input_simple_public_object_batch_input=BatchInputSimplePublicObjectBatchInput(
                inputs=[SimplePublicObjectBatchInput(id="1", properties={"name": "x"})]
            )
        )
    error = body(caught.value)
    assert error["category"] == "MISSING_SCOPES"
    assert error["errors"][0]["context"]["requiredGranularScopes"] == [
        "crm.objects.companies.write"
    ]
    with pytest.raises(ObjForbidden) as emails:
        reader.crm.objects.emails.basic_api.get_page(limit=1)
    scopes = body(emails.value)["errors"][0]["context"]["requiredGranularScopes"]
    assert "sales-email-read" in scopes


def test_emails_need_sales_email_read(client: HubSpot) -> None:
    page = client.crm.objects.emails.basic_api.get_page(
        limit=2, properties=["hs_email_direction", "hs_email_thread_id"]
    )
    assert {r.properties["hs_email_direction"] for r in page.results} <= {"EMAIL", "INCOMING_EMAIL"}


def test_past_190_requests_in_10_seconds_answer_429(demo: DemoData) -> None:
    """Real clock, default (professional) tier: 190 pass, then HubSpot's 429."""
    with HubSpotSandbox.from_demo(demo) as box, httpx.Client(base_url=box.url) as http:
        auth = {"Authorization": f"Bearer {box.token}"}
        started = time.monotonic()
        answers = [http.get("/crm/v3/objects/companies?limit=1", headers=auth) for _ in range(195)]
        elapsed = time.monotonic() - started
        assert elapsed < 10, "the test assumes all requests fall in one window"
        statuses = [a.status_code for a in answers]
        assert statuses == [200] * 190 + [429] * 5
        remaining = [int(a.headers["X-HubSpot-RateLimit-Remaining"]) for a in answers[:190]]
        assert remaining == list(range(189, -1, -1))
        refused = answers[190]
        assert all(h in refused.headers for h in RATE_HEADERS)
        assert refused.headers["X-HubSpot-RateLimit-Max"] == "190"
        assert refused.headers["X-HubSpot-RateLimit-Remaining"] == "0"
        assert refused.headers["X-HubSpot-RateLimit-Interval-Milliseconds"] == "10000"
        assert 1 <= int(refused.headers["Retry-After"]) <= 10
        error = refused.json()
        assert error["status"] == "error"
        assert error["errorType"] == "RATE_LIMIT"
        assert error["policyName"] == "TEN_SECONDLY_ROLLING"
        assert error["message"] == "You have reached your ten_secondly_rolling limit."
        assert error["correlationId"]
        assert error["requestId"]
        # The official client surfaces it as an ApiException with the same body.
        with pytest.raises(ApiException) as caught:
            make_client(box).crm.companies.basic_api.get_page(limit=1)
        assert caught.value.status == 429
        assert body(caught.value)["policyName"] == "TEN_SECONDLY_ROLLING"
        # The read-only token is another app, with its own window.
        other = http.get(
            "/crm/v3/objects/companies?limit=1",
            headers={"Authorization": f"Bearer {box.read_only_token}"},
        )
        assert other.status_code == 200


def test_window_rolls_and_tiers_differ(demo: DemoData) -> None:
    clock = FakeClock()
    with HubSpotSandbox.from_demo(demo, clock=clock, limits=Limits(tier="starter")) as box:
        client = make_client(box)
        for _ in range(100):
            client.crm.owners.owners_api.get_page(limit=1)
            clock.advance(0.05)
        with pytest.raises(Exception, match="429"):
            client.crm.owners.owners_api.get_page(limit=1)
        clock.advance(5.01)  # the first requests have left the window
        _, status, headers = client.crm.owners.owners_api.get_page_with_http_info(limit=1)
        assert status == 200
        assert headers["X-HubSpot-RateLimit-Max"] == "100"
        assert headers["X-HubSpot-RateLimit-Daily"] == "250000"


def test_daily_quota_and_usage_endpoint(demo: DemoData) -> None:
    clock = FakeClock()
    with HubSpotSandbox.from_demo(demo, clock=clock, limits=Limits(daily=4)) as box:
        auth = {"Authorization": f"Bearer {box.token}"}
        with httpx.Client(base_url=box.url, headers=auth) as http:
            codes = [http.get("/crm/v3/owners").status_code for _ in range(3)]
            usage = http.get("/account-info/v3/api-usage/daily/private-apps").json()["results"][0]
            refused = http.get("/crm/v3/owners")
            clock.advance(86_400)
            next_day = http.get("/crm/v3/owners")
    assert codes == [200, 200, 200]
    assert usage["currentUsage"] == 4
    assert usage["usageLimit"] == 4
    assert refused.status_code == 429
    assert refused.json()["policyName"] == "DAILY"
    assert refused.json()["message"] == "You have reached your daily limit."
    assert next_day.status_code == 200
