"""Declarative field and value mappings, one TOML file per CRM (package data)."""

from __future__ import annotations

__all__: list[str] = []
