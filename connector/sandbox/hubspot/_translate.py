"""Canonical records -> a HubSpot portal, in HubSpot's own properties and values.

Private to the HubSpot sandbox; the value choices are in :mod:`.values`. Built
column by column with numpy so that a 100k-company demo (4 million
engagements) translates in seconds. Deleted records become archived ones
(after the live ones, so with higher ids) without associations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from connector.model import DealStatus, Role
from connector.sandbox.hubspot import values as hv
from connector.sandbox.hubspot._catalog import ID_BASE, OBJECT_TYPES
from connector.sandbox.hubspot._columns import Codes, Column, Derived, Floats, Ints, Times, encode
from connector.sandbox.hubspot._engagements import engagement_tables
from connector.sandbox.hubspot._links import CUSTOM, PRIMARY, Links
from connector.sandbox.hubspot._owners import make_owners
from connector.sandbox.hubspot._store import Portal
from connector.sandbox.hubspot._table import Table
from connector.sandbox.hubspot._times import MISSING, to_ms

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from numpy.typing import NDArray

    from connector.model import Account, Contact, Dataset, Deal

__all__ = ["build_portal"]

I32, I64 = np.int32, np.int64
DAY_MS = 86_400_000
_DEAL_KINDS = ("New business", "Renewal", "Expansion")
_SUFFIXES = (" inc.", " llc", " ltd", " gmbh", " group", " co.", " corp.", " plc", " s.a.")


def _ids(name: str, n: int) -> NDArray[np.int64]:
    return np.arange(ID_BASE[name] + 1, ID_BASE[name] + 1 + n, dtype=I64)


def _archived(n_live: int, n: int, as_of_ms: int) -> NDArray[np.int64]:
    out = np.full(n, MISSING, dtype=I64)
    k = n - n_live
    out[n_live:] = as_of_ms - DAY_MS * (1 + np.arange(k, dtype=I64) % 10)
    return out


def _slug(name: str) -> str:
    low = name.lower()
    for suffix in _SUFFIXES:
        low = low.removesuffix(suffix)
    return "".join(ch for ch in low if ch.isalnum()) or "company"


def _index(records: Sequence[Any]) -> dict[str, int]:
    return {r.id: i for i, r in enumerate(records)}


def build_portal(live: Dataset, deleted: Dataset, as_of: datetime) -> Portal:
    """A portal holding ``live`` records, and ``deleted`` ones archived."""
    as_of_ms = to_ms(as_of)
    accounts: list[Account] = [*live.accounts, *deleted.accounts]
    contacts: list[Contact] = [*live.contacts, *deleted.contacts]
    deals: list[Deal] = [*live.deals, *deleted.deals]
    acc_index = _index(accounts)
    con_index = _index(contacts)
    owners, owner_canonical, owner_ids = make_owners(
        live.users, accounts, live.activities, as_of_ms
    )

    def owner_column(records: Sequence[Any], attr: str = "owner_id") -> NDArray[np.int64]:
        return np.fromiter(
            (owner_ids.get(getattr(r, attr), MISSING) for r in records), I64, len(records)
        )

    company_owner = owner_column(accounts)
    con_company = np.fromiter(
        (acc_index.get(c.account_id, -1) for c in contacts), I32, len(contacts)
    )
    deal_company = np.fromiter((acc_index.get(d.account_id, -1) for d in deals), I32, len(deals))
    con_created = np.fromiter(
        (MISSING if c.created_at is None else to_ms(c.created_at) for c in contacts),
        I64,
        len(contacts),
    )

    engagements, acts_touch = engagement_tables(
        live.activities,
        deleted.activities,
        acc_index,
        con_index,
        owner_ids,
        as_of_ms,
        (len(live.accounts), len(live.contacts)),
    )
    tables: dict[str, Table] = {t.type.name: t for t in engagements.tables}

    # Companies: created with their first contact; modified at their last activity.
    n_acc = len(accounts)
    known = (con_company >= 0) & (con_created != MISSING)
    acc_created = np.full(n_acc, as_of_ms - 730 * DAY_MS, dtype=I64)
    first = np.full(n_acc, np.iinfo(I64).max, dtype=I64)
    np.minimum.at(first, con_company[known], con_created[known])
    acc_created = np.where(first < np.iinfo(I64).max, first, acc_created)
    acc_updated = acc_created.copy()
    np.maximum.at(acc_updated, acts_touch.company, acts_touch.time)
    names = encode((a.name for a in accounts), n_acc)
    slugs = [None if t is None else _slug(t) for t in names.table]

    def domains(rows: NDArray[np.int64]) -> list[str | None]:
        return [
            None if s is None else f"{s}.example.com"
            for s in (slugs[c] for c in names.codes[rows].tolist())
        ]

    tables["companies"] = Table(
        OBJECT_TYPES["companies"],
        _ids("companies", n_acc),
        acc_created,
        np.minimum(acc_updated, as_of_ms),
        _archived(len(live.accounts), n_acc, as_of_ms),
        {
            "name": names,
            "domain": Derived(domains),
            hv.ACCOUNT_VALUE_PROPERTY: Floats(
                np.fromiter(
                    (np.nan if a.value is None else a.value for a in accounts), np.float64, n_acc
                )
            ),
            "hubspot_owner_id": Ints(company_owner),
        },
        [a.id for a in accounts],
    )

    # Contacts.
    n_con = len(contacts)
    con_created = np.where(
        con_created == MISSING, acc_created[np.maximum(con_company, 0)], con_created
    )
    con_updated = con_created.copy()
    np.maximum.at(con_updated, acts_touch.contact, acts_touch.contact_time)
    first_names = encode((c.name.split(" ", 1)[0] if c.name else None for c in contacts), n_con)
    last_names = encode(
        (c.name.split(" ", 1)[1] if c.name and " " in c.name else None for c in contacts), n_con
    )
    company_ids = tables["companies"].ids

    def emails(rows: NDArray[np.int64]) -> list[str | None]:
        out: list[str | None] = []
        for first_code, last_code, co in zip(
            first_names.codes[rows].tolist(),
            last_names.codes[rows].tolist(),
            con_company[rows].tolist(),
            strict=True,
        ):
            local = ".".join(
                "".join(ch for ch in part.lower() if ch.isalnum())
                for part in (first_names.table[first_code], last_names.table[last_code])
                if part
            )
            domain = domains(np.array([co], I64))[0] if co >= 0 else None
            out.append(f"{local}@{domain}" if local and domain else None)
        return out

    roles = _buying_roles(contacts)
    tables["contacts"] = Table(
        OBJECT_TYPES["contacts"],
        _ids("contacts", n_con),
        con_created,
        np.minimum(np.maximum(con_updated, con_created), as_of_ms),
        _archived(len(live.contacts), n_con, as_of_ms),
        {
            "firstname": first_names,
            "lastname": last_names,
            "email": Derived(emails),
            "jobtitle": encode((c.title for c in contacts), n_con),
            "hs_buying_role": roles,
            "associatedcompanyid": Ints(
                np.where(con_company >= 0, company_ids[np.maximum(con_company, 0)], MISSING)
            ),
            "hubspot_owner_id": Ints(
                np.where(con_company >= 0, company_owner[np.maximum(con_company, 0)], MISSING)
            ),
        },
        [c.id for c in contacts],
    )
    tables["deals"] = _deals(deals, len(live.deals), deal_company, company_owner, names, as_of_ms)

    links = dict(engagements.links)
    links[frozenset(("contacts", "companies"))] = _contact_links(
        contacts, con_company, len(live.contacts), tables
    )
    ok = (deal_company >= 0) & (np.arange(len(deals)) < len(live.deals))
    ok &= tables["companies"].archived_at[np.maximum(deal_company, 0)] == MISSING
    links[frozenset(("deals", "companies"))] = Links(
        "deals",
        "companies",
        np.flatnonzero(ok).astype(I32),
        deal_company[ok],
        np.full(int(ok.sum()), PRIMARY, np.uint8),
        (len(deals), n_acc),
    )
    links[frozenset(("deals", "contacts"))] = Links(
        "deals",
        "contacts",
        np.zeros(0, I32),
        np.zeros(0, I32),
        np.zeros(0, np.uint8),
        (len(deals), n_con),
    )
    return Portal(tables, links, owners, owner_canonical)


def _buying_roles(contacts: Sequence[Contact]) -> Codes:
    """``hs_buying_role`` codes: every third contact (by position) gets a second value."""
    table: list[str | None] = [None]
    code_of: dict[tuple[Role, bool], int] = {}
    for role in Role:
        for extra in (False, True):
            first = hv.ROLE_TO_BUYING_ROLE[role]
            second = hv.EXTRA_BUYING_ROLE.get(role) if extra else None
            text = first if second is None or first is None else f"{first};{second}"
            if text is None:
                code_of[role, extra] = 0
            else:
                if text not in table:
                    table.append(text)
                code_of[role, extra] = table.index(text)
    codes = np.fromiter(
        (code_of[c.role, i % 3 == 2] for i, c in enumerate(contacts)), I32, len(contacts)
    )
    return Codes(codes, table)


def _contact_links(
    contacts: Sequence[Contact], company: NDArray[np.int32], n_live: int, tables: dict[str, Table]
) -> Links:
    """Each live contact's primary company; some decision makers carry the custom label."""
    n = len(contacts)
    ok = (company >= 0) & (np.arange(n) < n_live)
    ok &= tables["companies"].archived_at[np.maximum(company, 0)] == MISSING
    is_dm = np.fromiter((c.role is Role.DECISION_MAKER for c in contacts), bool, n)
    flags = np.full(n, PRIMARY, np.uint8)
    flags[is_dm & (np.arange(n) % 2 == 0)] |= CUSTOM
    rows = np.flatnonzero(ok).astype(I32)
    return Links(
        "contacts", "companies", rows, company[ok], flags[ok], (n, len(tables["companies"]))
    )


def _deals(
    deals: Sequence[Deal],
    n_live: int,
    company: NDArray[np.int32],
    company_owner: NDArray[np.int64],
    company_names: Codes,
    as_of_ms: int,
) -> Table:
    n = len(deals)
    codes = {s: s.code for s in DealStatus}
    status = np.fromiter((codes[d.status] for d in deals), np.int8, n)
    closed = np.fromiter(
        (MISSING if d.closed_at is None else to_ms(d.closed_at) for d in deals), I64, n
    )
    stages = ["", "closedwon", "closedlost", *hv.DEAL_OPEN_STAGES]
    open_stage = 3 + np.arange(n) % len(hv.DEAL_OPEN_STAGES)
    stage = np.where(
        status == DealStatus.WON.code, 1, np.where(status == DealStatus.LOST.code, 2, open_stage)
    ).astype(I32)
    is_closed = closed != MISSING
    created = np.where(
        is_closed, closed - 90 * DAY_MS, as_of_ms - DAY_MS * (30 + np.arange(n, dtype=I64) % 60)
    )
    updated = np.where(is_closed, closed, created)
    stage_codes = Codes(stage, [None, *stages[1:]])

    def names(rows: NDArray[np.int64]) -> list[str | None]:
        out: list[str | None] = []
        for row, co in zip(rows.tolist(), company[rows].tolist(), strict=True):
            base = company_names.table[company_names.codes[co]] if co >= 0 else None
            out.append(f"{base or 'Deal'} - {_DEAL_KINDS[row % len(_DEAL_KINDS)]}")
        return out

    def flag(won_only: bool) -> Derived:
        def make(rows: NDArray[np.int64]) -> list[str | None]:
            st = stage[rows]
            hit = (st == 1) if won_only else (st <= 2)
            return ["true" if h else "false" for h in hit.tolist()]

        return Derived(make)

    columns: dict[str, Column] = {
        "dealname": Derived(names),
        "amount": Floats(
            np.fromiter((np.nan if d.amount is None else d.amount for d in deals), np.float64, n)
        ),
        "closedate": Times(closed),
        "dealstage": stage_codes,
        "pipeline": Derived(lambda rows: [hv.DEAL_PIPELINE] * len(rows)),
        "hs_is_closed": flag(False),
        "hs_is_closed_won": flag(True),
        "hubspot_owner_id": Ints(
            np.where(company >= 0, company_owner[np.maximum(company, 0)], MISSING)
        ),
    }
    return Table(
        OBJECT_TYPES["deals"],
        _ids("deals", n),
        created,
        np.minimum(updated, as_of_ms),
        _archived(n_live, n, as_of_ms),
        columns,
        [d.id for d in deals],
    )
