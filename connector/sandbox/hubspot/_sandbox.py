"""The running HubSpot sandbox: a portal, its tokens and limits, served on loopback.

Private module; the public names are re-exported by :mod:`connector.sandbox.hubspot`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Self

from connector.model import Dataset
from connector.sandbox._faults import FaultPlan
from connector.sandbox._http import SandboxServer
from connector.sandbox.hubspot._app import FAULT_KINDS, HubSpotApp
from connector.sandbox.hubspot._auth import Tokens
from connector.sandbox.hubspot._ratelimit import (
    SEARCH_PER_SECOND,
    TIERS,
    WINDOW_SECONDS,
    RateLimiter,
    Tier,
)
from connector.sandbox.hubspot._state import load_state, save_state, source_of
from connector.sandbox.hubspot._translate import build_portal

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path
    from types import TracebackType

    from connector.sandbox.cli import SandboxOptions
    from connector.sandbox.demo import DemoData
    from connector.sandbox.hubspot._store import Portal

__all__ = ["HubSpotSandbox", "Limits", "open_sandbox"]

TOKEN_ENV = "HEALTHSCORE_HUBSPOT_TOKEN"  # noqa: S105 - the variable's name, not a token


@dataclass(frozen=True, slots=True)
class Limits:
    """Rate-limit and indexing settings; tests shorten or fake them."""

    tier: str = "professional"
    burst: int | None = None  # requests per window per token (None: the tier's)
    daily: int | None = None  # requests per day (None: the tier's)
    window: float = WINDOW_SECONDS
    search_per_second: int = SEARCH_PER_SECOND
    index_delay: float = 1.0


class HubSpotSandbox:
    """A HubSpot portal served over HTTP on loopback (started on creation).

    ``clock`` (epoch seconds) drives rate limits, the indexing delay and
    modification times, so tests can move time on without waiting.
    """

    def __init__(
        self,
        portal: Portal,
        *,
        port: int = 0,
        faults: str = "",
        fault_seed: int = 0,
        limits: Limits | None = None,
        clock: Callable[[], float] | None = None,
        tokens: Tokens | None = None,
        state: Path | None = None,
        source: dict[str, Any] | None = None,
    ) -> None:
        limits = limits or Limits()
        if limits.tier not in TIERS:
            msg = f"unknown tier {limits.tier!r}; choose one of: {', '.join(TIERS)}"
            raise ValueError(msg)
        self.portal = portal
        self.portal.clock = clock or time.time
        self.portal.index_delay = limits.index_delay
        self.tokens = tokens or Tokens()
        self.state = state
        self.source = source or {}
        tier = TIERS[limits.tier]
        self.limiter = RateLimiter(
            Tier(limits.burst or tier.burst, limits.daily or tier.daily),
            self.portal.clock,
            window=limits.window,
            search_per_second=limits.search_per_second,
        )
        self.app = HubSpotApp(self.portal, self.tokens, self.limiter)
        plan = FaultPlan(faults, seed=fault_seed, kinds=FAULT_KINDS)
        self.server = SandboxServer(self.app, port=port, faults=plan)
        self.server.start()

    @classmethod
    def from_demo(cls, data: DemoData, **kwargs: Any) -> Self:  # noqa: ANN401
        """A sandbox serving a generated demo org (deleted records archived)."""
        return cls(build_portal(data.dataset, data.deleted_records, data.as_of), **kwargs)

    @classmethod
    def from_dataset(
        cls,
        dataset: Dataset,
        *,
        as_of: datetime | None = None,
        **kwargs: Any,  # noqa: ANN401
    ) -> Self:
        """A sandbox serving a canonical dataset (``as_of``: its latest time by default)."""
        return cls(build_portal(dataset, Dataset(), as_of or _latest(dataset)), **kwargs)

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:8080``."""
        return self.server.url

    @property
    def token(self) -> str:
        """The connector app's token (full scopes)."""
        return self.tokens.main.value

    @property
    def read_only_token(self) -> str:
        """A token that may only read companies and contacts."""
        return self.tokens.reduced.value

    def hubspot_id(self, canonical_id: str) -> str:
        """The HubSpot id of a canonical user, account, contact or deal id (KeyError if none)."""
        found = self.portal.id_of(canonical_id)
        if found is None:
            raise KeyError(canonical_id)
        return found[1]

    def connection_info(self) -> dict[str, str]:
        """Base URL, the throwaway token and its scopes (and the read-only token)."""
        return {
            "base_url": self.url,
            "token": self.token,
            "scopes": " ".join(sorted(self.tokens.main.scopes)),
            "read_only_token": self.read_only_token,
            "read_only_scopes": " ".join(sorted(self.tokens.reduced.scopes)),
        }

    def connection_block(self) -> str:
        """A ``[connections.sandbox-hubspot]`` block; the token goes in the environment."""
        return (
            "[connections.sandbox-hubspot]\n"
            'crm = "hubspot"\n'
            f'base_url = "{self.url}"\n'
            f'token_env = "{TOKEN_ENV}"\n'
        )

    def close(self) -> None:
        """Stop serving, saving the portal's changes to the state file if one was given."""
        self.server.stop()
        if self.state is not None:
            save_state(self.state, self.portal, self.tokens, self.source)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _latest(dataset: Dataset) -> datetime:
    times = [a.occurred_at for a in dataset.activities] + [
        d.closed_at for d in dataset.deals if d.closed_at is not None
    ]
    return max(times) if times else datetime.now(UTC)


def open_sandbox(options: SandboxOptions) -> HubSpotSandbox:
    """Start the HubSpot sandbox ``healthscore sandbox serve --crm hubspot`` asks for.

    Raises ValueError when the options cannot be served (a bad dataset, an
    unknown fault, a state file made from other data).
    """
    from connector.canonical_json import InputFileError, read_dataset  # noqa: PLC0415
    from connector.sandbox.demo import generate_demo  # noqa: PLC0415

    FaultPlan(options.faults, kinds=FAULT_KINDS)  # a bad plan fails before the long build
    if options.data is not None:
        try:
            loaded = read_dataset(options.data)
        except InputFileError as exc:
            raise ValueError(str(exc)) from None
        portal = build_portal(loaded.dataset, Dataset(), _latest(loaded.dataset))
    else:
        demo = generate_demo(options.seed, options.accounts)
        portal = build_portal(demo.dataset, demo.deleted_records, demo.as_of)
        del demo
    source = source_of(options) if options.state is not None else {}
    tokens = None
    if options.state is not None and options.state.exists():
        tokens = load_state(options.state, portal, source)
    return HubSpotSandbox(
        portal,
        port=options.port,
        faults=options.faults,
        fault_seed=options.seed,
        tokens=tokens,
        state=options.state,
        source=source,
    )
