"""The persona accounts: one per scenario of scoring.md, plus the signals.

Private to :mod:`connector.sandbox`. Each persona is a hand-written account
whose expected color, lifecycle stage and reasons are promised to demo users
(and checked by ``tests/test_demo_data.py``). They do not depend on the seed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from connector.model import ActivityKind, ActivityStatus, DealStatus, Outcome, Role

if TYPE_CHECKING:
    from collections.abc import Callable

    from connector.sandbox._persona_kit import PersonaKit

__all__ = ["PERSONA_COUNT", "Persona", "PersonaOwners", "write_personas"]

MEETING, CALL, EMAIL, NOTE = (
    ActivityKind.MEETING,
    ActivityKind.CALL,
    ActivityKind.EMAIL,
    ActivityKind.NOTE,
)
P, Z, N = Outcome.POSITIVE, Outcome.NEUTRAL, Outcome.NEGATIVE
DM, APPROVER, INFLUENCER, USER, UNKNOWN = (
    Role.DECISION_MAKER,
    Role.APPROVER,
    Role.INFLUENCER,
    Role.USER,
    Role.UNKNOWN,
)
WON, LOST, OPEN = DealStatus.WON, DealStatus.LOST, DealStatus.OPEN


@dataclass(frozen=True)
class Persona:
    """A named demo account and the result it must get with default settings.

    ``expected_reasons`` are reason codes the account must carry (others may
    follow); ``owner_flag`` is the integrity flag its owner must get (``None``:
    the owner gets no flag at all).
    """

    account_id: str
    name: str
    description: str
    expected_color: str
    expected_lifecycle: str
    expected_reasons: tuple[str, ...]
    owner_flag: str | None


@dataclass(frozen=True)
class PersonaOwners:
    """The reps who own the persona accounts (``hollow`` logs hollow positive calls)."""

    ana: str
    ben: str
    hollow: str


def _green_warm(k: PersonaKit, o: PersonaOwners) -> Persona:
    acc = k.account("Brightwater Foods Inc.", o.ana, 240_000)
    ceo = k.contact("Helen Brooks", "CEO", DM)
    cfo = k.contact("Marco Bianchi", "Finance Director", APPROVER)
    ops = k.contact("Sofia Lindqvist", "Head of Operations", INFLUENCER)
    priya = k.contact("Priya Nair", "Operations Analyst", USER)
    tom = k.contact("Tom Becker", "Planner", USER)
    k.series(MEETING, [ceo, cfo], [P, P, P, Z], first=3, every=14, count=32)
    k.series(CALL, [ceo], [P], first=9, every=14, count=30)
    k.series(CALL, [priya], [P, P, P, Z], first=1, every=7, count=60)
    k.series(CALL, [tom], [P, P, Z], first=4, every=10, count=45)
    for start in range(6, 400, 45):
        k.thread(ops, "Quarterly business review", [(start + 6, 5), (start, 3)], P)
    k.deal(WON, 700, 60_000)
    k.deal(WON, 400, 80_000)
    k.deal(WON, 90, 100_000)
    k.deal(OPEN, None, 50_000)
    return Persona(
        acc,
        "green-warm",
        "A returning client: monthly positive meetings with the CEO, weekly positive calls "
        "with users, three won deals.",
        "green",
        "warm",
        (),
        None,
    )


def _dm_silent(k: PersonaKit, o: PersonaOwners) -> Persona:
    acc = k.account("Harbor Point Logistics LLC", o.ben, 90_000)
    coo = k.contact("Robert Hale", "COO", DM)
    ana = k.contact("Anika Sato", "Dispatcher", USER)
    luis = k.contact("Luis Ramos", "Fleet Analyst", USER)
    k.act(MEETING, 100, [coo], Z)
    k.series(MEETING, [coo], [Z, P], first=160, every=60, count=5)
    k.series(CALL, [ana], [P], first=1, every=7, count=40)
    k.series(CALL, [luis], [P], first=3, every=7, count=40)
    k.deal(WON, 200, 45_000)
    return Persona(
        acc,
        "dm-silent",
        "Users are called every week and happy, but the COO's last meeting was 100 days ago.",
        "yellow",
        "first",
        ("dm_silent",),
        None,
    )


def _silence(k: PersonaKit, o: PersonaOwners) -> Persona:
    acc = k.account("Cedar Ridge Dental Group", o.ana, 60_000)
    md = k.contact("Nadia Petrov", "Managing Director", DM)
    office = k.contact("Omar Haddad", "Office Manager", USER)
    k.series(MEETING, [md], [P, Z], first=70, every=30, count=12)
    k.series(CALL, [office], [P], first=75, every=14, count=25)
    k.deal(WON, 300, 30_000)
    return Persona(
        acc,
        "silence",
        "A good relationship that went quiet: no interaction at all in 70 days.",
        "red",
        "first",
        ("silence",),
        None,
    )


def _competitor(k: PersonaKit, o: PersonaOwners) -> Persona:
    acc = k.account("Northwind Analytics Ltd", o.ana, 120_000)
    ceo = k.contact("Jane Roe", "CEO", DM)
    omar = k.contact("Omar Diaz", "Data Engineer", USER)
    k.act(
        MEETING,
        5,
        [ceo],
        N,
        subject="Renewal review",
        body="Jane says they are evaluating Globex as an alternative vendor before renewal.",
    )
    k.act(CALL, 10, [omar], Z)
    k.series(MEETING, [ceo], [Z], first=40, every=30, count=12)
    k.deal(WON, 200, 70_000)
    return Persona(
        acc,
        "competitor",
        "The CEO's renewal meeting 5 days ago went badly and named a competitor (Globex).",
        "red",
        "first",
        ("competitor_mention",),
        None,
    )


def _nurture(k: PersonaKit, o: PersonaOwners) -> Persona:
    acc = k.account("Lumen Robotics GmbH", o.ben, 25_000)
    ceo = k.contact("Kenji Tanaka", "CEO", DM, created=45)
    ops = k.contact("Kai Wu", "Head of Operations", INFLUENCER, created=45)
    k.act(MEETING, 12, [ceo, ops], Z, subject="Introduction")
    k.series(CALL, [ceo], [Z], first=2, every=4, count=3)
    k.series(CALL, [ops], [Z], first=6, every=7, count=2)
    k.thread(ops, "Pilot proposal", [(8, 20)], Z)
    k.deal(OPEN, None, 30_000)
    return Persona(
        acc,
        "nurture",
        "A new prospect: no deal won yet, a few neutral calls in the last two weeks.",
        "yellow",
        "hello",
        (),
        None,
    )


def _cold(k: PersonaKit, o: PersonaOwners) -> Persona:
    acc = k.account("Stonebridge Manufacturing Co.", o.ana, 150_000)
    cfo = k.contact("William Clarke", "CFO", DM, created=1300)
    plant = k.contact("Rosa Mensah", "Plant Engineer", USER, created=1300)
    k.act(MEETING, 95, [cfo], Z)
    k.act(CALL, 120, [plant], P)
    k.series(CALL, [plant], [Z, P], first=180, every=45, count=6)
    k.deal(WON, 1100, 70_000)
    k.deal(WON, 730, 55_000)
    k.deal(LOST, 400, 40_000)
    return Persona(
        acc,
        "cold",
        "Two projects, the last two years ago, nothing open and no contact in 95 days.",
        "red",
        "cold",
        ("silence",),
        None,
    )


def _hollow_calls(k: PersonaKit, o: PersonaOwners) -> Persona:
    acc = k.account("Quarry Lane Outfitters", o.hollow, 40_000)
    owner = k.contact("Diego Torres", "Owner", DM)
    buyer = k.contact("Mia Jansen", "Buyer", USER)
    k.series(MEETING, [owner], [Z], first=4, every=14, count=6)
    k.series(CALL, [buyer], [Z], first=2, every=7, count=12)
    for day in range(1, 31):
        for n in range(10):
            who = owner if n % 2 else buyer
            k.act(CALL, day, [who], P, duration=30, hour=9 + n % 8, minute=5 * n)
    k.deal(WON, 100, 35_000)
    return Persona(
        acc,
        "hollow-calls",
        "The owner logs ten thirty-second 'positive' calls a day; the score ignores them and "
        "the owner is flagged to their manager.",
        "yellow",
        "first",
        ("inflated_outcomes", "hollow_activity"),
        "inflated_outcomes",
    )


def _roles_unmapped(k: PersonaKit, o: PersonaOwners) -> Persona:
    acc = k.account("Maple & Finch Studio", o.ben, 35_000)
    tom = k.contact("Tom Hale", "CTO", UNKNOWN)
    sue = k.contact("Sue Park", "Buyer", UNKNOWN)
    raj = k.contact("Raj Iyer", "Engineer", UNKNOWN)
    k.series(CALL, [tom], [P], first=1, every=7, count=30)
    k.series(CALL, [sue], [P], first=2, every=7, count=30)
    k.series(CALL, [raj], [P], first=4, every=7, count=30)
    k.deal(WON, 150, 20_000)
    return Persona(
        acc,
        "roles-unmapped",
        "No contact has a buying role in the CRM; everyone is engaged, so Green is allowed.",
        "green",
        "first",
        ("roles_unmapped",),
        None,
    )


def _rescue(k: PersonaKit, o: PersonaOwners) -> Persona:
    acc = k.account("Ironclad Security AG", o.ben, 310_000)
    ceo = k.contact("Victor Moreau", "CEO", DM)
    buyer = k.contact("Leila Shah", "Head of Procurement", APPROVER)
    admin = k.contact("Hugo Weber", "IT Administrator", USER)
    k.act(MEETING, 6, [ceo, buyer], N, subject="Escalation: outage review")
    k.act(CALL, 12, [buyer], N, subject="Invoice dispute")
    k.act(CALL, 20, [ceo], N)
    k.act(CALL, 9, [admin], Z)
    k.series(MEETING, [ceo, buyer], [P], first=65, every=30, count=12)
    k.deal(WON, 650, 90_000)
    k.deal(WON, 320, 120_000)
    k.deal(WON, 60, 100_000)
    return Persona(
        acc,
        "rescue-warm",
        "A loyal three-project client turning sour: negative meetings and calls this month.",
        "red",
        "warm",
        ("negative_outcomes",),
        None,
    )


def _reschedules(k: PersonaKit, o: PersonaOwners) -> Persona:
    acc = k.account("Bluefin Marine Supply", o.ana, 80_000)
    ceo = k.contact("Sara Costa", "President", DM)
    ops = k.contact("Ivan Novak", "Operations Manager", INFLUENCER)
    k.series(MEETING, [ceo, ops], [P, P, Z], first=35, every=21, count=18)
    k.series(CALL, [ceo], [P, Z], first=8, every=10, count=4)
    k.series(CALL, [ops], [P, P, Z], first=2, every=7, count=30)
    for days, status in (
        (25, ActivityStatus.RESCHEDULED),
        (12, ActivityStatus.CANCELED),
        (3, ActivityStatus.NO_SHOW),
    ):
        k.act(MEETING, days, [ceo], None, status=status, subject="Renewal planning")
    k.deal(WON, 500, 40_000)
    k.deal(WON, 200, 45_000)
    return Persona(
        acc,
        "reschedules",
        "A healthy client whose president moved, canceled and missed three meetings this month.",
        "yellow",
        "warm",
        ("reschedules",),
        None,
    )


def _reply_slowdown(k: PersonaKit, o: PersonaOwners) -> Persona:
    acc = k.account("Copperleaf Insurance Partners", o.ana, 110_000)
    cfo = k.contact("Grace Young", "CFO", DM)
    it = k.contact("Felix Wagner", "IT Manager", INFLUENCER)
    k.series(MEETING, [cfo, it], [P, P, Z], first=9, every=14, count=30)
    k.series(CALL, [it], [P, P, Z], first=3, every=10, count=40)
    for start in range(40, 200, 20):
        k.thread(it, "Integration status", [(start, 4)], P)
    k.thread(it, "Renewal paperwork", [(27, 80), (16, 96), (8, 120)], Z)
    k.deal(WON, 250, 60_000)
    return Persona(
        acc,
        "reply-slowdown",
        "The IT manager used to answer emails within hours; this month replies take 4-5 days.",
        "yellow",
        "first",
        ("reply_slowdown",),
        None,
    )


def _dm_absent(k: PersonaKit, o: PersonaOwners) -> Persona:
    acc = k.account("Tidewater Health Clinics", o.ben, 95_000)
    coo = k.contact("Ruth Evans", "COO", DM)
    lead = k.contact("Samuel Kim", "Project Lead", INFLUENCER)
    nurse = k.contact("Yara Santos", "Head Nurse", USER)
    k.series(MEETING, [lead, nurse], [P, Z], first=4, every=10, count=3)
    k.series(MEETING, [coo, lead], [P], first=40, every=14, count=12)
    k.act(CALL, 28, [coo], P)
    k.series(CALL, [lead], [P, Z], first=2, every=7, count=30)
    k.deal(WON, 400, 50_000)
    k.deal(WON, 150, 45_000)
    return Persona(
        acc,
        "dm-absent",
        "The last three meetings went ahead without the COO, who used to attend.",
        "yellow",
        "warm",
        ("dm_absent_from_meetings",),
        None,
    )


def _new_approver(k: PersonaKit, o: PersonaOwners) -> Persona:
    acc = k.account("Summit Ridge Builders", o.ben, 70_000)
    ceo = k.contact("Lucas Meyer", "CEO", DM)
    pm = k.contact("Chloe Dubois", "Project Manager", USER)
    buyer = k.contact("Emeka Okafor", "Head of Procurement", APPROVER, created=18)
    k.series(MEETING, [ceo], [P, P, Z], first=6, every=20, count=20)
    k.series(CALL, [pm], [P, Z], first=2, every=7, count=40)
    k.act(
        MEETING,
        -6,
        [buyer, ceo],
        None,
        status=ActivityStatus.PLANNED,
        subject="Introduction to procurement",
    )
    k.deal(WON, 250, 40_000)
    return Persona(
        acc,
        "new-approver",
        "A new head of procurement joined 18 days ago and nobody has met them yet.",
        "yellow",
        "first",
        ("new_approver_not_introduced",),
        None,
    )


WRITERS: tuple[Callable[[PersonaKit, PersonaOwners], Persona], ...] = (
    _green_warm,
    _dm_silent,
    _silence,
    _competitor,
    _nurture,
    _cold,
    _hollow_calls,
    _roles_unmapped,
    _rescue,
    _reschedules,
    _reply_slowdown,
    _dm_absent,
    _new_approver,
)
PERSONA_COUNT = len(WRITERS)


def write_personas(kit: PersonaKit, owners: PersonaOwners) -> tuple[Persona, ...]:
    """Write every persona account into ``kit``, in a fixed order."""
    return tuple(write(kit, owners) for write in WRITERS)
