"""How canonical records are written in HubSpot's own properties and values.

This is the one place the HubSpot sandbox's translation is recorded; the
HubSpot adapter's mapping file mirrors it in the other direction. Every value
here is HubSpot's internal value (what the API sends), not the label a user
sees. Facts and their evidence are in ``reference/crm-apis.md`` §9-10.

Choices that are ours (HubSpot has no native field for them):

- Buying role: ``hs_buying_role`` is multi-select. A contact may hold several
  values; the canonical role is the first of :data:`ROLE_PRIORITY` among the
  roles its values map to (:data:`BUYING_ROLE_TO_ROLE`). The sandbox writes a
  second value on some contacts (:data:`EXTRA_BUYING_ROLE`) so that readers
  must handle ``;``-joined values.
- Outcome: a custom enumeration property :data:`OUTCOME_PROPERTY` on every
  engagement type, created "by an admin" in the demo portal.
- Account value: the company's ``annualrevenue``.
- Managers: HubSpot owners have teams, not managers. A manager leads a team
  of their direct reports, named :data:`TEAM_NAME` with the manager's name; the
  reports have it as their *primary* team and the manager is its only
  *non-primary* member. So an owner's manager is the owner holding the
  owner's primary team as a non-primary team (:func:`managers_from_teams`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from connector.model import ActivityKind, ActivityStatus, DealStatus, Direction, Outcome, Role

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = [
    "ACCOUNT_VALUE_PROPERTY",
    "BUYING_ROLES",
    "BUYING_ROLE_TO_ROLE",
    "CALL_DIRECTION",
    "CALL_DISPOSITIONS",
    "CALL_DISPOSITION_BY_STATUS",
    "CALL_STATUS",
    "COMMUNICATION_CHANNEL",
    "DEAL_OPEN_STAGES",
    "DEAL_PIPELINE",
    "DEAL_STAGE",
    "DECISION_MAKER_LABEL",
    "EMAIL_DIRECTION",
    "EMAIL_STATUS",
    "ENGAGEMENT_TYPE",
    "EXTRA_BUYING_ROLE",
    "MEETING_OUTCOME",
    "OUTCOME_PROPERTY",
    "OUTCOME_VALUES",
    "ROLE_PRIORITY",
    "ROLE_TO_BUYING_ROLE",
    "TASK_STATUS",
    "TEAM_NAME",
    "managers_from_teams",
]

#: Every value of the default ``hs_buying_role`` options (crm-apis.md §9).
BUYING_ROLES: tuple[str, ...] = (
    "BLOCKER",
    "BUDGET_HOLDER",
    "CHAMPION",
    "DECISION_MAKER",
    "END_USER",
    "EXECUTIVE_SPONSOR",
    "INFLUENCER",
    "LEGAL_AND_COMPLIANCE",
    "OTHER",
)

#: Canonical role -> the value the sandbox writes (``None``: property left empty).
ROLE_TO_BUYING_ROLE: Mapping[Role, str | None] = {
    Role.DECISION_MAKER: "DECISION_MAKER",
    Role.APPROVER: "BUDGET_HOLDER",
    Role.INFLUENCER: "INFLUENCER",
    Role.USER: "END_USER",
    Role.UNKNOWN: None,
}

#: A second value the sandbox adds to every third contact (by position), written
#: after the first (``DECISION_MAKER;EXECUTIVE_SPONSOR``); it maps to the same
#: or a lower-priority role, so the canonical role is unchanged.
EXTRA_BUYING_ROLE: Mapping[Role, str] = {
    Role.DECISION_MAKER: "EXECUTIVE_SPONSOR",
    Role.APPROVER: "LEGAL_AND_COMPLIANCE",
    Role.INFLUENCER: "CHAMPION",
}

#: Each ``hs_buying_role`` value -> the canonical role it means.
BUYING_ROLE_TO_ROLE: Mapping[str, Role] = {
    "DECISION_MAKER": Role.DECISION_MAKER,
    "EXECUTIVE_SPONSOR": Role.DECISION_MAKER,
    "BUDGET_HOLDER": Role.APPROVER,
    "LEGAL_AND_COMPLIANCE": Role.APPROVER,
    "INFLUENCER": Role.INFLUENCER,
    "CHAMPION": Role.INFLUENCER,
    "BLOCKER": Role.INFLUENCER,
    "END_USER": Role.USER,
    "OTHER": Role.UNKNOWN,
}

#: With several values, the first of these roles present wins.
ROLE_PRIORITY: tuple[Role, ...] = (
    Role.DECISION_MAKER,
    Role.APPROVER,
    Role.INFLUENCER,
    Role.USER,
    Role.UNKNOWN,
)

#: The USER_DEFINED contact<->company association label the sandbox puts on
#: some decision makers' company associations.
DECISION_MAKER_LABEL = "Decision maker"

#: Canonical activity kind -> HubSpot engagement object type.
ENGAGEMENT_TYPE: Mapping[ActivityKind, str] = {
    ActivityKind.CALL: "calls",
    ActivityKind.MEETING: "meetings",
    ActivityKind.EMAIL: "emails",
    ActivityKind.NOTE: "notes",
    ActivityKind.TASK: "tasks",
    ActivityKind.MESSAGE: "communications",
}

#: The custom outcome property on every engagement type, and its options.
OUTCOME_PROPERTY = "health_outcome"
OUTCOME_VALUES: Mapping[Outcome, str] = {
    Outcome.POSITIVE: "positive",
    Outcome.NEUTRAL: "neutral",
    Outcome.NEGATIVE: "negative",
}

#: Default call dispositions (label -> GUID), crm-apis.md §10.
CALL_DISPOSITIONS: Mapping[str, str] = {
    "Busy": "9d9162e7-6cf3-4944-bf63-4dff82258764",
    "Connected": "f240bbac-87c9-4f6e-bf70-924b57d47db7",
    "Left live message": "a4c4c377-d246-4b32-a13b-75a56a4cd0ff",
    "Left voicemail": "b2cf5968-551e-4856-9783-52b3da59a7d0",
    "No answer": "73a0d17f-1163-4015-bdd5-ec830791da20",
    "Wrong number": "17b47fee-58de-441e-a44c-c6300d46f273",
}

#: Canonical status -> ``hs_call_status`` (HubSpot has no "planned" call: a
#: queued one is the nearest; no_show is an unanswered call).
CALL_STATUS: Mapping[ActivityStatus, str] = {
    ActivityStatus.COMPLETED: "COMPLETED",
    ActivityStatus.PLANNED: "QUEUED",
    ActivityStatus.CANCELED: "CANCELED",
    ActivityStatus.RESCHEDULED: "CANCELED",
    ActivityStatus.NO_SHOW: "NO_ANSWER",
}

#: Canonical status -> disposition label (planned calls have none).
CALL_DISPOSITION_BY_STATUS: Mapping[ActivityStatus, str | None] = {
    ActivityStatus.COMPLETED: "Connected",
    ActivityStatus.PLANNED: None,
    ActivityStatus.CANCELED: None,
    ActivityStatus.RESCHEDULED: None,
    ActivityStatus.NO_SHOW: "No answer",
}

CALL_DIRECTION: Mapping[Direction, str] = {
    Direction.INBOUND: "INBOUND",
    Direction.OUTBOUND: "OUTBOUND",
}

MEETING_OUTCOME: Mapping[ActivityStatus, str] = {
    ActivityStatus.COMPLETED: "COMPLETED",
    ActivityStatus.PLANNED: "SCHEDULED",
    ActivityStatus.RESCHEDULED: "RESCHEDULED",
    ActivityStatus.NO_SHOW: "NO_SHOW",
    ActivityStatus.CANCELED: "CANCELED",
}

#: ``hs_email_direction``: ``EMAIL`` is an outgoing email.
EMAIL_DIRECTION: Mapping[Direction, str] = {
    Direction.OUTBOUND: "EMAIL",
    Direction.INBOUND: "INCOMING_EMAIL",
}

EMAIL_STATUS: Mapping[ActivityStatus, str] = {
    ActivityStatus.COMPLETED: "SENT",
    ActivityStatus.PLANNED: "SCHEDULED",
    ActivityStatus.CANCELED: "FAILED",
    ActivityStatus.RESCHEDULED: "SCHEDULED",
    ActivityStatus.NO_SHOW: "FAILED",
}

TASK_STATUS: Mapping[ActivityStatus, str] = {
    ActivityStatus.COMPLETED: "COMPLETED",
    ActivityStatus.PLANNED: "NOT_STARTED",
    ActivityStatus.CANCELED: "DEFERRED",
    ActivityStatus.RESCHEDULED: "DEFERRED",
    ActivityStatus.NO_SHOW: "DEFERRED",
}

#: Messages are communications on this channel.
COMMUNICATION_CHANNEL = "LINKEDIN_MESSAGE"

#: Deals: the default pipeline, its closed stages, and the open ones (an
#: open deal's stage is spread over these).
DEAL_PIPELINE = "default"
DEAL_STAGE: Mapping[DealStatus, str] = {
    DealStatus.WON: "closedwon",
    DealStatus.LOST: "closedlost",
}
DEAL_OPEN_STAGES: tuple[str, ...] = (
    "appointmentscheduled",
    "qualifiedtobuy",
    "presentationscheduled",
    "decisionmakerboughtin",
    "contractsent",
)

ACCOUNT_VALUE_PROPERTY = "annualrevenue"

#: A manager's team is named with this pattern.
TEAM_NAME = "{name}'s team"


def managers_from_teams(owners: Iterable[Mapping[str, object]]) -> dict[str, str]:
    """Owner id -> manager's owner id, read from owners as the owners API answers them.

    The manager of an owner is the one owner holding the owner's primary team
    as a non-primary team; owners without a primary team, or whose team has
    no single such member, have no manager.
    """
    leads: dict[str, list[str]] = {}
    primary: dict[str, str] = {}
    for owner in owners:
        teams = owner.get("teams") or []
        if not isinstance(teams, list):
            continue
        for team in teams:
            if team.get("primary"):
                primary[str(owner["id"])] = str(team["id"])
            else:
                leads.setdefault(str(team["id"]), []).append(str(owner["id"]))
    out: dict[str, str] = {}
    for owner_id, team_id in primary.items():
        lead = leads.get(team_id, [])
        if len(lead) == 1 and lead[0] != owner_id:
            out[owner_id] = lead[0]
    return out
