"""Scoring entry points: a snapshot and an ``as_of`` time in, every result out."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from connector.scoring._account import base_scores, gates, weakest_contacts
from connector.scoring._contact import score_contacts
from connector.scoring._integrity import integrity
from connector.scoring._result import Color, History, Reason, ScoreResult
from connector.scoring._signals import SIGNALS, Signal
from connector.scoring._stage import colors, lifecycle, priority
from connector.snapshot import Snapshot

if TYPE_CHECKING:
    from datetime import datetime

    from numpy.typing import NDArray

    from connector.config import Settings
    from connector.model import Dataset
    from connector.scoring._integrity import Integrity

__all__ = ["score_dataset", "score_snapshot"]

_GATE_CODES = ("silence", "dm_silent", "dm_cold")
_INFO_CODES = ("no_dm_mapped", "roles_unmapped")


def score_dataset(
    ds: Dataset, as_of: datetime, settings: Settings, history: History | None = None
) -> ScoreResult:
    """Score a validated canonical dataset (see :func:`score_snapshot`)."""
    return score_snapshot(Snapshot.from_dataset(ds), as_of, settings, history)


def score_snapshot(
    snap: Snapshot, as_of: datetime, settings: Settings, history: History | None = None
) -> ScoreResult:
    """Score every contact and account as of ``as_of``; data after it is ignored.

    ``history`` gives earlier colors (hysteresis) and scores (trends); without
    it every account is scored for the first time.
    """
    if as_of.tzinfo is None:
        msg = "as_of must be timezone-aware"
        raise ValueError(msg)
    ts = as_of.timestamp()
    na = snap.n_accounts
    hist = history if history is not None else History.empty(na)
    half_life = settings.contact.half_life_days

    layer = score_contacts(snap, ts, settings.contact)
    contact_visible = layer.contact_visible
    base = base_scores(snap, layer, contact_visible, ts, settings)
    signals = [f(snap, layer, ts, settings.signals, half_life) for f in SIGNALS]
    penalty = np.sum([sig.penalty for sig in signals], axis=0) if signals else np.zeros(na)
    score = np.clip(base.score - penalty, 0.0, 100.0)

    gate = gates(snap, layer, base, contact_visible, ts, settings)
    # A gate caps the color; the score is capped with it, so that score and
    # color never disagree in the CRM.
    cs = settings.colors
    score = np.where(gate.cap == Color.RED, np.minimum(score, cs.red_below - 1.0), score)
    score = np.where(
        gate.cap == Color.YELLOW, np.minimum(score, max(cs.green_min - 1.0, cs.red_below)), score
    )
    score = np.clip(score, 0.0, 100.0)
    color = np.minimum(colors(score, cs, hist.prev_color), gate.cap).astype(np.int8)

    stage = lifecycle(snap, ts, settings.lifecycle)
    tier = priority(color, stage)
    drop_14d = hist.score_14d - score
    checks = integrity(snap, layer.facts, ts, settings.integrity, settings.contact)
    reasons = _reasons(snap, gate.texts, signals, checks)
    unexplained = np.flatnonzero(
        (color != Color.GREEN) & np.array([not r for r in reasons], dtype=bool)
    )
    for i, text in weakest_contacts(snap, layer, base, unexplained, ts).items():
        reasons[i].append(Reason("weakest_contact", text))
    value = np.nan_to_num(snap.account_value, nan=0.0)
    order = np.lexsort((-value, -np.nan_to_num(drop_14d, nan=0.0), tier))
    return ScoreResult(
        as_of=as_of,
        contact_score=layer.score,
        contact_color=colors(layer.score, cs),
        account_base=base.score,
        account_score=score,
        account_color=color,
        account_lifecycle=stage,
        account_priority=tier,
        account_trend_7d=score - hist.score_7d,
        account_trend_30d=score - hist.score_30d,
        account_drop_14d=drop_14d,
        account_reasons=reasons,
        order=order.astype(np.int64),
        owner_flags=checks.flags,
        owner_missing_outcome_share=checks.missing_outcome_share,
    )


def _reasons(
    snap: Snapshot,
    gate_texts: dict[str, dict[int, str]],
    signals: list[Signal],
    checks: Integrity,
) -> list[list[Reason]]:
    """Per account, most important first: gates, signals by penalty, the rest."""
    out: list[list[Reason]] = [[] for _ in range(snap.n_accounts)]
    for code in _GATE_CODES:
        for i, text in gate_texts[code].items():
            out[i].append(Reason(code, text))
    ranked: dict[int, list[tuple[float, int, Reason]]] = {}
    for rank, sig in enumerate(signals):
        for i, text in sig.texts.items():
            ranked.setdefault(i, []).append((-float(sig.penalty[i]), rank, Reason(sig.code, text)))
    for i, entries in ranked.items():
        out[i].extend(r for _, _, r in sorted(entries, key=lambda e: (e[0], e[1])))
    for code in _INFO_CODES:
        for i, text in gate_texts[code].items():
            out[i].append(Reason(code, text))
    by_owner: dict[int, list[Reason]] = {}
    for flag in checks.flags:
        name = snap.user_names[flag.owner_index] or snap.user_ids[flag.owner_index]
        text = (
            f"Outcomes logged by {name} look inflated; this score may be optimistic"
            if flag.code == "inflated_outcomes"
            else f"{name} logs many hollow activities; they are not counted in this score"
        )
        by_owner.setdefault(flag.owner_index, []).append(Reason(flag.code, text))
    if by_owner:
        owners: NDArray[np.int32] = snap.account_owner
        for i in np.flatnonzero(np.isin(owners, list(by_owner))).tolist():
            out[i].extend(by_owner[int(owners[i])])
    return out
