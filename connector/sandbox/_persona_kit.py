"""The toolkit the persona accounts are written with: people, series of activities, deals.

Private to :mod:`connector.sandbox`. A :class:`PersonaKit` collects the
records of the hand-written persona accounts (see ``_personas.py``) with ids
from one shared numbering, so the random accounts can continue it. Times are
given in days before ``as_of``, at a working hour, like the scenario files of
``tests/scenarios``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from connector.model import (
    Account,
    Activity,
    ActivityKind,
    ActivityStatus,
    Contact,
    Deal,
    DealStatus,
    Direction,
    Outcome,
    Role,
)
from connector.sandbox._build import Ids

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["PersonaKit"]

_DURATION = {ActivityKind.MEETING: 2700.0, ActivityKind.CALL: 600.0}
_SUBJECT = {
    ActivityKind.MEETING: "Check-in meeting",
    ActivityKind.CALL: "Check-in call",
    ActivityKind.EMAIL: "Follow-up",
    ActivityKind.MESSAGE: "LinkedIn message",
    ActivityKind.NOTE: "Account note",
    ActivityKind.TASK: "Follow up",
}


@dataclass
class PersonaKit:
    """Writes the records of persona accounts, one account at a time."""

    as_of: datetime
    ids: Ids = field(default_factory=Ids)
    accounts: list[Account] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    deals: list[Deal] = field(default_factory=list)
    _account: str = ""
    _owner: str = ""

    def at(self, days_ago: float, hour: int = 10, minute: int = 0) -> datetime:
        """The time ``days_ago`` days before ``as_of``, at ``hour:minute`` that day."""
        return (self.as_of - timedelta(days=days_ago)).replace(
            hour=hour, minute=minute, second=0, microsecond=0
        )

    def account(self, name: str, owner_id: str, value: float) -> str:
        """Start a new account; the following records belong to it."""
        self._account = self.ids.next("account")
        self._owner = owner_id
        self.accounts.append(Account(self._account, name, owner_id, value))
        return self._account

    def contact(self, name: str, title: str | None, role: Role, created: float = 700) -> str:
        """A contact of the current account, created ``created`` days ago."""
        cid = self.ids.next("contact")
        self.contacts.append(Contact(cid, self._account, name, title, role, self.at(created, 9)))
        return cid

    def act(
        self,
        kind: ActivityKind,
        when: float | datetime,
        who: Sequence[str],
        outcome: Outcome | None,
        *,
        status: ActivityStatus = ActivityStatus.COMPLETED,
        duration: float | None = None,
        direction: Direction | None = None,
        subject: str | None = None,
        body: str | None = None,
        thread: str | None = None,
        owner: str | None = None,
        hour: int = 10,
        minute: int = 0,
    ) -> None:
        """One activity of the current account, ``when`` days ago (at ``hour:minute``)
        or at a given time; a meeting lasts 45 minutes and a call 10 unless
        ``duration`` says otherwise."""
        if direction is None and kind is ActivityKind.CALL:
            direction = Direction.OUTBOUND
        self.activities.append(
            Activity(
                self.ids.next("activity"),
                kind,
                status,
                when if isinstance(when, datetime) else self.at(when, hour, minute),
                self._account,
                tuple(who),
                _DURATION.get(kind) if duration is None else duration,
                direction,
                outcome,
                owner or self._owner,
                subject or _SUBJECT[kind],
                body,
                thread,
            )
        )

    def series(
        self,
        kind: ActivityKind,
        who: Sequence[str],
        outcomes: Sequence[Outcome | None],
        *,
        first: float,
        every: float,
        count: int,
        hour: int = 10,
    ) -> None:
        """``count`` activities every ``every`` days, the latest ``first`` days ago;
        outcomes cycle through ``outcomes`` starting with the latest."""
        cycle = itertools.cycle(outcomes)
        for i in range(count):
            self.act(kind, first + every * i, who, next(cycle), hour=hour)

    def thread(
        self,
        who: str,
        topic: str,
        exchanges: Sequence[tuple[float, float | None]],
        outcome: Outcome | None = Outcome.NEUTRAL,
    ) -> None:
        """An email thread: per exchange, our email ``days_ago`` and the customer's
        reply ``hours`` later (``None``: no reply)."""
        tid = self.ids.next("thread")
        for k, (days_ago, hours) in enumerate(sorted(exchanges, key=lambda e: -e[0])):
            subject = topic if k == 0 else f"Re: {topic}"
            self.act(
                ActivityKind.EMAIL,
                days_ago,
                [who],
                outcome,
                direction=Direction.OUTBOUND,
                subject=subject,
                thread=tid,
                hour=9,
            )
            if hours is not None:
                self.act(
                    ActivityKind.EMAIL,
                    self.at(days_ago, 9) + timedelta(hours=hours),
                    [who],
                    outcome,
                    direction=Direction.INBOUND,
                    subject=f"Re: {topic}",
                    thread=tid,
                )

    def deal(self, status: DealStatus, days_ago: float | None, amount: float) -> None:
        """A deal of the current account closed ``days_ago`` days ago (``None``: open)."""
        closed = None if days_ago is None else self.at(days_ago, 15)
        self.deals.append(Deal(self.ids.next("deal"), self._account, status, closed, amount))
