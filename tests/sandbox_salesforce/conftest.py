"""Fixtures: small demo orgs on loopback HTTPS, a fixed clock, simple-salesforce clients.

The clock starts a day after the demo's ``as_of`` and ticks one second per
reading, so timestamps written by the sandbox are distinct and tests do not
depend on today's date (getDeleted only looks 15 days back).
"""

from __future__ import annotations

import itertools
import threading
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
import requests
from simple_salesforce import Salesforce

from connector.sandbox import DEMO_AS_OF
from connector.sandbox.cli import SandboxOptions
from connector.sandbox.salesforce import SalesforceSandbox, sandbox_session

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

START = DEMO_AS_OF + timedelta(days=1)


class TickingClock:
    """A clock that starts at ``start`` and moves one second each time it is read."""

    def __init__(self, start: datetime = START) -> None:
        self.start = start
        self._ticks = itertools.count()
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self.start + timedelta(seconds=next(self._ticks))

    def skip(self, delta: timedelta) -> None:
        """Jump ahead by ``delta``."""
        with self._lock:
            self.start += delta


def make_box(tmp: Path, **options: Any) -> SalesforceSandbox:
    """A demo sandbox (20 accounts unless told) with the ticking clock."""
    limit = options.pop("daily_limit", None)
    opts = SandboxOptions(**{"accounts": 20, "seed": 7, "workdir": tmp, **options})
    return SalesforceSandbox(opts, clock=TickingClock(), daily_limit=limit)


def direct_client(box: SalesforceSandbox, session: requests.Session | None = None) -> Salesforce:
    """simple-salesforce with the sandbox's session id (no login, no re-login)."""
    if session is None:
        session = requests.Session()
        session.trust_env = False
        session.verify = str(box.ca_bundle)
    return Salesforce(instance_url=box.url, session_id=box.session_id, session=session)


@pytest.fixture(scope="session")
def shared_box(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SalesforceSandbox]:
    """One read-only demo org for tests that only read (do not write to it)."""
    box = make_box(tmp_path_factory.mktemp("sf-shared"))
    yield box
    box.close()


@pytest.fixture
def box(tmp_path: Path) -> Iterator[SalesforceSandbox]:
    """A fresh demo org of 20 accounts, for tests that write or inject faults."""
    sandbox = make_box(tmp_path)
    yield sandbox
    sandbox.close()


@pytest.fixture
def http(shared_box: SalesforceSandbox) -> Iterator[requests.Session]:
    """A requests session trusting only the sandbox CA (closed afterwards)."""
    session = sandbox_session(shared_box.url, shared_box.ca_bundle)
    yield session
    session.close()


@pytest.fixture
def sf(shared_box: SalesforceSandbox, http: requests.Session) -> Salesforce:
    """simple-salesforce on the shared org."""
    return direct_client(shared_box, http)


@pytest.fixture
def sf_box(box: SalesforceSandbox) -> Iterator[Salesforce]:
    """simple-salesforce on the fresh org of ``box``."""
    session = sandbox_session(box.url, box.ca_bundle)
    yield direct_client(box, session)
    session.close()
