"""The long-running service: runs each stored connection on a schedule.

Scores fade with time even when nothing new happens (a silent decision maker
gets colder every day), so every connection in the store is re-scored on an
interval, recording a history day each time. Several scheduler processes may
share one PostgreSQL store: a connection's run takes its advisory lock, so it
never runs twice at once, and any process may run any connection.

Run it with ``healthscore schedule --db URL [--every HOURS] [--config FILE]``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger

from connector.rescore import score_connection

if TYPE_CHECKING:
    from collections.abc import Callable

    from connector.config import Settings
    from connector.store import Store

__all__ = ["RunReport", "build_scheduler", "run_all"]

log = logging.getLogger("healthscore.scheduler")


@dataclass(frozen=True, slots=True)
class RunReport:
    """What one pass over the connections did."""

    at: datetime
    scored: dict[str, int] = field(default_factory=dict)  # connection -> accounts scored
    skipped: list[str] = field(default_factory=list)  # locked by another process
    failed: dict[str, str] = field(default_factory=dict)  # connection -> error


def run_all(store: Store, settings: Settings, now: datetime) -> RunReport:
    """Score every connection in the store as of ``now``; one failure stops no other."""
    report = RunReport(now)
    for name in store.connection_names():
        with store.exclusive(name) as mine:
            if not mine:
                log.info("connection %s is being run by another process; skipped", name)
                report.skipped.append(name)
                continue
            try:
                scored = score_connection(store, name, now, settings)
            except Exception as exc:
                log.exception("scoring connection %s failed", name)
                report.failed[name] = f"{type(exc).__name__}: {exc}"
                continue
            report.scored[name] = scored.snapshot.n_accounts
            log.info("connection %s: %d accounts scored", name, scored.snapshot.n_accounts)
    return report


def build_scheduler(
    store: Store,
    settings: Settings,
    every: timedelta,
    *,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> BlockingScheduler:
    """A scheduler that runs :func:`run_all` now and then every ``every``."""
    scheduler = BlockingScheduler(timezone=UTC)
    scheduler.add_job(
        lambda: run_all(store, settings, clock()),
        IntervalTrigger(seconds=every.total_seconds(), timezone=UTC),
        id="run-all",
        name="score every connection",
        next_run_time=clock(),
        max_instances=1,
        coalesce=True,
    )
    return scheduler
