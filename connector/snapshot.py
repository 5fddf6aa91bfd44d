"""The columnar form of a canonical dataset, which scoring reads.

Scoring works on whole columns at once (numpy arrays), so that an org with
10 million activities scores in seconds. A :class:`Snapshot` holds one array
per field; references are integer positions into the referenced table
(``-1`` for none), enums are their stable codes (``-1`` for none), times are
float epoch seconds (``nan`` for none). Free text is only needed for the
competitor signal, so it is carried for a subset of activities (the store
supplies just the recent window).

Subjects and thread ids are compared, never shown, so they are carried as
64-bit keys (:func:`text_key`); the store keeps the same keys in columns.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import datetime

    from numpy.typing import NDArray

    from connector.model import Dataset

__all__ = ["Snapshot", "text_key"]

I8 = np.int8
I32 = np.int32
I64 = np.int64
F64 = np.float64


@lru_cache(maxsize=1 << 16)  # subjects and threads repeat across many activities
def text_key(text: str | None) -> int:
    """A stable, non-zero 63-bit key for a subject or thread id (0 for none).

    Subjects are compared case- and space-insensitively, so "Re:  Pricing"
    and "re: pricing" share a key.
    """
    if text is None:
        return 0
    norm = " ".join(text.split()).casefold()
    if not norm:
        return 0
    digest = hashlib.blake2b(norm.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return (int.from_bytes(digest, "big") >> 1) or 1


def _epoch(t: datetime | None) -> float:
    return float("nan") if t is None else t.timestamp()


@dataclass(frozen=True, slots=True, kw_only=True)
class Snapshot:
    """Every field scoring needs, as parallel arrays (see module doc)."""

    user_ids: Sequence[str]
    user_names: Sequence[str | None]
    user_manager: NDArray[np.int32]

    account_ids: Sequence[str]
    account_names: Sequence[str | None]
    account_owner: NDArray[np.int32]
    account_value: NDArray[np.float64]

    contact_ids: Sequence[str]
    contact_names: Sequence[str | None]
    contact_titles: Sequence[str | None]
    contact_account: NDArray[np.int32]
    contact_role: NDArray[np.int8]
    contact_created: NDArray[np.float64]

    act_kind: NDArray[np.int8]
    act_status: NDArray[np.int8]
    act_time: NDArray[np.float64]
    act_duration: NDArray[np.float64]
    act_direction: NDArray[np.int8]
    act_outcome: NDArray[np.int8]
    act_account: NDArray[np.int32]
    act_owner: NDArray[np.int32]
    act_subject_key: NDArray[np.int64]
    act_thread_key: NDArray[np.int64]

    link_activity: NDArray[np.int32]
    link_contact: NDArray[np.int32]

    text_activity: NDArray[np.int32]
    text_subject: Sequence[str | None]
    text_body: Sequence[str | None]

    deal_account: NDArray[np.int32]
    deal_status: NDArray[np.int8]
    deal_closed: NDArray[np.float64]

    @property
    def n_accounts(self) -> int:
        """Number of accounts."""
        return len(self.account_ids)

    @property
    def n_contacts(self) -> int:
        """Number of contacts."""
        return len(self.contact_ids)

    @property
    def n_activities(self) -> int:
        """Number of activities."""
        return len(self.act_kind)

    @classmethod
    def from_dataset(cls, ds: Dataset) -> Snapshot:
        """Columnise a validated dataset (references must resolve)."""
        u_idx = {u.id: i for i, u in enumerate(ds.users)}
        a_idx = {a.id: i for i, a in enumerate(ds.accounts)}
        c_idx = {c.id: i for i, c in enumerate(ds.contacts)}

        def ref(index: dict[str, int], key: str | None) -> int:
            return -1 if key is None else index.get(key, -1)

        acts = ds.activities
        link_a: list[int] = []
        link_c: list[int] = []
        for i, act in enumerate(acts):
            for cid in dict.fromkeys(act.contact_ids):
                link_a.append(i)
                link_c.append(c_idx[cid])

        return cls(
            user_ids=[u.id for u in ds.users],
            user_names=[u.name for u in ds.users],
            user_manager=np.array([ref(u_idx, u.manager_id) for u in ds.users], I32),
            account_ids=[a.id for a in ds.accounts],
            account_names=[a.name for a in ds.accounts],
            account_owner=np.array([ref(u_idx, a.owner_id) for a in ds.accounts], I32),
            account_value=np.array(
                [np.nan if a.value is None else a.value for a in ds.accounts], F64
            ),
            contact_ids=[c.id for c in ds.contacts],
            contact_names=[c.name for c in ds.contacts],
            contact_titles=[c.title for c in ds.contacts],
            contact_account=np.array([a_idx[c.account_id] for c in ds.contacts], I32),
            contact_role=np.array([c.role.code for c in ds.contacts], I8),
            contact_created=np.array([_epoch(c.created_at) for c in ds.contacts], F64),
            act_kind=np.array([a.kind.code for a in acts], I8),
            act_status=np.array([a.status.code for a in acts], I8),
            act_time=np.array([a.occurred_at.timestamp() for a in acts], F64),
            act_duration=np.array(
                [np.nan if a.duration_seconds is None else a.duration_seconds for a in acts], F64
            ),
            act_direction=np.array(
                [-1 if a.direction is None else a.direction.code for a in acts], I8
            ),
            act_outcome=np.array([-1 if a.outcome is None else a.outcome.code for a in acts], I8),
            act_account=np.array([a_idx[a.account_id] for a in acts], I32),
            act_owner=np.array([ref(u_idx, a.owner_id) for a in acts], I32),
            act_subject_key=np.array([text_key(a.subject) for a in acts], I64),
            act_thread_key=np.array([text_key(a.thread_id) for a in acts], I64),
            link_activity=np.array(link_a, I32),
            link_contact=np.array(link_c, I32),
            text_activity=np.array([i for i, a in enumerate(acts) if a.subject or a.body], I32),
            text_subject=[a.subject for a in acts if a.subject or a.body],
            text_body=[a.body for a in acts if a.subject or a.body],
            deal_account=np.array([a_idx[d.account_id] for d in ds.deals], I32),
            deal_status=np.array([d.status.code for d in ds.deals], I8),
            deal_closed=np.array([_epoch(d.closed_at) for d in ds.deals], F64),
        )
