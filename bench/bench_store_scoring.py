"""Benchmark the store and scoring on a synthetic org; prints one JSON line.

    .venv/bin/python bench/bench_store_scoring.py --size small
    .venv/bin/python bench/bench_store_scoring.py --size large --db postgresql+psycopg://...

Phases: generate+load (the org streams into the store in chunks, never as
record objects), read_snapshot, read_history, score, save_results. Each phase
reports wall seconds and its own peak RSS (the kernel's high-water mark,
reset before the phase). Targets: small, read_snapshot + score under 10 s;
large, under 90 s with peak RSS under 4 GB.

``--db`` must be a scratch database: each run loads a fresh connection.
Without it a temporary SQLite file is used and removed afterwards.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import resource
import shutil
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from connector.config import Settings
from connector.scoring import Color, score_snapshot
from connector.store import Store

if TYPE_CHECKING:
    from collections.abc import Iterator

    from numpy.typing import NDArray

    from connector.store import AccountRow, ActivityRow, ContactRow, DealRow, UserRow

SIZES = {
    "small": (10_000, 100_000, 1_000_000),
    "large": (100_000, 1_000_000, 10_000_000),
}
TARGETS: dict[str, dict[str, float]] = {
    "small": {"read_snapshot+score_seconds": 10.0},
    "large": {"read_snapshot+score_seconds": 90.0, "peak_rss_mb": 4096.0},
}
AS_OF = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)
AS_OF_US = (AS_OF - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)
DAY_US = 86_400 * 1_000_000
CHUNK = 100_000
COMPETITORS = ["Globex", "Initech"]
BODIES = [
    "Discussed the roadmap and next steps.",
    "They asked for a discount on renewal.",
    "Champion is happy with onboarding.",
    "They mentioned Globex is pitching them a cheaper plan.",
    "Procurement wants an RFP before renewing.",
    "Left a voicemail.",
]


# --- measurement -------------------------------------------------------------


def _rss_peak_mb() -> float | None:
    """This process's RSS high-water mark since the last reset (Linux), in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _reset_rss_peak() -> None:
    # Not Linux, or not allowed: peaks then cover the run so far.
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


class Phases:
    """Times and per-phase peak memory of named phases."""

    def __init__(self) -> None:
        self.results: dict[str, dict[str, float | None]] = {}

    @contextlib.contextmanager
    def phase(self, name: str) -> Iterator[dict[str, float | None]]:
        """Measure the block; extra figures may be added to the yielded dict."""
        _reset_rss_peak()
        extra: dict[str, float | None] = {}
        start = time.perf_counter()
        yield extra
        seconds = time.perf_counter() - start
        peak = _rss_peak_mb()
        self.results[name] = {
            "seconds": round(seconds, 3),
            "peak_rss_mb": None if peak is None else round(peak, 1),
            **extra,
        }
        print(f"{name}: {seconds:.2f} s", file=sys.stderr)


# --- the synthetic org -------------------------------------------------------


def _nullable(values: NDArray[Any]) -> list[Any]:
    """``values`` as a list, with ``None`` for nan (floats) or negatives (codes)."""
    missing = np.isnan(values) if values.dtype.kind == "f" else values < 0
    out = values.astype(object)
    out[missing] = None
    return out.tolist()  # type: ignore[no-any-return]


class Org:
    """Shape of a synthetic org, drawn once; activities are drawn chunk by chunk."""

    def __init__(self, seed: int, n_accounts: int, n_contacts: int, n_activities: int) -> None:
        rng = np.random.default_rng(seed)
        self.seed, self.n_activities = seed, n_activities
        self.n_managers = max(2, n_accounts // 1000)
        self.n_reps = max(10, n_accounts // 100)
        self.user_ids = [f"M{i}" for i in range(self.n_managers)] + [
            f"U{i}" for i in range(self.n_reps)
        ]
        self.n_accounts = n_accounts
        self.account_ids = [f"A{i}" for i in range(n_accounts)]
        self.account_owner = self.n_managers + rng.integers(0, self.n_reps, n_accounts)
        # 1-50 contacts per account, mean about n_contacts / n_accounts, skewed.
        extra = n_contacts / n_accounts - 1
        counts = 1 + rng.negative_binomial(2, 2 / (2 + extra), n_accounts)
        self.contact_count = np.minimum(counts, 50)
        self.contact_start = np.concatenate(([0], np.cumsum(self.contact_count)[:-1]))
        self.n_contacts = int(self.contact_count.sum())
        self.contact_ids = [f"C{i}" for i in range(self.n_contacts)]
        # Some accounts are far busier than others.
        weight = rng.gamma(0.8, size=n_accounts)
        self.activity_cdf = np.cumsum(weight / weight.sum())

    def users(self) -> list[UserRow]:
        """Managers, then reps reporting to them."""
        return [(f"M{i}", f"Manager {i}", None) for i in range(self.n_managers)] + [
            (f"U{i}", f"Rep {i}", f"M{i % self.n_managers}") for i in range(self.n_reps)
        ]

    def accounts(self) -> list[AccountRow]:
        """Accounts with an owner and a value (some unknown)."""
        rng = np.random.default_rng(self.seed + 1)
        value = np.round(rng.lognormal(10, 1.2, self.n_accounts), 2)
        value[rng.random(self.n_accounts) < 0.1] = np.nan
        owners = self.account_owner.tolist()
        return [
            (aid, f"Account {i}", self.user_ids[owners[i]], v)
            for i, (aid, v) in enumerate(zip(self.account_ids, _nullable(value), strict=True))
        ]

    def contacts(self) -> Iterator[ContactRow]:
        """Contacts with roles on most, created over the last three years."""
        rng = np.random.default_rng(self.seed + 2)
        n = self.n_contacts
        account = np.repeat(np.arange(self.n_accounts), self.contact_count).tolist()
        role = rng.choice(5, n, p=[0.12, 0.08, 0.2, 0.45, 0.15]).tolist()
        created = (AS_OF_US - rng.integers(0, 3 * 365 * DAY_US, n)).tolist()
        title = ["CEO", "CFO", "VP Sales", "Engineer", "Analyst", None]
        titles = rng.integers(0, len(title), n).tolist()
        for i in range(n):
            yield (
                self.contact_ids[i],
                self.account_ids[account[i]],
                f"Person {i}",
                title[titles[i]],
                role[i],
                created[i],
            )

    def deals(self) -> list[DealRow]:
        """About 1.5 deals per account: won, lost or open."""
        rng = np.random.default_rng(self.seed + 3)
        per = rng.poisson(1.5, self.n_accounts)
        account = np.repeat(np.arange(self.n_accounts), per).tolist()
        n = len(account)
        status = rng.choice(3, n, p=[0.45, 0.25, 0.3]).tolist()
        closed = (AS_OF_US - rng.integers(0, 4 * 365 * DAY_US, n)).tolist()
        amount = np.round(rng.lognormal(9, 1, n), 2).tolist()
        aids = self.account_ids
        return [
            (f"D{i}", aids[account[i]], status[i], None if status[i] == 2 else closed[i], amount[i])
            for i in range(n)
        ]

    def activities(self, timer: list[float]) -> Iterator[ActivityRow]:
        """Activities over 18 months, chunk by chunk; time spent is added to ``timer``."""
        for first in range(0, self.n_activities, CHUNK):
            start = time.perf_counter()
            rows = self._activity_chunk(first, min(CHUNK, self.n_activities - first))
            timer[0] += time.perf_counter() - start
            yield from rows

    def _activity_chunk(self, first: int, n: int) -> list[ActivityRow]:
        rng = np.random.default_rng([self.seed, first])
        account = np.searchsorted(self.activity_cdf, rng.random(n) * self.activity_cdf[-1])
        account = np.minimum(account, self.n_accounts - 1)
        # Codes in model order: meeting, call, email, message, note, task.
        kind = rng.choice(6, n, p=[0.15, 0.25, 0.4, 0.08, 0.07, 0.05])
        status = rng.choice(5, n, p=[0.85, 0.06, 0.04, 0.03, 0.02])
        # Over 18 months, denser lately (the org grew into its CRM).
        when = AS_OF_US - (548 * DAY_US * rng.random(n) ** 1.5).astype(np.int64)
        planned = status == 1
        when[planned] = AS_OF_US + rng.integers(0, 30 * DAY_US, int(planned.sum()))
        duration = np.full(n, np.nan)
        calls, meetings = kind == 1, kind == 0
        duration[calls] = np.round(rng.lognormal(5.5, 1.0, int(calls.sum())))
        duration[meetings] = rng.choice([900, 1800, 2700, 3600], int(meetings.sum()))
        direction = np.where((kind == 1) | (kind == 2), rng.choice(2, n, p=[0.4, 0.6]), -1)
        outcome = rng.choice(4, n, p=[0.35, 0.3, 0.1, 0.25])
        outcome[outcome == 3] = -1
        owner = np.where(
            rng.random(n) < 0.8,
            self.account_owner[account],
            self.n_managers + rng.integers(0, self.n_reps, n),
        )
        # 0-3 contacts of the activity's account (mean about 1.5); a few
        # contacts of each account get most of the attention.
        n_people = rng.choice(4, n, p=[0.03, 0.55, 0.3, 0.12])
        start, count = self.contact_start[account], self.contact_count[account]
        people = [
            np.where(
                n_people > k, start + (rng.random(n) ** 2 * count).astype(np.int64), -1
            ).tolist()
            for k in range(3)
        ]
        topic = rng.integers(0, 3000, n)
        has_subject = (kind == 2) | ((kind == 0) & (rng.random(n) < 0.5))
        threaded = (kind == 2) & (rng.random(n) < 0.7)
        body = np.where(rng.random(n) < 0.02, rng.integers(0, len(BODIES), n), -1)

        cids, aids, uids = self.contact_ids, self.account_ids, self.user_ids
        reply = (rng.random(n) < 0.5).tolist()
        return [
            (
                f"X{first + i}",
                k,
                st,
                t,
                d,
                di,
                o,
                aids[a],
                uids[ow],
                (("Re: " if rp else "") + f"Topic {tp}") if hs else None,
                BODIES[b] if b >= 0 else None,
                f"T{a}-{tp}" if th else None,
                tuple(cids[c] for c in (c1, c2, c3) if c >= 0),
            )
            for i, (k, st, t, d, di, o, a, ow, tp, hs, th, b, rp, c1, c2, c3) in enumerate(
                zip(
                    kind.tolist(),
                    status.tolist(),
                    when.tolist(),
                    _nullable(duration),
                    _nullable(direction),
                    _nullable(outcome),
                    account.tolist(),
                    owner.tolist(),
                    topic.tolist(),
                    has_subject.tolist(),
                    threaded.tolist(),
                    body.tolist(),
                    reply,
                    *people,
                    strict=True,
                )
            )
        ]


# --- phases ------------------------------------------------------------------


def run(size: str, db: str | None, seed: int) -> dict[str, Any]:
    """Run every phase once and return the figures."""
    n_accounts, n_contacts, n_activities = SIZES[size]
    tmp: Path | None = None
    if db is None:
        tmp = Path(tempfile.mkdtemp(prefix="healthscore-bench-"))
        db = str(tmp / "bench.db")
    backend = "postgresql" if db.startswith("postgresql") else "sqlite"
    connection = f"bench-{size}-{uuid.uuid4().hex[:8]}"
    settings = Settings.model_validate({"signals": {"competitor_names": COMPETITORS}})
    phases = Phases()
    try:
        with Store(db) as store:
            org = Org(seed, n_accounts, n_contacts, n_activities)
            with phases.phase("generate+load") as extra:
                timer = [0.0]
                counts = store.upsert_rows(
                    connection,
                    users=org.users(),
                    accounts=org.accounts(),
                    contacts=org.contacts(),
                    activities=org.activities(timer),
                    deals=org.deals(),
                )
                extra["generate_activities_seconds"] = round(timer[0], 3)
            with phases.phase("read_snapshot"):
                since = AS_OF - timedelta(days=settings.signals.competitor_days)
                snap = store.read_snapshot(connection, text_since=since, as_of=AS_OF)
            with phases.phase("read_history"):
                history = store.read_history(connection, snap, AS_OF)
            with phases.phase("score"):
                result = score_snapshot(snap, AS_OF, settings, history)
            with phases.phase("save_results"):
                store.save_results(connection, snap, result)
            colors = np.bincount(result.account_color, minlength=3).tolist()
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)

    p = phases.results
    hot = float(p["read_snapshot"]["seconds"] or 0) + float(p.get("score", {}).get("seconds") or 0)
    # ru_maxrss is the kernel's high-water mark, which each phase resets: the
    # run's peak is the largest of the phases' peaks and what came after.
    peak = max(
        [resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024]
        + [float(v["peak_rss_mb"] or 0) for v in p.values()]
    )
    measured = {"read_snapshot+score_seconds": round(hot, 3), "peak_rss_mb": round(peak, 1)}
    targets = TARGETS[size]
    met = "score" in p and all(measured[k] < v for k, v in targets.items())
    return {
        "size": size,
        "backend": backend,
        "accounts": snap.n_accounts,
        "contacts": snap.n_contacts,
        "activities": snap.n_activities,
        "links": len(snap.link_activity),
        "texts": len(snap.text_activity),
        "written": counts,
        "colors": dict(zip([c.label for c in Color], colors, strict=True)),
        "phases": p,
        "measured": measured,
        "targets": targets,
        "met": met,
    }


def main() -> None:
    """Parse arguments, run, print one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--db", help="database URL (a scratch database); default: temp SQLite")
    parser.add_argument("--seed", type=int, default=20250601)
    args = parser.parse_args()
    print(json.dumps(run(args.size, args.db, args.seed)))


if __name__ == "__main__":
    main()
