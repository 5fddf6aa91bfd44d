"""Starting the sandbox as ``healthscore sandbox serve --crm hubspot`` does: options, state, CLI."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tomllib
from pathlib import Path

import httpx
import pytest
from hubspot.crm.companies import (
    BatchInputSimplePublicObjectBatchInput,
    SimplePublicObjectBatchInput,
)
from hubspot.crm.objects import SimplePublicObjectInputForCreate
from hubspot.crm.properties import PropertyCreate

from connector.sandbox import generate_demo, write_demo_json
from connector.sandbox.cli import SandboxOptions, open_sandbox
from tests.sandbox_hubspot.conftest import make_client


def test_open_sandbox_prints_what_a_user_needs() -> None:
    box = open_sandbox("hubspot", SandboxOptions(seed=3, accounts=20))
    try:
        info = box.connection_info()
        assert info["base_url"].startswith("http://127.0.0.1:")
        assert info["token"].startswith("pat-na1-")
        assert "crm.objects.companies.write" in info["scopes"].split()
        block = tomllib.loads(box.connection_block())["connections"]["sandbox-hubspot"]
        assert block == {
            "crm": "hubspot",
            "base_url": info["base_url"],
            "token_env": "HEALTHSCORE_HUBSPOT_TOKEN",
        }
        assert info["token"] not in box.connection_block()
        with httpx.Client() as http:
            answer = http.get(
                f"{info['base_url']}/crm/v3/objects/companies",
                headers={"Authorization": f"Bearer {info['token']}"},
            )
        assert answer.status_code == 200
    finally:
        box.close()


def test_serves_a_canonical_json_file(tmp_path: Path) -> None:
    demo = generate_demo(5, 20)
    path = tmp_path / "demo.json"
    write_demo_json(demo, path)
    box = open_sandbox("hubspot", SandboxOptions(data=path))
    try:
        page = make_client(box).crm.companies.basic_api.get_page(limit=100, properties=["name"])
        assert [c.properties["name"] for c in page.results] == [
            a.name for a in demo.dataset.accounts
        ]
    finally:
        box.close()


def test_bad_options_are_explained(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown fault"):
        open_sandbox("hubspot", SandboxOptions(faults="objects:volcano"))
    missing = tmp_path / "missing.json"
    with pytest.raises(ValueError, match="cannot read"):
        open_sandbox("hubspot", SandboxOptions(data=missing))


def test_state_file_keeps_changes_across_restarts(tmp_path: Path) -> None:
    state = tmp_path / "hubspot-state.json.gz"
    options = SandboxOptions(seed=3, accounts=20, state=state)
    box = open_sandbox("hubspot", options)
    token = box.connection_info()["token"]
    client = make_client(box)
    client.crm.properties.core_api.create(
        "companies",
        property_create=PropertyCreate(
            name="health_score", label="Health score", type="number", field_type="number",
            group_name="companyinformation",
        ),
    )  # fmt: skip
    first = client.crm.companies.basic_api.get_page(limit=1).results[0].id
    client.crm.companies.batch_api.update(
        batch_input_simple_public_object_batch_input=BatchInputSimplePublicObjectBatchInput(
            inputs=[SimplePublicObjectBatchInput(id=first, properties={"health_score": "81"})]
        )
    )
    task = client.crm.objects.tasks.basic_api.create(
        simple_public_object_input_for_create=SimplePublicObjectInputForCreate(
            properties={"hs_task_subject": "Follow up", "hs_timestamp": "2026-12-09T10:00:00Z"}
        )
    )
    client.crm.objects.tasks.basic_api.archive(task.id)
    box.close()
    assert state.read_bytes()[:2] == b"\x1f\x8b"

    again = open_sandbox("hubspot", options)
    try:
        assert again.connection_info()["token"] == token
        client = make_client(again)
        company = client.crm.companies.basic_api.get_by_id(first, properties=["health_score"])
        assert company.properties["health_score"] == "81"
        archived = client.crm.objects.tasks.basic_api.get_by_id(task.id, archived=True)
        assert archived.archived
    finally:
        again.close()
    with pytest.raises(ValueError, match="state file"):
        open_sandbox("hubspot", SandboxOptions(seed=4, accounts=20, state=state))


def test_cli_serves_until_interrupted() -> None:
    env = {**os.environ, "COLUMNS": "200"}
    healthscore = str(Path(sys.executable).with_name("healthscore"))
    cmd = [healthscore, "sandbox", "serve", "--crm", "hubspot", "--accounts", "20"]
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, env=env) as proc:  # noqa: S603
        try:
            lines = []
            assert proc.stdout is not None
            for line in proc.stdout:
                lines.append(line)
                if "Ctrl+C" in line:
                    break
            text = "".join(lines)
            url = next(w for w in text.split() if w.startswith("http://127.0.0.1:"))
            token = next(w for w in text.split() if w.startswith("pat-na1-"))
            assert "[connections.sandbox-hubspot]" in text
            answer = httpx.get(f"{url}/crm/v3/owners", headers={"Authorization": f"Bearer {token}"})
            assert answer.status_code == 200
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=10)
    assert proc.returncode == 0
