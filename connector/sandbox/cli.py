"""``healthscore sandbox ...``: run a simulated CRM on this machine.

Each CRM's sandbox module (``connector.sandbox.salesforce``,
``connector.sandbox.hubspot``) provides ``open_sandbox(options) -> Sandbox``;
this module only parses options and prints what a user needs to connect.
"""

from __future__ import annotations

import importlib
import signal
from dataclasses import dataclass
from pathlib import Path  # noqa: TC003 - Typer reads the annotations at run time
from typing import TYPE_CHECKING, Annotated, Protocol

import typer
from rich.console import Console

if TYPE_CHECKING:
    from types import FrameType

    from connector.sandbox._http import SandboxServer

__all__ = ["CRMS", "Sandbox", "SandboxOptions", "open_sandbox", "sandbox_app"]

#: CRM name -> module providing ``open_sandbox``.
CRMS = {"salesforce": "connector.sandbox.salesforce", "hubspot": "connector.sandbox.hubspot"}


@dataclass(frozen=True, slots=True)
class SandboxOptions:
    """How to start a sandbox CRM.

    ``data`` loads a canonical JSON dataset instead of generating the demo
    org from ``seed`` and ``accounts``; ``state`` is a file the sandbox's
    records are loaded from (if it exists) and saved to when it stops.
    """

    port: int = 0
    seed: int = 7
    accounts: int = 20
    data: Path | None = None
    faults: str = ""
    state: Path | None = None
    workdir: Path | None = None  # where TLS files go (a temporary folder if None)


class Sandbox(Protocol):
    """A running sandbox CRM."""

    server: SandboxServer

    def connection_info(self) -> dict[str, str]:
        """What a user needs to connect: base URL, token or session id, CA path..."""
        ...

    def connection_block(self) -> str:
        """A ready ``[connections.NAME]`` block for the connector's config file."""
        ...

    def close(self) -> None:
        """Stop serving (saving state when asked to)."""
        ...


def open_sandbox(crm: str, options: SandboxOptions) -> Sandbox:
    """Start the sandbox of ``crm`` in a background thread."""
    if crm not in CRMS:
        msg = f"unknown CRM {crm!r}; choose one of: {', '.join(CRMS)}"
        raise ValueError(msg)
    module = importlib.import_module(CRMS[crm])
    sandbox: Sandbox = module.open_sandbox(options)
    return sandbox


sandbox_app = typer.Typer(help="Simulated CRMs for trying the connector without an account.")


@sandbox_app.command("serve")
def serve(
    crm: Annotated[str, typer.Option("--crm", help="salesforce or hubspot.")],
    port: Annotated[int, typer.Option("--port", help="Port (0 picks a free one).")] = 0,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the generated demo org.")] = 7,
    accounts: Annotated[int, typer.Option("--accounts", help="Accounts to generate.")] = 20,
    data: Annotated[
        Path | None, typer.Option("--data", help="Load this canonical JSON dataset instead.")
    ] = None,
    faults: Annotated[
        str, typer.Option("--faults", help="Fault plan, e.g. 'query:limit#2;*:5xx@0.05'.")
    ] = "",
    state: Annotated[
        Path | None, typer.Option("--state", help="Load records from / save them to this file.")
    ] = None,
) -> None:
    """Serve a sandbox CRM until interrupted, printing how to connect."""
    console = Console(soft_wrap=True)  # never break a token or path across lines
    try:
        box = open_sandbox(
            crm,
            SandboxOptions(
                port=port, seed=seed, accounts=accounts, data=data, faults=faults, state=state
            ),
        )
    except ValueError as exc:
        Console(stderr=True, soft_wrap=True).print(f"[red]Cannot start the sandbox:[/red] {exc}")
        raise typer.Exit(2) from None
    console.print(f"[bold]{crm} sandbox[/bold] listening on {box.server.url}")
    for key, value in box.connection_info().items():
        console.print(f"  {key}: {value}", highlight=False)
    console.print("\nConnection block for your config file:\n", highlight=False)
    console.print(box.connection_block(), markup=False, highlight=False)
    console.print("\nPress Ctrl+C to stop.")

    def _stop(_signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)
    try:
        signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        box.close()


@sandbox_app.command("demo-data")
def demo_data(
    out: Annotated[Path, typer.Argument(help="Where to write the canonical JSON file.")],
    seed: Annotated[int, typer.Option("--seed", help="Seed of the generated org.")] = 7,
    accounts: Annotated[int, typer.Option("--accounts", help="Accounts to generate.", min=13)] = 20,
) -> None:
    """Write the demo org as canonical JSON, with each persona's expected color and stage."""
    from connector.sandbox.demo import generate_demo, write_demo_json  # noqa: PLC0415 - heavy

    data = generate_demo(seed=seed, accounts=accounts)
    write_demo_json(data, out)
    Console(soft_wrap=True).print(
        f"Wrote {len(data.dataset.accounts)} accounts ({len(data.personas)} personas), "
        f"{len(data.dataset.contacts)} contacts and {len(data.dataset.activities)} activities "
        f"to {out}; score it with: healthscore score {out} --as-of "
        f"{data.as_of.isoformat().replace('+00:00', 'Z')}",
        highlight=False,
    )
