"""HubSpot's rate limits: a rolling 10-second window per app, a daily quota per
portal, and search's own per-second limit (crm-apis.md §12).

Private to the HubSpot sandbox. Only requests let through count. The daily
quota resets at midnight UTC (HubSpot: the portal's time zone). Search calls
count against the daily quota but not the 10-second window, and their
answers carry no rate-limit headers (as reported of HubSpot).
"""

from __future__ import annotations

import math
import threading
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING

from connector.sandbox.hubspot._errors import ApiError, new_correlation_id

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["TIERS", "RateLimiter", "Tier"]


@dataclass(frozen=True, slots=True)
class Tier:
    """A subscription tier's limits."""

    burst: int  # requests per rolling window, per app
    daily: int  # requests per day, per portal


TIERS: dict[str, Tier] = {
    "free": Tier(100, 250_000),
    "starter": Tier(100, 250_000),
    "professional": Tier(190, 650_000),
    "enterprise": Tier(190, 1_000_000),
}
WINDOW_SECONDS = 10.0
SEARCH_PER_SECOND = 5


def _limit_error(policy: str, message: str, retry_after: float | None) -> ApiError:
    headers = {"Retry-After": str(max(1, math.ceil(retry_after)))} if retry_after else {}
    return ApiError(
        429,
        message,
        None,  # HubSpot's 429 bodies carry errorType and policyName instead
        extra={"errorType": "RATE_LIMIT", "policyName": policy, "requestId": new_correlation_id()},
        headers=headers,
    )


def ten_secondly_error(retry_after: float | None = None) -> ApiError:
    """The 429 of the rolling 10-second window."""
    return _limit_error(
        "TEN_SECONDLY_ROLLING", "You have reached your ten_secondly_rolling limit.", retry_after
    )


def daily_error() -> ApiError:
    """The 429 of the daily quota."""
    return _limit_error("DAILY", "You have reached your daily limit.", None)


def secondly_error(retry_after: float | None = None) -> ApiError:
    """The 429 of search's per-second limit."""
    return _limit_error("SECONDLY", "You have reached your secondly limit.", retry_after)


class RateLimiter:
    """Counts requests and refuses those over a limit (thread-safe)."""

    def __init__(
        self,
        tier: Tier,
        clock: Callable[[], float],
        *,
        window: float = WINDOW_SECONDS,
        search_per_second: int = SEARCH_PER_SECOND,
    ) -> None:
        self.tier = tier
        self.clock = clock
        self.window = window
        self.search_per_second = search_per_second
        self._apps: dict[str, deque[float]] = {}
        self._search: deque[float] = deque()
        self._day = -1
        self.used_today = 0
        self._lock = threading.Lock()

    def _roll(self, now: float) -> None:
        day = math.floor(now / 86_400)
        if day != self._day:
            self._day, self.used_today = day, 0

    def admit(self, app: str, *, search: bool = False) -> dict[str, str]:
        """Count one request of ``app``; its rate-limit headers, or the 429 to answer."""
        with self._lock:
            now = self.clock()
            self._roll(now)
            calls = self._apps.setdefault(app, deque())
            while calls and calls[0] <= now - self.window:
                calls.popleft()
            if self.used_today >= self.tier.daily:
                raise daily_error()
            if search:
                while self._search and self._search[0] <= now - 1.0:
                    self._search.popleft()
                if len(self._search) >= self.search_per_second:
                    raise secondly_error(self._search[0] + 1.0 - now)
                self._search.append(now)
                self.used_today += 1
                return {}
            if len(calls) >= self.tier.burst:
                error = ten_secondly_error(calls[0] + self.window - now)
                error.headers.update(self._headers(0))
                raise error
            calls.append(now)
            self.used_today += 1
            return self._headers(self.tier.burst - len(calls))

    def headers(self, app: str) -> dict[str, str]:
        """The rate-limit headers for ``app`` without counting a request."""
        with self._lock:
            now = self.clock()
            self._roll(now)
            calls = self._apps.get(app, deque())
            recent = sum(1 for t in calls if t > now - self.window)
            return self._headers(self.tier.burst - recent)

    def _headers(self, remaining: int) -> dict[str, str]:
        return {
            "X-HubSpot-RateLimit-Daily": str(self.tier.daily),
            "X-HubSpot-RateLimit-Daily-Remaining": str(max(0, self.tier.daily - self.used_today)),
            "X-HubSpot-RateLimit-Interval-Milliseconds": str(int(self.window * 1000)),
            "X-HubSpot-RateLimit-Max": str(self.tier.burst),
            "X-HubSpot-RateLimit-Remaining": str(max(0, remaining)),
        }

    def usage(self) -> tuple[int, int, float]:
        """Requests used today, the daily quota, and when the day resets (epoch s)."""
        with self._lock:
            now = self.clock()
            self._roll(now)
            return self.used_today, self.tier.daily, (self._day + 1) * 86_400.0
