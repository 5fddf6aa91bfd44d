"""The demo data generator: deterministic, realistic, and true to its personas."""

from __future__ import annotations

import dataclasses
import json
import math
from collections import Counter
from datetime import datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING

import pytest

from connector.canonical_json import read_dataset, write_dataset
from connector.config import Settings
from connector.model import (
    Activity,
    ActivityKind,
    ActivityStatus,
    DealStatus,
    Direction,
    Outcome,
    Role,
)
from connector.sandbox import (
    DEMO_AS_OF,
    DEMO_COMPETITORS,
    DemoData,
    Persona,
    generate_demo,
    write_demo_json,
)
from connector.scoring import Color, Lifecycle, ScoreResult, score_dataset

if TYPE_CHECKING:
    from pathlib import Path

SIZES = (20, 2000)
PERSONA_NAMES = {
    "green-warm",
    "dm-silent",
    "silence",
    "competitor",
    "nurture",
    "cold",
    "hollow-calls",
    "roles-unmapped",
    "rescue-warm",
    "reschedules",
    "reply-slowdown",
    "dm-absent",
    "new-approver",
}


@cache
def demo(accounts: int, seed: int = 7) -> DemoData:
    return generate_demo(seed, accounts)


@cache
def scored(accounts: int) -> ScoreResult:
    data = demo(accounts)
    return score_dataset(data.dataset, data.as_of, Settings())


def _random_accounts(data: DemoData) -> set[str]:
    persona_ids = {p.account_id for p in data.personas}
    return {a.id for a in data.dataset.accounts} - persona_ids


# -- determinism ---------------------------------------------------------------


def test_same_seed_and_size_give_the_same_data() -> None:
    assert generate_demo(7, 2000) == demo(2000)
    assert generate_demo() == demo(20)


def test_another_seed_gives_other_random_accounts_and_the_same_personas() -> None:
    other, base = demo(20, seed=8), demo(20)
    assert other.dataset != base.dataset
    assert other.personas == base.personas
    persona_ids = {p.account_id for p in base.personas}
    assert [a for a in other.dataset.accounts if a.id in persona_ids] == [
        a for a in base.dataset.accounts if a.id in persona_ids
    ]
    assert {a.name for a in other.dataset.accounts} != {a.name for a in base.dataset.accounts}


def test_every_time_follows_as_of() -> None:
    later = DEMO_AS_OF + timedelta(days=28)  # whole weeks: weekdays stay weekdays
    moved = generate_demo(as_of=later)
    base = demo(20)
    assert moved.as_of == later
    shift = [a.occurred_at + timedelta(days=28) for a in base.dataset.activities]
    assert [a.occurred_at for a in moved.dataset.activities] == shift
    assert [c.created_at for c in moved.dataset.contacts] == [
        None if c.created_at is None else c.created_at + timedelta(days=28)
        for c in base.dataset.contacts
    ]


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="at least 13"):
        generate_demo(accounts=12)
    with pytest.raises(ValueError, match="timezone-aware"):
        generate_demo(as_of=datetime(2026, 12, 1))  # noqa: DTZ001


def test_bulk_built_records_equal_constructed_ones() -> None:
    ds = demo(2000).dataset
    for rec in (ds.accounts[-1], ds.contacts[-1], ds.activities[-1], ds.deals[-1]):
        fields = {f.name: getattr(rec, f.name) for f in dataclasses.fields(rec)}
        again = type(rec)(**fields)
        assert again == rec
        assert hash(again) == hash(rec)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ds.activities[-1].id = "x"  # type: ignore[misc]


# -- sizes and shape -----------------------------------------------------------


@pytest.mark.parametrize("accounts", SIZES)
def test_counts_and_team(accounts: int) -> None:
    data = demo(accounts)
    ds = data.dataset
    assert len(ds.accounts) == accounts
    for records in (ds.users, ds.accounts, ds.contacts, ds.activities, ds.deals):
        assert len({r.id for r in records}) == len(records)
    reps = max(3, round(accounts / 25))
    managers = math.ceil(reps / 6)
    assert len(ds.users) == 1 + managers + reps
    by_id = {u.id: u for u in ds.users}
    owners = {a.owner_id for a in ds.accounts}
    for owner in owners:
        manager = by_id[str(owner)].manager_id
        assert manager is not None
        assert by_id[manager].manager_id is not None  # managers report to the head of sales
    assert len({u.name for u in ds.users}) > len(ds.users) * 0.8


@pytest.mark.parametrize("accounts", SIZES)
def test_contacts_per_account_and_roles(accounts: int) -> None:
    data = demo(accounts)
    random_ids = _random_accounts(data)
    per_account = Counter(c.account_id for c in data.dataset.contacts)
    sizes = [per_account[a] for a in random_ids]
    assert min(sizes) >= 1
    assert max(sizes) <= 50
    roles: dict[str, set[Role]] = {}
    for c in data.dataset.contacts:
        roles.setdefault(c.account_id, set()).add(c.role)
    unmapped = [a for a in random_ids if roles[a] == {Role.UNKNOWN}]
    if accounts >= 2000:
        assert sum(2 <= s <= 10 for s in sizes) / len(sizes) > 0.75
        assert max(sizes) > 20
        assert 0.10 <= len(unmapped) / len(random_ids) <= 0.20
        with_dm = [a for a in random_ids if Role.DECISION_MAKER in roles[a]]
        assert len(with_dm) / len(random_ids) > 0.7


def test_titles_match_roles() -> None:
    contacts = demo(2000).dataset.contacts
    dm_titles = {c.title for c in contacts if c.role is Role.DECISION_MAKER}
    user_titles = {c.title for c in contacts if c.role is Role.USER}
    assert {"CEO", "CFO"} <= dm_titles
    assert not dm_titles & user_titles


@pytest.mark.parametrize("accounts", SIZES)
def test_deleted_records_are_kept_apart(accounts: int) -> None:
    data = demo(accounts)
    ds, gone = data.dataset, data.deleted_records
    sections = {
        "accounts": (ds.accounts, gone.accounts),
        "contacts": (ds.contacts, gone.contacts),
        "activities": (ds.activities, gone.activities),
        "deals": (ds.deals, gone.deals),
    }
    assert set(data.deleted) == set(sections)
    for key, (live, deleted) in sections.items():
        assert deleted, key
        assert data.deleted[key] == tuple(r.id for r in deleted)
        assert not {r.id for r in live} & set(data.deleted[key]), key
        if accounts >= 2000:
            assert 0.01 <= len(deleted) / (len(live) + len(deleted)) <= 0.05, key
    # A deleted account took its records with it; no live record refers to a deleted one.
    dead_accounts = set(data.deleted["accounts"])
    dead_contacts = set(data.deleted["contacts"])
    assert any(c.account_id in dead_accounts for c in gone.contacts)
    assert not any(c.account_id in dead_accounts for c in ds.contacts)
    assert not any(d.account_id in dead_accounts for d in ds.deals)
    assert not any(dead_contacts & set(a.contact_ids) for a in ds.activities)


# -- references and the file format --------------------------------------------


@pytest.mark.parametrize("accounts", SIZES)
def test_round_trip_through_canonical_json_keeps_everything(accounts: int) -> None:
    ds = demo(accounts).dataset
    loaded = read_dataset(write_dataset(ds))
    assert loaded.issues == []
    assert loaded.dataset == ds


def test_write_demo_json_adds_the_personas(tmp_path: Path) -> None:
    data = demo(20)
    path = tmp_path / "demo.json"
    write_demo_json(data, path)
    loaded = read_dataset(path)
    assert loaded.issues == []
    assert loaded.dataset == data.dataset
    meta = json.loads(path.read_text(encoding="utf-8"))["demo"]
    assert datetime.fromisoformat(meta["as_of"]) == data.as_of
    written = [{**p, "expected_reasons": tuple(p["expected_reasons"])} for p in meta["personas"]]
    assert [Persona(**p) for p in written] == list(data.personas)


# -- personas: the demo's promise ------------------------------------------------


def test_personas_cover_every_scenario_and_signal() -> None:
    personas = demo(20).personas
    assert {p.name for p in personas} == PERSONA_NAMES
    ids = [a.id for a in demo(20).dataset.accounts]
    assert [p.account_id for p in personas] == ids[: len(personas)]


@pytest.mark.parametrize("accounts", SIZES)
@pytest.mark.parametrize("name", sorted(PERSONA_NAMES))
def test_persona_gets_its_expected_result(accounts: int, name: str) -> None:
    data, result = demo(accounts), scored(accounts)
    persona = next(p for p in data.personas if p.name == name)
    ds = data.dataset
    i = [a.id for a in ds.accounts].index(persona.account_id)
    codes = [r.code for r in result.account_reasons[i]]
    color = Color(int(result.account_color[i])).label
    stage = Lifecycle(int(result.account_lifecycle[i])).label
    context = f"score={result.account_score[i]:.1f} color={color} stage={stage} reasons={codes}"
    assert color == persona.expected_color, context
    assert stage == persona.expected_lifecycle, context
    assert set(persona.expected_reasons) <= set(codes), context
    owner = [u.id for u in ds.users].index(str(ds.accounts[i].owner_id))
    flags = {f.code for f in result.owner_flags if f.owner_index == owner}
    if persona.owner_flag is None:
        assert not flags, context
    else:
        assert persona.owner_flag in flags, context


def test_nurture_and_rescue_land_in_their_priority_tiers() -> None:
    data, result = demo(20), scored(20)
    tier = {p.name: int(result.account_priority[k]) for k, p in enumerate(data.personas)}
    assert tier["rescue-warm"] == 1
    assert tier["nurture"] == 8
    assert tier["green-warm"] == 9


# -- realism of the random accounts ----------------------------------------------


def test_random_accounts_get_every_color() -> None:
    data, result = demo(2000), scored(2000)
    random_ids = _random_accounts(data)
    colors = Counter(
        Color(int(c)).label
        for a, c in zip(data.dataset.accounts, result.account_color, strict=True)
        if a.id in random_ids
    )
    for color in ("green", "yellow", "red"):
        assert colors[color] / len(random_ids) >= 0.10, colors
    assert {Lifecycle(int(s)).label for s in result.account_lifecycle} == {
        "hello",
        "first",
        "warm",
        "cold",
    }


def _random_activities(data: DemoData) -> list[Activity]:
    random_ids = _random_accounts(data)
    return [a for a in data.dataset.activities if a.account_id in random_ids]


def test_activities_look_like_a_crm() -> None:
    data = demo(2000)
    acts = _random_activities(data)
    assert len(acts) / len(_random_accounts(data)) == pytest.approx(40, abs=10)
    assert {a.kind for a in acts} == set(ActivityKind)
    assert {a.status for a in acts} == set(ActivityStatus)
    span = data.as_of - min(a.occurred_at for a in acts)
    assert timedelta(days=365) < span <= timedelta(days=470)
    assert all(a.occurred_at > data.as_of for a in acts if a.status is ActivityStatus.PLANNED)
    assert all(a.occurred_at <= data.as_of for a in acts if a.status is not ActivityStatus.PLANNED)
    done = [a for a in acts if a.status is ActivityStatus.COMPLETED]
    assert 0.05 <= sum(a.outcome is None for a in done) / len(done) <= 0.15
    assert {a.outcome for a in done} == {*Outcome, None}
    calls = [a.duration_seconds or 0 for a in acts if a.kind is ActivityKind.CALL]
    assert 0.03 < sum(d < 60 for d in calls) / len(calls) < 0.15  # some very short
    assert any(len(a.contact_ids) > 1 for a in acts if a.kind is ActivityKind.MEETING)


def test_contacts_are_only_met_once_they_exist() -> None:
    ds = demo(2000).dataset
    created = {c.id: c.created_at for c in ds.contacts}
    for a in ds.activities:
        for c in a.contact_ids:
            when = created[c]
            assert when is None or when <= a.occurred_at, (a.id, c)


def test_email_threads_have_replies_after_our_emails() -> None:
    acts = _random_activities(demo(2000))
    threads: dict[str, list[Activity]] = {}
    for a in acts:
        if a.kind is ActivityKind.EMAIL:
            assert a.thread_id is not None
            threads.setdefault(a.thread_id, []).append(a)
    replied = 0
    for emails in threads.values():
        emails.sort(key=lambda a: a.occurred_at)
        assert len({a.account_id for a in emails}) == 1
        if emails[0].direction is Direction.OUTBOUND and any(
            a.direction is Direction.INBOUND for a in emails
        ):
            replied += 1
            assert all(a.subject and a.subject.startswith("Re: ") for a in emails[1:])
    assert replied / len(threads) > 0.4


def test_notes_name_competitors_and_deals_vary() -> None:
    data = demo(2000)
    notes = [a.body or "" for a in _random_activities(data) if a.kind is ActivityKind.NOTE]
    naming = [n for n in notes if any(c in n for c in DEMO_COMPETITORS)]
    assert 0.01 < len(naming) / len(notes) < 0.3
    deals = data.dataset.deals
    assert {d.status for d in deals} == set(DealStatus)
    assert all(d.closed_at is None for d in deals if d.status is DealStatus.OPEN)
    closed = [d for d in deals if d.status is not DealStatus.OPEN]
    assert all(d.closed_at is not None and (d.amount or 0) > 0 for d in closed)


def test_only_the_hollow_call_rep_is_flagged_in_the_demo() -> None:
    data, result = demo(20), scored(20)
    hollow = next(p for p in data.personas if p.name == "hollow-calls")
    owner = next(a.owner_id for a in data.dataset.accounts if a.id == hollow.account_id)
    flagged = {data.dataset.users[f.owner_index].id for f in result.owner_flags}
    assert flagged == {owner}
