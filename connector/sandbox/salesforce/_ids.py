"""Salesforce record ids: 15-character ids, their 18-character form, key prefixes.

A Salesforce id is a 3-character key prefix naming the object (``001``
Account, ``003`` Contact...), a 2-character pod, one reserved character and a
9-character base-62 number; the 18-character form appends a checksum of three
characters that encodes which letters are upper case, so the id survives
case-insensitive systems. The sandbox numbers each object's rows from 1, so
an id is a pure function of (object, row): no id index is ever built, and an
id decodes back to its row in constant time.
"""

from __future__ import annotations

import re

__all__ = ["ORG_ID", "decode_id", "make_id", "normalize_id", "to18"]

_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_VALUE = {c: i for i, c in enumerate(_DIGITS)}
_SUFFIX = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
_POD = "Hs0"  # pod "Hs" and the reserved character
_ID_SHAPE = re.compile(r"^[0-9A-Za-z]{15}(?:[0-9A-Z]{3})?$")
_NUMBER_WIDTH = 9

#: The sandbox org's id (18 characters).
ORG_ID = ""  # set below, once the helpers exist


def _checksum(id15: str) -> str:
    out = []
    for start in (0, 5, 10):
        flags = 0
        for bit, char in enumerate(id15[start : start + 5]):
            if "A" <= char <= "Z":
                flags |= 1 << bit
        out.append(_SUFFIX[flags])
    return "".join(out)


def to18(id15: str) -> str:
    """The 18-character form of a 15-character id."""
    return id15 + _checksum(id15)


def make_id(prefix: str, row: int) -> str:
    """The 18-character id of row ``row`` (0-based) of the object with key ``prefix``."""
    n = row + 1
    chars = ["0"] * _NUMBER_WIDTH
    pos = _NUMBER_WIDTH - 1
    while n:
        n, digit = divmod(n, 62)
        chars[pos] = _DIGITS[digit]
        pos -= 1
    return to18(prefix + _POD + "".join(chars))


def normalize_id(value: str) -> str | None:
    """The 18-character form of a 15- or 18-character id, or None if ``value`` is not one.

    An 18-character id whose checksum does not match its first 15 characters is
    not an id (Salesforce rejects it too).
    """
    if not _ID_SHAPE.match(value):
        return None
    full = to18(value[:15])
    return full if len(value) == 15 or value == full else None


def decode_id(value: str) -> tuple[str, int] | None:
    """(key prefix, row) of a sandbox id in either form, or None if it is not one."""
    full = normalize_id(value)
    if full is None or full[3:6] != _POD:
        return None
    n = 0
    for char in full[6:15]:
        n = n * 62 + _VALUE[char]
    return (full[:3], n - 1) if n > 0 else None


ORG_ID = make_id("00D", 0)
