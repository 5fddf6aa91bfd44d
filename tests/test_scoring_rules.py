"""Each signal, gate, color, stage and integrity rule of scoring.md, one at a time."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import numpy as np
import pytest

from connector.canonical_json import read_dataset
from connector.config import Settings
from connector.errors import ConfigError
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
from connector.scoring import (
    Color,
    History,
    Lifecycle,
    ScoreResult,
    colors,
    contact_formula,
    score_dataset,
)
from tests.scoring_strategies import AS_OF, activity, ago, one_account

CFG = Settings()
MEETING = ActivityKind.MEETING
EMAIL = ActivityKind.EMAIL


def _score(ds: Dataset, cfg: Settings = CFG, history: History | None = None) -> ScoreResult:
    return score_dataset(ds, AS_OF, cfg, history)


def _codes(result: ScoreResult, i: int = 0) -> list[str]:
    return [r.code for r in result.account_reasons[i]]


def _healthy(extra: list[Activity] | None = None) -> list[Activity]:
    """A DM met every two weeks, positively: no gate fires."""
    return [
        activity(f"m{i}", ("dm",), 2 + 14 * i, Outcome.POSITIVE, MEETING, duration=3600)
        for i in range(8)
    ] + (extra or [])


BASE_CONTACTS = [("dm", Role.DECISION_MAKER), ("u", Role.USER)]


def test_competitor_phrase_and_configured_name() -> None:
    note = activity(
        "n", ("u",), 3, None, ActivityKind.NOTE, subject="Call notes", body="They use GLOBEX today"
    )
    ds = one_account(BASE_CONTACTS, _healthy([note]))
    assert "competitor_mention" not in _codes(_score(ds))
    cfg = Settings.from_mapping({"signals": {"competitor_names": ["Globex"]}})
    result = _score(ds, cfg)
    assert "competitor_mention" in _codes(result)
    plain = _score(one_account(BASE_CONTACTS, _healthy()))
    assert result.account_score[0] == pytest.approx(
        plain.account_score[0] - 15 * 0.5 ** (3 / 30), abs=0.01
    )
    # Words that merely contain the name do not count; mentions older than 60 days do not either.
    other = dataclasses.replace(note, body="globexian architecture")
    old = dataclasses.replace(note, occurred_at=ago(61))
    for act in (other, old):
        assert "competitor_mention" not in _codes(
            _score(one_account(BASE_CONTACTS, _healthy([act])), cfg)
        )


def test_reschedules_need_two_in_thirty_days() -> None:
    def missed(i: int, days: float, status: ActivityStatus) -> Activity:
        return activity(f"r{i}", ("dm",), days, None, MEETING, status, duration=1800)

    one = one_account(BASE_CONTACTS, _healthy([missed(1, 5, ActivityStatus.RESCHEDULED)]))
    assert "reschedules" not in _codes(_score(one))
    two = one_account(
        BASE_CONTACTS,
        _healthy([missed(1, 5, ActivityStatus.RESCHEDULED), missed(2, 12, ActivityStatus.NO_SHOW)]),
    )
    result = _score(two)
    assert "reschedules" in _codes(result)
    text = next(r.text for r in result.account_reasons[0] if r.code == "reschedules")
    assert (
        text == "2 meetings rescheduled, canceled or missed in the last 30 days (latest 2026-11-26)"
    )
    stale = one_account(
        BASE_CONTACTS,
        _healthy([missed(1, 31, ActivityStatus.CANCELED), missed(2, 40, ActivityStatus.CANCELED)]),
    )
    assert "reschedules" not in _codes(_score(stale))


def _thread(
    prefix: str, start_days_ago: float, reply_hours: float, n: int, step: float = 6
) -> list[Activity]:
    """``n`` exchanges: our email, then the customer's reply ``reply_hours`` later."""
    out: list[Activity] = []
    for k in range(n):
        sent = start_days_ago - k * step
        out.append(
            activity(
                f"{prefix}o{k}",
                ("dm",),
                sent,
                None,
                EMAIL,
                duration=None,
                direction=Direction.OUTBOUND,
                thread_id=f"{prefix}{k}",
            )
        )
        out.append(
            activity(
                f"{prefix}i{k}",
                ("dm",),
                sent - reply_hours / 24,
                None,
                EMAIL,
                duration=None,
                direction=Direction.INBOUND,
                thread_id=f"{prefix}{k}",
            )
        )
    return out


def test_reply_slowdown_compares_recent_median_to_before() -> None:
    before = _thread("b", 150, 6, 5, step=20)  # replies in 6 hours, 150-70 days ago
    slow = _thread("s", 25, 60, 3)  # replies in 2.5 days, in the last 30 days
    ds = one_account(BASE_CONTACTS, _healthy(before + slow))
    result = _score(ds)
    assert "reply_slowdown" in _codes(result)
    text = next(r.text for r in result.account_reasons[0] if r.code == "reply_slowdown")
    assert text.startswith(
        "Replies slowed: median 2.5 days over the last 30 days against 0.2 days before"
    )
    # Only two recent replies: not enough to judge.
    assert "reply_slowdown" not in _codes(
        _score(one_account(BASE_CONTACTS, _healthy(before + slow[:4])))
    )
    # As fast as before: nothing to say.
    same = _thread("s", 25, 6, 3)
    assert "reply_slowdown" not in _codes(
        _score(one_account(BASE_CONTACTS, _healthy(before + same)))
    )


def test_reply_time_runs_from_first_unanswered_email() -> None:
    nudges = []
    for t, start in (("t1", 20), ("t2", 15)):
        nudges += [
            activity(
                f"{t}o1",
                ("dm",),
                start,
                None,
                EMAIL,
                duration=None,
                direction=Direction.OUTBOUND,
                thread_id=t,
            ),
            activity(
                f"{t}o2",
                ("dm",),
                start - 2,
                None,
                EMAIL,
                duration=None,
                direction=Direction.OUTBOUND,
                thread_id=t,
            ),
            activity(
                f"{t}i1",
                ("dm",),
                start - 3,
                None,
                EMAIL,
                duration=None,
                direction=Direction.INBOUND,
                thread_id=t,
            ),
        ]
    before = _thread("b", 150, 6, 5, step=20)
    recent = _thread("s", 10, 60, 1)
    result = _score(one_account(BASE_CONTACTS, _healthy(before + recent + nudges)))
    text = next(r.text for r in result.account_reasons[0] if r.code == "reply_slowdown")
    # Replies of 2.5, 3 and 3 days, counted from the first email, not the nudge.
    assert "median 3.0 days" in text


def test_dm_absent_from_last_meetings() -> None:
    acts = [
        activity(f"dm{i}", ("dm",), 40 + 7 * i, Outcome.POSITIVE, MEETING, duration=3600)
        for i in range(3)
    ]
    acts += [
        activity(f"u{i}", ("u",), 2 + 7 * i, Outcome.POSITIVE, MEETING, duration=3600)
        for i in range(3)
    ]
    result = _score(one_account(BASE_CONTACTS, acts))
    assert "dm_absent_from_meetings" in _codes(result)
    # A decision maker at one of the last three meetings: no signal.
    acts[3] = dataclasses.replace(acts[3], contact_ids=("u", "dm"))
    assert "dm_absent_from_meetings" not in _codes(_score(one_account(BASE_CONTACTS, acts)))


def test_new_approver_not_introduced() -> None:
    contacts = [*BASE_CONTACTS, ("cfo", Role.APPROVER)]
    ds = one_account(contacts, _healthy())
    fresh = dataclasses.replace(ds.contacts[2], name="Max Park", title="CFO", created_at=ago(10))
    ds = dataclasses.replace(ds, contacts=[*ds.contacts[:2], fresh])
    result = _score(ds)
    text = next(
        r.text for r in result.account_reasons[0] if r.code == "new_approver_not_introduced"
    )
    assert text == "New approver Max Park (CFO), added 2026-11-21, has not been met yet"
    met = dataclasses.replace(
        ds, activities=[*ds.activities, activity("x", ("cfo",), 2, None, MEETING, duration=3600)]
    )
    assert "new_approver_not_introduced" not in _codes(_score(met))


def test_negative_outcomes_reason_without_penalty() -> None:
    negs = [activity(f"n{i}", ("u",), 3 + i, Outcome.NEGATIVE) for i in range(2)]
    result = _score(one_account(BASE_CONTACTS, _healthy(negs)))
    assert "negative_outcomes" in _codes(result)
    assert result.account_score[0] == pytest.approx(result.account_base[0])


def test_bulk_email_counts_a_fifth() -> None:
    many = [(f"c{i}", Role.USER) for i in range(12)]

    def email(
        i: int, to: str, minutes: float, direction: Direction = Direction.OUTBOUND
    ) -> Activity:
        return activity(
            f"e{i}",
            (to,),
            3 + minutes / 24 / 60,
            Outcome.POSITIVE,
            EMAIL,
            duration=None,
            subject="Our spring offer",
            direction=direction,
        )

    blast = [email(i, f"c{i}", i) for i in range(12)]
    single = [email(0, "c0", 0)]
    bulk_score = _score(one_account(many, blast)).contact_score[0]
    one_score = _score(one_account(many, single)).contact_score[0]
    assert 25 < bulk_score < one_score
    # The same emails spread over days are not bulk.
    spread = [dataclasses.replace(e, occurred_at=ago(3 + i)) for i, e in enumerate(blast)]
    assert _score(one_account(many, spread)).contact_score[0] == pytest.approx(one_score)
    # Twelve emails to one person are not bulk: they fill the daily cap.
    same_person = [email(i, "c0", i) for i in range(12)]
    full_day = contact_formula(np.array([1.0]), np.array([0.0]), np.array([0.0]), CFG.contact)
    assert _score(one_account(many, same_person)).contact_score[0] == pytest.approx(full_day[0])
    # Twelve customers replying "Re: ..." within the hour are not a bulk email.
    replies = [email(i, f"c{i}", i, Direction.INBOUND) for i in range(12)]
    assert _score(one_account(many, replies)).contact_score[0] == pytest.approx(one_score)


@pytest.mark.parametrize(
    ("previous", "score", "expected"),
    [
        (None, 69.9, Color.YELLOW),
        (None, 70.0, Color.GREEN),
        (None, 39.9, Color.RED),
        (Color.GREEN, 67.5, Color.GREEN),
        (Color.GREEN, 66.9, Color.YELLOW),
        (Color.YELLOW, 72.9, Color.YELLOW),
        (Color.YELLOW, 73.0, Color.GREEN),
        (Color.YELLOW, 37.5, Color.YELLOW),
        (Color.YELLOW, 36.9, Color.RED),
        (Color.RED, 42.9, Color.RED),
        (Color.RED, 43.0, Color.YELLOW),
        (Color.RED, 80.0, Color.GREEN),
        (Color.GREEN, 36.0, Color.RED),
    ],
)
def test_hysteresis(previous: Color | None, score: float, expected: Color) -> None:
    prev = None if previous is None else np.array([previous], np.int8)
    assert colors(np.array([score]), CFG.colors, prev)[0] == expected


def test_gate_ignores_hysteresis() -> None:
    ds = one_account(
        BASE_CONTACTS, [activity("old", ("dm",), 80, Outcome.POSITIVE, MEETING, duration=3600)]
    )
    hist = dataclasses.replace(History.empty(1), prev_color=np.array([Color.GREEN], np.int8))
    result = _score(ds, history=hist)
    assert result.account_color[0] == Color.RED
    assert result.account_score[0] < CFG.colors.red_below


@pytest.mark.parametrize(
    ("deals", "stage"),
    [
        ([], Lifecycle.HELLO),
        ([(DealStatus.WON, 30)], Lifecycle.FIRST),
        ([(DealStatus.WON, 30), (DealStatus.WON, 500)], Lifecycle.WARM),
        ([(DealStatus.WON, 400), (DealStatus.WON, 800)], Lifecycle.COLD),
        ([(DealStatus.WON, 400), (DealStatus.OPEN, None)], Lifecycle.FIRST),
        ([(DealStatus.WON, 400), (DealStatus.LOST, 100)], Lifecycle.COLD),
        # Won after as_of: it was still open then.
        ([(DealStatus.WON, 400), (DealStatus.WON, -5)], Lifecycle.FIRST),
        # A win without a close date never makes an account Cold by itself.
        ([(DealStatus.WON, None)], Lifecycle.FIRST),
    ],
)
def test_lifecycle(deals: list[tuple[DealStatus, float | None]], stage: Lifecycle) -> None:
    ds = one_account(
        BASE_CONTACTS,
        _healthy(),
        [Deal(f"d{i}", "a1", s, None if d is None else ago(d)) for i, (s, d) in enumerate(deals)],
    )
    assert _score(ds).account_lifecycle[0] == stage


def test_warm_threshold_is_configurable() -> None:
    deals = [Deal(f"d{i}", "a1", DealStatus.WON, ago(30 * (i + 1))) for i in range(3)]
    three = Settings.from_mapping({"lifecycle": {"warm_min_won": 3}})
    assert (
        _score(one_account(BASE_CONTACTS, _healthy(), deals[:2]), three).account_lifecycle[0]
        == Lifecycle.FIRST
    )
    assert (
        _score(one_account(BASE_CONTACTS, _healthy(), deals), three).account_lifecycle[0]
        == Lifecycle.WARM
    )


def test_priority_tiers_and_order() -> None:
    result = _score(one_account(BASE_CONTACTS, []))
    assert result.account_priority[0] == 6  # Red + Hello
    ds = one_account(
        BASE_CONTACTS,
        _healthy(),
        [Deal("d1", "a1", DealStatus.WON, ago(10)), Deal("d2", "a1", DealStatus.WON, ago(20))],
    )
    assert _score(ds).account_priority[0] == 9


def _team(ana_positive: int, ana_total: int, team_positive: int, team_total: int) -> Dataset:
    users = [
        User("boss", "Lee Boss"),
        User("ana", "Ana Rep", "boss"),
        User("ben", "Ben Rep", "boss"),
    ]
    contacts = [Contact("c", "a1", "C", None, Role.USER, ago(900))]
    acts = []
    for i in range(ana_total):
        outcome = Outcome.POSITIVE if i < ana_positive else Outcome.NEUTRAL
        acts.append(activity(f"a{i}", ("c",), 1 + i * 80 / ana_total, outcome, owner_id="ana"))
    for i in range(team_total):
        outcome = Outcome.POSITIVE if i < team_positive else Outcome.NEGATIVE
        acts.append(activity(f"b{i}", ("c",), 1 + i * 80 / team_total, outcome, owner_id="ben"))
    ds = one_account([], [])
    return dataclasses.replace(ds, users=users, contacts=contacts, activities=acts)


def test_inflated_outcomes_by_share_and_binomial() -> None:
    by_share = _score(_team(28, 30, 20, 40))
    assert [(f.owner_index, f.code) for f in by_share.owner_flags] == [(1, "inflated_outcomes")]
    assert "93% of 30" in by_share.owner_flags[0].text
    # 80% positive against 30% for the rest of the team over 25 outcomes: p < 0.001.
    by_test = _score(_team(20, 25, 12, 40))
    assert [(f.owner_index, f.code) for f in by_test.owner_flags] == [(1, "inflated_outcomes")]
    assert "rest of the team" in by_test.owner_flags[0].text
    # 60% against 50%: not far enough above.
    assert _score(_team(15, 25, 20, 40)).owner_flags == []
    # 65% of 400 against 50% of 400 is significant (p < 1e-5) but only 15 points
    # above the team: flagged at the default minimum excess of 0.15, not at 0.2.
    many = _team(260, 400, 200, 400)
    assert [f.code for f in _score(many).owner_flags] == ["inflated_outcomes"]
    lenient = Settings.from_mapping({"integrity": {"binomial_min_excess": 0.2}})
    assert _score(many, lenient).owner_flags == []


def test_missing_outcome_share_per_owner() -> None:
    acts = [
        activity(f"x{i}", ("u",), 1 + i, None if i % 4 == 0 else Outcome.NEUTRAL) for i in range(8)
    ]
    result = _score(one_account(BASE_CONTACTS, acts))
    assert result.owner_missing_outcome_share[0] == pytest.approx(0.25)


def test_settings_change_the_result() -> None:
    ds = one_account(BASE_CONTACTS, _healthy())
    strict = Settings.from_mapping({"colors": {"green_min": 95, "red_below": 60}})
    assert _score(ds).account_color[0] == Color.GREEN
    assert _score(ds, strict).account_color[0] != Color.GREEN


def test_unexplained_yellow_names_its_weakest_contact() -> None:
    acts = [
        activity(f"n{i}", ("dm",), 2 + 7 * i, Outcome.NEUTRAL, MEETING, duration=3600)
        for i in range(6)
    ]
    acts += [activity(f"p{i}", ("u",), 1 + 7 * i, Outcome.POSITIVE) for i in range(6)]
    result = _score(one_account(BASE_CONTACTS, acts))
    assert result.account_color[0] == Color.YELLOW
    (reason,) = result.account_reasons[0]
    assert reason.code == "weakest_contact"
    assert reason.text.startswith("Weakest contact: Dm, score ")
    assert reason.text.endswith(", last interaction 2 days ago")
    # A Green account needs no such explanation.
    assert _codes(_score(one_account(BASE_CONTACTS, _healthy()))) == []


def test_hysteresis_end_to_end_and_gate_bands() -> None:
    # Weekly decision-maker meetings, mostly neutral: a score just under 70.
    acts = [
        activity(f"n{i}", ("dm",), 1 + 7 * i, Outcome.POSITIVE, MEETING, duration=3600)
        for i in range(3)
    ]
    acts += [
        activity(f"z{i}", ("dm",), 3 + 7 * i, Outcome.NEUTRAL, MEETING, duration=3600)
        for i in range(8)
    ]
    ds = one_account(BASE_CONTACTS, acts)
    plain = _score(ds)
    score = plain.account_score[0]
    assert 67 <= score < 70, score
    assert plain.account_color[0] == Color.YELLOW
    was_green = dataclasses.replace(History.empty(1), prev_color=np.array([Color.GREEN], np.int8))
    assert _score(ds, history=was_green).account_color[0] == Color.GREEN


def test_yellow_gate_never_paints_red_and_bands_are_validated() -> None:
    # A silent decision maker (dm_silent) under narrow but valid bands.
    people = [("dm", Role.DECISION_MAKER)] + [(f"u{k}", Role.USER) for k in range(4)]
    users = [
        activity(f"u{k}-{i}", (f"u{k}",), 1 + 7 * i, Outcome.POSITIVE)
        for k in range(4)
        for i in range(20)
    ]
    ds = one_account(
        people, [*users, activity("m", ("dm",), 120, Outcome.POSITIVE, MEETING, duration=3600)]
    )
    narrow = Settings.from_mapping({"colors": {"green_min": 45, "red_below": 40, "hysteresis": 2}})
    result = _score(ds, narrow)
    assert "dm_silent" in _codes(result)
    assert result.account_color[0] == Color.YELLOW
    assert 40 <= result.account_score[0] < 45
    # Without hysteresis the Yellow band may be thinner than a point.
    thin = Settings.from_mapping({"colors": {"green_min": 40.5, "red_below": 40, "hysteresis": 0}})
    assert _score(ds, thin).account_color[0] == Color.YELLOW
    with pytest.raises(ConfigError, match="twice the hysteresis"):
        Settings.from_mapping({"colors": {"green_min": 41, "red_below": 40}})


def test_contact_created_after_as_of_gives_no_evidence() -> None:
    ds = one_account(
        BASE_CONTACTS, [activity("old", ("dm",), 100, Outcome.POSITIVE, MEETING, duration=3600)]
    )
    later = Contact("new", "a1", "New", None, Role.USER, ago(-5))
    ds = dataclasses.replace(
        ds,
        contacts=[*ds.contacts, later],
        activities=[
            *ds.activities,
            activity("m", ("new",), 3, Outcome.POSITIVE, MEETING, duration=3600),
        ],
    )
    result = _score(ds)
    assert "silence" in _codes(result)
    assert result.contact_score[2] == 25.0


def test_within_a_tier_largest_drop_then_value_first() -> None:
    accounts = [Account(f"a{i}", f"A{i}", "u1", v) for i, v in enumerate([10.0, 500.0, 50.0])]
    contacts = [
        Contact(f"c{i}", f"a{i}", f"C{i}", None, Role.DECISION_MAKER, ago(800)) for i in range(3)
    ]
    ds = Dataset([User("u1", "Ana")], accounts, contacts, [], [])
    result = _score(ds)
    assert set(result.account_priority.tolist()) == {6}
    assert result.order.tolist() == [1, 2, 0]  # same scores: by value
    hist = dataclasses.replace(History.empty(3), score_14d=np.array([90.0, np.nan, 40.0]))
    assert _score(ds, history=hist).order.tolist() == [0, 2, 1]  # a0 fell 65 points, a2 15


def test_shuffled_input_gives_the_same_results() -> None:
    path = Path(__file__).parent / "scenarios" / "hollow_calls.json"
    ds = read_dataset(path).dataset
    shuffled = dataclasses.replace(
        ds, activities=random.Random(5).sample(list(ds.activities), len(ds.activities))
    )
    a, b = _score(ds), _score(shuffled)
    np.testing.assert_allclose(a.account_score, b.account_score)
    assert a.account_reasons == b.account_reasons
    assert [f.text for f in a.owner_flags] == [f.text for f in b.owner_flags]
