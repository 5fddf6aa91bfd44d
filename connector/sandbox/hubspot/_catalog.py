"""What the demo portal's schema holds: object types, scopes, association types.

Private to the HubSpot sandbox. Object type ids, association type ids and
scopes are HubSpot's (crm-apis.md §7, §8, §13); the custom "Decision maker"
label ids are the portal's own, as a real portal's custom labels would be.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ASSOCIATIONS",
    "ID_BASE",
    "OBJECT_TYPES",
    "AssociationKind",
    "AssociationLabel",
    "ObjectType",
    "Scopes",
    "resolve_type",
]

#: First id of each object type (row r of the demo data has id base + r + 1).
ID_BASE = {
    "companies": 9_100_000_000,
    "contacts": 51_200_000_000,
    "deals": 21_300_000_000,
    "calls": 61_000_000_000,
    "meetings": 62_000_000_000,
    "emails": 63_000_000_000,
    "notes": 64_000_000_000,
    "tasks": 65_000_000_000,
    "communications": 66_000_000_000,
}

#: Required scopes: every group must be satisfied by at least one of its scopes.
Scopes = tuple[frozenset[str], ...]


def _need(*groups: str | tuple[str, ...]) -> Scopes:
    return tuple(frozenset((g,) if isinstance(g, str) else g) for g in groups)


@dataclass(frozen=True, slots=True)
class ObjectType:
    """A CRM object type as the portal knows it."""

    name: str  # "companies"
    type_id: str  # "0-2"
    singular: str  # "company", as in association type names
    created_prop: str
    modified_prop: str
    read: Scopes
    write: Scopes
    schema_write: Scopes
    default_props: tuple[str, ...]
    searchable: tuple[str, ...]  # what the search ``query`` text looks in

    @property
    def upper(self) -> str:
        """The name HubSpot's messages use ("COMPANY")."""
        return self.singular.upper()


def _engagement(name: str, type_id: str, singular: str, text: tuple[str, ...]) -> ObjectType:
    # The v3 specs guard engagements with the contacts scopes; the granular
    # per-engagement scopes are accepted too. Emails also need sales-email-read.
    extra: tuple[str | tuple[str, ...], ...] = ("sales-email-read",) if name == "emails" else ()
    return ObjectType(
        name,
        type_id,
        singular,
        "hs_createdate",
        "hs_lastmodifieddate",
        _need(("crm.objects.contacts.read", f"crm.objects.{name}.read"), *extra),
        _need(("crm.objects.contacts.write", f"crm.objects.{name}.write"), *extra),
        _need("crm.schemas.contacts.write"),
        ("hs_createdate", "hs_lastmodifieddate", "hs_object_id"),
        text,
    )


OBJECT_TYPES: dict[str, ObjectType] = {
    t.name: t
    for t in (
        ObjectType(
            "contacts",
            "0-1",
            "contact",
            "createdate",
            "lastmodifieddate",
            _need("crm.objects.contacts.read"),
            _need("crm.objects.contacts.write"),
            _need("crm.schemas.contacts.write"),
            ("createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"),
            ("firstname", "lastname", "email", "jobtitle"),
        ),
        ObjectType(
            "companies",
            "0-2",
            "company",
            "createdate",
            "hs_lastmodifieddate",
            _need("crm.objects.companies.read"),
            _need("crm.objects.companies.write"),
            _need("crm.schemas.companies.write"),
            ("createdate", "domain", "hs_lastmodifieddate", "hs_object_id", "name"),
            ("name", "domain"),
        ),
        ObjectType(
            "deals",
            "0-3",
            "deal",
            "createdate",
            "hs_lastmodifieddate",
            _need("crm.objects.deals.read"),
            _need("crm.objects.deals.write"),
            _need("crm.schemas.deals.write"),
            (
                "amount",
                "closedate",
                "createdate",
                "dealname",
                "dealstage",
                "hs_lastmodifieddate",
                "hs_object_id",
                "pipeline",
            ),
            ("dealname",),
        ),
        _engagement("calls", "0-48", "call", ("hs_call_title", "hs_call_body")),
        _engagement("meetings", "0-47", "meeting", ("hs_meeting_title", "hs_meeting_body")),
        _engagement("emails", "0-49", "email", ("hs_email_subject", "hs_email_text")),
        _engagement("notes", "0-46", "note", ("hs_note_body",)),
        _engagement("tasks", "0-27", "task", ("hs_task_subject", "hs_task_body")),
        _engagement("communications", "0-18", "communication", ("hs_communication_body",)),
    )
}

_BY_ID = {t.type_id: t for t in OBJECT_TYPES.values()}
_ALIASES = {t.singular: t for t in OBJECT_TYPES.values()} | {
    t.upper: t for t in OBJECT_TYPES.values()
}

OWNERS_READ = _need("crm.objects.owners.read")


def resolve_type(name: str) -> ObjectType | None:
    """The object type named ``name`` ("companies", "company", "0-2"), if any."""
    key = name.strip()
    found = OBJECT_TYPES.get(key.lower()) or _BY_ID.get(key) or _ALIASES.get(key)
    return found or _ALIASES.get(key.lower())


@dataclass(frozen=True, slots=True)
class AssociationLabel:
    """One association type between two object types, in one direction."""

    type_id: int
    category: str  # HUBSPOT_DEFINED | USER_DEFINED
    label: str | None
    name: str  # as in v3 ``associations`` answers: "contact_to_company"


@dataclass(frozen=True, slots=True)
class AssociationKind:
    """The association types from one object type to another.

    ``unlabeled`` applies to every association; ``primary`` (if the pair has
    one) to the primary ones; ``custom`` are the portal's own labels.
    """

    from_type: str
    to_type: str
    unlabeled: AssociationLabel
    primary: AssociationLabel | None
    custom: tuple[AssociationLabel, ...] = ()

    def labels(self) -> tuple[AssociationLabel, ...]:
        """Every label definition of the pair, as the labels endpoint lists them."""
        first = (self.primary,) if self.primary is not None else ()
        return (*first, self.unlabeled, *self.custom)


def _pair(
    a: str, b: str, ab: int, ba: int, primary: tuple[int, int] | None = None
) -> tuple[AssociationKind, AssociationKind]:
    sa, sb = OBJECT_TYPES[a].singular, OBJECT_TYPES[b].singular

    def unl(type_id: int, x: str, y: str) -> AssociationLabel:
        suffix = "_unlabeled" if primary else ""
        return AssociationLabel(type_id, "HUBSPOT_DEFINED", None, f"{x}_to_{y}{suffix}")

    def prim(type_id: int, x: str, y: str) -> AssociationLabel:
        return AssociationLabel(type_id, "HUBSPOT_DEFINED", "Primary", f"{x}_to_{y}")

    return (
        AssociationKind(a, b, unl(ab, sa, sb), prim(primary[0], sa, sb) if primary else None),
        AssociationKind(b, a, unl(ba, sb, sa), prim(primary[1], sb, sa) if primary else None),
    )


#: The portal's custom contact<->company label ids (one per direction).
DECISION_MAKER_TYPE_IDS = (901, 902)


def _decision_maker(kind: AssociationKind, type_id: int) -> AssociationKind:
    label = AssociationLabel(type_id, "USER_DEFINED", "Decision maker", "decision_maker")
    return AssociationKind(kind.from_type, kind.to_type, kind.unlabeled, kind.primary, (label,))


def _all_pairs() -> dict[tuple[str, str], AssociationKind]:
    contact_company, company_contact = _pair("contacts", "companies", 279, 280, (1, 2))
    pairs = [
        _decision_maker(contact_company, DECISION_MAKER_TYPE_IDS[0]),
        _decision_maker(company_contact, DECISION_MAKER_TYPE_IDS[1]),
        *_pair("deals", "companies", 341, 342, (5, 6)),
        *_pair("deals", "contacts", 3, 4),
    ]
    ids = {  # engagement -> (to company, from company, to contact, from contact)
        "calls": (182, 181, 194, 193),
        "emails": (186, 185, 198, 197),
        "meetings": (188, 187, 200, 199),
        "notes": (190, 189, 202, 201),
        "tasks": (192, 191, 204, 203),
        "communications": (87, 88, 81, 82),
    }
    for name, (to_co, from_co, to_con, from_con) in ids.items():
        pairs += [
            *_pair(name, "companies", to_co, from_co),
            *_pair(name, "contacts", to_con, from_con),
        ]
    return {(k.from_type, k.to_type): k for k in pairs}


ASSOCIATIONS: dict[tuple[str, str], AssociationKind] = _all_pairs()
