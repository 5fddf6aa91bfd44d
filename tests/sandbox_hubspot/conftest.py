"""Fixtures for the HubSpot sandbox tests: a demo org, a sandbox per test, the official client.

Each test gets its own sandbox (a 20-company portal builds in milliseconds)
running on a fake clock, so rate limits, the search indexing delay and
modification times are under the test's control; the demo org itself is
generated once per session.
"""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any

import pytest
from hubspot import HubSpot
from urllib3.util.retry import Retry

from connector.sandbox import generate_demo
from connector.sandbox.hubspot import HubSpotSandbox, Limits

if TYPE_CHECKING:
    from collections.abc import Iterator

    from connector.sandbox.demo import DemoData

START = 1_796_202_000.0  # 2026-12-02 09:00 UTC, a day after the demo's as_of


class FakeClock:
    """A clock the test moves by hand (epoch seconds)."""

    def __init__(self, now: float = START) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(scope="session")
def demo() -> DemoData:
    return generate_demo(7, 20)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def box(demo: DemoData, clock: FakeClock) -> Iterator[HubSpotSandbox]:
    with HubSpotSandbox.from_demo(demo, clock=clock, limits=Limits(index_delay=2.0)) as sandbox:
        yield sandbox


def make_client(box: HubSpotSandbox, token: str | None = None) -> HubSpot:
    """The official client pointed at the sandbox, retrying nothing (tests see every answer)."""
    return HubSpot(
        access_token=token or box.token,
        host=box.url,
        retry=Retry(total=0, raise_on_status=False),
    )


@pytest.fixture
def client(box: HubSpotSandbox) -> HubSpot:
    return make_client(box)


def logged(box: HubSpotSandbox, endpoint: str, status: int | None, expected: int) -> int:
    """The log's count for ``endpoint`` and ``status``, once it reaches ``expected`` (or after 1 s).

    The server logs a request just after answering it, so a client can see an
    answer a moment before the log does.
    """
    deadline = time.monotonic() + 1.0
    while box.server.log.count(endpoint, status) < expected and time.monotonic() < deadline:
        time.sleep(0.005)
    return box.server.log.count(endpoint, status)


def body(exc: Any) -> dict[str, Any]:
    """The JSON body of an ``ApiException``."""
    parsed: dict[str, Any] = json.loads(exc.body)
    return parsed
