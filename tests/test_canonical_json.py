"""Reading and writing the canonical JSON format: bad records are skipped with a
message a person can act on, good ones are kept, and writing round-trips."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connector.canonical_json import (
    InputFileError,
    LoadResult,
    dataset_to_dict,
    read_dataset,
    write_dataset,
)
from connector.errors import BadRecord, ConnectorError
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

if TYPE_CHECKING:
    from pathlib import Path

# A small valid file: two users, two accounts, three contacts, two activities,
# one deal. Each bad-input test adds one bad record to it.
BASE: dict[str, list[dict[str, Any]]] = {
    "users": [
        {"id": "u1", "name": "Ann Rep"},
        {"id": "u2", "name": "Bo Lead", "manager_id": "u-not-in-file"},
    ],
    "accounts": [
        {"id": "a1", "name": "Acme", "owner_id": "u1", "value": 120000},
        {"id": "a2", "name": "Globex", "owner_id": "u2", "extra": "ignored"},
    ],
    "contacts": [
        {
            "id": "c1",
            "account_id": "a1",
            "name": "Cy",
            "title": "CFO",
            "role": "decision_maker",
            "created_at": "2024-01-02T03:04:05+02:00",
        },
        {"id": "c2", "account_id": "a1", "role": None},
        {"id": "c3", "account_id": "a2", "role": "user"},
    ],
    "activities": [
        {
            "id": "m1",
            "kind": "meeting",
            "status": "completed",
            "occurred_at": "2024-05-01T09:30:00+02:00",
            "duration_seconds": 1800,
            "outcome": "positive",
            "contact_ids": ["c1", "c2"],
            "owner_id": "u1",
            "subject": "QBR",
            "body": "Went well.",
        },
        {
            "id": "e1",
            "kind": "email",
            "status": "completed",
            "occurred_at": "2024-05-02T10:00:00Z",
            "direction": "inbound",
            "outcome": None,
            "account_id": "a2",
            "contact_ids": ["c3"],
            "thread_id": "t1",
        },
    ],
    "deals": [
        {
            "id": "d1",
            "account_id": "a1",
            "status": "won",
            "closed_at": "2024-03-01T00:00:00Z",
            "amount": 5000.5,
        }
    ],
}

GOOD_ACTIVITY = {"kind": "call", "status": "completed", "occurred_at": "2024-05-03T08:00:00Z"}


def encode(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc).encode()


def read(doc: dict[str, Any], **kwargs: Any) -> LoadResult:
    return read_dataset(encode(doc), **kwargs)


def with_record(section: str, record: Any) -> dict[str, Any]:
    doc = copy.deepcopy(BASE)
    doc[section].append(record)
    return doc


def without(doc: dict[str, Any], **drop: tuple[str, ...]) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    for section, ids in drop.items():
        doc[section] = [r for r in doc[section] if r["id"] not in ids]
    return doc


def assert_one_issue(result: LoadResult, obj: str, record_id: str, field: str) -> str:
    """Exactly one issue, on this record and field, named in its message."""
    assert len(result.issues) == 1, result.issues
    issue = result.issues[0]
    assert (issue.object, issue.record_id, issue.field) == (obj, record_id, field)
    message = str(issue)
    assert repr(record_id) in message
    assert repr(field) in message
    assert ";" in issue.problem  # what is wrong; what to do
    return issue.problem


@pytest.fixture(scope="module")
def baseline() -> Dataset:
    result = read(BASE)
    assert result.issues == []
    return result.dataset


# -- the good file -----------------------------------------------------------------


def test_reads_every_field_of_a_valid_file(baseline: Dataset) -> None:
    assert baseline.users == (User("u1", "Ann Rep"), User("u2", "Bo Lead", "u-not-in-file"))
    assert baseline.accounts == (
        Account("a1", "Acme", "u1", 120000.0),
        Account("a2", "Globex", "u2"),
    )
    assert baseline.contacts == (
        Contact(
            "c1", "a1", "Cy", "CFO", Role.DECISION_MAKER, datetime(2024, 1, 2, 1, 4, 5, tzinfo=UTC)
        ),
        Contact("c2", "a1", role=Role.UNKNOWN),
        Contact("c3", "a2", role=Role.USER),
    )
    meeting, email = baseline.activities
    assert meeting == Activity(
        "m1",
        ActivityKind.MEETING,
        ActivityStatus.COMPLETED,
        datetime(2024, 5, 1, 7, 30, tzinfo=UTC),
        "a1",  # taken from the first contact
        ("c1", "c2"),
        duration_seconds=1800.0,
        outcome=Outcome.POSITIVE,
        owner_id="u1",
        subject="QBR",
        body="Went well.",
    )
    assert meeting.occurred_at.tzinfo is UTC
    assert email.direction is Direction.INBOUND
    assert email.outcome is None
    assert email.account_id == "a2"
    assert baseline.deals == (
        Deal("d1", "a1", DealStatus.WON, datetime(2024, 3, 1, tzinfo=UTC), 5000.5),
    )


def test_missing_lists_are_empty() -> None:
    assert read({}).dataset == Dataset()
    assert read({"deals": None}).dataset == Dataset()


def test_reads_from_a_path(tmp_path: Path, baseline: Dataset) -> None:
    path = tmp_path / "data.json"
    path.write_bytes(b"\xef\xbb\xbf" + encode(BASE))  # a byte-order mark is tolerated
    assert read_dataset(path).dataset == baseline


# -- one bad record: reported with its id and field, the rest kept ------------------

BAD_RECORDS = [
    # (case, section, record, (object, record id, field), words in the message)
    ("text where a number goes", "accounts", {"id": "a3", "value": "abc"},
     ("account", "a3", "value"), ["number", "'abc'"]),
    ("a bool where a number goes", "deals",
     {"id": "d2", "account_id": "a1", "status": "open", "amount": True},
     ("deal", "d2", "amount"), ["number", "boolean"]),
    ("a number where text goes", "users", {"id": "u3", "name": 42},
     ("user", "u3", "name"), ["text", "42"]),
    ("contact_ids as a string", "activities",
     {"id": "x1", **GOOD_ACTIVITY, "account_id": "a1", "contact_ids": "c1"},
     ("activity", "x1", "contact_ids"), ["list", "'c1'"]),
    ("unknown role", "contacts", {"id": "c4", "account_id": "a1", "role": "boss"},
     ("contact", "c4", "role"),
     ["'boss'", "decision_maker, approver, influencer, user, unknown"]),
    ("unknown kind", "activities", {"id": "x1", **GOOD_ACTIVITY, "kind": "fax", "account_id": "a1"},
     ("activity", "x1", "kind"), ["'fax'", "meeting, call, email, message, note, task"]),
    ("unknown deal status", "deals", {"id": "d2", "account_id": "a1", "status": "Won"},
     ("deal", "d2", "status"), ["'Won'", "won, lost, open"]),
    ("NaN", "accounts", {"id": "a3", "value": float("nan")},
     ("account", "a3", "value"), ["finite"]),
    ("infinity", "deals",
     {"id": "d2", "account_id": "a1", "status": "open", "amount": float("inf")},
     ("deal", "d2", "amount"), ["finite"]),
    ("negative duration", "activities",
     {"id": "x1", **GOOD_ACTIVITY, "account_id": "a1", "duration_seconds": -5},
     ("activity", "x1", "duration_seconds"), ["0 or more", "-5"]),
    ("unknown account of a deal", "deals", {"id": "d2", "account_id": "a9", "status": "open"},
     ("deal", "d2", "account_id"), ["account 'a9'", "not in 'accounts'"]),
    ("unknown account of a contact", "contacts", {"id": "c4", "account_id": "a9"},
     ("contact", "c4", "account_id"), ["account 'a9'"]),
    ("unknown contact of an activity", "activities",
     {"id": "x1", **GOOD_ACTIVITY, "contact_ids": ["c1", "c9"]},
     ("activity", "x1", "contact_ids"), ["contact 'c9'", "not in 'contacts'"]),
    ("time without zone", "activities",
     {"id": "x1", **GOOD_ACTIVITY, "account_id": "a1", "occurred_at": "2024-05-03T08:00:00"},
     ("activity", "x1", "occurred_at"), ["no time zone", "add Z", "offset", "+02:00"]),
    ("date without zone", "contacts", {"id": "c4", "account_id": "a1", "created_at": "2024-05-03"},
     ("contact", "c4", "created_at"), ["no time zone", "2024-05-03T00:00:00Z"]),
    ("unparseable time", "deals",
     {"id": "d2", "account_id": "a1", "status": "lost", "closed_at": "last Tuesday"},
     ("deal", "d2", "closed_at"), ["not an ISO 8601 time", "'last Tuesday'"]),
    ("missing occurred_at", "activities",
     {"id": "x1", "kind": "call", "status": "completed", "account_id": "a1"},
     ("activity", "x1", "occurred_at"), ["missing"]),
    ("missing kind", "activities",
     {"id": "x1", "status": "completed", "occurred_at": "2024-05-03T08:00:00Z",
      "account_id": "a1"},
     ("activity", "x1", "kind"), ["missing"]),
    ("missing deal status", "deals", {"id": "d2", "account_id": "a1"},
     ("deal", "d2", "status"), ["missing"]),
    ("missing deal account", "deals", {"id": "d2", "status": "open"},
     ("deal", "d2", "account_id"), ["missing"]),
    ("missing contact account", "contacts", {"id": "c4", "name": "Dee"},
     ("contact", "c4", "account_id"), ["missing"]),
    ("no account and no contacts", "activities", {"id": "x1", **GOOD_ACTIVITY},
     ("activity", "x1", "account_id"), ["missing", "contact"]),
    ("contacts of two accounts and no account", "activities",
     {"id": "x1", **GOOD_ACTIVITY, "contact_ids": ["c1", "c3"]},
     ("activity", "x1", "account_id"), ["different accounts", "'a1', 'a2'"]),
    ("missing id", "accounts", {"name": "Nameless"},
     ("account", "#3", "id"), ["record #3", "no id"]),
    ("empty id", "contacts", {"id": "", "account_id": "a1"},
     ("contact", "#4", "id"), ["record #4", "no id"]),
    ("numeric id", "users", {"id": 7},
     ("user", "#3", "id"), ["a number (7)"]),
    ("not an object", "deals", "d2",
     ("deal", "#2", "(record)"), ["JSON object", "'d2'"]),
    ("duplicate id", "accounts", {"id": "a1", "name": "Second Acme"},
     ("account", "a1", "id"), ["duplicate", "record #1", "#3"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("section", "record", "where", "words"),
    [pytest.param(*case[1:], id=case[0]) for case in BAD_RECORDS],
)
def test_a_bad_record_is_skipped_and_named(
    baseline: Dataset,
    section: str,
    record: Any,
    where: tuple[str, str, str],
    words: list[str],
) -> None:
    result = read(with_record(section, record))

    problem = assert_one_issue(result, *where)
    for word in words:
        assert word in problem
    assert result.dataset == baseline


def test_a_skipped_account_takes_its_contacts_activities_and_deals_with_it() -> None:
    doc = copy.deepcopy(BASE)
    doc["accounts"][1]["value"] = "lots"  # a2: Globex
    doc["deals"].append({"id": "d2", "account_id": "a2", "status": "open"})
    doc["activities"].append({"id": "x1", **GOOD_ACTIVITY, "contact_ids": ["c3"]})

    result = read(doc)

    assert [(i.object, i.record_id, i.field) for i in result.issues] == [
        ("account", "a2", "value"),
        ("contact", "c3", "account_id"),
        ("activity", "e1", "contact_ids"),
        ("activity", "e1", "account_id"),
        ("activity", "x1", "contact_ids"),
        ("deal", "d2", "account_id"),
    ]
    assert "skipped because of its own problem" in result.issues[1].problem
    expected = read(
        without(doc, accounts=("a2",), contacts=("c3",), activities=("e1", "x1"), deals=("d2",))
    )
    assert expected.issues == []
    assert result.dataset == expected.dataset


def test_a_duplicate_keeps_the_first_record(baseline: Dataset) -> None:
    result = read(with_record("accounts", {"id": "a1", "name": "Second Acme"}))
    assert result.dataset.accounts[0].name == "Acme"
    assert result.dataset == baseline


def test_bytes_that_are_not_utf8_skip_only_their_record(baseline: Dataset) -> None:
    doc = with_record(
        "activities", {"id": "x1", **GOOD_ACTIVITY, "account_id": "a1", "body": "BAD-BYTES"}
    )
    raw = encode(doc).replace(b"BAD-BYTES", b"caf\xe9 \xff")  # Latin-1, not UTF-8

    result = read_dataset(raw)

    problem = assert_one_issue(result, "activity", "x1", "body")
    assert "not valid UTF-8" in problem
    assert result.dataset == baseline


def test_an_id_that_is_not_utf8_is_named_by_position(baseline: Dataset) -> None:
    raw = encode(with_record("users", {"id": "BAD-ID"})).replace(b"BAD-ID", b"u\xff")
    problem = assert_one_issue(read_dataset(raw), "user", "#3", "id")
    assert "not valid UTF-8" in problem
    assert read_dataset(raw).dataset == baseline


def test_a_lone_surrogate_escape_is_not_text(baseline: Dataset) -> None:
    doc = with_record("contacts", {"id": "c4", "account_id": "a1", "name": "\ud800x"})
    raw = encode(doc)
    assert b"\\ud800" in raw  # json.dumps escapes it, as a CRM export might

    result = read_dataset(raw)

    problem = assert_one_issue(result, "contact", "c4", "name")
    assert "not valid UTF-8" in problem
    assert result.dataset == baseline


def test_a_surrogate_pair_escape_is_fine() -> None:
    doc = with_record("accounts", {"id": "a3", "name": "Smile \ud83d\ude00"})
    result = read(doc)
    assert result.issues == []
    assert result.dataset.accounts[-1].name == "Smile \N{GRINNING FACE}"


def test_an_absurdly_large_body_is_skipped() -> None:
    long = {"id": "x1", **GOOD_ACTIVITY, "account_id": "a1", "body": "x" * 101}
    at_limit = {"id": "x2", **GOOD_ACTIVITY, "account_id": "a1", "body": "y" * 100}
    doc = with_record("activities", long)
    doc["activities"].append(at_limit)

    result = read(doc, max_text_chars=100)

    problem = assert_one_issue(result, "activity", "x1", "body")
    assert "101 characters; the limit is 100 (setting input.max_text_chars)" in problem
    assert result.dataset == read(without(doc, activities=("x1",)), max_text_chars=100).dataset
    assert result.dataset.activities[-1].body == "y" * 100


def test_every_problem_of_a_record_is_reported_in_field_order() -> None:
    bad = {"id": "x1", "kind": "fax", "status": 3, "occurred_at": "2024-05-03", "account_id": "a9"}
    result = read(with_record("activities", bad))
    assert [i.field for i in result.issues] == ["kind", "status", "occurred_at", "account_id"]
    assert {i.record_id for i in result.issues} == {"x1"}


def test_huge_numbers_are_not_finite() -> None:
    raw = encode(with_record("accounts", {"id": "a3", "value": 1})).replace(
        b'"value": 1}', b'"value": ' + b"9" * 5000 + b"}"
    )
    assert_one_issue(read_dataset(raw), "account", "a3", "value")


# -- strict mode and whole-file errors ---------------------------------------------


def test_strict_mode_raises_with_every_issue() -> None:
    doc = with_record("accounts", {"id": "a3", "value": "abc"})
    doc["deals"].append({"id": "d2", "account_id": "a3", "status": "open"})
    doc["users"].append({"name": "no id"})
    issues = read(doc).issues
    assert len(issues) == 3

    with pytest.raises(BadRecord) as caught:
        read(doc, strict=True)

    assert caught.value.issues == issues
    assert [i.object for i in issues] == ["user", "account", "deal"]  # file order by object
    assert "3 bad record(s)" in str(caught.value)


def test_strict_mode_returns_a_clean_file(baseline: Dataset) -> None:
    assert read(BASE, strict=True).dataset == baseline


def test_a_json_syntax_error_stops_with_its_position() -> None:
    raw = b'{"accounts": [\n  {"id": "a1",}\n]}'
    with pytest.raises(InputFileError) as caught:
        read_dataset(raw)
    assert (caught.value.line, caught.value.column) == (2, 15)
    assert "line 2, column 15" in str(caught.value)
    assert isinstance(caught.value, ConnectorError)


def test_a_file_position_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_bytes(b'{"users": [}')
    with pytest.raises(InputFileError, match=r"broken\.json: not valid JSON at line 1"):
        read_dataset(path)


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        pytest.param(b'[{"id": "a1"}]', "top level must be a JSON object", id="top-level list"),
        pytest.param(b'{"accounts": {"id": "a1"}}', "'accounts' must be a list", id="section"),
        pytest.param(b"", "line 1, column 1", id="empty"),
    ],
)
def test_a_file_of_the_wrong_shape_stops(raw: bytes, words: str) -> None:
    with pytest.raises(InputFileError, match=words):
        read_dataset(raw)


def test_a_missing_file_stops(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="cannot read the file"):
        read_dataset(tmp_path / "nope.json")


# -- writing -----------------------------------------------------------------------


def test_writes_utf8_with_utc_times_and_no_null_fields(tmp_path: Path) -> None:
    ds = Dataset(
        accounts=(Account("a1", "Müller GmbH"),),
        activities=(
            Activity(
                "x1",
                ActivityKind.CALL,
                ActivityStatus.NO_SHOW,
                datetime(2024, 5, 1, 9, 30, tzinfo=timezone(timedelta(hours=2))),
                "a1",
            ),
        ),
    )
    path = tmp_path / "out.json"

    data = write_dataset(ds, path)

    assert path.read_bytes() == data
    assert "Müller GmbH".encode() in data
    assert dataset_to_dict(ds)["activities"] == [
        {
            "id": "x1",
            "kind": "call",
            "status": "no_show",
            "occurred_at": "2024-05-01T07:30:00Z",
            "account_id": "a1",
            "contact_ids": [],
        }
    ]
    assert json.loads(data)["users"] == []
    assert read_dataset(data).dataset == ds


def test_the_base_file_round_trips(baseline: Dataset) -> None:
    assert read_dataset(write_dataset(baseline)) == LoadResult(baseline, [])


@pytest.mark.parametrize(
    ("record", "words"),
    [
        pytest.param(
            Deal("d1", "a1", DealStatus.OPEN, closed_at=datetime(2024, 1, 1)),  # noqa: DTZ001
            "deal 'd1', field 'closed_at'",
            id="naive time",
        ),
        pytest.param(
            Deal("d1", "a1", DealStatus.OPEN, amount=float("nan")),
            "deal 'd1', field 'amount'",
            id="nan",
        ),
        pytest.param(Deal("d1", "a1", DealStatus.OPEN, amount=None), None, id="fine"),
    ],
)
def test_writing_refuses_what_the_format_cannot_hold(record: Deal, words: str | None) -> None:
    ds = Dataset(accounts=(Account("a1"),), deals=(record,))
    if words is None:
        assert read_dataset(write_dataset(ds)).dataset == ds
    else:
        with pytest.raises(ValueError, match=words):
            write_dataset(ds)


def test_writing_refuses_text_that_is_not_utf8() -> None:
    ds = Dataset(accounts=(Account("a1", "bad \udcff"),))
    with pytest.raises(ValueError, match="account 'a1', field 'name': not valid UTF-8"):
        write_dataset(ds)


# -- properties --------------------------------------------------------------------

canonical_ids = st.text(min_size=1, max_size=6).filter(str.strip)
canonical_texts = st.text(max_size=20)
canonical_amounts = st.floats(allow_nan=False, allow_infinity=False)
canonical_times = st.datetimes(
    min_value=datetime(1900, 1, 1),  # noqa: DTZ001 - bounds are naive by Hypothesis's design
    max_value=datetime(2200, 1, 1),  # noqa: DTZ001
    timezones=st.builds(
        timezone, st.timedeltas(min_value=timedelta(hours=-23), max_value=timedelta(hours=23))
    ),
)


@st.composite
def canonical_datasets(draw: st.DrawFn) -> Dataset:
    """Valid datasets: unique ids, every reference resolves, times carry a zone."""

    def opt(strategy: st.SearchStrategy[Any]) -> Any:
        return draw(st.none() | strategy)

    def unique_ids(min_size: int = 0) -> list[str]:
        return draw(st.lists(canonical_ids, min_size=min_size, max_size=4, unique=True))

    users = tuple(User(u, opt(canonical_texts), opt(canonical_ids)) for u in unique_ids())
    accounts = tuple(
        Account(a, opt(canonical_texts), opt(canonical_ids), opt(canonical_amounts))
        for a in unique_ids(min_size=1)
    )
    account_ids = st.sampled_from([a.id for a in accounts])
    contacts = tuple(
        Contact(
            c,
            draw(account_ids),
            opt(canonical_texts),
            opt(canonical_texts),
            draw(st.sampled_from(Role)),
            opt(canonical_times),
        )
        for c in unique_ids()
    )
    contact_ids = (
        st.lists(st.sampled_from([c.id for c in contacts]), max_size=3) if contacts else st.just([])
    )
    activities = tuple(
        Activity(
            x,
            draw(st.sampled_from(ActivityKind)),
            draw(st.sampled_from(ActivityStatus)),
            draw(canonical_times),
            draw(account_ids),
            tuple(draw(contact_ids)),
            opt(st.floats(min_value=0, allow_infinity=False)),
            opt(st.sampled_from(Direction)),
            opt(st.sampled_from(Outcome)),
            opt(canonical_ids),
            opt(canonical_texts),
            opt(canonical_texts),
            opt(canonical_texts),
        )
        for x in unique_ids()
    )
    deals = tuple(
        Deal(
            d,
            draw(account_ids),
            draw(st.sampled_from(DealStatus)),
            opt(canonical_times),
            opt(canonical_amounts),
        )
        for d in unique_ids()
    )
    return Dataset(users, accounts, contacts, activities, deals)


@given(canonical_datasets())
def test_write_then_read_gives_the_same_dataset(ds: Dataset) -> None:
    result = read_dataset(write_dataset(ds))
    assert result.issues == []
    assert result.dataset == ds


_json_scalars = st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=5)
_json_values = st.recursive(
    _json_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=6,
)
_plausible = st.sampled_from(
    ["a1", "a2", "c1", "c2", "u1", "", "meeting", "completed", "won", "user", "inbound",
     "positive", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00", "\ud800"]
)  # fmt: skip
_fields = [
    "id", "name", "manager_id", "owner_id", "value", "account_id", "title", "role",
    "created_at", "kind", "status", "occurred_at", "duration_seconds", "direction",
    "outcome", "contact_ids", "subject", "body", "thread_id", "closed_at", "amount",
]  # fmt: skip
_values = _plausible | _json_values | st.lists(_plausible, max_size=3)
_random_records = st.dictionaries(st.sampled_from(_fields), _values, max_size=8)


@st.composite
def _near_valid_records(draw: st.DrawFn) -> dict[str, Any]:
    """A record of the base file with one or two fields changed or added."""
    record = dict(draw(st.sampled_from([r for records in BASE.values() for r in records])))
    for field in draw(st.lists(st.sampled_from(_fields), min_size=1, max_size=2)):
        record[field] = draw(_values)
    return record


@settings(max_examples=300)
@given(
    st.dictionaries(
        st.sampled_from(list(BASE)),
        st.lists(_near_valid_records() | _random_records | _json_values, max_size=6),
    )
)
def test_any_json_is_read_without_crashing_and_what_is_kept_round_trips(
    doc: dict[str, Any],
) -> None:
    result = read(doc)

    again = read_dataset(write_dataset(result.dataset))
    assert again.issues == []
    assert again.dataset == result.dataset
    for issue in result.issues:
        assert issue.record_id
        assert issue.field
        assert issue.problem
