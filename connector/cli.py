"""The ``healthscore`` command."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path  # noqa: TC003 - Typer reads the annotations at run time
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from sqlalchemy import exc as sa_exc

from connector.canonical_json import InputFileError, LoadResult, read_dataset
from connector.config import Settings, load_settings
from connector.errors import BadRecord, ConfigError, RecordIssue
from connector.focus import focus_lists, focus_tables
from connector.rescore import Scored, score_connection
from connector.results import results_document, results_table
from connector.sandbox.cli import sandbox_app
from connector.scoring import ScoreResult, score_snapshot
from connector.snapshot import Snapshot
from connector.store import Store, default_database_url, safe_url

__all__ = ["app", "main"]

app = typer.Typer(
    name="healthscore",
    help="Score the health of every contact and account from CRM interactions.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(sandbox_app, name="sandbox")
_err = Console(stderr=True, soft_wrap=True)

EXIT_BAD_RECORDS = 1
EXIT_CONFIG = 2


def parse_as_of(text: str | None) -> datetime:
    """``--as-of``: an ISO 8601 time with a zone, or a date (midnight UTC); now if omitted."""
    if text is None:
        return datetime.now(UTC)
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ConfigError(
            setting="--as-of", problem=f"{text!r} is not an ISO 8601 time, e.g. 2026-12-01T09:00Z"
        ) from None
    if len(text) == 10:  # a plain date
        return value.replace(tzinfo=UTC)
    if value.tzinfo is None:
        raise ConfigError(
            setting="--as-of", problem=f"{text!r} has no zone; add Z or an offset such as +01:00"
        )
    return value.astimezone(UTC)


@app.callback()
def _root() -> None:
    """Score the health of every contact and account from CRM interactions."""


@app.command()
def score(
    file: Annotated[Path, typer.Argument(help="A canonical JSON dataset.")],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Score as of this time (ISO 8601). Default: now.")
    ] = None,
    config: Annotated[
        Path | None, typer.Option("--config", help="A TOML file overriding scoring settings.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the documented JSON.")] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail on any bad record instead of skipping it.")
    ] = False,
    limit: Annotated[
        int, typer.Option("--limit", help="Rows in the table (0 for all).", min=0)
    ] = 50,
    history: Annotated[
        bool,
        typer.Option(
            "--history",
            help="Keep records, results and daily history in the store, for hysteresis "
            "and trends on later runs.",
        ),
    ] = False,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Store: a database URL or SQLite path (implies --history). "
            "Default: a SQLite file in your data directory.",
        ),
    ] = None,
    connection: Annotated[
        str | None,
        typer.Option("--connection", help="Name of this dataset in the store. Default: file name."),
    ] = None,
    focus: Annotated[
        bool,
        typer.Option("--focus", help="Show each owner's and each manager's focus list instead."),
    ] = False,
) -> None:
    """Score a canonical JSON file and show who needs attention first."""
    try:
        moment = parse_as_of(as_of)
        settings = load_settings(config)
        loaded = read_dataset(file, max_text_chars=settings.input.max_text_chars, strict=strict)
    except ConfigError as exc:
        _config_exit(exc)
    except InputFileError as exc:
        _err.print(f"[red]Cannot read {file}:[/red] {exc}", highlight=False)
        raise typer.Exit(EXIT_CONFIG) from None
    except BadRecord as exc:
        _print_issues(
            f"[red]{len(exc.issues)} bad record(s); nothing scored (--strict):[/red]", exc.issues
        )
        raise typer.Exit(EXIT_BAD_RECORDS) from None

    if history or db is not None:
        try:
            scored = _score_in_store(
                db or default_database_url(), connection or file.stem, loaded, moment, settings
            )
        except ConfigError as exc:
            _config_exit(exc)
        snap, result = scored.snapshot, scored.result
    else:
        snap = Snapshot.from_dataset(loaded.dataset)
        result = score_snapshot(snap, moment, settings)
    if loaded.issues:
        _print_issues(
            f"[yellow]Skipped {len(loaded.issues)} bad record(s):[/yellow]", loaded.issues
        )
    _show(snap, result, loaded, as_json=as_json, focus=focus, limit=limit)


def _show(
    snap: Snapshot,
    result: ScoreResult,
    loaded: LoadResult,
    *,
    as_json: bool,
    focus: bool,
    limit: int,
) -> None:
    """Print the results as the documented JSON, the focus lists or the priority table."""
    if as_json:
        doc = results_document(snap, result, loaded.issues)
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
        return
    console = Console()
    if focus:
        for table in focus_tables(snap, result, focus_lists(snap, result)):
            console.print(table)
        return
    console.print(results_table(snap, result, limit))
    for flag in result.owner_flags:
        console.print(f"[magenta]Integrity:[/magenta] {flag.text}", highlight=False)


@app.command()
def schedule(
    db: Annotated[
        str | None,
        typer.Option("--db", help="Store URL or SQLite path. Default: your data directory."),
    ] = None,
    every: Annotated[float, typer.Option("--every", help="Hours between runs.", min=0.01)] = 24.0,
    config: Annotated[
        Path | None, typer.Option("--config", help="A TOML file overriding scoring settings.")
    ] = None,
) -> None:
    """Re-score every stored connection now and then on an interval, until stopped."""
    import logging  # noqa: PLC0415 - only the long-running service configures logging

    import scheduler  # noqa: PLC0415 - the service module sits beside the packages

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    try:
        settings = load_settings(config)
        store = _open_store(db or default_database_url())
    except ConfigError as exc:
        _config_exit(exc)
    with store:
        service = scheduler.build_scheduler(store, settings, timedelta(hours=every))
        try:
            service.start()
        except KeyboardInterrupt:
            service.shutdown(wait=False)


def _config_exit(exc: ConfigError) -> NoReturn:
    """Say which setting is wrong and stop before anything is written."""
    _err.print(f"[red]Configuration error:[/red] {exc}", highlight=False)
    raise typer.Exit(EXIT_CONFIG) from None


def _print_issues(title: str, issues: list[RecordIssue]) -> None:
    """List skipped records on stderr, one per line."""
    _err.print(title)
    for issue in issues:
        _err.print(f"  {issue}", highlight=False, markup=False)


def _open_store(url: str) -> Store:
    """Open the store, turning a bad URL or an unreachable database into a setting error."""
    try:
        return Store(url)
    except (sa_exc.ArgumentError, sa_exc.NoSuchModuleError):
        raise ConfigError(setting="--db", problem="not a database URL or SQLite path") from None
    except sa_exc.OperationalError as exc:
        reason = str(exc.orig).splitlines()[0] if exc.orig else "unreachable"
        raise ConfigError(
            setting="--db", problem=f"cannot open {safe_url(url)}: {reason}"
        ) from None


def _score_in_store(
    url: str, name: str, loaded: LoadResult, moment: datetime, settings: Settings
) -> Scored:
    """Replace the stored dataset with the file's, score it with history, save."""
    with _open_store(url) as store:
        store.replace_dataset(name, loaded.dataset)
        if loaded.issues:
            store.record_bad_records(name, loaded.issues)
        return score_connection(store, name, moment, settings)


def main() -> None:
    """Console-script entry point."""
    app()
