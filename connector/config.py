"""Scoring settings: every default in one object, overridable from a file.

A user changes thresholds, weights, windows, penalties and competitor names in
a TOML file whose sections mirror :class:`Settings`::

    [colors]
    green_min = 75

    [signals]
    competitor_names = ["Acme CRM", "Globex"]

Unknown keys and bad values stop the program before anything is written, with
an error naming the setting (``colors.green_min``) and the reason.
"""

from __future__ import annotations

import tomllib
from typing import TYPE_CHECKING, Any, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from connector.errors import ConfigError
from connector.model import ActivityKind, Role

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "AccountSettings",
    "ColorSettings",
    "ContactSettings",
    "InputSettings",
    "IntegritySettings",
    "LifecycleSettings",
    "Settings",
    "SignalSettings",
    "load_settings",
]

_Positive = Field(gt=0)


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ContactSettings(_Section):
    """Layer 1: how activities become a contact's score."""

    half_life_days: float = Field(30.0, gt=0)
    kind_weights: dict[str, float] = Field(
        default_factory=lambda: {
            "meeting": 1.0,
            "call": 0.7,
            "email": 0.5,
            "message": 0.3,
            "note": 0.3,
            "task": 0.3,
        }
    )
    hollow_call_seconds: float = Field(60.0, ge=0)
    hollow_meeting_seconds: float = Field(300.0, ge=0)
    bulk_email_substance: float = Field(0.2, ge=0, le=1)
    bulk_email_min_recipients: int = Field(10, ge=2)
    bulk_email_window_minutes: float = Field(60.0, gt=0)
    daily_cap: float = Field(1.0, gt=0)
    negative_weight: float = Field(1.5, gt=0)
    engagement_scale: float = Field(1.5, gt=0)
    base: float = Field(25.0, ge=0, le=100)
    engagement_points: float = Field(30.0, ge=0)
    sentiment_points: float = Field(45.0, ge=0)

    @model_validator(mode="after")
    def _check_kinds(self) -> Self:
        known = {k.value for k in ActivityKind}
        unknown = set(self.kind_weights) - known
        if unknown:
            msg = f"unknown activity kind(s) {sorted(unknown)}; known: {sorted(known)}"
            raise ValueError(msg)
        if any(w < 0 for w in self.kind_weights.values()):
            msg = "kind weights must be >= 0"
            raise ValueError(msg)
        top = self.base + self.engagement_points + self.sentiment_points
        low = self.base + self.engagement_points - self.sentiment_points
        if top > 100 or low < 0:
            msg = (
                "base + engagement_points + sentiment_points must be <= 100 and "
                "base + engagement_points - sentiment_points >= 0, so scores stay in 0-100"
            )
            raise ValueError(msg)
        return self


class AccountSettings(_Section):
    """Layer 2: who counts in an account and how much."""

    role_weights: dict[str, float] = Field(
        default_factory=lambda: {
            "decision_maker": 4.0,
            "approver": 3.0,
            "influencer": 2.0,
            "user": 1.0,
            "unknown": 1.0,
        }
    )
    other_roles_active_days: float = Field(365.0, gt=0)
    silence_days: float = Field(60.0, gt=0)
    dm_silent_days: float = Field(90.0, gt=0)

    @model_validator(mode="after")
    def _check_roles(self) -> Self:
        known = {r.value for r in Role}
        if set(self.role_weights) != known:
            msg = f"role_weights must give exactly the roles {sorted(known)}"
            raise ValueError(msg)
        if any(w <= 0 for w in self.role_weights.values()):
            msg = "role weights must be > 0"
            raise ValueError(msg)
        return self


class SignalSettings(_Section):
    """Warning signals: windows, penalties and the words that trigger them."""

    competitor_names: list[str] = Field(default_factory=list)
    competitor_phrases: list[str] = Field(
        default_factory=lambda: [
            "competitor",
            "alternative vendor",
            "other vendor",
            "RFP",
            "request for proposal",
            "switching to",
        ]
    )
    competitor_days: float = Field(60.0, gt=0)
    competitor_penalty: float = Field(15.0, ge=0)
    reschedule_days: float = Field(30.0, gt=0)
    reschedule_min: int = Field(2, ge=1)
    reschedule_penalty: float = Field(10.0, ge=0)
    reply_recent_days: float = Field(30.0, gt=0)
    reply_baseline_days: float = Field(180.0, gt=0)
    reply_min_replies: int = Field(3, ge=1)
    reply_slowdown_factor: float = Field(2.0, gt=1)
    reply_penalty: float = Field(10.0, ge=0)
    dm_absent_recent_meetings: int = Field(3, ge=1)
    dm_absent_prior_meetings: int = Field(5, ge=1)
    dm_absent_penalty: float = Field(10.0, ge=0)
    new_approver_days: float = Field(60.0, gt=0)
    new_approver_penalty: float = Field(5.0, ge=0)
    negative_days: float = Field(30.0, gt=0)
    negative_min: int = Field(2, ge=1)
    negative_penalty: float = Field(0.0, ge=0)


class ColorSettings(_Section):
    """Color thresholds and hysteresis."""

    green_min: float = Field(70.0, gt=0, le=100)
    red_below: float = Field(40.0, gt=0, le=100)
    hysteresis: float = Field(3.0, ge=0)

    @model_validator(mode="after")
    def _check_order(self) -> Self:
        if self.red_below >= self.green_min:
            msg = "red_below must be lower than green_min"
            raise ValueError(msg)
        if self.green_min - self.red_below <= 2 * self.hysteresis:
            msg = "green_min - red_below must be more than twice the hysteresis, so Yellow exists"
            raise ValueError(msg)
        return self


class LifecycleSettings(_Section):
    """Lifecycle stage from won deals."""

    warm_min_won: int = Field(2, ge=2)
    cold_after_days: float = Field(365.0, gt=0)


class IntegritySettings(_Section):
    """Anti-gaming checks on each owner's logging."""

    window_days: float = Field(90.0, gt=0)
    positive_share: float = Field(0.9, gt=0, le=1)
    min_outcomes: int = Field(30, ge=1)
    binomial_p: float = Field(0.001, gt=0, lt=1)
    binomial_min_outcomes: int = Field(10, ge=1)
    # Outcomes cluster by account, so a p-value alone flags honest reps with a
    # few good accounts; the share must also be this far above the team's.
    binomial_min_excess: float = Field(0.15, ge=0, le=1)
    hollow_min: int = Field(20, ge=1)
    hollow_share: float = Field(0.25, gt=0, le=1)


class InputSettings(_Section):
    """Limits applied when reading canonical records."""

    max_text_chars: int = Field(1_000_000, gt=0)


class Settings(_Section):
    """Every tunable number of the product, with the documented defaults."""

    contact: ContactSettings = Field(default_factory=ContactSettings)
    account: AccountSettings = Field(default_factory=AccountSettings)
    signals: SignalSettings = Field(default_factory=SignalSettings)
    colors: ColorSettings = Field(default_factory=ColorSettings)
    lifecycle: LifecycleSettings = Field(default_factory=LifecycleSettings)
    integrity: IntegritySettings = Field(default_factory=IntegritySettings)
    input: InputSettings = Field(default_factory=InputSettings)

    @classmethod
    def from_mapping(cls, data: dict[str, Any], source: str = "configuration") -> Settings:
        """Build settings from nested dicts; a bad value raises :class:`ConfigError`."""
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            err = exc.errors()[0]
            setting = ".".join(str(p) for p in err["loc"]) or "(top level)"
            problem = str(err["msg"]).removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                problem = "unknown setting; check the spelling against the documented sections"
            raise ConfigError(setting, f"{problem} (in {source})") from None


def load_settings(path: Path | None) -> Settings:
    """Read settings from a TOML file, or the defaults when ``path`` is None."""
    if path is None:
        return Settings()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(
            setting="--config", problem=f"cannot read {path}: {exc.strerror}"
        ) from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(setting="--config", problem=f"{path} is not valid TOML: {exc}") from None
    return Settings.from_mapping(data, source=str(path))
