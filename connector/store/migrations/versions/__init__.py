"""Schema revisions, oldest first (``0001_initial`` is the first)."""

from __future__ import annotations
