"""The objects of the sandbox org and their fields, as a fresh org has them.

Standard fields follow Salesforce's object reference; the demo org also has
three custom fields, created as an admin would have: ``Health_Outcome__c``
(Activity, so on Task and Event), ``Meeting_Status__c`` (Event) — both with
field permissions granted — and nothing else: the connector's own fields
(``Health_Score__c``...) are created through the Tooling API.
"""

from __future__ import annotations

from connector.sandbox.salesforce._schema import (
    FieldDef,
    ObjectSchema,
    boolean,
    date,
    datetime_,
    derived,
    multipick,
    number,
    pick,
    ref,
    system_fields,
    text,
)
from connector.sandbox.salesforce._values import (
    ACR_ROLES,
    CALL_DISPOSITIONS,
    EVENT_STATUS_VALUES,
    OUTCOME_PICKLIST,
    STAGE_PROBABILITY,
    TASK_STATUS_VALUES,
    TASK_SUBTYPES,
    TASK_TYPES,
)

__all__ = ["PRESET_CUSTOM_FIELDS", "make_schemas"]

ACCOUNT_TYPES = (
    "Prospect", "Customer - Direct", "Customer - Channel", "Channel Partner / Reseller", "Other"
)  # fmt: skip
INDUSTRIES = (
    "Agriculture", "Banking", "Consulting", "Education", "Manufacturing", "Retail", "Technology",
    "Other",
)  # fmt: skip
OPPORTUNITY_TYPES = ("Existing Customer - Upgrade", "Existing Customer - Renewal", "New Customer")
EMAIL_STATUS = ("0", "1", "2", "3", "4", "5")  # New, Read, Replied, Sent, Forwarded, Draft
WHO = ("Contact", "Lead")
WHAT = ("Account", "Opportunity")

#: Custom fields the demo org already has: (object, field). Activity fields are
#: defined on "Activity" and appear on Task and Event.
PRESET_CUSTOM_FIELDS: tuple[tuple[str, FieldDef], ...] = (
    (
        "Activity",
        pick(
            "Health_Outcome__c",
            "Health Outcome",
            OUTCOME_PICKLIST,
            custom=True,
            restricted=True,
            help_text="How the interaction went, as the rep judged it.",
        ),
    ),
    (
        "Event",
        pick(
            "Meeting_Status__c",
            "Meeting Status",
            EVENT_STATUS_VALUES,
            custom=True,
            restricted=True,
            default="Scheduled",
        ),
    ),
)


def _obj(
    name: str,
    prefix: str,
    plural: str,
    fields: list[FieldDef],
    *,
    label: str | None = None,
    createable: bool = True,
    updateable: bool = True,
    deletable: bool = True,
    activity: bool = False,
) -> ObjectSchema:
    system = system_fields(deletable=deletable)
    schema = ObjectSchema(
        name,
        prefix,
        label or name,
        plural,
        createable=createable,
        updateable=updateable,
        deletable=deletable,
        activity=activity,
    )
    for definition in [system[0], *fields, *system[1:]]:
        schema.add(definition)
    return schema


def _activity_common() -> list[FieldDef]:
    return [
        text("Subject", "Subject", type="combobox", name_field=True),
        text("Description", "Description", 32000, type="textarea"),
        ref("WhoId", "Name ID", WHO, "Who"),
        ref("WhatId", "Related To ID", WHAT, "What"),
        derived(ref("AccountId", "Account ID", ("Account",), "Account")),
        ref("OwnerId", "Assigned To ID", ("User",), "Owner", nillable=False, default="$user"),
        date("ActivityDate", "Due Date Only"),
        boolean("IsArchived", "Archived", createable=False, updateable=False),
    ]


def make_schemas() -> dict[str, ObjectSchema]:
    """Every object of a fresh sandbox org, by name (custom fields not included)."""
    roles, user, account, contact = ACR_ROLES, ("User",), ("Account",), ("Contact",)
    fixed = {"nillable": False, "updateable": False}
    # fmt: off
    objects = [
        _obj("User", "005", "Users", [
            text("Username", "Username", 80, nillable=False),
            text("FirstName", "First Name", 40),
            text("LastName", "Last Name", 80, nillable=False),
            derived(text("Name", "Full Name", 121, name_field=True)),
            text("Email", "Email", 128, type="email", nillable=False),
            text("Alias", "Alias", 8),
            boolean("IsActive", "Active", default=True),
            ref("ManagerId", "Manager ID", user, "Manager"),
            ref("ProfileId", "Profile ID", ("Profile",), "Profile", nillable=False),
            derived(pick("UserType", "User Type", ("Standard",))),
            text("Title", "Title", 80),
        ], deletable=False),
        _obj("Profile", "00e", "Profiles", [
            text("Name", "Name", 255, name_field=True, nillable=False),
        ], createable=False, updateable=False, deletable=False),
        _obj("Account", "001", "Accounts", [
            text("Name", "Account Name", 255, name_field=True, nillable=False),
            ref("OwnerId", "Owner ID", user, "Owner", nillable=False, default="$user"),
            ref("ParentId", "Parent Account ID", account, "Parent"),
            pick("Type", "Account Type", ACCOUNT_TYPES),
            pick("Industry", "Industry", INDUSTRIES),
            number("AnnualRevenue", "Annual Revenue", "currency"),
            text("Website", "Website", 255, type="url"),
        ]),
        _obj("Contact", "003", "Contacts", [
            ref("AccountId", "Account ID", account, "Account"),
            text("FirstName", "First Name", 40),
            text("LastName", "Last Name", 80, nillable=False),
            derived(text("Name", "Full Name", 121, name_field=True)),
            text("Title", "Title", 128),
            text("Email", "Email", 80, type="email"),
            ref("ReportsToId", "Reports To ID", contact, "ReportsTo"),
            ref("OwnerId", "Owner ID", user, "Owner", nillable=False, default="$user"),
        ]),
        _obj("AccountContactRelation", "07k", "Account Contact Relationships", [
            ref("AccountId", "Account ID", account, "Account", **fixed),
            ref("ContactId", "Contact ID", contact, "Contact", **fixed),
            multipick("Roles", "Roles", roles),
            derived(boolean("IsDirect", "Direct")),
            boolean("IsActive", "Active", default=True),
            date("StartDate", "Start Date"),
            date("EndDate", "End Date"),
        ], label="Account Contact Relationship"),
        _obj("AccountContactRole", "02Z", "Account Contact Roles", [
            ref("AccountId", "Account ID", account, "Account", **fixed),
            ref("ContactId", "Contact ID", contact, "Contact", nillable=False),
            pick("Role", "Role", roles),
            boolean("IsPrimary", "Primary"),
        ], label="Account Contact Role"),
        _obj("Opportunity", "006", "Opportunities", [
            text("Name", "Name", 120, name_field=True, nillable=False),
            ref("AccountId", "Account ID", account, "Account"),
            pick("StageName", "Stage", tuple(STAGE_PROBABILITY), nillable=False, restricted=True),
            number("Probability", "Probability (%)", "percent", precision=3, scale=0),
            derived(boolean("IsClosed", "Closed")),
            derived(boolean("IsWon", "Won")),
            date("CloseDate", "Close Date", nillable=False),
            number("Amount", "Amount", "currency"),
            ref("OwnerId", "Owner ID", user, "Owner", nillable=False, default="$user"),
            pick("Type", "Opportunity Type", OPPORTUNITY_TYPES),
        ]),
        _obj("OpportunityContactRole", "00K", "Opportunity Contact Roles", [
            ref("OpportunityId", "Opportunity ID", ("Opportunity",), "Opportunity", **fixed),
            ref("ContactId", "Contact ID", contact, "Contact", nillable=False),
            pick("Role", "Role", roles),
            boolean("IsPrimary", "Primary"),
        ], label="Opportunity Contact Role"),
        _obj("Task", "00T", "Tasks", [
            *_activity_common(),
            pick("Status", "Status", TASK_STATUS_VALUES, nillable=False, default="Not Started"),
            derived(boolean("IsClosed", "Closed")),
            pick("Priority", "Priority", ("High", "Normal", "Low"), nillable=False,
                 default="Normal"),
            pick("TaskSubtype", "Task Subtype", TASK_SUBTYPES, restricted=True, default="Task",
                 updateable=False),
            pick("Type", "Type", TASK_TYPES),
            derived(datetime_("CompletedDateTime", "Completed Date Time")),
            number("CallDurationInSeconds", "Call Duration", "int"),
            pick("CallType", "Call Type", ("Internal", "Inbound", "Outbound"), restricted=True),
            text("CallDisposition", "Call Result", 255, help_text="; ".join(CALL_DISPOSITIONS)),
        ], activity=True),
        _obj("Event", "00U", "Events", [
            *_activity_common(),
            datetime_("StartDateTime", "Start Date Time"),
            datetime_("EndDateTime", "End Date Time"),
            datetime_("ActivityDateTime", "Due Date Time"),
            number("DurationInMinutes", "Duration", "int"),
            boolean("IsAllDayEvent", "All-Day Event"),
            pick("EventSubtype", "Event Subtype", ("Event",), restricted=True, default="Event",
                 updateable=False),
            pick("ShowAs", "Show Time As", ("Busy", "OutOfOffice", "Free"), default="Busy"),
            pick("Type", "Type", TASK_TYPES),
            text("Location", "Location", 255),
        ], activity=True),
        _obj("TaskRelation", "0RT", "Task Relations", [
            ref("TaskId", "Task ID", ("Task",), "Task", **fixed),
            ref("RelationId", "Relation ID", ("Contact", "Account"), "Relation", **fixed),
            derived(ref("AccountId", "Account ID", account, "Account")),
            boolean("IsWhat", "Is What", updateable=False),
        ], label="Task Relation", updateable=False),
        _obj("EventRelation", "0RE", "Event Relations", [
            ref("EventId", "Event ID", ("Event",), "Event", **fixed),
            ref("RelationId", "Relation ID", ("Contact", "User"), "Relation", **fixed),
            derived(ref("AccountId", "Account ID", account, "Account")),
            boolean("IsWhat", "Is What", updateable=False),
            boolean("IsParent", "Is Parent", default=True),
            boolean("IsInvitee", "Is Invitee"),
            pick("Status", "Status", ("New", "Declined", "Accepted"), default="New"),
        ], label="Event Relation"),
        _obj("EmailMessage", "02s", "Email Messages", [
            ref("ActivityId", "Activity ID", ("Task",), "Activity", updateable=False),
            ref("RelatedToId", "Related To ID", WHAT, "RelatedTo"),
            text("Subject", "Subject", 3000, name_field=True),
            derived(text("TextBody", "Text Body", 131072, type="textarea")),
            boolean("Incoming", "Is Incoming", updateable=False),
            datetime_("MessageDate", "Message Date"),
            pick("Status", "Status", EMAIL_STATUS, nillable=False, default="3"),
            text("ThreadIdentifier", "Thread Identifier", 255),
            text("MessageIdentifier", "Message Identifier", 255),
            text("FromAddress", "From Address", 1000, type="email"),
            text("ToAddress", "To Address", 4000),
        ], label="Email Message"),
        _obj("PermissionSet", "0PS", "Permission Sets", [
            text("Name", "Name", 80, nillable=False),
            text("Label", "Label", 80, nillable=False, name_field=True),
            derived(ref("ProfileId", "Profile ID", ("Profile",), "Profile")),
            derived(boolean("IsOwnedByProfile", "Is Owned By Profile")),
            text("Description", "Description", 255),
        ], label="Permission Set"),
        _obj("PermissionSetAssignment", "0Pa", "Permission Set Assignments", [
            ref("AssigneeId", "Assignee ID", user, "Assignee", **fixed),
            ref("PermissionSetId", "Permission Set ID", ("PermissionSet",), "PermissionSet",
                **fixed),
        ], label="Permission Set Assignment", updateable=False),
        _obj("FieldPermissions", "01k", "Field Permissions", [
            ref("ParentId", "Parent ID", ("PermissionSet",), "Parent", **fixed),
            text("SobjectType", "Sobject Type Name", 40, type="picklist", **fixed),
            text("Field", "Field Name", 255, type="picklist", **fixed),
            boolean("PermissionsRead", "Read Access"),
            boolean("PermissionsEdit", "Edit Access"),
        ], label="Field Permissions"),
    ]
    # fmt: on
    return {o.name: o for o in objects}
