"""The SOQL parser, date literals and Salesforce ids, without HTTP."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from connector.sandbox.salesforce._eval import keyword_range
from connector.sandbox.salesforce._ids import decode_id, make_id, normalize_id, to18
from connector.sandbox.salesforce._soql import parse
from connector.sandbox.salesforce._soql_ast import And, Compare, Not, Or, SoqlError


@pytest.mark.parametrize(
    ("id15", "id18"),
    [("001A0000006Vm9r", "001A0000006Vm9rIAC"), ("0015000000Gv7qJ", "0015000000Gv7qJAAR")],
)
def test_checksum_of_known_ids(id15: str, id18: str) -> None:
    assert to18(id15) == id18
    assert normalize_id(id15) == id18
    assert normalize_id(id18) == id18
    assert normalize_id(id18[:15] + "AAA") is None
    assert normalize_id("001A0000006Vm9") is None


@given(st.sampled_from(["001", "003", "00T", "00U", "006"]), st.integers(0, 62**9 - 2))
def test_ids_decode_to_their_row(prefix: str, row: int) -> None:
    record_id = make_id(prefix, row)
    assert len(record_id) == 18
    assert decode_id(record_id) == (prefix, row)
    assert decode_id(record_id[:15]) == (prefix, row)


def test_ids_sort_in_row_order() -> None:
    ids = [make_id("001", row) for row in (0, 9, 10, 61, 62, 3843, 3844, 10**6)]
    assert sorted(ids) == ids


def test_parse_nested_conditions_and_escapes() -> None:
    query = parse(
        "select Id, Account.Owner.Name from Contact where not (Title like 'VP\\_%' or "
        "Name = 'O\\'Brien') and AccountId in ('001A0000006Vm9r') order by Name desc nulls last"
    )
    assert query.object == "Contact"
    assert [f.parts for f in query.fields] == [("Id",), ("Account", "Owner", "Name")]
    assert isinstance(query.where, And)
    negated = query.where.items[0]
    assert isinstance(negated, Not)
    assert isinstance(negated.item, Or)
    like, name = negated.item.items
    assert isinstance(like, Compare)
    assert (like.op, like.values[0].value) == ("like", "VP\\_%")
    assert isinstance(name, Compare)
    assert name.values[0].value == "O'Brien"
    assert query.order[0].descending is True
    assert query.order[0].nulls_last is True


@pytest.mark.parametrize(
    ("soql", "token"),
    [
        ("SELECT Id FROM Account WHERE A = 1 OR B = 2 AND C = 3", "AND"),
        ("SELECT Id FROM Account WHERE Name = 'x", "'x"),
        ("SELECT Id FROM Account LIMIT 1.5", "1.5"),
        ("SELECT Id, FROM Account", "FROM"),
        ("SELECT Id FROM Account WHERE Name = 'x' ORDER Name", "Name"),
        ("SELECT Id FROM Account GROUP BY Name", "GROUP"),
        ("SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Contact)", "SELECT"),
    ],
)
def test_malformed_queries_point_at_the_problem(soql: str, token: str) -> None:
    column = soql.rindex(token) + 1  # the caret goes under the (last) offending token
    with pytest.raises(SoqlError) as caught:
        parse(soql)
    assert caught.value.code == "MALFORMED_QUERY"
    lines = caught.value.message.split("\n")
    assert lines[1] == soql
    assert lines[2] == " " * (column - 1) + "^"
    assert lines[3] == f"ERROR at Row:1:Column:{column}"


@pytest.mark.parametrize(
    ("word", "n", "start", "end"),
    [
        ("TODAY", None, date(2026, 12, 2), date(2026, 12, 3)),
        ("YESTERDAY", None, date(2026, 12, 1), date(2026, 12, 2)),
        ("LAST_N_DAYS", 7, date(2026, 11, 25), date(2026, 12, 3)),
        ("NEXT_N_DAYS", 2, date(2026, 12, 3), date(2026, 12, 5)),
        ("THIS_WEEK", None, date(2026, 11, 29), date(2026, 12, 6)),
        ("LAST_MONTH", None, date(2026, 11, 1), date(2026, 12, 1)),
        ("NEXT_MONTH", None, date(2027, 1, 1), date(2027, 2, 1)),
        ("THIS_YEAR", None, date(2026, 1, 1), date(2027, 1, 1)),
    ],
)
def test_date_literal_ranges(word: str, n: int | None, start: date, end: date) -> None:
    assert keyword_range(word, n, date(2026, 12, 2)) == (start, end)  # a Wednesday


def test_all_documented_string_escapes() -> None:
    # SOQL's escapes: \n \N \r \R \t \T \b \B \f \F \" \' \\ and \uXXXX.
    soql = (
        "SELECT Id FROM Account WHERE Name = 'a\\Nb\\Tc\\R\\F\\B' OR Name = 'caf\\u00e9 \\\"x\\\"'"
    )
    query = parse(soql)
    assert isinstance(query.where, Or)
    first, second = query.where.items
    assert isinstance(first, Compare)
    assert isinstance(second, Compare)
    assert first.values[0].value == "a\nb\tc\r\f\b"
    assert second.values[0].value == 'café "x"'
    for bad in ("\\u00g1", "\\u12", "\\q"):
        with pytest.raises(SoqlError):
            parse(f"SELECT Id FROM Account WHERE Name = 'x{bad}'")  # noqa: S608
