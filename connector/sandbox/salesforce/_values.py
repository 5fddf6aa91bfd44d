"""How canonical values are written in the Salesforce sandbox: the one mapping.

The adapter's mapping file (``mappings/salesforce``) should mirror these
tables; they are exported from :mod:`connector.sandbox.salesforce` for that.

Decisions (see the package docstring for the reasons):

- Buying roles live in ``AccountContactRelation.Roles`` (multi-select, the
  nine default values). Reading back, the strongest role a contact holds wins,
  in the order of :data:`ROLE_PRECEDENCE`.
- Emails, calls, LinkedIn messages, notes and to-dos are Tasks, told apart by
  ``TaskSubtype`` and ``Type``; meetings are Events.
- A meeting's status is the custom picklist ``Meeting_Status__c`` on Event;
  the rep's assessment of any activity is the custom picklist
  ``Health_Outcome__c`` (an Activity field, so on Task and Event).
- An email's thread is ``EmailMessage.ThreadIdentifier`` and its direction
  ``EmailMessage.Incoming``, on the EmailMessage whose ``ActivityId`` is the
  Task (as Salesforce's own email logging records them).
"""

from __future__ import annotations

from connector.model import ActivityKind, ActivityStatus, DealStatus, Outcome, Role

__all__ = [
    "ACR_ROLES",
    "CALL_TYPE",
    "EVENT_STATUS",
    "OPEN_STAGES",
    "OUTCOME_VALUES",
    "ROLE_FROM_VALUE",
    "ROLE_PRECEDENCE",
    "ROLE_VALUES",
    "STAGE_PROBABILITY",
    "TASK_KIND",
    "TASK_STATUS",
    "TASK_STATUS_VALUES",
    "TASK_SUBTYPES",
]

#: The default values of AccountContactRelation.Roles (and the contact role pickists).
ACR_ROLES = (
    "Business User",
    "Decision Maker",
    "Economic Buyer",
    "Economic Decision Maker",
    "Evaluator",
    "Executive Sponsor",
    "Influencer",
    "Technical Buyer",
    "Other",
)

#: Canonical role -> the role value the sandbox writes (None: no role).
ROLE_VALUES: dict[Role, str | None] = {
    Role.DECISION_MAKER: "Decision Maker",
    Role.APPROVER: "Economic Buyer",
    Role.INFLUENCER: "Influencer",
    Role.USER: "Business User",
    Role.UNKNOWN: None,
}

#: Every role value -> the canonical role it means (for reading any org).
ROLE_FROM_VALUE: dict[str, Role] = {
    "Decision Maker": Role.DECISION_MAKER,
    "Economic Decision Maker": Role.DECISION_MAKER,
    "Executive Sponsor": Role.DECISION_MAKER,
    "Economic Buyer": Role.APPROVER,
    "Influencer": Role.INFLUENCER,
    "Evaluator": Role.INFLUENCER,
    "Technical Buyer": Role.INFLUENCER,
    "Business User": Role.USER,
    "Other": Role.UNKNOWN,
}

#: When a contact holds several roles, the first of these wins.
ROLE_PRECEDENCE = (Role.DECISION_MAKER, Role.APPROVER, Role.INFLUENCER, Role.USER, Role.UNKNOWN)

#: Secondary values some contacts also hold (same canonical role or none), so that
#: readers must handle real multi-select values: every 4th decision maker is also
#: an Executive Sponsor, every 5th contact without a role is marked "Other".
SECOND_ROLE = {Role.DECISION_MAKER: ("Executive Sponsor", 4), Role.UNKNOWN: ("Other", 5)}

#: Activity kind (not meeting) -> (TaskSubtype, Type).
TASK_KIND: dict[ActivityKind, tuple[str, str | None]] = {
    ActivityKind.CALL: ("Call", "Call"),
    ActivityKind.EMAIL: ("Email", "Email"),
    ActivityKind.MESSAGE: ("LinkedIn", "Message"),
    ActivityKind.NOTE: ("Task", "Note"),
    ActivityKind.TASK: ("Task", None),
}
TASK_SUBTYPES = ("Task", "Email", "ListEmail", "Cadence", "Call", "LinkedIn")
TASK_TYPES = ("Call", "Email", "Meeting", "Message", "Note", "Other")

#: Task.Status values; only "Completed" is a closed status.
TASK_STATUS_VALUES = (
    "Not Started",
    "In Progress",
    "Completed",
    "Waiting on someone else",
    "Deferred",
)

#: Canonical status -> Task.Status. Tasks have no "canceled", "rescheduled" or
#: "no show": the first two are written as Deferred (read back as canceled), a
#: no-show call as Completed with CallDisposition "No Show".
TASK_STATUS: dict[ActivityStatus, str] = {
    ActivityStatus.COMPLETED: "Completed",
    ActivityStatus.PLANNED: "Not Started",
    ActivityStatus.CANCELED: "Deferred",
    ActivityStatus.RESCHEDULED: "Deferred",
    ActivityStatus.NO_SHOW: "Completed",
}

#: Canonical status -> Event.Meeting_Status__c.
EVENT_STATUS: dict[ActivityStatus, str] = {
    ActivityStatus.PLANNED: "Scheduled",
    ActivityStatus.COMPLETED: "Completed",
    ActivityStatus.RESCHEDULED: "Rescheduled",
    ActivityStatus.CANCELED: "Canceled",
    ActivityStatus.NO_SHOW: "No Show",
}

#: Canonical outcome -> Health_Outcome__c.
OUTCOME_VALUES: dict[Outcome, str] = {
    Outcome.POSITIVE: "Positive",
    Outcome.NEUTRAL: "Neutral",
    Outcome.NEGATIVE: "Negative",
}

#: Call direction -> Task.CallType.
CALL_TYPE = {"inbound": "Inbound", "outbound": "Outbound"}

#: Call dispositions written: connected calls (60 s or more), shorter ones, no-shows.
CALL_DISPOSITIONS = ("Connected", "Left voicemail", "No answer", "No Show")

#: The standard sales process: open stages in order, with their probabilities.
STAGE_PROBABILITY = {
    "Prospecting": 10,
    "Qualification": 10,
    "Needs Analysis": 20,
    "Value Proposition": 50,
    "Id. Decision Makers": 60,
    "Perception Analysis": 70,
    "Proposal/Price Quote": 75,
    "Negotiation/Review": 90,
    "Closed Won": 100,
    "Closed Lost": 0,
}
OPEN_STAGES = tuple(s for s in STAGE_PROBABILITY if not s.startswith("Closed"))

#: Deal status -> StageName (open deals cycle through :data:`OPEN_STAGES`).
DEAL_STAGE = {DealStatus.WON: "Closed Won", DealStatus.LOST: "Closed Lost"}

EVENT_STATUS_VALUES = tuple(EVENT_STATUS.values())
OUTCOME_PICKLIST = tuple(OUTCOME_VALUES.values())
