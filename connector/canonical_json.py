"""The canonical JSON file format: a whole dataset in one documented file.

The format (see ``design/architecture.md``, "Canonical JSON") is a top-level
object with optional lists ``users``, ``accounts``, ``contacts``,
``activities`` and ``deals``; field names are those of :mod:`connector.model`.

Reading is forgiving per record and strict per value: a record with a bad
value is skipped and reported as a :class:`~connector.errors.RecordIssue`
naming the record, the field and what to do, while every good record is kept.
Skips cascade: a contact of a skipped account refers to an unknown account and
is skipped too. Times must carry a zone (we never guess one). Only a file that
cannot be read as JSON at all stops the run, with :class:`InputFileError`.

Kept as given, not checked: user ids in ``manager_id`` and ``owner_id`` (reps
may be absent from the file), repeated ids inside ``contact_ids``, and contacts
of other accounts on an activity whose ``account_id`` is given explicitly.
The writer leaves out None fields and always writes all five lists.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from connector._canonical_fields import FIELDS, SectionReader, describe, is_utf8, record_dict
from connector.errors import BadRecord, ConnectorError, RecordIssue
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

__all__ = ["InputFileError", "LoadResult", "dataset_to_dict", "read_dataset", "write_dataset"]


_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False)
_OBJECTS = {
    "users": "user",
    "accounts": "account",
    "contacts": "contact",
    "activities": "activity",
    "deals": "deal",
}


class InputFileError(ConnectorError):
    """The input cannot be read as canonical JSON at all; nothing was read.

    ``line`` and ``column`` (1-based) locate a JSON syntax error when known.
    """

    def __init__(
        self, source: str, problem: str, *, line: int | None = None, column: int | None = None
    ) -> None:
        self.source = source
        self.problem = problem
        self.line = line
        self.column = column
        super().__init__(f"{source}: {problem}")


@dataclass(frozen=True)
class LoadResult:
    """The good records of a file, and why each bad one was skipped (file order)."""

    dataset: Dataset
    issues: list[RecordIssue]


# -- reading -------------------------------------------------------------------


def read_dataset(
    source: Path | bytes, *, max_text_chars: int = 1_000_000, strict: bool = False
) -> LoadResult:
    """Read a canonical JSON file (a path, or its bytes) into a validated dataset.

    Bad records are skipped and reported in ``issues``; with ``strict=True``
    any issue raises :class:`~connector.errors.BadRecord` holding all of them.
    Raises :class:`InputFileError` if the input is not readable JSON at all.
    """
    if isinstance(source, bytes):
        name, raw = "<bytes>", source
    else:
        name = str(source)
        try:
            raw = Path(source).read_bytes()
        except OSError as exc:
            msg = f"cannot read the file ({exc.strerror or exc}); check the path and permissions"
            raise InputFileError(name, msg) from exc
    doc, suspect = _parse(name, raw)

    issues: list[RecordIssue] = []
    readers = {
        key: SectionReader(obj, key, issues, max_text_chars=max_text_chars, check_utf8=suspect)
        for key, obj in _OBJECTS.items()
    }
    users = _read_users(readers["users"], _section(doc, "users", name))
    accounts = _read_accounts(readers["accounts"], _section(doc, "accounts", name))
    contacts = _read_contacts(
        readers["contacts"], _section(doc, "contacts", name), readers["accounts"]
    )
    activities = _read_activities(
        readers["activities"],
        _section(doc, "activities", name),
        readers["accounts"],
        readers["contacts"],
        {c.id: c.account_id for c in contacts},
    )
    deals = _read_deals(readers["deals"], _section(doc, "deals", name), readers["accounts"])
    if strict and issues:
        raise BadRecord(issues)
    return LoadResult(Dataset(users, accounts, contacts, activities, deals), issues)


def _parse(name: str, raw: bytes) -> tuple[dict[str, Any], bool]:
    """The file's top-level object, and whether any string may be invalid text."""
    raw = raw.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte-order mark is harmless
    try:
        text = raw.decode("utf-8")
        # Strings can only hold lone surrogates through \uD800-\uDFFF escapes;
        # without any, the per-string UTF-8 check can be skipped entirely.
        suspect = "\\ud" in text or "\\uD" in text
    except UnicodeDecodeError:
        # Keep reading: the bad bytes become lone surrogates inside their
        # strings, and only the records holding them are skipped.
        text = raw.decode("utf-8", "surrogateescape")
        suspect = True
    try:
        # Integers become floats: numeric fields are floats, and this avoids
        # Python's digit limit on huge integer literals.
        doc = json.loads(text, parse_int=float)
    except json.JSONDecodeError as exc:
        raise InputFileError(
            name,
            f"not valid JSON at line {exc.lineno}, column {exc.colno} ({exc.msg}); "
            "correct the file there (nothing was read)",
            line=exc.lineno,
            column=exc.colno,
        ) from None
    except RecursionError:
        raise InputFileError(name, "JSON nested too deeply; this is not a dataset") from None
    if not isinstance(doc, dict):
        raise InputFileError(
            name,
            f'the top level must be a JSON object such as {{"accounts": [...]}}, '
            f"not {describe(doc)}",
        )
    return doc, suspect


def _section(doc: dict[str, Any], key: str, name: str) -> list[Any]:
    items = doc.get(key)
    if items is None:
        return []
    if not isinstance(items, list):
        msg = f"{key!r} must be a list of records [...], not {describe(items)}"
        raise InputFileError(name, msg)
    return items


def _read_users(r: SectionReader, items: list[Any]) -> tuple[User, ...]:
    out: list[User] = []
    for rid in r.records(items):
        # Managers need not be in the file (kept as given).
        user = User(rid, r.text("name", limited=True), r.text("manager_id"))
        if r.keep():
            out.append(user)
    return tuple(out)


def _read_accounts(r: SectionReader, items: list[Any]) -> tuple[Account, ...]:
    out: list[Account] = []
    for rid in r.records(items):
        account = Account(rid, r.text("name", limited=True), r.text("owner_id"), r.number("value"))
        if r.keep():
            out.append(account)
    return tuple(out)


def _read_contacts(
    r: SectionReader, items: list[Any], accounts: SectionReader
) -> tuple[Contact, ...]:
    out: list[Contact] = []
    for rid in r.records(items):
        account_id = r.ref("account_id", accounts)
        name = r.text("name", limited=True)
        title = r.text("title", limited=True)
        role = r.choice("role", Role) or Role.UNKNOWN
        created_at = r.time("created_at")
        if r.keep() and account_id is not None:
            out.append(Contact(rid, account_id, name, title, role, created_at))
    return tuple(out)


def _read_activities(
    r: SectionReader,
    items: list[Any],
    accounts: SectionReader,
    contacts: SectionReader,
    account_of: dict[str, str],
) -> tuple[Activity, ...]:
    out: list[Activity] = []
    for rid in r.records(items):
        kind = r.choice("kind", ActivityKind, required=True)
        status = r.choice("status", ActivityStatus, required=True)
        occurred_at = r.time("occurred_at", required=True)
        duration = r.number("duration_seconds", non_negative=True)
        direction = r.choice("direction", Direction)
        outcome = r.choice("outcome", Outcome)
        contact_ids = r.id_list("contact_ids")
        account_id = _activity_account(r, contact_ids, accounts, contacts, account_of)
        owner_id = r.text("owner_id")
        subject = r.text("subject", limited=True)
        body = r.text("body", limited=True)
        thread_id = r.text("thread_id")
        if (
            r.keep()
            and kind is not None
            and status is not None
            and occurred_at is not None
            and account_id is not None
            and contact_ids is not None
        ):
            out.append(
                Activity(
                    rid,
                    kind,
                    status,
                    occurred_at,
                    account_id,
                    contact_ids,
                    duration,
                    direction,
                    outcome,
                    owner_id,
                    subject,
                    body,
                    thread_id,
                )
            )
    return tuple(out)


def _activity_account(
    r: SectionReader,
    contact_ids: tuple[str, ...] | None,
    accounts: SectionReader,
    contacts: SectionReader,
    account_of: dict[str, str],
) -> str | None:
    """The activity's account: as given, or else the one account of its contacts."""
    unknown = [c for c in contact_ids or () if c not in account_of]
    if unknown:
        r.problem("contact_ids", contacts.unknown(unknown))
    if r.rec.get("account_id") is not None:
        return r.ref("account_id", accounts)
    if contact_ids is None or unknown:
        return None  # the contact_ids problem is already reported
    if not contact_ids:
        r.problem(
            "account_id",
            "is missing and contact_ids is empty; give account_id or at least one contact id",
        )
        return None
    first = account_of[contact_ids[0]]
    if any(account_of[c] != first for c in contact_ids[1:]):
        shown = ", ".join(
            repr(a) for a in list(dict.fromkeys(account_of[c] for c in contact_ids))[:5]
        )
        r.problem(
            "account_id",
            f"is missing and the contacts belong to different accounts ({shown}); "
            "give account_id to say which account this activity is with",
        )
        return None
    return first


def _read_deals(r: SectionReader, items: list[Any], accounts: SectionReader) -> tuple[Deal, ...]:
    out: list[Deal] = []
    for rid in r.records(items):
        account_id = r.ref("account_id", accounts)
        status = r.choice("status", DealStatus, required=True)
        closed_at = r.time("closed_at")
        amount = r.number("amount")
        if r.keep() and account_id is not None and status is not None:
            out.append(Deal(rid, account_id, status, closed_at, amount))
    return tuple(out)


# -- writing -------------------------------------------------------------------


def dataset_to_dict(ds: Dataset) -> dict[str, list[dict[str, Any]]]:
    """The dataset as plain JSON values: None fields left out, times as UTC ``...Z``.

    Raises ValueError for what the format cannot hold (a time without a zone,
    a number that is not finite), naming the record and field.
    """
    sections = {
        "users": ds.users,
        "accounts": ds.accounts,
        "contacts": ds.contacts,
        "activities": ds.activities,
        "deals": ds.deals,
    }
    return {
        key: [record_dict(_OBJECTS[key], rec, FIELDS[key]) for rec in records]
        for key, records in sections.items()
    }


def write_dataset(ds: Dataset, path: Path | None = None) -> bytes:
    """Write ``ds`` as canonical JSON (UTF-8, one record per line) and return the bytes.

    The bytes are also written to ``path`` if given. Reading them back gives an
    equal dataset (for a valid dataset whose sections are tuples, as read).
    """
    doc = dataset_to_dict(ds)
    sections: list[str] = []
    for key, records in doc.items():
        lines = [_ENCODER.encode(rec) for rec in records]
        body = "[\n  " + ",\n  ".join(lines) + "\n ]" if lines else "[]"
        sections.append(f' "{key}": {body}')
    text = "{\n" + ",\n".join(sections) + "\n}\n"
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(_invalid_text(doc)) from None
    if path is not None:
        path.write_bytes(data)
    return data


def _invalid_text(doc: dict[str, list[dict[str, Any]]]) -> str:
    """Name the first record holding text that is not valid UTF-8 (error path only)."""
    for key, records in doc.items():
        for rec in records:
            for field, value in rec.items():
                texts = value if isinstance(value, list) else [value]
                if any(isinstance(t, str) and not is_utf8(t) for t in texts):
                    return f"{_OBJECTS[key]} {rec['id']!r}, field {field!r}: not valid UTF-8 text"
    return "the dataset holds text that is not valid UTF-8"
