"""Layer 2: account health from its contacts, weighted by buying role, and gates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from connector.model import Role
from connector.scoring._common import DAY, DM, UNKNOWN_ROLE, group_max, person
from connector.scoring._result import Color

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from connector.config import Settings
    from connector.scoring._contact import ContactLayer
    from connector.snapshot import Snapshot


@dataclass(frozen=True, slots=True)
class Base:
    """Weighted mean of counted contacts, and what the reasons need to know."""

    score: NDArray[np.float64]
    has_contacts: NDArray[np.bool_]
    roles_unmapped: NDArray[np.bool_]
    has_dm: NDArray[np.bool_]
    counted: NDArray[np.bool_]  # per contact


def base_scores(
    snap: Snapshot, layer: ContactLayer, visible: NDArray[np.bool_], as_of_ts: float, cfg: Settings
) -> Base:
    """Base account score: the role-weighted mean of the contacts that count.

    Decision makers and approvers always count (their silence is the signal);
    others count when they had evidence in the recent window.
    """
    na = snap.n_accounts
    acc = snap.contact_account
    role = snap.contact_role
    weights = np.array([cfg.account.role_weights[r.value] for r in Role])
    known = visible & (role != UNKNOWN_ROLE)
    roles_known = np.bincount(acc[known], minlength=na) > 0
    has_contacts = np.bincount(acc[visible], minlength=na) > 0
    active = layer.last_counted >= as_of_ts - cfg.account.other_roles_active_days * DAY
    always = (role == DM) | (role == Role.APPROVER.code)
    counted = visible & (always | active)
    # Without any known role in the account, every contact weighs the same.
    w = np.where(roles_known[acc], weights[role], 1.0) * counted
    total_w = np.bincount(acc, weights=w, minlength=na)
    total = np.bincount(acc, weights=w * layer.score, minlength=na)
    with np.errstate(invalid="ignore", divide="ignore"):
        score = np.where(total_w > 0, total / total_w, cfg.contact.base)
    return Base(
        score=np.clip(score, 0.0, 100.0),
        has_contacts=has_contacts,
        roles_unmapped=has_contacts & ~roles_known,
        has_dm=np.bincount(acc[visible & (role == DM)], minlength=na) > 0,
        counted=counted,
    )


@dataclass(frozen=True, slots=True)
class Gates:
    """The most an account's color may be, and why."""

    cap: NDArray[np.int8]
    texts: dict[str, dict[int, str]]


def gates(
    snap: Snapshot,
    layer: ContactLayer,
    base: Base,
    visible: NDArray[np.bool_],
    as_of_ts: float,
    cfg: Settings,
) -> Gates:
    """``silence`` (Red), ``dm_silent`` and ``dm_cold`` (at most Yellow), ``no_dm_mapped``."""
    na = snap.n_accounts
    acc = snap.contact_account
    cap = np.full(na, Color.GREEN, dtype=np.int8)
    texts: dict[str, dict[int, str]] = {}

    last = group_max(acc, layer.last_counted, na)
    silent = last < as_of_ts - cfg.account.silence_days * DAY
    cap[silent] = Color.RED
    texts["silence"] = {
        int(i): (
            f"No assessed interaction for {_days(as_of_ts, last[i])} days"
            if last[i] > -np.inf
            else "No assessed interaction on record"
        )
        for i in np.flatnonzero(silent)
    }

    dms = np.flatnonzero(visible & (snap.contact_role == DM))
    dm_last = group_max(acc[dms], layer.last_counted[dms], na)
    dm_silent = base.has_dm & (dm_last < as_of_ts - cfg.account.dm_silent_days * DAY)
    cap[dm_silent] = np.minimum(cap[dm_silent], Color.YELLOW)
    # For the sentence: the decision maker heard from last (or the first one).
    order = dms[np.lexsort((dms, layer.last_counted[dms]))]
    named: dict[int, int] = {int(acc[c]): int(c) for c in order}
    texts["dm_silent"] = {
        int(i): _dm_silent_text(snap, layer, named[int(i)], as_of_ts)
        for i in np.flatnonzero(dm_silent)
    }

    dm_best = group_max(acc[dms], layer.score[dms], na)
    dm_cold = base.has_dm & ~dm_silent & (dm_best < cfg.colors.red_below)
    cap[dm_cold] = np.minimum(cap[dm_cold], Color.YELLOW)
    texts["dm_cold"] = {
        int(i): _dm_cold_text(snap, layer, named[int(i)]) for i in np.flatnonzero(dm_cold)
    }

    no_dm = base.has_contacts & ~base.roles_unmapped & ~base.has_dm
    texts["no_dm_mapped"] = {
        int(i): "No decision maker is mapped among this account's contacts"
        for i in np.flatnonzero(no_dm)
    }
    texts["roles_unmapped"] = {
        int(i): "No contact has a buying role; all contacts weigh the same"
        for i in np.flatnonzero(base.roles_unmapped)
    }
    return Gates(cap, texts)


def _days(as_of_ts: float, ts: float) -> int:
    """Calendar days (UTC) from ``ts`` to ``as_of``, as a person counts them."""
    return int(as_of_ts // DAY - ts // DAY)


def _dm_silent_text(snap: Snapshot, layer: ContactLayer, c: int, as_of_ts: float) -> str:
    who = person(snap.contact_names, snap.contact_titles, snap.contact_ids, c)
    last = layer.last_counted[c]
    if last == -np.inf:
        return f"Decision maker {who}: no assessed interaction on record"
    return f"Decision maker {who}: last interaction {_days(as_of_ts, last)} days ago"


def _dm_cold_text(snap: Snapshot, layer: ContactLayer, c: int) -> str:
    who = person(snap.contact_names, snap.contact_titles, snap.contact_ids, c)
    return f"Decision maker {who} is cold: contact score {layer.score[c]:.0f}"


def weakest_contacts(
    snap: Snapshot, layer: ContactLayer, base: Base, accounts: NDArray[np.intp], as_of_ts: float
) -> dict[int, str]:
    """For the given accounts, a sentence naming the lowest-scoring counted contact.

    It explains a Yellow or Red account that no signal or gate explains.
    """
    counted = np.flatnonzero(base.counted & np.isin(snap.contact_account, accounts))
    order = counted[np.lexsort((layer.score[counted], snap.contact_account[counted]))]
    texts: dict[int, str] = {}
    for c in order.tolist():
        acc = int(snap.contact_account[c])
        if acc in texts:
            continue
        who = person(snap.contact_names, snap.contact_titles, snap.contact_ids, c)
        last = layer.last_counted[c]
        when = (
            f"last interaction {_days(as_of_ts, last)} days ago"
            if last > -np.inf
            else "no assessed interaction on record"
        )
        texts[acc] = f"Weakest contact: {who}, score {layer.score[c]:.0f}, {when}"
    return texts
