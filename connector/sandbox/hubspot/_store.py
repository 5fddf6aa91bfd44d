"""The portal: every table, association, property definition and owner, behind one lock.

Private to the HubSpot sandbox. Built by :mod:`._translate` from canonical
records; the request handlers read and write it while holding ``lock``.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from connector.sandbox.hubspot._builtin import builtin_groups, builtin_properties
from connector.sandbox.hubspot._catalog import ASSOCIATIONS, AssociationLabel
from connector.sandbox.hubspot._links import CUSTOM, PRIMARY
from connector.sandbox.hubspot._times import MISSING

if TYPE_CHECKING:
    from collections.abc import Callable

    from numpy.typing import NDArray

    from connector.sandbox.hubspot._links import Links
    from connector.sandbox.hubspot._schema import Group, PropertyDef
    from connector.sandbox.hubspot._table import Table

__all__ = ["Portal"]


@dataclass
class Portal:
    """A HubSpot account's CRM data.

    ``clock`` gives the time in epoch seconds (tests pass a fake one);
    ``index_delay`` is how long search takes to see a write.
    """

    tables: dict[str, Table]
    links: dict[frozenset[str], Links]
    owners: list[dict[str, Any]]
    owner_canonical: list[str]
    portal_id: int = 146_000_111
    clock: Callable[[], float] = time.time
    index_delay: float = 1.0
    properties: dict[str, dict[str, PropertyDef]] = field(default_factory=dict)
    groups: dict[str, dict[str, Group]] = field(default_factory=dict)
    labels: dict[tuple[str, str], list[AssociationLabel]] = field(default_factory=dict)
    lock: threading.RLock = field(default_factory=threading.RLock)
    _canonical: dict[str, tuple[str, str]] | None = None
    _label_cache: dict[tuple[str, str, int, int], list[AssociationLabel]] = field(
        default_factory=dict
    )

    def __post_init__(self) -> None:
        if not self.properties:
            self.properties = {t: {p.name: p for p in ps} for t, ps in builtin_properties().items()}
        if not self.groups:
            self.groups = {t: {g.name: g for g in gs} for t, gs in builtin_groups().items()}
        if not self.labels:
            self.labels = {pair: list(kind.labels()) for pair, kind in ASSOCIATIONS.items()}

    def now_ms(self) -> int:
        """The portal's clock in epoch milliseconds."""
        return int(self.clock() * 1000)

    def links_between(self, a: str, b: str) -> Links | None:
        """The associations between two object types, if they associate."""
        return self.links.get(frozenset((a, b)))

    def associated(
        self, from_type: str, row: int, to_type: str
    ) -> tuple[NDArray[np.int32], NDArray[np.uint8]]:
        """Rows of ``to_type`` associated with ``row``, and the flags of each association."""
        links = self.links_between(from_type, to_type)
        if links is None:
            return np.zeros(0, np.int32), np.zeros(0, np.uint8)
        rows, flags = links.from_row(from_type, row)
        target = self.tables[to_type]
        if target.archived_by_api:  # an archived record leaves its associations
            keep = target.archived_at[rows] == MISSING
            rows, flags = rows[keep], flags[keep]
        return rows, flags

    def label_types(self, from_type: str, to_type: str, flags: int) -> list[AssociationLabel]:
        """The association types one association with ``flags`` has, in that direction."""
        key = (from_type, to_type, flags, len(self.labels.get((from_type, to_type), ())))
        found = self._label_cache.get(key)
        if found is None:
            found = self._label_cache[key] = self._label_types(from_type, to_type, flags)
        return found

    def _label_types(self, from_type: str, to_type: str, flags: int) -> list[AssociationLabel]:
        defs = self.labels.get((from_type, to_type), [])
        out = [
            label
            for label in defs
            if label.label is None
            or (label.category == "HUBSPOT_DEFINED" and flags & PRIMARY)
            or (
                label.category == "USER_DEFINED"
                and flags & CUSTOM
                and label.name == "decision_maker"
            )
        ]
        out.sort(key=lambda lab: (lab.label is None, lab.category != "HUBSPOT_DEFINED"))
        return out

    def id_of(self, canonical_id: str) -> tuple[str, str] | None:
        """The object type and HubSpot id of a canonical user, account, contact or deal id."""
        with self.lock:
            if self._canonical is None:
                found: dict[str, tuple[str, str]] = {}
                for name, table in self.tables.items():
                    if table.canonical is not None:
                        ids = table.ids[: len(table.canonical)].tolist()
                        found.update(
                            (c, (name, str(i))) for c, i in zip(table.canonical, ids, strict=True)
                        )
                for canonical, owner in zip(self.owner_canonical, self.owners, strict=False):
                    found[canonical] = ("owners", str(owner["id"]))
                self._canonical = found
            return self._canonical.get(canonical_id)
