"""The store on every backend: round trips, updates, deletions, results and history."""

from __future__ import annotations

import dataclasses
import random
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import numpy as np
import platformdirs
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from connector.errors import RecordIssue
from connector.model import (
    Account,
    Activity,
    ActivityKind,
    ActivityStatus,
    Contact,
    Dataset,
    Deal,
    DealStatus,
    Direction,
    Outcome,
    Role,
    User,
)
from connector.scoring import Color, Lifecycle, Reason, ScoreResult
from connector.snapshot import Snapshot
from connector.store import Store, default_database_url
from connector.store._tables import metadata

T0 = datetime(2024, 3, 1, 9, 30, tzinfo=UTC)
CET = timezone(timedelta(hours=1))
G, Y, R = Color.GREEN, Color.YELLOW, Color.RED


def make_dataset(seed: int = 7, n_accounts: int = 6) -> Dataset:
    """A small dataset that exercises every field, enum value and optional None."""
    rng = random.Random(seed)
    # A manager listed after the user who reports to them: links must not
    # depend on the order users arrive in.
    users = [
        User("u1", "Ann", "u3"),
        User("u2", None, "u1"),
        User("u3", "Cy"),
        User("u4", "Dee", "nobody"),
    ]
    accounts = [
        Account(
            f"A{i}",
            f"Account {i}" if i % 3 else None,
            rng.choice(["u1", "u2", "u3", None, "ghost"]),
            None if i % 4 == 0 else 1000.5 * i,
        )
        for i in range(n_accounts)
    ]
    roles = list(Role)
    contacts = [
        Contact(
            f"C{i}",
            accounts[i % n_accounts].id,
            f"Person {i}" if i % 5 else None,
            rng.choice(["CEO", "CFO", None, "Engineer"]),
            roles[i % len(roles)],
            None if i % 4 == 1 else T0 - timedelta(days=i, microseconds=i),
        )
        for i in range(n_accounts * 3)
    ]
    by_account: dict[str, list[str]] = {}
    for c in contacts:
        by_account.setdefault(c.account_id, []).append(c.id)
    activities = []
    for i in range(n_accounts * 12):
        account = accounts[rng.randrange(n_accounts)].id
        people = by_account[account]
        chosen = tuple(rng.choice(people) for _ in range(rng.randrange(0, 4)))
        kind = list(ActivityKind)[i % len(ActivityKind)]
        activities.append(
            Activity(
                id=f"X{i}",
                kind=kind,
                status=list(ActivityStatus)[i % len(ActivityStatus)],
                # Zones other than UTC and sub-second times must survive.
                occurred_at=(T0 - timedelta(days=i * 3, microseconds=i * 37)).astimezone(
                    CET if i % 2 else UTC
                ),
                account_id=account,
                contact_ids=chosen,  # may repeat a contact: one link each
                duration_seconds=None if i % 3 == 0 else 30.25 * i,
                direction=None if i % 3 == 2 else list(Direction)[i % 2],
                outcome=None if i % 4 == 3 else list(Outcome)[i % 3],
                owner_id=rng.choice(["u1", "u2", "u4", None, "ghost"]),
                subject=[None, "", f"Re:  Pricing {i % 5}", "Hello"][i % 4],
                body=[None, f"body {i}", "", "mentions Globex"][(i // 4) % 4],
                thread_id=None if kind is not ActivityKind.EMAIL else f"thread-{i % 7}",
            )
        )
    deals = [
        Deal(
            f"D{i}",
            accounts[i % n_accounts].id,
            list(DealStatus)[i % 3],
            None if i % 3 == 2 else T0 - timedelta(days=100 * i),
            None if i % 2 else 5000.0 + i,
        )
        for i in range(n_accounts * 2)
    ]
    return Dataset(users, accounts, contacts, activities, deals)


def without(ds: Dataset, **gone: set[str]) -> Dataset:
    """``ds`` minus some records, and minus what a snapshot would drop with them.

    Contacts, activities and deals of a removed account go; links to removed
    contacts go; references to removed users are left dangling (they read as
    ``-1``).
    """
    accounts = [a for a in ds.accounts if a.id not in gone.get("accounts", set())]
    live = {a.id for a in accounts}
    contacts = [
        c for c in ds.contacts if c.id not in gone.get("contacts", set()) and c.account_id in live
    ]
    people = {c.id for c in contacts}
    activities = [
        dataclasses.replace(a, contact_ids=tuple(c for c in a.contact_ids if c in people))
        for a in ds.activities
        if a.id not in gone.get("activities", set()) and a.account_id in live
    ]
    return Dataset(
        users=[u for u in ds.users if u.id not in gone.get("users", set())],
        accounts=accounts,
        contacts=contacts,
        activities=activities,
        deals=[
            d for d in ds.deals if d.id not in gone.get("deals", set()) and d.account_id in live
        ],
    )


def _links(snap: Snapshot) -> list[tuple[int, int]]:
    return sorted(zip(snap.link_activity.tolist(), snap.link_contact.tolist(), strict=True))


def assert_same(got: Snapshot, want: Snapshot) -> None:
    """Field-by-field equality; links may come in any order within the same set."""
    for f in dataclasses.fields(Snapshot):
        if f.name in ("link_activity", "link_contact"):
            continue
        g, w = getattr(got, f.name), getattr(want, f.name)
        if isinstance(w, np.ndarray):
            assert isinstance(g, np.ndarray), f.name
            assert g.dtype == w.dtype, f.name
            np.testing.assert_array_equal(g, w, err_msg=f.name)
        else:
            assert list(g) == list(w), f.name
    assert got.link_activity.dtype == got.link_contact.dtype == np.int32
    assert _links(got) == _links(want)


def test_round_trip_matches_the_dataset_columnised_directly(store: Store) -> None:
    ds = make_dataset()
    counts = store.upsert_dataset("org", ds)
    want = Snapshot.from_dataset(ds)
    assert counts == {
        "users": 4,
        "accounts": 6,
        "contacts": 18,
        "activities": 72,
        "deals": 12,
        "activity_contacts": len(want.link_activity),
    }
    assert_same(store.read_snapshot("org"), want)


def test_an_empty_or_unknown_connection_reads_as_an_empty_snapshot(store: Store) -> None:
    assert_same(store.read_snapshot("never-synced"), Snapshot.from_dataset(Dataset()))


def test_reupsert_updates_in_place_and_replaces_links(store: Store) -> None:
    ds = make_dataset()
    store.upsert_dataset("org", ds)
    # An activity with two contacts, moved to a single other contact.
    at, x0 = next((i, a) for i, a in enumerate(ds.activities) if len(set(a.contact_ids)) == 2)
    assert ds.contacts[0].id not in x0.contact_ids
    changed = Dataset(
        users=[dataclasses.replace(ds.users[0], name="Ann Renamed", manager_id=None)],
        accounts=[dataclasses.replace(ds.accounts[1], name="Renamed", value=1.5)],
        contacts=[dataclasses.replace(ds.contacts[2], role=Role.DECISION_MAKER, title="CEO")],
        activities=[
            dataclasses.replace(
                x0,
                outcome=Outcome.NEGATIVE,
                contact_ids=(ds.contacts[0].id,),
                account_id=ds.contacts[0].account_id,
                subject="New subject",
            ),
            Activity(
                "X-new",
                ActivityKind.MEETING,
                ActivityStatus.COMPLETED,
                T0,
                ds.accounts[0].id,
                (ds.contacts[0].id, ds.contacts[6].id),
            ),
        ],
        deals=[dataclasses.replace(ds.deals[0], status=DealStatus.LOST)],
    )
    store.upsert_dataset("org", changed)

    def merge(old: list[Any], new: list[Any]) -> list[Any]:
        by_id = {r.id: r for r in new}
        kept = [by_id.pop(r.id, r) for r in old]
        return kept + list(by_id.values())  # new records come after, as their keys do

    merged = Dataset(
        *(
            merge(list(getattr(ds, f)), list(getattr(changed, f)))
            for f in ("users", "accounts", "contacts", "activities", "deals")
        )
    )
    got = store.read_snapshot("org")
    assert_same(got, Snapshot.from_dataset(merged))
    assert got.n_activities == len(ds.activities) + 1
    # The activity's old links are gone, not added to.
    assert got.link_contact[got.link_activity == at].tolist() == [0]


def test_unknown_references_are_null_and_records_needing_them_left_out(store: Store) -> None:
    ds = Dataset(
        accounts=[Account("A", "Acme", owner_id="no-such-user")],
        contacts=[Contact("C1", "A"), Contact("C2", "no-such-account")],
        activities=[
            Activity("X1", ActivityKind.CALL, ActivityStatus.COMPLETED, T0, "A", ("C1", "C9")),
            Activity("X2", ActivityKind.CALL, ActivityStatus.COMPLETED, T0, "no-such-account"),
        ],
        deals=[Deal("D1", "no-such-account", DealStatus.WON)],
    )
    store.upsert_dataset("org", ds)
    snap = store.read_snapshot("org")
    assert snap.account_owner.tolist() == [-1]
    assert snap.contact_ids == ["C1"]
    assert snap.n_activities == 1
    assert _links(snap) == [(0, 0)]
    assert snap.deal_account.size == 0


def test_mark_deleted_excludes_records_and_what_hangs_off_them(store: Store) -> None:
    ds = make_dataset()
    store.upsert_dataset("org", ds)
    gone = {
        "users": {"u1"},
        "accounts": {"A2"},
        "contacts": {"C0", "C7"},
        "activities": {"X3", "X10"},
        "deals": {"D1"},
    }
    for object_name, ids in gone.items():
        store.mark_deleted("org", object_name, ids)
    assert_same(store.read_snapshot("org"), Snapshot.from_dataset(without(ds, **gone)))

    # A deleted record that comes back from the CRM is live again.
    store.upsert_dataset("org", Dataset(accounts=[a for a in ds.accounts if a.id == "A2"]))
    back = store.read_snapshot("org")
    assert "A2" in back.account_ids
    assert "C2" in back.contact_ids  # a contact of A2, never deleted itself

    with pytest.raises(ValueError, match="unknown object 'widgets'"):
        store.mark_deleted("org", "widgets", ["x"])


def test_singular_object_names_are_accepted(store: Store) -> None:
    store.upsert_dataset("org", make_dataset())
    store.mark_deleted("org", "account", ["A1"])
    assert "A1" not in store.read_snapshot("org").account_ids


def test_text_since_reads_only_recent_texts(store: Store) -> None:
    ds = make_dataset()
    store.upsert_dataset("org", ds)
    since = T0 - timedelta(days=60)
    snap = store.read_snapshot("org", text_since=since)
    recent = [
        (i, a.subject, a.body)
        for i, a in enumerate(ds.activities)
        if a.occurred_at >= since and (a.subject or a.body)
    ]
    assert 0 < len(recent) < len(Snapshot.from_dataset(ds).text_activity)
    assert (
        list(zip(snap.text_activity.tolist(), snap.text_subject, snap.text_body, strict=True))
        == recent
    )
    # Everything else is still there.
    assert snap.n_activities == len(ds.activities)


def test_as_of_may_leave_out_later_records(store: Store) -> None:
    ds = make_dataset()
    store.upsert_dataset("org", ds)
    as_of = T0 - timedelta(days=30)
    snap = store.read_snapshot("org", as_of=as_of)
    cut = as_of.timestamp()
    assert snap.n_activities == sum(a.occurred_at <= as_of for a in ds.activities)
    assert bool(np.all(snap.act_time <= cut))
    assert not bool(np.any(snap.contact_created > cut))
    assert snap.text_activity.max() < snap.n_activities


def test_bad_records_persist_and_refresh(store_url: str) -> None:
    issues = [
        RecordIssue("contacts", "C1", "account_id", "missing"),
        RecordIssue("activities", "X9", "occurred_at", "not a time: 'soon'"),
    ]
    with Store(store_url) as s:
        assert s.bad_records("org") == []
        s.record_bad_records("org", issues)
        s.record_bad_records("org", [RecordIssue("contacts", "C1", "account_id", "still missing")])
        s.record_bad_records("other", issues[:1])
    with Store(store_url) as s:
        assert s.bad_records("org") == [
            RecordIssue("contacts", "C1", "account_id", "still missing"),
            issues[1],
        ]
        assert s.bad_records("other") == issues[:1]


def _result(
    snap: Snapshot, as_of: datetime, scores: list[float], colors: list[Color]
) -> ScoreResult:
    n, nc = snap.n_accounts, snap.n_contacts
    nan = np.full(n, np.nan)
    score = np.array(scores, np.float64)
    return ScoreResult(
        as_of=as_of,
        contact_score=np.linspace(0.0, 100.0, nc),
        contact_color=np.array([i % 3 for i in range(nc)], np.int8),
        account_base=score,
        account_score=score,
        account_color=np.array(colors, np.int8),
        account_lifecycle=np.array([i % 4 for i in range(n)], np.int8),
        account_priority=np.arange(n, dtype=np.int8),
        account_trend_7d=np.arange(n, dtype=np.float64),
        account_trend_30d=nan,
        account_drop_14d=nan,
        account_reasons=[
            [Reason("silence", f"quiet {i}"), Reason("dm_cold", "cold")] for i in range(n)
        ],
        order=np.arange(n, dtype=np.int64),
    )


def test_results_and_history_across_days(store: Store) -> None:
    store.upsert_dataset(
        "org",
        Dataset(
            accounts=[Account(f"A{i}", f"Acc {i}") for i in range(4)],
            contacts=[Contact("C1", "A0"), Contact("C2", "A1")],
        ),
    )
    snap = store.read_snapshot("org")
    today = datetime(2024, 6, 30, 8, 0, tzinfo=UTC)

    def save(days_ago: float, scores: list[float], colors: list[Color]) -> None:
        store.save_results(
            "org", snap, _result(snap, today - timedelta(days=days_ago), scores, colors)
        )

    save(40, [10, 20, 30, 0], [R, R, R, R])
    save(30, [30, 31, 0, 0], [R, R, R, R])
    save(14, [14, 41, 0, 0], [Y, Y, R, R])
    save(8, [58, 58, 0, 0], [Y, Y, R, R])
    save(7, [70, 70, 0, 0], [G, G, R, R])
    save(1, [75, 66, 0, 0], [G, Y, R, R])
    save(1 - 0.25, [76, 60, 0, 0], [G, R, R, R])  # same day later on: overwrites
    # Already scored earlier today: the previous color is still yesterday's.
    store.save_results(
        "org", snap, _result(snap, today - timedelta(hours=1), [1, 1, 0, 0], [R, R, R, R])
    )

    hist = store.read_history("org", snap, today)
    assert hist.prev_color.dtype == np.int8
    assert hist.prev_color.tolist() == [G, R, R, R]
    np.testing.assert_array_equal(hist.score_7d[:2], [70, 70])
    np.testing.assert_array_equal(hist.score_14d[:2], [14, 41])
    np.testing.assert_array_equal(hist.score_30d[:2], [30, 31])

    # No score exactly N days back: the nearest earlier day, at most 3 days further.
    hist = store.read_history("org", snap, today + timedelta(days=1))
    np.testing.assert_array_equal(hist.score_7d[:2], [70, 70])  # 8 days back, not 9
    hist = store.read_history("org", snap, today + timedelta(days=3))
    np.testing.assert_array_equal(hist.score_7d[:2], [70, 70])  # 10 days back
    hist = store.read_history("org", snap, today + timedelta(days=4))
    assert np.isnan(hist.score_7d).all()  # 11 days back is too far
    assert np.isnan(hist.score_30d).all()

    # Before the first scoring day there is no history at all.
    fresh = _result(snap, today, [0, 0, 0, 0], [R, R, R, R])
    store.save_results("org", snap, fresh)
    unknown = store.read_history("org", snap, today - timedelta(days=40))
    assert unknown.prev_color.tolist() == [-1, -1, -1, -1]
    assert np.isnan(unknown.score_7d).all()

    rows = store.account_results("org")
    assert [r["id"] for r in rows] == ["A0", "A1", "A2", "A3"]
    assert rows[1] == {
        "id": "A1",
        "name": "Acc 1",
        "score": 0.0,
        "color": "red",
        "lifecycle": Lifecycle(1).label,
        "priority": 1,
        "reasons": [{"code": "silence", "text": "quiet 1"}, {"code": "dm_cold", "text": "cold"}],
        "trend_7d": 1.0,
        "trend_30d": None,
        "as_of": today,
    }
    assert store.contact_results("org") == {"C1": (0.0, "red"), "C2": (100.0, "yellow")}


def test_current_results_are_replaced_not_accumulated(store: Store) -> None:
    store.upsert_dataset("org", Dataset(accounts=[Account("A0"), Account("A1")]))
    snap = store.read_snapshot("org")
    store.save_results("org", snap, _result(snap, T0, [10, 90], [Color.RED, Color.GREEN]))
    store.mark_deleted("org", "accounts", ["A1"])
    snap = store.read_snapshot("org")
    store.save_results("org", snap, _result(snap, T0, [50], [Color.YELLOW]))
    assert [(r["id"], r["score"], r["color"]) for r in store.account_results("org")] == [
        ("A0", 50.0, "yellow")
    ]


def test_migrations_are_idempotent_and_match_the_tables(store_url: str) -> None:
    with Store(store_url) as first:
        first.upsert_dataset("org", make_dataset())
    with Store(store_url) as second:
        second.migrate()
        assert second.read_snapshot("org").n_accounts == 6
        url = store_url if "://" in store_url else f"sqlite:///{store_url}"
        engine = sa.create_engine(url, poolclass=sa.NullPool)
        try:
            with engine.connect() as conn:
                context = MigrationContext.configure(conn, opts={"compare_type": True})
                assert compare_metadata(context, metadata) == []
                version = conn.execute(sa.text("SELECT version_num FROM alembic_version")).all()
                assert version == [("0001",)]
        finally:
            engine.dispose()


def test_connections_with_the_same_source_ids_stay_separate(store: Store) -> None:
    a, b = make_dataset(seed=1), make_dataset(seed=2)
    store.upsert_dataset("org-a", a)
    store.upsert_dataset("org-b", b)
    store.mark_deleted("org-b", "accounts", ["A0"])
    assert_same(store.read_snapshot("org-a"), Snapshot.from_dataset(a))
    assert_same(store.read_snapshot("org-b"), Snapshot.from_dataset(without(b, accounts={"A0"})))

    snap_a = store.read_snapshot("org-a")
    store.save_results("org-a", snap_a, _result(snap_a, T0, [50.0] * 6, [Color.YELLOW] * 6))
    assert store.account_results("org-b") == []
    assert (
        store.read_history("org-b", snap_a, T0 + timedelta(days=1)).prev_color.tolist() == [-1] * 6
    )
    assert (
        store.read_history("org-a", snap_a, T0 + timedelta(days=1)).prev_color.tolist() == [1] * 6
    )


def test_a_plain_path_opens_a_sqlite_file(tmp_path: Any) -> None:
    path = tmp_path / "nested" / "dir" / "hs.db"
    with Store(str(path)) as s:
        s.upsert_dataset("org", make_dataset())
    assert path.exists()
    with Store(f"sqlite:///{path}") as s:
        assert s.read_snapshot("org").n_activities == 72


def test_bulk_rows_and_records_write_the_same(store: Store) -> None:
    ds = make_dataset()
    store.upsert_dataset("records", ds)

    def micros(t: datetime | None) -> int | None:
        return None if t is None else round(t.timestamp() * 1e6)

    store.upsert_rows(
        "rows",
        users=[(u.id, u.name, u.manager_id) for u in ds.users],
        accounts=[(a.id, a.name, a.owner_id, a.value) for a in ds.accounts],
        contacts=[
            (c.id, c.account_id, c.name, c.title, c.role.code, micros(c.created_at))
            for c in ds.contacts
        ],
        activities=iter(
            [
                (
                    a.id,
                    a.kind.code,
                    a.status.code,
                    micros(a.occurred_at),
                    a.duration_seconds,
                    None if a.direction is None else a.direction.code,
                    None if a.outcome is None else a.outcome.code,
                    a.account_id,
                    a.owner_id,
                    a.subject,
                    a.body,
                    a.thread_id,
                    list(a.contact_ids),
                )
                for a in ds.activities
            ]
        ),
        deals=[
            (d.id, d.account_id, d.status.code, micros(d.closed_at), d.amount) for d in ds.deals
        ],
    )
    assert_same(store.read_snapshot("rows"), store.read_snapshot("records"))


def test_the_last_of_repeated_records_in_one_batch_wins(store: Store) -> None:
    ds = Dataset(
        accounts=[Account("A", "first"), Account("B"), Account("A", "second")],
        contacts=[Contact("C", "A", "Jo"), Contact("C", "B", "Jo")],
        activities=[
            Activity("X", ActivityKind.CALL, ActivityStatus.COMPLETED, T0, "A", ("C",)),
            Activity("X", ActivityKind.MEETING, ActivityStatus.COMPLETED, T0, "B", ("C", "C")),
        ],
    )
    counts = store.upsert_dataset("org", ds)
    assert counts["accounts"] == 2
    snap = store.read_snapshot("org")
    assert snap.account_names == ["second", None]
    assert snap.contact_account.tolist() == [1]
    assert snap.act_kind.tolist() == [ActivityKind.MEETING.code]
    assert _links(snap) == [(0, 0)]


def test_deleting_unknown_ids_changes_nothing(store: Store) -> None:
    ds = make_dataset()
    store.upsert_dataset("org", ds)
    store.mark_deleted("org", "activities", ["no-such-activity"])
    store.mark_deleted("never-synced", "accounts", ["A1"])
    assert_same(store.read_snapshot("org"), Snapshot.from_dataset(ds))


def test_default_database_is_a_sqlite_file_in_the_user_data_dir(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "data" / "healthscore"
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda app: str(tmp_path / "data" / app))
    url = default_database_url()
    assert url == f"sqlite:///{folder / 'healthscore.db'}"
    assert folder.is_dir()
    with Store(url) as s:
        assert s.read_snapshot("org").n_accounts == 0


def test_an_unsupported_url_is_refused_without_showing_its_password() -> None:
    with pytest.raises(ValueError, match="unsupported database URL scheme 'mysql'") as info:
        Store("mysql://user:secret@host/db")
    assert "secret" not in str(info.value)


def test_replace_dataset_marks_what_the_new_dataset_lacks(store: Store) -> None:
    ds = make_dataset()
    store.replace_dataset("c", ds)
    smaller = dataclasses.replace(
        ds,
        accounts=ds.accounts[1:],
        contacts=[c for c in ds.contacts if c.account_id != ds.accounts[0].id],
    )
    smaller = dataclasses.replace(
        smaller,
        activities=[a for a in ds.activities if a.account_id != ds.accounts[0].id],
        deals=[d for d in ds.deals if d.account_id != ds.accounts[0].id],
    )
    counts = store.replace_dataset("c", smaller)
    assert counts["accounts_deleted"] == 1
    assert counts["contacts_deleted"] == len(ds.contacts) - len(smaller.contacts)
    assert store.live_source_ids("c", "accounts") == {a.id for a in smaller.accounts}
    snap = store.read_snapshot("c")
    assert list(snap.account_ids) == [a.id for a in smaller.accounts]
    assert snap.n_activities == len(smaller.activities)
    # Bringing the account back revives it.
    store.replace_dataset("c", ds)
    assert store.live_source_ids("c", "accounts") == {a.id for a in ds.accounts}
