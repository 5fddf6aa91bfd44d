"""A faithful local HubSpot CRM API: ``healthscore sandbox serve --crm hubspot``.

Serves a demo portal (or a canonical JSON dataset) over plain HTTP on
loopback, in HubSpot's own properties and values (:mod:`.values`), so that
the HubSpot adapter and the official ``hubspot-api-client`` can be tested
over real HTTP. Facts are from ``reference/crm-apis.md`` §7-15.

What it serves, in both the numbered and the date-versioned path styles
(``/crm/v3/objects/{type}`` and ``/crm/objects/2026-03/{type}``; types by
name or id, e.g. ``0-2``):

- objects (companies, contacts, deals, calls, meetings, emails, notes, tasks,
  communications): list with ``limit`` (at most 100), ``after``,
  ``properties``, ``associations``, ``archived``; read, create, update and
  archive one; batch read, update and create (at most 100 inputs, 207 with
  per-record errors); search (filter groups, one sort, ``limit`` at most 200,
  no paging past 10,000 results, 5 requests a second, an indexing delay);
- associations v4: batch read (at most 1,000 inputs) with labels, including
  the portal's custom "Decision maker" label; one record's associations;
  label definitions (read and create);
- properties and property groups: list, read, create (201; 409 if taken);
  the custom ``health_outcome`` property exists on every engagement type;
- owners (managers modelled with teams), daily API usage, call dispositions.

Auth: Bearer tokens with scope sets (401 for a bad token, 403 naming the
missing scopes); :attr:`HubSpotSandbox.token` has the connector's scopes,
:attr:`HubSpotSandbox.read_only_token` only reads companies and contacts.
Rate limits: a rolling 10-second window per token and a daily quota per
portal by tier (``free``/``starter`` 100 and 250k, ``professional`` 190 and
650k, ``enterprise`` 190 and 1M), with ``X-HubSpot-RateLimit-*`` headers and
HubSpot's 429 bodies. Every error carries a ``correlationId``.

Fault rules (``--faults``, see :mod:`connector.sandbox._faults`) name these
endpoints: ``objects`` (list, read, create, update, archive one),
``batch_read``, ``batch_update``, ``batch_create``, ``search``,
``associations``, ``properties``, ``owners``, ``usage``, ``dispositions``,
``other`` (unknown paths), or ``*``. Fault kinds: ``429`` (ten-secondly rate
limit), ``daily`` (daily limit), ``5xx``/``503``, ``500``, ``502``, ``auth``
(401), ``record`` (per-record failures in a batch update, answered 207;
``=ARG`` fails ARG inputs, or that share of them if below 1), plus the
server's ``slow``, ``timeout`` and ``drop``. Example:
``batch_update:record=0.1#3;search:429@0.2;*:5xx@0.01``.
"""

from __future__ import annotations

from connector.sandbox.hubspot._sandbox import HubSpotSandbox, Limits, open_sandbox

__all__ = ["HubSpotSandbox", "Limits", "open_sandbox"]
