"""The fields of canonical JSON records: reading them with checks, and writing them.

Private to :mod:`connector.canonical_json`. A :class:`SectionReader` walks one
list of the parsed file ("accounts", ...): it checks each record's id, lets the
caller read the other fields with typed helpers, and turns every problem found
into a :class:`~connector.errors.RecordIssue` so the record is skipped while the
rest of the file is still read. :data:`FIELDS` and :func:`record_dict` turn a
model record back into JSON values.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar, cast

from connector.errors import RecordIssue

if TYPE_CHECKING:
    import enum
    from collections.abc import Callable, Iterator

__all__ = ["FIELDS", "SectionReader", "describe", "is_utf8", "record_dict"]

E = TypeVar("E", bound="enum.Enum")

_MEMBERS: dict[type[Any], dict[object, Any]] = {}


def _preview(text: str, limit: int = 40) -> str:
    """The text quoted for a message, cut short (a body may be megabytes)."""
    return repr(text if len(text) <= limit else text[:limit] + "...")


def describe(value: object) -> str:
    """A JSON value's kind and a short preview, for messages ("a number (42)")."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        value = int(value)  # integers are parsed as floats (see canonical_json): show 42
    if value is None:
        shown = "null"
    elif isinstance(value, bool):
        shown = f"a boolean ({'true' if value else 'false'})"
    elif isinstance(value, int | float):
        shown = f"a number ({value!r})"
    elif isinstance(value, str):
        shown = f"text ({_preview(value)})"
    elif isinstance(value, list):
        shown = f"a list of {len(value)} item(s)"
    elif isinstance(value, dict):
        shown = "an object {...}"
    else:
        shown = type(value).__name__
    return shown


def is_utf8(text: str) -> bool:
    """Whether ``text`` encodes as UTF-8 (holds no lone surrogate)."""
    # Bytes that were not UTF-8 were decoded with surrogateescape, and JSON
    # escapes such as \ud800 also give lone surrogates: neither encodes.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


_NOT_UTF8 = (
    "is not valid UTF-8 text (the file holds bytes that are not UTF-8 here, or a lone "
    "\\ud800-style escape); save the file as UTF-8 or correct this text"
)


class SectionReader:
    """Walks the records of one list and reads the fields of the current record."""

    def __init__(
        self,
        obj: str,
        section: str,
        issues: list[RecordIssue],
        *,
        max_text_chars: int,
        check_utf8: bool,
    ) -> None:
        self.obj = obj
        self.section = section
        self.issues = issues
        self.max_text_chars = max_text_chars
        self.check_utf8 = check_utf8
        self.first_at: dict[str, int] = {}  # id -> 1-based position of its first record
        self.kept: set[str] = set()
        self.rid = ""
        self.rec: dict[str, Any] = {}
        self._problems: list[tuple[str, str]] = []

    # -- walking the records -------------------------------------------------

    def records(self, items: list[Any]) -> Iterator[str]:
        """Yield the id of each record with a usable, unique id; report the others."""
        for pos, item in enumerate(items, 1):
            if not isinstance(item, dict):
                self._issue(
                    f"#{pos}",
                    "(record)",
                    f"record #{pos} of {self.section!r} must be a JSON object {{...}}, "
                    f"not {describe(item)}; correct or remove it",
                )
                continue
            rid = item.get("id")
            if not isinstance(rid, str) or not rid.strip():
                what = "has no id" if rid is None or rid == "" else f"has id {describe(rid)}"
                self._issue(
                    f"#{pos}",
                    "id",
                    f"record #{pos} of {self.section!r} {what}; give every record a "
                    "unique, non-empty text id",
                )
                continue
            if self.check_utf8 and not is_utf8(rid):
                self._issue(f"#{pos}", "id", f"the id of record #{pos} {_NOT_UTF8}")
                continue
            first = self.first_at.setdefault(rid, pos)
            if first != pos:
                self._issue(
                    rid,
                    "id",
                    f"duplicate id: record #{first} of {self.section!r} has the same id, so "
                    f"record #{pos} is skipped; give each {self.obj} its own id",
                )
                continue
            self.rid = rid
            self.rec = item
            self._problems.clear()
            yield rid

    def problem(self, field: str, problem: str) -> None:
        """Note a problem with a field of the current record."""
        self._problems.append((field, problem))

    def keep(self) -> bool:
        """Accept the current record, or report its problems and skip it."""
        if not self._problems:
            self.kept.add(self.rid)
            return True
        for field, problem in self._problems:
            self._issue(self.rid, field, problem)
        return False

    def unknown(self, ids: list[str]) -> str:
        """Why references to ``ids`` (none of them kept in this section) fail."""
        if len(ids) == 1:
            ref = f"{self.obj} {_preview(ids[0])}"
            if ids[0] in self.first_at:
                return (
                    f"refers to {ref}, which was skipped because of its own problem (see the "
                    f"issue for {ref}); fix that {self.obj} first"
                )
            return (
                f"refers to {ref}, which is not in {self.section!r}; "
                f"add the {self.obj} or correct the id"
            )
        shown = ", ".join(_preview(i) for i in ids[:5]) + (" ..." if len(ids) > 5 else "")
        return (
            f"refers to {self.section} {shown}, which are not in {self.section!r} or were "
            f"skipped because of their own problems; add or fix them, or correct the ids"
        )

    def _issue(self, rid: str, field: str, problem: str) -> None:
        self.issues.append(RecordIssue(self.obj, rid, field, problem))

    # -- reading fields ------------------------------------------------------

    def _missing(self, name: str) -> None:
        self.problem(name, f"is missing; every {self.obj} needs {name!r}, add it to the record")

    def text(self, name: str, *, required: bool = False, limited: bool = False) -> str | None:
        """A text field; ``limited`` fields (names, subjects, bodies) obey max_text_chars."""
        value = self.rec.get(name)
        if value is None:
            if required:
                self._missing(name)
            return None
        if not isinstance(value, str):
            self.problem(
                name, f"must be text (a JSON string), not {describe(value)}; put it in quotes"
            )
            return None
        if self.check_utf8 and not is_utf8(value):
            self.problem(name, _NOT_UTF8)
            return None
        if limited and len(value) > self.max_text_chars:
            self.problem(
                name,
                f"is {len(value)} characters; the limit is {self.max_text_chars} "
                "(setting input.max_text_chars); shorten the text or raise the setting",
            )
            return None
        return value

    def ref(self, name: str, target: SectionReader, *, required: bool = True) -> str | None:
        """An id that must name a kept record of ``target`` (an earlier section)."""
        value = self.text(name, required=required)
        if value is None:
            return None
        if value not in target.kept:
            self.problem(name, target.unknown([value]))
            return None
        return value

    def id_list(self, name: str) -> tuple[str, ...] | None:
        """A list of ids (null or missing is empty); None when the value is bad."""
        value = self.rec.get(name)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.problem(
                name, f'must be a list of ids, not {describe(value)}; write it like ["c1", "c2"]'
            )
            return None
        for pos, item in enumerate(value, 1):
            if not isinstance(item, str):
                self.problem(
                    name,
                    f"item {pos} must be an id (a JSON string), not {describe(item)}; "
                    "put it in quotes",
                )
                return None
            if self.check_utf8 and not is_utf8(item):
                self.problem(name, f"item {pos} {_NOT_UTF8}")
                return None
        return tuple(value)

    def number(self, name: str, *, non_negative: bool = False) -> float | None:
        """An optional finite number (booleans are not numbers)."""
        value = self.rec.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(
                name, f"must be a number, not {describe(value)}; write a plain JSON number"
            )
            return None
        number = float(value)
        if not math.isfinite(number):
            self.problem(
                name, f"must be a finite number, not {number}; give a real value or leave it out"
            )
            return None
        if non_negative and number < 0:
            self.problem(name, f"must be 0 or more, not {number:g}; correct the value")
            return None
        return number

    def time(self, name: str, *, required: bool = False) -> datetime | None:
        """An ISO 8601 time with a zone, as an aware UTC datetime."""
        value = self.text(name, required=required)
        if value is None:
            return None
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            self.problem(
                name,
                f"{_preview(value)} is not an ISO 8601 time; write it like "
                "'2024-05-01T09:30:00Z' or '2024-05-01T11:30:00+02:00'",
            )
            return None
        if parsed.utcoffset() is None:
            # Never guess a zone: a wrong guess silently shifts every decay and window.
            self.problem(
                name,
                f"{_preview(value)} has no time zone; add Z (UTC) or an offset such as "
                f"+02:00, e.g. '{parsed.isoformat()}Z'",
            )
            return None
        try:
            return parsed.astimezone(UTC)
        except OverflowError:
            self.problem(name, f"{_preview(value)} is out of range in UTC; correct the date")
            return None

    def choice(self, name: str, cls: type[E], *, required: bool = False) -> E | None:
        """An enum value given as its string; the message lists the allowed values."""
        value = self.rec.get(name)
        if value is None:
            if required:
                self._missing(name)
            return None
        members = _MEMBERS.get(cls)
        if members is None:
            members = _MEMBERS[cls] = {m.value: m for m in cls}
        found = members.get(value) if isinstance(value, str) else None
        if found is None:
            shown = _preview(value) if isinstance(value, str) else describe(value)
            allowed = ", ".join(str(v) for v in members)
            self.problem(name, f"unknown value {shown}; use one of: {allowed}")
            return None
        return cast("E", found)


# -- writing ---------------------------------------------------------------------


def _time_text(t: datetime) -> str:
    if t.utcoffset() is None:
        msg = f"time {t} has no zone; canonical times must be timezone-aware"
        raise ValueError(msg)
    return t.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _finite(x: float) -> float:
    if not math.isfinite(x):
        msg = f"{x} is not a finite number"
        raise ValueError(msg)
    return x


# The fields of each section in documented order (the writer's order), with how
# a model value becomes a JSON value (None: as it is). Enums are StrEnums, so
# str() gives their value.
_T, _N, _E = _time_text, _finite, str
FIELDS: dict[str, tuple[tuple[str, Callable[[Any], Any] | None], ...]] = {
    "users": (("id", None), ("name", None), ("manager_id", None)),
    "accounts": (("id", None), ("name", None), ("owner_id", None), ("value", _N)),
    "contacts": (
        ("id", None),
        ("account_id", None),
        ("name", None),
        ("title", None),
        ("role", _E),
        ("created_at", _T),
    ),
    "activities": (
        ("id", None),
        ("kind", _E),
        ("status", _E),
        ("occurred_at", _T),
        ("duration_seconds", _N),
        ("direction", _E),
        ("outcome", _E),
        ("account_id", None),
        ("contact_ids", list),
        ("owner_id", None),
        ("subject", None),
        ("body", None),
        ("thread_id", None),
    ),
    "deals": (
        ("id", None),
        ("account_id", None),
        ("status", _E),
        ("closed_at", _T),
        ("amount", _N),
    ),
}


def record_dict(
    obj: str, rec: object, fields: tuple[tuple[str, Callable[[Any], Any] | None], ...]
) -> dict[str, Any]:
    """One record as plain JSON values, None fields left out."""
    out: dict[str, Any] = {}
    for field, convert in fields:
        value = getattr(rec, field)
        if value is None:
            continue
        if convert is not None:
            try:
                value = convert(value)
            except ValueError as exc:
                msg = f"{obj} {out['id']!r}, field {field!r}: {exc}"
                raise ValueError(msg) from None
        out[field] = value
    return out
