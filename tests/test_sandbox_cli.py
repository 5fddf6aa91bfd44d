"""``healthscore sandbox demo-data``: the demo org as a canonical JSON file."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from typer.testing import CliRunner

from connector.canonical_json import read_dataset
from connector.cli import app

if TYPE_CHECKING:
    from pathlib import Path


def test_demo_data_writes_a_scorable_file_with_personas(tmp_path: Path) -> None:
    out = tmp_path / "demo.json"
    result = CliRunner().invoke(
        app, ["sandbox", "demo-data", str(out), "--accounts", "30", "--seed", "3"]
    )
    assert result.exit_code == 0, result.output
    assert "30 accounts (13 personas)" in result.stdout
    loaded = read_dataset(out)
    assert loaded.issues == []
    assert len(loaded.dataset.accounts) == 30
    personas = json.loads(out.read_text(encoding="utf-8"))["demo"]["personas"]
    assert len(personas) == 13
    assert {p["expected_color"] for p in personas} == {"green", "yellow", "red"}

    scored = CliRunner().invoke(
        app,
        ["score", str(out), "--as-of", "2026-12-01T09:00:00Z", "--json"],
        env={"COLUMNS": "200"},
    )
    assert scored.exit_code == 0
    colors = {a["id"]: a["color"] for a in json.loads(scored.stdout)["accounts"]}
    assert all(colors[p["account_id"]] == p["expected_color"] for p in personas)


def test_too_few_accounts_for_the_personas_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["sandbox", "demo-data", str(tmp_path / "x.json"), "--accounts", "5"]
    )
    assert result.exit_code == 2
    assert not (tmp_path / "x.json").exists()
