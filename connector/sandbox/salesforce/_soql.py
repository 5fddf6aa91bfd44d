"""A SOQL parser for the subset integrations use.

    SELECT field, Parent.Field, COUNT() FROM Object
    [WHERE condition] [WITH SECURITY_ENFORCED]
    [ORDER BY field [ASC|DESC] [NULLS FIRST|LAST], ...] [LIMIT n] [OFFSET n]

Conditions: ``=  !=  <>  <  <=  >  >=``, ``[NOT] IN (...)``, ``LIKE``,
``INCLUDES``/``EXCLUDES`` (multi-select picklists), ``NOT``, ``AND``, ``OR``
and parentheses; as in SOQL, AND and OR may not be mixed at one level
without parentheses. Literals: strings in single quotes with backslash
escapes, numbers, ``true``/``false``/``null``, dates (``2024-01-31``),
datetimes (``2024-01-31T00:00:00Z``, offsets, milliseconds), and date
literals (``TODAY``, ``LAST_N_DAYS:30``...). Keywords are case-insensitive.

Errors are :class:`SoqlError` with Salesforce's code and its message shape
(the query, a caret under the bad token, ``ERROR at Row:1:Column:N``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from connector.sandbox.salesforce._soql_ast import (
    And,
    Compare,
    Condition,
    FieldPath,
    Literal,
    Not,
    Or,
    OrderItem,
    Query,
    SoqlError,
    position_message,
)

__all__ = ["DATE_KEYWORDS", "parse"]

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<datetime>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:?\d{2}))
  | (?P<date>\d{4}-\d{2}-\d{2})(?![\dT:])
  | (?P<number>\d+(?:\.\d+)?)
  | (?P<string>'(?:[^'\\]|\\.)*')
  | (?P<ident>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)
  | (?P<op>!=|<>|<=|>=|=|<|>)
  | (?P<punct>[(),:\-])
    """,
    re.VERBOSE,
)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_ESCAPES |= {k.upper(): v for k, v in _ESCAPES.items() if k in "ntrbf"}  # \N, \T...
_ESCAPES |= {"%": "\\%", "_": "\\_", "\\": "\\\\"}  # kept escaped: LIKE needs to see them
_HEX = frozenset("0123456789abcdefABCDEF")
DATE_KEYWORDS = frozenset(
    {
        "TODAY",
        "YESTERDAY",
        "TOMORROW",
        "THIS_WEEK",
        "LAST_WEEK",
        "NEXT_WEEK",
        "THIS_MONTH",
        "LAST_MONTH",
        "NEXT_MONTH",
        "THIS_YEAR",
        "LAST_YEAR",
        "NEXT_YEAR",
        "LAST_90_DAYS",
        "NEXT_90_DAYS",
        "LAST_N_DAYS",
        "NEXT_N_DAYS",
    }
)
_N_KEYWORDS = frozenset({"LAST_N_DAYS", "NEXT_N_DAYS"})
MAX_NESTING = 100
_STOP = frozenset({"WHERE", "ORDER", "LIMIT", "OFFSET", "WITH", "GROUP", "FOR", "USING"})


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str  # ident, string, number, date, datetime, op, punct, eof
    text: str
    pos: int

    @property
    def upper(self) -> str:
        return self.text.upper()


def _tokens(text: str) -> list[_Tok]:
    out = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            if text[pos] == "'":
                problem = "mismatched character '<EOF>' expecting '''"
                raise SoqlError(position_message(text, pos, problem))
            raise SoqlError(position_message(text, pos, f"unexpected token: '{text[pos]}'"))
        kind = m.lastgroup or ""
        if kind != "space":
            out.append(_Tok(kind, m.group(), pos))
        pos = m.end()
    out.append(_Tok("eof", "<EOF>", len(text)))
    return out


def _unquote(raw: str) -> str:
    body = raw[1:-1]
    if "\\" not in body:
        return body
    out = []
    i = 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            code = body[i + 2 : i + 6]
            if nxt == "u" and len(code) == 4 and set(code) <= _HEX:  # \u00e9
                out.append(chr(int(code, 16)))
                i += 6
                continue
            if nxt not in _ESCAPES:
                msg = f"Invalid string literal '{raw}'. Illegal character sequence '\\{nxt}'"
                raise SoqlError(msg)
            out.append(_ESCAPES[nxt])
            i += 2
        else:
            out.append(char)
            i += 1
    return "".join(out)


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = _tokens(text)
        self.i = 0
        self.depth = 0  # NOT and parentheses being parsed (bounded: no RecursionError)

    @property
    def tok(self) -> _Tok:
        return self.toks[self.i]

    def error(self, tok: _Tok | None = None, problem: str | None = None) -> SoqlError:
        tok = tok or self.tok
        shown = tok.text if tok.kind != "eof" else "<EOF>"
        return SoqlError(
            position_message(self.text, tok.pos, problem or f"unexpected token: '{shown}'")
        )

    def take(self) -> _Tok:
        tok = self.tok
        self.i += 1
        return tok

    def keyword(self, *words: str) -> bool:
        return self.tok.kind == "ident" and self.tok.upper in words

    def expect_keyword(self, word: str) -> _Tok:
        if not self.keyword(word):
            raise self.error()
        return self.take()

    def expect(self, text: str) -> _Tok:
        if self.tok.text != text or self.tok.kind not in ("punct", "op"):
            raise self.error()
        return self.take()

    # -- query ----------------------------------------------------------------

    def query(self) -> Query:
        self.expect_keyword("SELECT")
        fields, count = self.select_list()
        self.expect_keyword("FROM")
        obj = self.take()
        if obj.kind != "ident" or "." in obj.text:
            raise self.error(obj)
        where = None
        features: set[str] = set()
        if self.keyword("WHERE"):
            self.take()
            where = self.condition()
        if self.keyword("WITH"):
            self.take()
            if not self.keyword("SECURITY_ENFORCED", "USER_MODE", "SYSTEM_MODE"):
                raise self.error()
            features.add(self.take().upper)
        if self.keyword("GROUP", "FOR", "USING", "HAVING"):
            raise self.error(problem=f"The sandbox does not support {self.tok.upper} clauses")
        order: tuple[OrderItem, ...] = ()
        if self.keyword("ORDER"):
            self.take()
            self.expect_keyword("BY")
            order = self.order_list()
        limit = self.integer_clause("LIMIT")
        offset = self.integer_clause("OFFSET")
        if self.tok.kind != "eof":
            raise self.error()
        return Query(
            self.text,
            obj.text,
            obj.pos,
            tuple(fields),
            count,
            where,
            order,
            limit,
            offset,
            frozenset(features),
        )

    def integer_clause(self, word: str) -> int | None:
        if not self.keyword(word):
            return None
        self.take()
        tok = self.take()
        if tok.kind != "number" or "." in tok.text:
            raise self.error(tok)
        return int(tok.text)

    def select_list(self) -> tuple[list[FieldPath], bool]:
        fields: list[FieldPath] = []
        count = False
        while True:
            tok = self.tok
            if tok.kind == "ident" and tok.upper == "COUNT" and self.toks[self.i + 1].text == "(":
                self.take()
                self.take()
                if self.tok.text != ")":
                    raise self.error(problem="The sandbox supports COUNT() only, not COUNT(field)")
                self.take()
                count = True
            elif tok.text == "(":
                raise self.error(problem="The sandbox does not support relationship subqueries")
            elif tok.kind == "ident" and tok.upper != "FROM":
                if tok.upper in ("FIELDS", "TYPEOF"):
                    raise self.error(problem=f"The sandbox does not support {tok.upper}")
                fields.append(self.path())
            else:
                raise self.error()
            if self.tok.text != ",":
                break
            self.take()
        if count and fields:
            raise self.error(problem="COUNT() cannot be combined with other fields")
        return fields, count

    def path(self) -> FieldPath:
        tok = self.take()
        if tok.kind != "ident":
            raise self.error(tok)
        return FieldPath(tuple(tok.text.split(".")), tok.pos)

    def order_list(self) -> tuple[OrderItem, ...]:
        items = []
        while True:
            path = self.path()
            descending = False
            nulls_last = None
            if self.keyword("ASC", "DESC"):
                descending = self.take().upper == "DESC"
            if self.keyword("NULLS"):
                self.take()
                if not self.keyword("FIRST", "LAST"):
                    raise self.error()
                nulls_last = self.take().upper == "LAST"
            items.append(OrderItem(path, descending, nulls_last))
            if self.tok.text != ",":
                return tuple(items)
            self.take()

    # -- conditions -----------------------------------------------------------

    def condition(self) -> Condition:
        items = [self.unary()]
        joiner: str | None = None
        while self.keyword("AND", "OR"):
            word = self.tok.upper
            if joiner is not None and word != joiner:
                raise self.error()
            joiner = word
            self.take()
            items.append(self.unary())
        if joiner is None:
            return items[0]
        return And(tuple(items)) if joiner == "AND" else Or(tuple(items))

    def unary(self) -> Condition:
        nested = self.keyword("NOT") or (self.tok.text == "(" and self.tok.kind == "punct")
        if not nested:
            return self.comparison()
        if self.depth >= MAX_NESTING:
            raise self.error(problem="The condition is nested too deeply")
        self.depth += 1
        try:
            if self.take().text != "(":  # NOT
                return Not(self.unary())
            inner = self.condition()
            self.expect(")")
            return inner
        finally:
            self.depth -= 1

    def comparison(self) -> Compare:
        path = self.path()
        if path.parts[0].upper() in _STOP and len(path.parts) == 1:
            raise self.error(self.toks[self.i - 1])
        tok = self.tok
        if tok.kind == "op":
            self.take()
            op = {"<>": "!="}.get(tok.text, tok.text)
            return Compare(path, op, (self.literal(),))
        if self.keyword("NOT"):
            self.take()
            if not self.keyword("IN"):
                raise self.error()
            self.take()
            return Compare(path, "notin", self.literal_list())
        if self.keyword("IN", "INCLUDES", "EXCLUDES"):
            op = self.take().upper.lower()
            return Compare(path, "in" if op == "in" else op, self.literal_list())
        if self.keyword("LIKE"):
            self.take()
            return Compare(path, "like", (self.literal(),))
        raise self.error()

    def literal_list(self) -> tuple[Literal, ...]:
        self.expect("(")
        if self.keyword("SELECT"):
            raise self.error(problem="The sandbox does not support semi-join subqueries")
        values = [self.literal()]
        while self.tok.text == ",":
            self.take()
            values.append(self.literal())
        self.expect(")")
        return tuple(values)

    def literal(self) -> Literal:  # noqa: PLR0911
        tok = self.take()
        if tok.kind == "string":
            return Literal("string", _unquote(tok.text), tok.pos)
        if tok.kind == "punct" and tok.text == "-" and self.tok.kind == "number":
            num = self.take()
            return Literal("number", -float(num.text), tok.pos)
        if tok.kind == "number":
            return Literal("number", float(tok.text), tok.pos)
        if tok.kind in ("date", "datetime"):
            return Literal(tok.kind, tok.text, tok.pos)
        if tok.kind == "ident":
            word = tok.upper
            if word in ("TRUE", "FALSE"):
                return Literal("boolean", word == "TRUE", tok.pos)
            if word == "NULL":
                return Literal("null", None, tok.pos)
            if word in DATE_KEYWORDS:
                n = None
                if word in _N_KEYWORDS:
                    self.expect(":")
                    num = self.take()
                    if num.kind != "number" or "." in num.text:
                        raise self.error(num)
                    n = int(num.text)
                return Literal("keyword", word, tok.pos, n)
        raise self.error(tok)


def parse(text: str) -> Query:
    """Parse one SOQL query (``SoqlError`` with ``MALFORMED_QUERY`` if it is not one)."""
    if not text.strip():
        raise SoqlError(position_message(text, 0, "unexpected token: <EOF>"))
    return _Parser(text).query()
