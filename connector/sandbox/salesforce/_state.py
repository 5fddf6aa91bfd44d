"""Saving the org to a gzip JSON file and loading it back (``--state FILE``).

The file holds every table's rows in Salesforce's field values (deleted
rows with their deletion times), the custom fields' Tooling records, the
canonical-id maps and the personas: everything needed to serve the same org
again. It is plain JSON (gzipped), never pickle, so it can be inspected and
cannot run code when loaded.
"""

from __future__ import annotations

import gzip
import json
from typing import TYPE_CHECKING, Any

from connector.sandbox.salesforce._store import ListRows, Table
from connector.sandbox.salesforce._tooling import field_from_metadata

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime
    from pathlib import Path

    from connector.sandbox.salesforce._seed import OrgParts

__all__ = ["FORMAT", "load_state", "save_state"]

FORMAT = "healthscore-sandbox-salesforce"
VERSION = 1


def _dump_table(table: Table) -> dict[str, Any]:
    fields = list(table.schema.fields)
    get = table.get
    rows = [[get(i, f) for f in fields] for i in range(len(table))]
    return {
        "fields": fields,
        "rows": rows,
        "deleted": {str(k): v for k, v in table.deleted.items()},
    }


def save_state(parts: OrgParts, path: Path, extra: dict[str, Any]) -> None:
    """Write the org (and ``extra``: personas, settings) to ``path`` as gzip JSON."""
    org = parts.org
    with org.lock:
        doc = {
            "format": FORMAT,
            "version": VERSION,
            "integration_user": org.integration_user,
            "tables": {name: _dump_table(t) for name, t in org.tables.items()},
            "custom_fields": _dump_table(parts.tooling.table),
            "rows": parts.rows,
            "usernames": parts.usernames,
            **extra,
        }
    tmp = path.with_name(path.name + ".tmp")
    with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=3) as out:
        json.dump(doc, out, separators=(",", ":"))
    tmp.replace(path)


def load_state(
    path: Path,
    clock: Callable[[], datetime],
    empty: Callable[[Callable[[], datetime], str], OrgParts],
) -> tuple[OrgParts, dict[str, Any]]:
    """The org saved in ``path`` and the document (for its extra keys).

    Raises ValueError if the file is not a sandbox state file.
    """
    try:
        with gzip.open(path, "rt", encoding="utf-8") as src:
            doc = json.load(src)
    except (OSError, ValueError) as exc:
        msg = f"{path}: not a readable sandbox state file ({exc})"
        raise ValueError(msg) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or doc.get("version") != VERSION:
        msg = f"{path}: not a Salesforce sandbox state file (format {FORMAT} v{VERSION})"
        raise ValueError(msg)
    parts = empty(clock, doc["integration_user"])
    org = parts.org
    custom = doc["custom_fields"]
    index = {name: i for i, name in enumerate(custom["fields"])}
    for row in custom["rows"]:
        obj, _, name = str(row[index["FullName"]]).partition(".")
        definition = field_from_metadata(name, row[index["Metadata"]])
        org.add_custom_field(obj, definition)
        parts.tooling.table.insert(dict(zip(custom["fields"], row, strict=True)))
    for name, saved in doc["tables"].items():
        deleted = {int(k): v for k, v in saved["deleted"].items()}
        org.add(Table(org.schemas[name], ListRows(saved["fields"], saved["rows"]), deleted))
    parts.rows = doc.get("rows", {})
    parts.usernames = doc.get("usernames", {})
    return parts, doc
