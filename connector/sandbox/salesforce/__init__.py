"""The Salesforce sandbox: a local, stateful Salesforce API over HTTPS.

``healthscore sandbox serve --crm salesforce`` and the tests start one with
:func:`open_sandbox`. It serves the demo org (or a canonical JSON file) in
Salesforce's own objects and fields, for simple-salesforce or any client:

- OAuth token endpoint (JWT bearer with RS256 checked against the connected
  app's certificate, client credentials, password), SOAP login, sessions
  that expire (401 ``INVALID_SESSION_ID``);
- ``query``/``queryAll`` with a real SOQL parser, ``nextRecordsUrl`` paging
  and ``Sforce-Query-Options`` batch sizes; ``describe``, ``limits``;
- single-record create/update/delete, sObject Collections (200, ``allOrNone``),
  getUpdated/getDeleted, Bulk API 2.0 query and ingest jobs;
- Tooling ``CustomField`` create/query and field-level security through
  ``PermissionSet``/``FieldPermissions``/``PermissionSetAssignment``;
- ``Sforce-Limit-Info`` on every response and a daily request allocation.

Objects: User, Profile, Account, Contact, AccountContactRelation,
AccountContactRole, Opportunity, OpportunityContactRole, Task, Event,
TaskRelation, EventRelation, EmailMessage, PermissionSet,
PermissionSetAssignment, FieldPermissions (and Tooling's CustomField).

How canonical records are written (:mod:`._values` holds the tables):
accounts' value is ``AnnualRevenue``; buying roles are
``AccountContactRelation.Roles`` (``Decision Maker``, ``Economic Buyer`` for
approvers, ``Influencer``, ``Business User``; some decision makers also hold
``Executive Sponsor``, some role-less contacts ``Other``), mirrored in
AccountContactRole and, for decision makers and approvers, in
OpportunityContactRole; calls, emails, LinkedIn messages, notes and to-dos are
Tasks (``TaskSubtype`` Call/Email/LinkedIn/Task, ``Type`` Call/Email/Message/
Note/none), meetings are Events whose status is the custom picklist
``Meeting_Status__c``; every activity's outcome is the custom picklist
``Health_Outcome__c``; an activity's first contact is its ``WhoId``, every
contact has a TaskRelation/EventRelation row; an email's thread id and
direction are on its EmailMessage (``ThreadIdentifier``, ``Incoming``);
deals are Opportunities (``Closed Won``/``Closed Lost``/open stages).
Deleted demo records are soft-deleted: only ``queryAll`` and getDeleted see
them.

Fault endpoints (``--faults ENDPOINT:KIND...``): ``token`` (OAuth and SOAP
login), ``versions``, ``resources``, ``query``, ``queryAll``, ``sobject``
(single records), ``collections``, ``describe`` (``/sobjects``,
``/sobjects/T``, ``.../describe``), ``limits``, ``tooling``, ``bulk`` (every
Bulk 2.0 call but the next one), ``ingest`` (the ``PATCH`` that closes an ingest job
and processes its rows), ``updated``, ``deleted``. Kinds: ``limit`` (403
``REQUEST_LIMIT_EXCEEDED`` "TotalRequests Limit exceeded."), ``concurrent``
(403 ``REQUEST_LIMIT_EXCEEDED`` "ConcurrentPerOrgLongTxn Limit exceeded."),
``5xx``/``503`` (503 ``SERVER_UNAVAILABLE``), ``500`` (``UNKNOWN_EXCEPTION``),
``session`` (401 ``INVALID_SESSION_ID``; the session really ends), ``lock``
(per-record ``UNABLE_TO_LOCK_ROW``) and ``validation`` (per-record
``FIELD_CUSTOM_VALIDATION_EXCEPTION``) on writes — ``=ARG`` picks a share
(< 1) or a number of records, default all — plus the server's ``slow``,
``timeout`` and ``drop``.

Clients: simple-salesforce builds its login URLs itself
(``https://login.salesforce.com``...); :func:`sandbox_session` gives it a
requests session that sends those to the sandbox and trusts only the
sandbox's CA (``trust_env`` off, so ``REQUESTS_CA_BUNDLE`` cannot override
it). Direct mode needs only ``instance_url``, ``session_id`` and the CA.

Not emulated: the Metadata (SOAP) API, Bulk API 1.0, composite requests
other than sObject Collections, aggregate SOQL (beyond ``COUNT()``),
subqueries, SOSL, cascade deletion of an account's activities.
"""

from __future__ import annotations

from connector.sandbox.salesforce._errors import FAULT_KINDS
from connector.sandbox.salesforce._routing import sandbox_session
from connector.sandbox.salesforce._sandbox import SalesforceSandbox, open_sandbox
from connector.sandbox.salesforce._values import (
    ACR_ROLES,
    CALL_TYPE,
    EVENT_STATUS,
    OPEN_STAGES,
    OUTCOME_VALUES,
    ROLE_FROM_VALUE,
    ROLE_PRECEDENCE,
    ROLE_VALUES,
    STAGE_PROBABILITY,
    TASK_KIND,
    TASK_STATUS,
)

__all__ = [
    "ACR_ROLES",
    "CALL_TYPE",
    "EVENT_STATUS",
    "FAULT_KINDS",
    "OPEN_STAGES",
    "OUTCOME_VALUES",
    "ROLE_FROM_VALUE",
    "ROLE_PRECEDENCE",
    "ROLE_VALUES",
    "STAGE_PROBABILITY",
    "TASK_KIND",
    "TASK_STATUS",
    "SalesforceSandbox",
    "open_sandbox",
    "sandbox_session",
]
