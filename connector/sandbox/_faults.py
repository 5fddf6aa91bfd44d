"""Fault injection for the sandbox CRMs: reproducible from a seed.

A plan is a list of rules, each matching an endpoint name (``*`` for any):

    ENDPOINT:KIND[=ARG][@PROBABILITY | #COUNT]

separated by ``;`` or ``,``. ``query:limit#2`` answers the next two query
calls with the CRM's rate-limit error; ``*:5xx@0.05`` fails 5 % of all calls
with a 503; ``query:slow=1.5@0.2`` delays a fifth of the query calls by 1.5
seconds. A rule with neither ``@`` nor ``#`` fires once.

The server itself carries out ``slow``, ``timeout`` (hold the request for ARG
seconds, default 30, then close without answering) and ``drop`` (close the
connection without answering); every other kind is handed to the CRM's app,
which answers in that CRM's own error shape.
"""

from __future__ import annotations

import random
import re
import threading
from dataclasses import dataclass

__all__ = ["SERVER_FAULTS", "Fault", "FaultPlan"]

SERVER_FAULTS = frozenset({"slow", "timeout", "drop"})

_RULE = re.compile(
    r"^(?P<endpoint>[\w*./-]+):(?P<kind>[\w-]+)(?:=(?P<arg>[\d.]+))?"
    r"(?:@(?P<rate>[\d.]+)|#(?P<count>\d+))?$"
)


@dataclass(frozen=True, slots=True)
class Fault:
    """One fault to apply to one request."""

    kind: str
    arg: float | None = None


@dataclass(slots=True)
class _Rule:
    endpoint: str
    fault: Fault
    rate: float | None
    remaining: int | None


class FaultPlan:
    """Which requests fail, and how; thread-safe and seeded.

    ``kinds`` are the fault kinds the CRM's app understands, besides the
    server's own (``slow``, ``timeout``, ``drop``).
    """

    def __init__(
        self, spec: str = "", *, seed: int = 0, kinds: frozenset[str] = frozenset()
    ) -> None:
        self._kinds = kinds | SERVER_FAULTS
        self._rules: list[_Rule] = []
        self._random = random.Random(seed)  # noqa: S311 - reproducible faults, not security
        self._lock = threading.Lock()
        for part in filter(None, (p.strip() for p in re.split(r"[;,]", spec))):
            self._rules.append(self._parse(part))

    def _parse(self, text: str) -> _Rule:
        m = _RULE.match(text)
        if not m:
            msg = f"--faults: {text!r} is not ENDPOINT:KIND[=ARG][@PROBABILITY|#COUNT]"
            raise ValueError(msg)
        kind = m["kind"]
        if kind not in self._kinds:
            known = ", ".join(sorted(self._kinds))
            msg = f"--faults: unknown fault {kind!r} in {text!r}; known: {known}"
            raise ValueError(msg)
        rate = float(m["rate"]) if m["rate"] else None
        if rate is not None and not 0 < rate <= 1:
            msg = f"--faults: probability in {text!r} must be in (0, 1]"
            raise ValueError(msg)
        count = int(m["count"]) if m["count"] else (None if rate is not None else 1)
        arg = float(m["arg"]) if m["arg"] else None
        return _Rule(m["endpoint"], Fault(kind, arg), rate, count)

    def add(
        self,
        endpoint: str,
        kind: str,
        *,
        arg: float | None = None,
        times: int | None = 1,
        rate: float | None = None,
    ) -> None:
        """Add a rule: fail the next ``times`` calls (or a ``rate`` share) of ``endpoint``."""
        if kind not in self._kinds:
            msg = f"unknown fault {kind!r}; known: {', '.join(sorted(self._kinds))}"
            raise ValueError(msg)
        with self._lock:
            self._rules.append(_Rule(endpoint, Fault(kind, arg), rate, None if rate else times))

    def clear(self) -> None:
        """Remove every rule."""
        with self._lock:
            self._rules.clear()

    def pick(self, endpoint: str) -> Fault | None:
        """The fault for this call of ``endpoint``, if any rule fires (first match wins)."""
        with self._lock:
            for rule in self._rules:
                if rule.endpoint not in ("*", endpoint):
                    continue
                if rule.remaining is not None:
                    if rule.remaining <= 0:
                        continue
                    if rule.rate is None or self._random.random() < rule.rate:
                        rule.remaining -= 1
                        return rule.fault
                elif rule.rate is not None and self._random.random() < rule.rate:
                    return rule.fault
            return None
