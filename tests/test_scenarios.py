"""The scenario table of scoring.md, one canonical JSON file per row."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from connector.canonical_json import read_dataset
from connector.config import Settings
from connector.scoring import Color, Lifecycle, score_dataset

if TYPE_CHECKING:
    from connector.model import Dataset

SCENARIOS = sorted((Path(__file__).parent / "scenarios").glob("*.json"))


def _load(path: Path) -> tuple[Dataset, dict[str, Any]]:
    result = read_dataset(path)
    assert result.issues == []
    meta = json.loads(path.read_text(encoding="utf-8"))["scenario"]
    return result.dataset, meta


def _account(ds: Dataset, account_id: str) -> int:
    return [a.id for a in ds.accounts].index(account_id)


def test_every_scenario_row_has_a_file() -> None:
    assert {p.stem for p in SCENARIOS} == {
        "green_warm",
        "dm_silent",
        "silence",
        "competitor",
        "new_customer_nurture",
        "cold_customer",
        "hollow_calls",
        "roles_unmapped",
    }


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario(path: Path) -> None:
    ds, meta = _load(path)
    as_of = datetime.fromisoformat(meta["as_of"])
    expect = meta["expect"]
    result = score_dataset(ds, as_of, Settings())
    i = _account(ds, meta["account"])
    codes = [r.code for r in result.account_reasons[i]]
    color = Color(int(result.account_color[i])).label
    stage = Lifecycle(int(result.account_lifecycle[i])).label
    context = f"score={result.account_score[i]:.1f} color={color} stage={stage} reasons={codes}"

    if "color" in expect:
        assert color == expect["color"], context
    if "lifecycle" in expect:
        assert stage == expect["lifecycle"], context
    if "priority" in expect:
        assert int(result.account_priority[i]) == expect["priority"], context
    for code in expect.get("reasons_include", []):
        assert code in codes, context
    if expect.get("never_green"):
        # Whatever the users' calls add, the silent decision maker holds it back.
        boosted = dataclasses.replace(ds, activities=[*ds.activities, *_more_user_calls(ds)])
        again = score_dataset(boosted, as_of, Settings())
        assert again.account_color[i] != Color.GREEN
    if "no_higher_than_without" in expect:
        prefix = expect["no_higher_than_without"]
        without = dataclasses.replace(
            ds, activities=[a for a in ds.activities if not a.id.startswith(prefix)]
        )
        base = score_dataset(without, as_of, Settings())
        assert result.account_score[i] <= base.account_score[i] + 1e-9, context
        assert (result.contact_score <= base.contact_score + 1e-9).all()
    for owner, flags in expect.get("owner_flags", {}).items():
        u = [x.id for x in ds.users].index(owner)
        got = {f.code for f in result.owner_flags if f.owner_index == u}
        assert set(flags) <= got, (owner, got)


def _more_user_calls(ds: Dataset) -> list[Any]:
    users = [c.id for c in ds.contacts if c.role.value == "user"]
    template = next(a for a in ds.activities if a.kind.value == "call")
    return [
        dataclasses.replace(
            template, id=f"extra-{n}-{u}", contact_ids=(u,), occurred_at=a.occurred_at
        )
        for n, a in enumerate(x for x in ds.activities if x.kind.value == "call")
        for u in users
    ]


def test_reasons_name_people_and_dates() -> None:
    path = next(p for p in SCENARIOS if p.stem == "dm_silent")
    ds, meta = _load(path)
    result = score_dataset(ds, datetime.fromisoformat(meta["as_of"]), Settings())
    text = next(r.text for r in result.account_reasons[0] if r.code == "dm_silent")
    assert text == "Decision maker Jane Roe (CEO): last interaction 100 days ago"
    path = next(p for p in SCENARIOS if p.stem == "competitor")
    ds, meta = _load(path)
    result = score_dataset(ds, datetime.fromisoformat(meta["as_of"]), Settings())
    text = next(r.text for r in result.account_reasons[0] if r.code == "competitor_mention")
    assert (
        text
        == 'Competitor named: "alternative vendor" in a meeting with Jane Roe (CEO) on 2026-11-26'
    )
