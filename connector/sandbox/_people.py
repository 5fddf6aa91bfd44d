"""Random demo people: the sales team, the accounts and their contacts, as arrays.

Private to :mod:`connector.sandbox`. Everything is drawn from one numpy
``Generator`` so that a seed gives the same org every time. Each random
account has a hidden *health* class (green, yellow, sour, silent) that the
activity generator uses to shape its interactions; the class itself is never
written anywhere, the score has to find it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from connector.model import Account, Contact, Role, User
from connector.sandbox._build import build_records, object_table, pick, to_times
from connector.sandbox._names import (
    COMPANY_FORMS,
    COMPANY_HEADS,
    COMPANY_TRADES,
    FIRST_NAMES,
    LAST_NAMES,
    TITLES,
)
from connector.sandbox._personas import PersonaOwners

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from connector.sandbox._build import Ids

__all__ = [
    "DAY",
    "GREEN",
    "SILENT",
    "SOUR",
    "YELLOW",
    "Population",
    "Team",
    "make_people",
    "make_team",
]

DAY = 86_400
GREEN, YELLOW, SOUR, SILENT = range(4)
# Shares of the hidden health classes; "sour" accounts had bad news lately,
# "silent" ones have had no interaction for two months or more.
HEALTH_SHARES = (0.46, 0.30, 0.11, 0.13)
ACCOUNTS_PER_REP = 25
REPS_PER_MANAGER = 6
NO_ROLES_SHARE = 0.15
NEW_CONTACT_SHARE = 0.15
I32 = np.int32
I64 = np.int64

# Per role code, the chance of a contact beyond the first two having it.
_OTHER_ROLES = np.array([r.code for r in Role], dtype=np.int8)
_OTHER_ROLE_P = (0.05, 0.07, 0.25, 0.38, 0.25)
_DM, _APPROVER, _INFLUENCER, _UNKNOWN = (
    Role.DECISION_MAKER.code,
    Role.APPROVER.code,
    Role.INFLUENCER.code,
    Role.UNKNOWN.code,
)


@dataclass(frozen=True)
class Team:
    """The sales org: a head of sales, managers, reps (the first three own personas)."""

    users: list[User]
    persona_owners: PersonaOwners
    reps: list[str]  # ids of the reps who own random accounts (not the hollow-call rep)


@dataclass(frozen=True)
class Population:
    """The random accounts and contacts as arrays (contacts grouped by account)."""

    health: NDArray[np.int8]
    owner: NDArray[I32]  # index into Team.reps
    size: NDArray[I64]  # contacts per account
    start: NDArray[I64]  # index of each account's first contact
    contact_account: NDArray[I32]
    role: NDArray[np.int8]
    created: NDArray[I64]  # epoch seconds
    core: NDArray[I64]  # contacts most interactions are with, grouped by account
    core_start: NDArray[I64]
    core_count: NDArray[I64]
    dm: NDArray[I64]  # each account's first decision maker, -1 for none
    account_ids: list[str]
    contact_ids: list[str]
    n_reps: int  # len(Team.reps)

    @property
    def n(self) -> int:
        """Number of random accounts."""
        return len(self.health)


def _person_names(rng: np.random.Generator, n: int) -> list[str]:
    """``n`` full names (each combination of first and last name is one shared string)."""
    count = len(FIRST_NAMES) * len(LAST_NAMES)
    table = object_table((f"{f} {la}" for f in FIRST_NAMES for la in LAST_NAMES), count)
    return pick(table, rng.integers(0, count, n))


def make_team(rng: np.random.Generator, accounts: int) -> Team:
    """A head of sales, one manager per six reps, one rep per 25 accounts (at least 3)."""
    n_reps = max(3, round(accounts / ACCOUNTS_PER_REP))
    n_mgrs = math.ceil(n_reps / REPS_PER_MANAGER)
    names = _person_names(rng, 1 + n_mgrs + n_reps)
    names[0], names[1] = "Morgan Blake", "Lee Carter"
    names[1 + n_mgrs : 4 + n_mgrs] = ["Ana Silva", "Ben Okafor", "Hal Lowe"]
    ids = [f"usr-{i:05d}" for i in range(1, 2 + n_mgrs + n_reps)]
    head, managers, reps = ids[0], ids[1 : 1 + n_mgrs], ids[1 + n_mgrs :]
    users = [User(head, names[0], None)]
    users += [User(m, names[1 + i], head) for i, m in enumerate(managers)]
    users += [
        User(r, names[1 + n_mgrs + i], managers[i // REPS_PER_MANAGER]) for i, r in enumerate(reps)
    ]
    owners = PersonaOwners(ana=reps[0], ben=reps[1], hollow=reps[2])
    return Team(users, owners, [r for r in reps if r != owners.hollow])


def _roles(rng: np.random.Generator, size: NDArray[I64], rank: NDArray[I64]) -> NDArray[np.int8]:
    """Buying roles: a decision maker first (mostly), an approver second (often)."""
    n, c = len(size), len(rank)
    acc = np.repeat(np.arange(n), size)
    role = rng.choice(_OTHER_ROLES, c, p=_OTHER_ROLE_P)
    has_dm = rng.random(n) < 0.92
    role[rank == 1] = np.where(rng.random(c) < 0.55, _APPROVER, role)[rank == 1]
    role[rank == 0] = np.where(has_dm[acc], _DM, _INFLUENCER)[rank == 0]
    role[(rng.random(n) < NO_ROLES_SHARE)[acc]] = _UNKNOWN
    return role


def _titles(rng: np.random.Generator, role: NDArray[np.int8]) -> list[str | None]:
    """A title that fits each role (some contacts without a role have no title)."""
    lists = [TITLES[r] for r in Role]
    counts = np.array([len(t) for t in lists])
    offsets = np.concatenate(([0], np.cumsum(counts)[:-1]))
    table = object_table((t for ts in lists for t in ts), int(counts.sum()))
    index = offsets[role] + (rng.random(len(role)) * counts[role]).astype(I64)
    index[(role == _UNKNOWN) & (rng.random(len(role)) < 0.25)] = -1
    return pick(table, index)


def _company_names(rng: np.random.Generator, n: int) -> list[str]:
    heads = rng.integers(0, len(COMPANY_HEADS), n).tolist()
    trades = rng.integers(0, len(COMPANY_TRADES), n).tolist()
    forms = rng.integers(0, len(COMPANY_FORMS), n).tolist()
    return [
        f"{COMPANY_HEADS[h]} {COMPANY_TRADES[t]} {COMPANY_FORMS[f]}".rstrip()
        for h, t, f in zip(heads, trades, forms, strict=True)
    ]


def make_people(
    rng: np.random.Generator, n: int, as_of_ts: int, ids: Ids, team: Team
) -> tuple[Population, list[Account], list[Contact]]:
    """``n`` random accounts with 1-50 contacts each (most 2-10), numbered after ``ids``."""
    health = rng.choice(np.arange(4, dtype=np.int8), n, p=HEALTH_SHARES)
    size = np.where(
        rng.random(n) < 0.03,
        rng.integers(15, 51, n),
        np.clip(np.rint(rng.lognormal(np.log(5.0), 0.55, n)), 1, 50),
    ).astype(I64)
    start = np.cumsum(size) - size
    contact_account = np.repeat(np.arange(n, dtype=I32), size)
    rank = np.arange(len(contact_account)) - start[contact_account]
    role = _roles(rng, size, rank)
    c = len(role)
    age_days = np.where(
        (rank >= 2) & (rng.random(c) < NEW_CONTACT_SHARE),
        rng.uniform(1, 450, c),
        rng.uniform(480, 1500, c),
    )
    created = (as_of_ts - np.rint(age_days * 24) * 3600).astype(I64)
    no_roles = np.bincount(contact_account[role != _UNKNOWN], minlength=n) == 0
    core_mask = (
        (rank < 2) | (role == _DM) | (role == _APPROVER) | (no_roles[contact_account] & (rank < 3))
    )
    core = np.flatnonzero(core_mask).astype(I64)
    core_count = np.bincount(contact_account[core], minlength=n).astype(I64)
    # Deal accounts out so that every rep gets a similar mix of health and size:
    # an honest rep must not look inflated only because of a lucky book.
    owner = np.empty(n, I32)
    owner[np.lexsort((rng.random(n), core_count, health))] = np.arange(n) % len(team.reps)
    dm = np.full(n, -1, I64)
    dms = np.flatnonzero(role == _DM)
    first_acc, first = np.unique(contact_account[dms], return_index=True)
    dm[first_acc] = dms[first]
    pop = Population(
        health=health,
        owner=owner,
        size=size,
        start=start,
        contact_account=contact_account,
        role=role,
        created=created,
        core=core,
        core_start=np.cumsum(core_count) - core_count,
        core_count=core_count,
        dm=dm,
        account_ids=ids.take("account", n),
        contact_ids=ids.take("contact", len(role)),
        n_reps=len(team.reps),
    )
    return pop, _accounts(rng, pop, team), _contacts(rng, pop)


def _accounts(rng: np.random.Generator, pop: Population, team: Team) -> list[Account]:
    n = pop.n
    values = np.round(rng.lognormal(np.log(40_000.0), 0.9, n), -2).tolist()
    return build_records(
        Account,
        n,
        {
            "id": pop.account_ids,
            "name": _company_names(rng, n),
            "owner_id": pick(object_table(team.reps, len(team.reps)), pop.owner),
            "value": values,
        },
    )


def _contacts(rng: np.random.Generator, pop: Population) -> list[Contact]:
    c = len(pop.role)
    roles = object_table(Role, len(Role))
    return build_records(
        Contact,
        c,
        {
            "id": pop.contact_ids,
            "account_id": pick(object_table(pop.account_ids, pop.n), pop.contact_account),
            "name": _person_names(rng, c),
            "title": _titles(rng, pop.role),
            "role": pick(roles, pop.role),
            "created_at": to_times(pop.created),
        },
    )
