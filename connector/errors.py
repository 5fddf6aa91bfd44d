"""One error taxonomy, classified by the action each error requires.

- :class:`ConfigError`: the user must fix a setting; nothing is written.
- :class:`TransientError`: try again later (rate limits, timeouts, 5xx).
- :class:`BadRecord`: this record is skipped and kept with its reason; the
  run goes on.
- :class:`FatalError`: stop this connection's run.

Every message says what happened, to which record or setting, and what to do.
Messages never contain secrets.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "BadRecord",
    "ConfigError",
    "ConnectorError",
    "FatalError",
    "RecordIssue",
    "TransientError",
]


class ConnectorError(Exception):
    """Root of every error the connector raises on purpose."""


class ConfigError(ConnectorError):
    """A setting is missing or wrong; the user must change configuration.

    ``setting`` names the setting (a dotted path such as
    ``colors.green_min``), so the user knows exactly what to edit.
    """

    def __init__(self, setting: str, problem: str) -> None:
        self.setting = setting
        self.problem = problem
        super().__init__(f"setting {setting!r}: {problem}")


class TransientError(ConnectorError):
    """A failure that may succeed later; the caller retries or resumes."""


class FatalError(ConnectorError):
    """A failure that stops this connection's run until someone acts."""


@dataclass(frozen=True, slots=True)
class RecordIssue:
    """Why one input record was skipped: which record, which field, what."""

    object: str
    record_id: str
    field: str
    problem: str

    def __str__(self) -> str:
        return f"{self.object} {self.record_id!r}, field {self.field!r}: {self.problem}"


class BadRecord(ConnectorError):
    """A record that cannot be used; it is skipped and its reason kept.

    In strict mode the caller raises this for the first bad record instead of
    skipping; ``issues`` then holds every problem found.
    """

    def __init__(self, issues: list[RecordIssue]) -> None:
        self.issues = issues
        shown = "; ".join(str(i) for i in issues[:5])
        more = f" (and {len(issues) - 5} more)" if len(issues) > 5 else ""
        super().__init__(f"{len(issues)} bad record(s): {shown}{more}")
