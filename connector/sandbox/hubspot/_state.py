"""Saving and loading what changed in a portal (``--state FILE``), as JSON.

Private to the HubSpot sandbox. The portal itself is rebuilt from its source
(the demo's seed and size, or the dataset file and its digest); the state
file holds only what clients changed: tokens, custom properties, groups and
labels, written values, new and archived records, new associations. So it
stays small for a large portal. A name ending in ``.gz`` is gzip-compressed.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from typing import TYPE_CHECKING, Any

from connector.sandbox.hubspot._auth import Token, Tokens
from connector.sandbox.hubspot._catalog import ASSOCIATIONS, AssociationLabel
from connector.sandbox.hubspot._schema import Group, PropertyDef

if TYPE_CHECKING:
    from pathlib import Path

    from connector.sandbox.cli import SandboxOptions
    from connector.sandbox.hubspot._store import Portal
    from connector.sandbox.hubspot._table import Table

__all__ = ["load_state", "save_state", "source_of"]

FORMAT = "healthscore-hubspot-sandbox-state"
VERSION = 1


def source_of(options: SandboxOptions) -> dict[str, Any]:
    """What a portal is built from, to check a state file against."""
    if options.data is not None:
        digest = hashlib.sha256(options.data.read_bytes()).hexdigest()
        return {"data": str(options.data), "sha256": digest}
    return {"seed": options.seed, "accounts": options.accounts}


def _open_write(path: Path, text: str) -> None:
    data = text.encode()
    path.write_bytes(gzip.compress(data) if path.suffix == ".gz" else data)


def _read(path: Path) -> dict[str, Any]:
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    doc = json.loads(raw)
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        msg = f"{path} is not a HubSpot sandbox state file"
        raise ValueError(msg)
    return doc


def save_state(path: Path, portal: Portal, tokens: Tokens, source: dict[str, Any]) -> None:
    """Write the portal's changes to ``path``."""
    with portal.lock:
        tables: dict[str, Any] = {}
        for name, t in portal.tables.items():
            tables[name] = {
                "new": [
                    {"id": int(t.ids[r]), "createdAt": int(t.created[r])}
                    for r in range(t.n_base, len(t))
                ],
                "written": {str(t.ids[r]): v for r, v in t.written.items()},
                "updated": {str(t.ids[r]): int(t.updated[r]) for r in t.written},
                "archived": {
                    str(t.ids[r]): int(t.archived_at[r]) for r in sorted(t.archived_by_api)
                },
            }
        doc = {
            "format": FORMAT,
            "version": VERSION,
            "source": source,
            "tokens": [
                {"value": k.value, "app": k.app, "scopes": sorted(k.scopes)} for k in tokens.all()
            ],
            "properties": {
                t: [_prop_json(p) for p in props.values() if not p.hubspot_defined]
                for t, props in portal.properties.items()
            },
            "groups": {t: [g.to_json() for g in gs.values()] for t, gs in portal.groups.items()},
            "labels": [
                {
                    "from": a,
                    "to": b,
                    "typeId": d.type_id,
                    "category": d.category,
                    "label": d.label,
                    "name": d.name,
                }
                for (a, b), defs in portal.labels.items()
                for d in defs
                if d not in ASSOCIATIONS[a, b].labels()
            ],
            "links": [
                {"a": link.a_type, "b": link.b_type, "edges": link.added()}
                for link in portal.links.values()
                if link.added()
            ],
            "tables": tables,
        }
    _open_write(path, json.dumps(doc, separators=(",", ":")))


def _prop_json(p: PropertyDef) -> dict[str, Any]:
    return {
        "name": p.name,
        "label": p.label,
        "type": p.type,
        "fieldType": p.field_type,
        "groupName": p.group_name,
        "description": p.description,
        "options": p.options,
        "displayOrder": p.display_order,
        "createdAt": p.created_at,
        "updatedAt": p.updated_at,
        "extra": p.extra,
    }


def load_state(path: Path, portal: Portal, source: dict[str, Any]) -> Tokens:
    """Apply a state file's changes to a freshly built portal; its tokens.

    Raises ValueError if the file was saved from a portal of another source.
    """
    doc = _read(path)
    if doc.get("source") != source:
        msg = (
            f"state file {path} was saved from {doc.get('source')}, not {source}; "
            "start with the same options or remove the file"
        )
        raise ValueError(msg)
    _load_schema(doc, portal)
    for name, saved in doc.get("tables", {}).items():
        _load_table(portal.tables[name], saved)
    for item in doc.get("links", []):
        link = portal.links_between(item["a"], item["b"])
        if link is not None:
            for a_row, b_row, flags in item["edges"]:
                link.add(item["a"], a_row, b_row, flags)
    tokens = [Token(k["value"], k["app"], frozenset(k["scopes"])) for k in doc.get("tokens", [])]
    return Tokens(tokens) if len(tokens) >= 2 else Tokens()


def _load_schema(doc: dict[str, Any], portal: Portal) -> None:
    for t, props in doc.get("properties", {}).items():
        for p in props:
            portal.properties[t][p["name"]] = PropertyDef(
                p["name"], p["label"], p["type"], p["fieldType"], p["groupName"],
                description=p["description"], options=p["options"], display_order=p["displayOrder"],
                hubspot_defined=False, created_at=p["createdAt"], updated_at=p["updatedAt"],
                extra=p["extra"],
            )  # fmt: skip
    for t, groups in doc.get("groups", {}).items():
        for g in groups:
            portal.groups[t][g["name"]] = Group(g["name"], g["label"], g["displayOrder"])
    for d in doc.get("labels", []):
        portal.labels.setdefault((d["from"], d["to"]), []).append(
            AssociationLabel(d["typeId"], d["category"], d["label"], d["name"])
        )


def _load_table(table: Table, saved: dict[str, Any]) -> None:
    if saved["new"]:
        rows = table.append(len(saved["new"]), 0)
        for row, item in zip(rows, saved["new"], strict=True):
            table.ids[row] = item["id"]
            table.created[row] = item["createdAt"]
            table.written[row] = {}
    for oid, props in saved["written"].items():
        found = table.rows_of([oid])[0]
        if found is not None:
            table.written.setdefault(found, {}).update(props)
            table.updated[found] = saved["updated"].get(oid, table.updated[found])
    for oid, when in saved["archived"].items():
        found = table.rows_of([oid])[0]
        if found is not None:
            table.archive(found, when)
