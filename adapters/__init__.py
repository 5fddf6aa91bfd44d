"""CRM adapters, one package per CRM, each registered as a ``healthscore.adapters`` entry point.

The core never imports this package directly: it finds adapters through the
entry-point group, exactly as it finds a third party's adapter.
"""

from __future__ import annotations

__all__: list[str] = []
