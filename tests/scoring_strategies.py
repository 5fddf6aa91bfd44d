"""Builders and Hypothesis strategies for scoring tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import strategies as st

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

AS_OF = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def ago(days: float) -> datetime:
    """A time ``days`` before AS_OF."""
    return AS_OF - timedelta(days=days)


def activity(
    aid: str,
    contacts: tuple[str, ...],
    days_ago: float,
    outcome: Outcome | None = Outcome.POSITIVE,
    kind: ActivityKind = ActivityKind.CALL,
    status: ActivityStatus = ActivityStatus.COMPLETED,
    duration: float | None = 600,
    account: str = "a1",
    **extra: object,
) -> Activity:
    """An activity of account ``account`` (a meaningful call by default)."""
    return Activity(
        id=aid,
        kind=kind,
        status=status,
        occurred_at=ago(days_ago),
        account_id=account,
        contact_ids=contacts,
        duration_seconds=duration,
        outcome=outcome,
        owner_id=extra.pop("owner_id", "u1"),
        **extra,
    )


def one_account(
    contacts: list[tuple[str, Role]], activities: list[Activity], deals: list[Deal] | None = None
) -> Dataset:
    """A dataset with one rep and one account ``a1``."""
    return Dataset(
        users=[User("u1", "Ana Rep")],
        accounts=[Account("a1", "Acme", "u1", 1000.0)],
        contacts=[Contact(cid, "a1", cid.title(), None, role, ago(800)) for cid, role in contacts],
        activities=activities,
        deals=deals or [],
    )


_kinds = st.sampled_from(list(ActivityKind))
_statuses = st.sampled_from(list(ActivityStatus))
_outcomes = st.one_of(st.none(), st.sampled_from(list(Outcome)))
_roles = st.sampled_from(list(Role))
_days = st.floats(min_value=0, max_value=500, allow_nan=False)
_durations = st.one_of(st.none(), st.floats(min_value=0, max_value=7200, allow_nan=False))


@st.composite
def datasets(draw: st.DrawFn, max_contacts: int = 6, max_activities: int = 25) -> Dataset:
    """Small random datasets: 1-3 accounts, any roles, any activities and deals."""
    n_acc = draw(st.integers(1, 3))
    accounts = [
        Account(f"a{i}", f"Account {i}", "u1", draw(st.floats(0, 1e6))) for i in range(n_acc)
    ]
    contacts = [
        Contact(
            f"c{i}",
            f"a{draw(st.integers(0, n_acc - 1))}",
            f"Contact {i}",
            None,
            draw(_roles),
            ago(draw(st.floats(-30, 900))),
        )
        for i in range(draw(st.integers(0, max_contacts)))
    ]
    activities = []
    for i in range(draw(st.integers(0, max_activities))):
        touched = tuple(
            draw(st.lists(st.sampled_from([c.id for c in contacts]), max_size=3, unique=True))
            if contacts
            else []
        )
        account = (
            next(c.account_id for c in contacts if c.id == touched[0])
            if touched
            else f"a{draw(st.integers(0, n_acc - 1))}"
        )
        activities.append(
            Activity(
                id=f"x{i}",
                kind=draw(_kinds),
                status=draw(_statuses),
                occurred_at=ago(draw(st.floats(-20, 500))),
                account_id=account,
                contact_ids=touched,
                duration_seconds=draw(_durations),
                direction=draw(st.one_of(st.none(), st.sampled_from(list(Direction)))),
                outcome=draw(_outcomes),
                owner_id=draw(st.sampled_from(["u1", "u2"])),
                subject=draw(st.sampled_from([None, "Renewal", "Check-in", "RFP"])),
                body=None,
                thread_id=draw(st.sampled_from([None, "t1", "t2"])),
            )
        )
    deals = [
        Deal(
            f"d{i}",
            f"a{draw(st.integers(0, n_acc - 1))}",
            draw(st.sampled_from(list(DealStatus))),
            draw(st.one_of(st.none(), _days.map(ago))),
            None,
        )
        for i in range(draw(st.integers(0, 4)))
    ]
    users = [User("u1", "Ana Rep", "m1"), User("u2", "Ben Rep", "m1"), User("m1", "Lee Boss")]
    return Dataset(users, accounts, contacts, activities, deals)
