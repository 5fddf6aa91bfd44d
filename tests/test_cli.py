"""``healthscore score``: the human table, the documented JSON, and bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from connector.cli import app

SCENARIOS = Path(__file__).parent / "scenarios"
AS_OF = "2026-12-01T09:00:00Z"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def _json(*args: str) -> dict[str, Any]:
    code, out, err = _run("score", *args, "--as-of", AS_OF, "--json")
    assert code == 0, err
    doc: dict[str, Any] = json.loads(out)
    return doc


def test_json_has_the_documented_shape() -> None:
    doc = _json(str(SCENARIOS / "competitor.json"))
    assert doc["as_of"] == "2026-12-01T09:00:00Z"
    (account,) = doc["accounts"]
    assert {"id", "name", "score", "color", "lifecycle", "priority", "reasons", "contacts"} <= set(
        account
    )
    assert account["id"] == "acme"
    assert account["color"] == "red"
    assert account["lifecycle"] == "first"
    assert account["priority"] == 2
    assert 0 <= account["score"] < 40
    assert {"code": "competitor_mention", "text": account["reasons"][1]["text"]} in account[
        "reasons"
    ]
    assert all(set(r) == {"code", "text"} for r in account["reasons"])
    assert [c["id"] for c in account["contacts"]] == ["jane", "omar"]
    assert all(set(c) == {"id", "score", "color"} for c in account["contacts"])
    # Data quality: rep-ana's completed activities all carry an outcome.
    assert doc["data_quality"]["missing_outcome_share"] == {"rep-ana": 0.0}


def test_table_lists_accounts_by_priority(tmp_path: Path) -> None:
    merged: dict[str, list[Any]] = {
        k: [] for k in ("users", "accounts", "contacts", "activities", "deals")
    }
    for name in ("green_warm", "competitor", "new_customer_nurture"):
        doc = json.loads((SCENARIOS / f"{name}.json").read_text(encoding="utf-8"))
        for key, records in merged.items():
            for original in doc.get(key, []):
                record = dict(original)
                if key == "users":
                    if record in records:
                        continue
                elif key == "accounts":
                    record.update(id=name, name=name.replace("_", " ").title())
                else:
                    record["id"] = f"{name}-{record['id']}"
                    if "account_id" in record:
                        record["account_id"] = name
                    if "contact_ids" in record:
                        record["contact_ids"] = [f"{name}-{c}" for c in record["contact_ids"]]
                records.append(record)
    path = tmp_path / "three.json"
    path.write_text(json.dumps(merged), encoding="utf-8")
    doc = _json(str(path))
    assert [a["id"] for a in doc["accounts"]] == [
        "competitor",
        "new_customer_nurture",
        "green_warm",
    ]
    assert [a["priority"] for a in doc["accounts"]] == [2, 8, 9]
    code, out, _ = _run("score", str(path), "--as-of", AS_OF)
    assert code == 0
    assert out.index("Competitor") < out.index("New Customer Nurture") < out.index("Green Warm")
    assert "nurture" in out


def test_bad_record_is_skipped_named_and_good_results_unchanged(tmp_path: Path) -> None:
    doc = json.loads((SCENARIOS / "dm_silent.json").read_text(encoding="utf-8"))
    good = _json(str(SCENARIOS / "dm_silent.json"))
    doc["activities"].append(
        {
            "id": "bad-1",
            "kind": "carrier-pigeon",
            "status": "completed",
            "occurred_at": AS_OF,
            "account_id": "acme",
        }
    )
    doc["contacts"].append({"id": "bad-2", "account_id": "nowhere"})
    path = tmp_path / "with_bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    code, out, err = _run("score", str(path), "--as-of", AS_OF, "--json")
    assert code == 0
    assert "activity 'bad-1', field 'kind'" in err
    assert "contact 'bad-2', field 'account_id'" in err
    result = json.loads(out)
    assert result["accounts"] == good["accounts"]
    assert {(s["id"], s["field"]) for s in result["skipped"]} == {
        ("bad-1", "kind"),
        ("bad-2", "account_id"),
    }

    code, out, err = _run("score", str(path), "--as-of", AS_OF, "--strict")
    assert code == 1
    assert out == ""
    assert "activity 'bad-1', field 'kind'" in err


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--as-of", "2026-12-01T09:00:00"], "'--as-of'"),
        (["--as-of", "yesterday"], "'--as-of'"),
        (["--config", "missing.toml"], "'--config'"),
    ],
)
def test_bad_options_stop_with_the_setting_named(args: list[str], needle: str) -> None:
    code, out, err = _run("score", str(SCENARIOS / "silence.json"), *args)
    assert code == 2
    assert needle in err
    assert out == ""


def test_config_file_overrides_settings(tmp_path: Path) -> None:
    cfg = tmp_path / "health.toml"
    cfg.write_text(
        '[signals]\ncompetitor_names = ["Globex"]\ncompetitor_phrases = []\n', encoding="utf-8"
    )
    doc = _json(str(SCENARIOS / "competitor.json"), "--config", str(cfg))
    texts = [r["text"] for r in doc["accounts"][0]["reasons"] if r["code"] == "competitor_mention"]
    assert texts == ['Competitor named: "Globex" in a meeting with Jane Roe (CEO) on 2026-11-26']

    cfg.write_text("[colors]\ngreen_min = 30\n", encoding="utf-8")
    code, _, err = _run("score", str(SCENARIOS / "silence.json"), "--config", str(cfg))
    assert code == 2
    assert "colors" in err
    assert "red_below must be lower than green_min" in err

    cfg.write_text("[colours]\ngreen_min = 80\n", encoding="utf-8")
    code, _, err = _run("score", str(SCENARIOS / "silence.json"), "--config", str(cfg))
    assert code == 2
    assert "'colours'" in err


def test_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"accounts": [', encoding="utf-8")
    code, _, err = _run("score", str(path))
    assert code == 2
    assert "broken.json" in err


def test_history_gives_trends_and_the_file_is_the_truth(tmp_path: Path) -> None:
    db = str(tmp_path / "store.db")
    path = tmp_path / "acme.json"
    doc = json.loads((SCENARIOS / "green_warm.json").read_text(encoding="utf-8"))
    path.write_text(json.dumps(doc), encoding="utf-8")
    code, out, err = _run(
        "score", str(path), "--as-of", "2026-11-24T09:00:00Z", "--json", "--db", db
    )
    assert code == 0, err
    week_ago = json.loads(out)["accounts"][0]
    assert week_ago["trend_7d"] is None
    now = _json(str(path), "--db", db)["accounts"][0]
    assert now["trend_7d"] == pytest.approx(now["score"] - week_ago["score"], abs=0.11)

    # An account removed from the file is gone from the next run's results.
    doc["accounts"].append({"id": "extra", "name": "Extra Inc"})
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert [a["id"] for a in _json(str(path), "--db", db)["accounts"]] == ["extra", "acme"]
    doc["accounts"].pop()
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert [a["id"] for a in _json(str(path), "--db", db)["accounts"]] == ["acme"]


def test_unreachable_database_is_a_setting_error_without_secrets() -> None:
    url = "postgresql+psycopg://scorer:hunter2@127.0.0.1:1/none"
    code, out, err = _run("score", str(SCENARIOS / "silence.json"), "--db", url)
    assert code == 2
    assert "'--db'" in err
    assert "hunter2" not in err
    assert out == ""


def test_focus_lists_per_owner_and_manager() -> None:
    demo = str(Path(__file__).parents[1] / "examples" / "demo.json")
    doc = _json(demo)
    colors = {a["id"]: a["color"] for a in doc["accounts"]}
    order = [a["id"] for a in doc["accounts"]]
    owners = {a["id"]: a["owner_id"] for a in doc["accounts"]}
    focus = doc["focus"]
    assert focus["owners"]
    for owner, ids in focus["owners"].items():
        assert 0 < len(ids) <= 7
        assert all(colors[i] != "green" and owners[i] == owner for i in ids)
        assert ids == sorted(ids, key=order.index)  # most urgent first
    # The reps' manager sees the team's most urgent accounts, across reps.
    team = next(t for t in focus["managers"].values() if len(set(map(owners.get, t))) > 1)
    assert len(team) == 7
    assert team == [i for i in order if colors[i] != "green" and i in set(team)]
    code, out, _ = _run("score", demo, "--as-of", AS_OF, "--focus")
    assert code == 0
    assert "Focus today: owner Ana Silva" in out
    assert "manager steps in" in out
