"""Starting, describing and stopping a Salesforce sandbox (:class:`SalesforceSandbox`)."""

from __future__ import annotations

import dataclasses
import secrets
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from connector.canonical_json import InputFileError, read_dataset
from connector.model import Dataset
from connector.sandbox._faults import FaultPlan
from connector.sandbox._http import SandboxServer
from connector.sandbox._personas import Persona
from connector.sandbox._tls import make_tls_files
from connector.sandbox.demo import generate_demo
from connector.sandbox.salesforce._app import SalesforceApp
from connector.sandbox.salesforce._auth import Auth, Login, make_connected_app
from connector.sandbox.salesforce._errors import FAULT_KINDS
from connector.sandbox.salesforce._ids import make_id
from connector.sandbox.salesforce._seed import INTEGRATION_USERNAME, build_org, empty_org
from connector.sandbox.salesforce._state import load_state, save_state

if TYPE_CHECKING:
    from collections.abc import Callable

    from connector.errors import RecordIssue
    from connector.sandbox.cli import SandboxOptions
    from connector.sandbox.salesforce._seed import OrgParts

__all__ = ["SECRET_ENV", "SalesforceSandbox", "open_sandbox"]

#: The environment variable the printed connection block reads the secret from.
SECRET_ENV = "HEALTHSCORE_SF_SECRET"  # noqa: S105 - a variable's name, not a secret
_PREFIXES = {"users": "005", "accounts": "001", "contacts": "003", "deals": "006"}


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _persona(saved: dict[str, Any]) -> Persona:
    return Persona(
        account_id=str(saved["account_id"]),
        name=str(saved["name"]),
        description=str(saved["description"]),
        expected_color=str(saved["expected_color"]),
        expected_lifecycle=str(saved["expected_lifecycle"]),
        expected_reasons=tuple(saved["expected_reasons"]),
        owner_flag=saved.get("owner_flag"),
    )


class SalesforceSandbox:
    """A Salesforce sandbox serving on loopback HTTPS in a background thread."""

    def __init__(
        self,
        options: SandboxOptions,
        *,
        clock: Callable[[], datetime] = _utc_now,
        daily_limit: int | None = None,
    ) -> None:
        self.options = options
        self.clock = clock  # the org's clock: timestamps, date literals, replication windows
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        workdir = options.workdir
        if workdir is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="healthscore-salesforce-")
            workdir = Path(self._tmp.name)
        self.workdir = workdir
        self.tls = make_tls_files(workdir / "tls")
        self.personas: tuple[Persona, ...] = ()
        self.load_issues: list[RecordIssue] = []
        self.parts = self._load(options, clock)
        org = self.parts.org
        self.connected_app = make_connected_app(workdir / "oauth", org.integration_user)
        self.password = "Sandbox-" + secrets.token_urlsafe(9)
        self.security_token = secrets.token_urlsafe(18)
        logins = [
            Login(
                name,
                uid,
                *((self.password, self.security_token) if name == INTEGRATION_USERNAME else ()),
            )
            for name, uid in self.parts.usernames.items()
        ]
        self.auth = Auth(self.connected_app, logins, instance_url="")
        limit = daily_limit or 100_000 + 1_000 * len(self.parts.usernames)
        self.app = SalesforceApp(self.parts, self.auth, daily_limit=limit, seed=options.seed)
        plan = FaultPlan(options.faults, seed=options.seed, kinds=FAULT_KINDS)
        try:
            self.server = SandboxServer(self.app, port=options.port, tls=self.tls, faults=plan)
        except OSError as exc:
            msg = f"cannot listen on port {options.port}: {exc.strerror or exc}"
            raise ValueError(msg) from None
        self.auth.instance_url = self.server.url
        self.session_id = self.auth.new_session(org.integration_user)
        self.server.start()

    def _load(self, options: SandboxOptions, clock: Callable[[], datetime]) -> OrgParts:
        if options.state is not None and options.state.exists():
            parts, doc = load_state(options.state, clock, empty_org)
            self.personas = tuple(_persona(p) for p in doc.get("personas", []))
            return parts
        if options.data is not None:
            try:
                loaded = read_dataset(options.data)
            except InputFileError as exc:
                raise ValueError(str(exc)) from None
            self.load_issues = loaded.issues
            return build_org(loaded.dataset, Dataset(), clock(), clock)
        demo = generate_demo(options.seed, options.accounts)
        self.personas = demo.personas
        return build_org(demo.dataset, demo.deleted_records, demo.as_of, clock)

    # -- what users and tests need --------------------------------------------

    @property
    def url(self) -> str:
        """The instance URL, e.g. ``https://127.0.0.1:8443``."""
        return self.server.url

    @property
    def ca_bundle(self) -> Path:
        """The CA certificate to trust."""
        return self.tls.ca_cert

    @property
    def username(self) -> str:
        """The integration user's username (password flow, JWT ``sub``)."""
        return INTEGRATION_USERNAME

    def connection_info(self) -> dict[str, str]:
        """Everything needed to connect (the secret included: it is a throwaway)."""
        app = self.connected_app
        return {
            "instance_url": self.url,
            "token_url": f"{self.url}/services/oauth2/token",
            "ca_bundle": str(self.ca_bundle),
            "session_id": self.session_id,
            "client_id": app.client_id,
            "client_secret": app.client_secret,
            "username": INTEGRATION_USERNAME,
            "password": self.password,
            "security_token": self.security_token,
            "jwt_private_key": str(app.private_key_path),
            "jwt_certificate": str(app.private_key_path.with_name("jwt-certificate.pem")),
            "api_version": "59.0",
        }

    def connection_block(self) -> str:
        """A ``[connections.sandbox-salesforce]`` block; the secret comes from the environment."""
        return "\n".join(
            [
                "[connections.sandbox-salesforce]",
                'crm = "salesforce"',
                f'instance_url = "{self.url}"',
                f'token_url = "{self.url}/services/oauth2/token"',
                f'ca_bundle = "{self.ca_bundle}"',
                'auth = "client_credentials"',
                f'client_id = "{self.connected_app.client_id}"',
                f'client_secret_env = "{SECRET_ENV}"',
                f"# export {SECRET_ENV}=<client_secret above>",
            ]
        )

    def salesforce_id(self, kind: str, canonical_id: str) -> str | None:
        """The Salesforce id of a canonical record (kind: users, accounts, contacts, deals)."""
        row = self.parts.rows.get(kind, {}).get(canonical_id)
        return None if row is None else make_id(_PREFIXES[kind], row)

    def persona_accounts(self) -> dict[str, Persona]:
        """The demo personas by the Salesforce id of their account."""
        out = {}
        for persona in self.personas:
            account = self.salesforce_id("accounts", persona.account_id)
            if account is not None:
                out[account] = persona
        return out

    def new_session(self, username: str = INTEGRATION_USERNAME) -> str:
        """A fresh session id for ``username`` (as if they had logged in)."""
        return self.auth.new_session(self.parts.usernames[username])

    def expire_sessions(self) -> None:
        """End every session: the next call with any session id gets 401."""
        self.auth.expire()

    @property
    def api_usage(self) -> tuple[int, int]:
        """(requests used today, daily allocation)."""
        return self.app.used, self.app.daily_limit

    def set_api_usage(self, used: int, limit: int | None = None) -> None:
        """Set today's request count (and allocation), e.g. to test quota handling."""
        with self.parts.org.lock:
            self.app.used = used
            if limit is not None:
                self.app.daily_limit = limit

    def save(self, path: Path | None = None) -> Path:
        """Save the org as gzip JSON (to ``--state`` by default); the path."""
        target = path or self.options.state
        if target is None:
            msg = "no state file: pass a path or start the sandbox with --state"
            raise ValueError(msg)
        personas = [dataclasses.asdict(p) for p in self.personas]
        extra: dict[str, Any] = {"personas": personas}
        save_state(self.parts, target, extra)
        return target

    def close(self) -> None:
        """Stop serving; save the org if started with ``--state``; remove temporary files."""
        self.server.stop()
        try:
            if self.options.state is not None:
                self.save()
        finally:
            if self._tmp is not None:
                self._tmp.cleanup()

    def __enter__(self) -> SalesforceSandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_sandbox(options: SandboxOptions) -> SalesforceSandbox:
    """Start a Salesforce sandbox (the entry point ``healthscore sandbox serve`` uses)."""
    return SalesforceSandbox(options)
