"""Account health connector: scores CRM accounts and writes the health back."""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
