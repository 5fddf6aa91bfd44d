"""Sandbox CRMs and their demo data.

The demo data generator (:func:`generate_demo`) is shared by the simulated
Salesforce and HubSpot servers: it builds one org in canonical records, which
each sandbox serves in its own CRM's fields and values.
"""

from __future__ import annotations

from connector.sandbox._names import DEMO_COMPETITORS
from connector.sandbox._personas import Persona
from connector.sandbox.demo import DEMO_AS_OF, DemoData, generate_demo, write_demo_json

__all__ = [
    "DEMO_AS_OF",
    "DEMO_COMPETITORS",
    "DemoData",
    "Persona",
    "generate_demo",
    "write_demo_json",
]
