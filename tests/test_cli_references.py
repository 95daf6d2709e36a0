"""`planflow plan record-external` and `planflow plan start --parent`: a plan issued elsewhere, a child against it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.commands import main

RECORD = ["plan", "record-external", "--unit", "30", "--user", "officer.298", "--number", "39/KH-UBND",
          "--date", "2024-02-10", "--title", "Kế hoạch công tác dân vận chính quyền năm 2024"]


@pytest.fixture
def env(tmp_path: Path) -> dict:
    return {**os.environ, "PLANFLOW_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
            "PLANFLOW_NOW": "2024-03-01T08:00"}


@pytest.fixture
def runner(env) -> CliRunner:
    runner = CliRunner()
    for setup in (["init"], ["demo", "--regime", "3"]):
        assert runner.invoke(main, setup, env=env).exit_code == 0
    return runner


def _json(runner: CliRunner, env: dict, *args: str):
    result = runner.invoke(main, [*args, "--json"], env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_plan_recorded_from_outside_is_issued_at_its_issuer_and_entered_in_the_incoming_register(env, runner):
    recorded = _json(runner, env, *RECORD, "--numbered-in", "VNPT-iOffice")
    assert (recorded["unit"], recorded["origin"], recorded["status"], recorded["number"], recorded["number_style"],
            recorded["issued_date"], recorded["numbered_in"]) == (
        "30", "external", "issued", "39/KH-UBND", "state", "2024-02-10", "VNPT-iOffice")
    assert [(e["unit"], e["number"]) for e in recorded["incoming"]] == [("298", 1)]
    shown = _json(runner, env, "plan", "show", str(recorded["id"]))
    assert [(e["unit"], e["number"], e["received_on"]) for e in shown["incoming"]] == [("298", 1, "2024-03-01")]


def test_a_party_plan_is_recorded_with_its_issuer_as_written(env, runner):
    recorded = _json(runner, env, "plan", "record-external", "--unit", "TU-HD", "--user", "officer.298",
                     "--number", "1043 -KH/TU", "--date", "05/02/2024", "--title", "Kế hoạch dân vận",
                     "--issuer", "Ban Thường vụ Tỉnh ủy Hải Dương")
    assert (recorded["unit"], recorded["number"], recorded["number_style"], recorded["issuer"]) == (
        "30", "1043-KH/TU", "party", "Ban Thường vụ Tỉnh ủy Hải Dương")


def test_a_refused_record_is_one_line_on_stderr_and_stores_nothing(env, runner):
    refused = runner.invoke(main, [*RECORD[:4], "--user", "clerk.298", *RECORD[6:]], env=env)
    assert refused.exit_code == 1 and "vai trò lập kế hoạch" in refused.stderr
    unreadable = runner.invoke(main, [*RECORD[:6], "--number", "KH năm 2024", *RECORD[8:]], env=env)
    assert unreadable.exit_code == 1 and "không đọc được số, ký hiệu" in unreadable.stderr
    shown = runner.invoke(main, ["plan", "show", "1"], env=env)
    assert shown.exit_code == 1 and "Không có kế hoạch #1" in shown.stderr


def test_a_plan_started_with_parent_implements_the_recorded_plan(env, runner):
    parent = _json(runner, env, *RECORD)["id"]
    child = _json(runner, env, "plan", "start", "--unit", "298", "--user", "officer.298", "--parent", str(parent))
    assert (child["parent_id"], child["status"]) == (parent, "received")
    shown = _json(runner, env, "plan", "show", str(child["id"]))
    assert [(r["relation"], r["number_symbol"], r["referenced_plan_id"]) for r in shown["references"]] == [
        ("parent", "39/KH-UBND", parent)]
    refused = runner.invoke(main, ["plan", "start", "--unit", "298", "--user", "officer.298", "--parent", "999"],
                            env=env)
    assert refused.exit_code == 1 and "Không có kế hoạch #999" in refused.stderr
