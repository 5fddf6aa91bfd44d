"""The scheduler service: every stored connection re-scored, one at a time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

import scheduler
from connector.canonical_json import read_dataset
from connector.config import Settings
from connector.store import Store

SCENARIOS = Path(__file__).parent / "scenarios"
DAY1 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def _load(store: Store, name: str, scenario: str) -> None:
    store.replace_dataset(name, read_dataset(SCENARIOS / f"{scenario}.json").dataset)


def test_run_all_scores_every_connection_and_records_history(store: Store) -> None:
    _load(store, "acme-sf", "green_warm")
    _load(store, "beta-hs", "silence")
    first = scheduler.run_all(store, Settings(), DAY1)
    assert first.scored == {"acme-sf": 1, "beta-hs": 1}
    assert first.skipped == []
    assert first.failed == {}
    second = scheduler.run_all(store, Settings(), DAY1 + timedelta(days=7))
    assert second.scored == first.scored
    (acme,) = store.account_results("acme-sf")
    assert acme["trend_7d"] is not None
    assert acme["as_of"] == DAY1 + timedelta(days=7)
    (beta,) = store.account_results("beta-hs")
    assert beta["color"] == "red"


def test_one_failing_connection_does_not_stop_the_others(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _load(store, "good", "green_warm")
    _load(store, "broken", "silence")
    real = scheduler.score_connection

    def failing(store: Store, name: str, *args: object, **kwargs: object) -> object:
        if name == "broken":
            msg = "disk full"
            raise OSError(msg)
        return real(store, name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(scheduler, "score_connection", failing)
    report = scheduler.run_all(store, Settings(), DAY1)
    assert report.scored == {"good": 1}
    assert report.failed == {"broken": "OSError: disk full"}


@pytest.mark.postgres
def test_a_connection_locked_by_another_process_is_skipped(pg_store_url: str) -> None:
    with Store(pg_store_url) as mine, Store(pg_store_url) as other:
        _load(mine, "acme", "green_warm")
        _load(mine, "beta", "silence")
        with other.exclusive("acme") as got:
            assert got
            report = scheduler.run_all(mine, Settings(), DAY1)
        assert report.skipped == ["acme"]
        assert report.scored == {"beta": 1}
        assert scheduler.run_all(mine, Settings(), DAY1).scored == {"acme": 1, "beta": 1}


def test_scheduler_runs_now_then_on_the_interval(store: Store) -> None:
    now = DAY1
    service = scheduler.build_scheduler(store, Settings(), timedelta(hours=6), clock=lambda: now)
    (job,) = service.get_jobs()
    assert job.next_run_time == DAY1
    assert job.trigger.interval == timedelta(hours=6)
