"""The demo data generator shared by the Salesforce and HubSpot sandboxes.

:func:`generate_demo` builds a whole org in canonical records, the same for
the same seed and size: a sales team with managers, accounts with 1-50
contacts, 15 months of meetings, calls, email threads, notes and tasks, won,
lost and open deals, and some deleted records. The first accounts are the
*personas*, one per scenario of ``design/scoring.md`` and per warning
signal, each with the color, lifecycle stage and reasons it must get; the
rest are random accounts drawn with numpy (100k accounts take seconds).
"""

from __future__ import annotations

import dataclasses
import gc
import json
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from connector.canonical_json import write_dataset
from connector.model import Dataset
from connector.sandbox._activities import Acts, activity_records, make_activities
from connector.sandbox._build import split
from connector.sandbox._deals import Deals, deal_records, make_deals
from connector.sandbox._people import Population, make_people, make_team
from connector.sandbox._persona_kit import PersonaKit
from connector.sandbox._personas import PERSONA_COUNT, Persona, write_personas

if TYPE_CHECKING:
    from collections.abc import Iterator

    from numpy.typing import NDArray

__all__ = ["DEMO_AS_OF", "DemoData", "generate_demo", "write_demo_json"]

DEMO_AS_OF = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
DELETED_SHARE = 0.02  # deleted accounts on top of the live ones; their records go too
DELETED_ALONE = {"contacts": 0.003, "activities": 0.003, "deals": 0.003}  # on top


@dataclass(frozen=True)
class DemoData:
    """A generated org: what the CRM shows, when, and what it once held.

    ``deleted`` names, per object ("accounts", "contacts", "activities",
    "deals"), the ids of records deleted from the CRM; ``deleted_records``
    holds those records (none of them is in ``dataset``). A deleted account
    takes its contacts, activities and deals with it.
    """

    dataset: Dataset
    as_of: datetime
    personas: tuple[Persona, ...]
    deleted: dict[str, tuple[str, ...]]
    deleted_records: Dataset


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Keep Python's cyclic garbage collector off the millions of new records.

    While they are made, repeated full collections would walk every record made
    so far (doubling the time); afterwards, each full collection would walk
    them all again (about 3 s for 100k accounts). So the collector pauses while
    they are made, and then everything alive is moved to its permanent
    generation (:func:`gc.freeze`), which it never scans. The records hold no
    reference cycles; they are still freed as usual once no longer used.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        gc.freeze()
    finally:
        if enabled:
            gc.enable()


def generate_demo(seed: int = 7, accounts: int = 20, *, as_of: datetime | None = None) -> DemoData:
    """A demo org of ``accounts`` accounts (the personas first), the same for the same
    seed and size. Every time lies relative to ``as_of`` (default :data:`DEMO_AS_OF`).

    Raises ValueError for fewer accounts than personas or an ``as_of`` without a zone.
    """
    if accounts < PERSONA_COUNT:
        msg = f"accounts must be at least {PERSONA_COUNT} (one per persona), not {accounts}"
        raise ValueError(msg)
    if as_of is None:
        as_of = DEMO_AS_OF
    if as_of.tzinfo is None:
        msg = "as_of must be timezone-aware, such as datetime(2026, 12, 1, 9, tzinfo=UTC)"
        raise ValueError(msg)
    as_of = as_of.astimezone(UTC)
    as_of_ts = int(as_of.timestamp())
    rng = np.random.default_rng(seed)
    with _collector_paused():
        team = make_team(rng, accounts)
        kit = PersonaKit(as_of)
        personas = write_personas(kit, team.persona_owners)
        n_random = accounts - PERSONA_COUNT
        n_deleted = max(1, round(DELETED_SHARE * n_random))
        pop, acc_recs, con_recs = make_people(rng, n_random + n_deleted, as_of_ts, kit.ids, team)
        acts = make_activities(rng, pop, as_of_ts)
        deals = make_deals(rng, pop, as_of_ts)
        gone = _deleted(rng, pop, acts, deals, n_deleted)
        accounts_kept, accounts_gone = split(acc_recs, gone["accounts"])
        contacts_kept, contacts_gone = split(con_recs, gone["contacts"])
        activities_kept, activities_gone = split(
            activity_records(acts, pop, team.reps, kit.ids), gone["activities"]
        )
        deals_kept, deals_gone = split(deal_records(deals, pop, kit.ids), gone["deals"])
        dataset = Dataset(
            users=tuple(team.users),
            accounts=(*kit.accounts, *accounts_kept),
            contacts=(*kit.contacts, *contacts_kept),
            activities=(*kit.activities, *activities_kept),
            deals=(*kit.deals, *deals_kept),
        )
        deleted_records = Dataset(
            accounts=tuple(accounts_gone),
            contacts=tuple(contacts_gone),
            activities=tuple(activities_gone),
            deals=tuple(deals_gone),
        )
    deleted = {
        "accounts": tuple(r.id for r in deleted_records.accounts),
        "contacts": tuple(r.id for r in deleted_records.contacts),
        "activities": tuple(r.id for r in deleted_records.activities),
        "deals": tuple(r.id for r in deleted_records.deals),
    }
    return DemoData(dataset, as_of, personas, deleted, deleted_records)


def _some(
    rng: np.random.Generator,
    candidates: NDArray[np.bool_],
    *,
    share: float = 0.0,
    k: int | None = None,
) -> NDArray[np.bool_]:
    """A mask choosing ``k``, or else ``share`` (at least one), of the candidates."""
    where = np.flatnonzero(candidates)
    k = min(where.size, max(1, round(share * where.size)) if k is None else k)
    out = np.zeros(candidates.size, dtype=bool)
    out[rng.choice(where, k, replace=False)] = True
    return out


def _deleted(
    rng: np.random.Generator, pop: Population, acts: Acts, deals: Deals, n_accounts: int
) -> dict[str, NDArray[np.bool_]]:
    """Which random records were deleted: ``n_accounts`` accounts with everything in
    them, plus a few contacts (with their activities), activities and deals alone."""
    account = _some(rng, np.ones(pop.n, dtype=bool), k=n_accounts)
    first = np.zeros(pop.contact_account.size, dtype=bool)
    first[pop.start[pop.size > 0]] = True  # an account's first contact stays
    contact = account[pop.contact_account] | _some(
        rng, ~first & ~account[pop.contact_account], share=DELETED_ALONE["contacts"]
    )
    touches = contact[acts.c1]
    for c in (acts.c2, acts.c3):
        touches |= (c >= 0) & contact[c]
    activity = account[acts.account] | touches
    activity |= _some(rng, ~activity, share=DELETED_ALONE["activities"])
    deal = account[deals.account]
    deal |= _some(rng, ~deal, share=DELETED_ALONE["deals"])
    return {"accounts": account, "contacts": contact, "activities": activity, "deals": deal}


def write_demo_json(data: DemoData, path: Path | str) -> None:
    """Write the demo's dataset as canonical JSON, with a ``"demo"`` key holding
    ``as_of`` and the personas (readers of the format ignore unknown keys)."""
    demo: dict[str, Any] = {
        "as_of": data.as_of.isoformat().replace("+00:00", "Z"),
        "personas": [dataclasses.asdict(p) for p in data.personas],
    }
    text = write_dataset(data.dataset)
    end = text.rfind(b"}")  # the dataset object's closing brace
    if end < 0 or text[end + 1 :].strip():
        msg = "canonical JSON must be one object; cannot add the demo key"
        raise ValueError(msg)
    extra = json.dumps(demo, ensure_ascii=False, indent=1).replace("\n", "\n ")
    while text[end - 1 : end].isspace():
        end -= 1
    with Path(path).open("wb") as out:
        out.write(memoryview(text)[:end])  # the dataset, without copying it
        out.write(f',\n "demo": {extra}\n}}\n'.encode())
