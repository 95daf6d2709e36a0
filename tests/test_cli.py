"""The `planflow` command line, each call a separate process over one database file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.commands import main
from tests.support import one_task_process

DRAFT = {"title": "Kế hoạch công tác dân vận chính quyền năm 2024", "subplan_due": "2024-04-15"}


@pytest.fixture
def env(tmp_path: Path) -> dict:
    return {**os.environ, "PLANFLOW_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
            "PLANFLOW_NOW": "2024-03-01T08:00"}


def planflow(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cli.commands", *args], env=env, capture_output=True,
                          text=True, timeout=120)


def as_json(env: dict, *args: str):
    result = planflow(env, *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def complete_only_task(env: dict, user: str, data: dict) -> None:
    tasks = as_json(env, "tasks", "--user", user)
    assert len(tasks) == 1, tasks
    as_json(env, "complete", tasks[0]["id"], "--user", user, "--data", json.dumps(data))


def test_a_plan_goes_from_start_to_issue_across_separate_processes(env):
    assert {d["id"] for d in as_json(env, "init")["definitions"]} == {
        "plan_lifecycle", "document_receipt", "report_lifecycle", "unit_scoring", "xep_loai_dan_van"}
    assert as_json(env, "init")["definitions"][1]["version"] == 1  # init again changes nothing
    as_json(env, "demo", "--regime", "3")
    users = {u["username"]: u for u in as_json(env, "users")}
    assert users["officer.298"] | {"full_name": None} == {
        "username": "officer.298", "full_name": None, "unit": "298", "unit_name": "UBND huyện Tứ Kỳ",
        "level": "district", "agency": "Phòng Nội vụ huyện Tứ Kỳ", "roles": ["officer"]}
    plan_id = as_json(env, "plan", "start", "--unit", "298", "--user", "officer.298")["id"]
    task = as_json(env, "tasks", "--user", "officer.298")[0]
    assert (task["plan_id"], task["unit"], task["due"], task["form"]["required"]) == (
        plan_id, "298", "2024-03-31", ["title"])
    complete_only_task(env, "officer.298", DRAFT)
    complete_only_task(env, "head.298", {"decision": "approve"})
    complete_only_task(env, "chair.298", {"decision": "approve"})
    complete_only_task(env, "clerk.298", {})
    plan = as_json(env, "plan", "show", str(plan_id))
    assert (plan["status"], plan["number"], plan["issued_date"]) == ("issued", "01/KH-UBND", "2024-03-01")
    assert {c["unit"] for c in plan["children"]} == {"11089", "11113", "11146"}
    assert as_json(env, "run-due", "--now", "2024-04-12T09:00")["fired"] == 3  # one reminder per commune
    assert as_json(env, "run-due", "--now", "2024-04-12T09:00")["fired"] == 0
    assert [n["text"] for n in as_json(env, "notifications", "--user", "officer.11089")] == [
        "Nhắc hạn: UBND xã Ngọc Kỳ cần ban hành kế hoạch trước ngày 15/04/2024."]


@pytest.mark.parametrize("args, reason", [
    (["tasks", "--user", "nobody"], "Không có người dùng 'nobody'"),
    (["plan", "start", "--unit", "99999", "--user", "officer.298"], "Không có đơn vị mã '99999'"),
    (["plan", "start", "--unit", "294", "--user", "officer.298"], "không có vai trò lập kế hoạch"),
    (["complete", "nope", "--user", "officer.298", "--data", "{bad"], "--data không phải JSON hợp lệ"),
    (["complete", "nope", "--user", "officer.298"], "Không có nhiệm vụ 'nope'"),
    (["plan", "show", "999"], "Không có kế hoạch #999"),
    (["run-due", "--now", "hôm qua"], "không phải thời điểm ISO"),
    (["instance", "start", "document_receipt", "--unit", "298", "--user", "clerk.298"], "do hệ thống khởi tạo"),
    (["instance", "start", "plan_lifecycle", "--unit", "294", "--user", "officer.298"], "do hệ thống khởi tạo"),
    (["deploy", "workflows/document_receipt.bpmn", "--user", "officer.298"], "Cần vai trò"),
    (["obligations"], "Chọn đúng một trong --plan hoặc --unit"),
    (["consolidation", "--unit", "99999", "--year", "2024", "--kind", "annual"], "Không có đơn vị mã '99999'"),
    (["unit", "dissolve", "294", "--on", "2024-07-01", "--user", "officer.298"], "Cần vai trò"),
    (["scoring-scheme", "--province", "298", "--file", "config/scoring_scheme.json", "--user", "admin.30"],
     "không phải cấp tỉnh"),
])
def test_refusals_exit_non_zero_with_one_line_on_stderr(env, runner, args, reason):
    result = runner.invoke(main, args, env=env)
    assert result.exit_code == 1
    assert reason in result.stderr
    assert result.stderr.count("\n") == 1




@pytest.fixture
def runner(env) -> CliRunner:
    runner = CliRunner()
    for setup in (["init"], ["demo", "--regime", "3"]):
        assert runner.invoke(main, setup, env=env).exit_code == 0
    return runner


def test_a_deployed_process_starts_only_at_a_unit_where_the_user_holds_a_role(env, runner, tmp_path):
    (tmp_path / "greeting.bpmn").write_text(one_task_process("greeting", "Trả lời thư"), encoding="utf-8")
    deployed = runner.invoke(main, ["deploy", str(tmp_path / "greeting.bpmn"), "--user", "designer.30"], env=env)
    assert deployed.exit_code == 0, deployed.output
    refused = runner.invoke(main, ["instance", "start", "greeting", "--unit", "294", "--user", "officer.298"], env=env)
    assert refused.exit_code == 1 and "không có vai trò nào tại UBND huyện Thanh Hà" in refused.stderr
    started = runner.invoke(main, ["instance", "start", "greeting", "--unit", "298", "--user", "officer.298"], env=env)
    assert started.exit_code == 0, started.output
    tasks = json.loads(runner.invoke(main, ["tasks", "--user", "officer.298", "--json"], env=env).stdout)
    assert [t["name"] for t in tasks] == ["Trả lời thư"]


def test_a_host_operation_called_with_wrong_parameters_is_refused_and_nothing_is_stored(env, runner):
    approval = str(Path(__file__).resolve().parent / "engine" / "bpmn" / "approval.bpmn")
    assert runner.invoke(main, ["deploy", approval, "--user", "designer.30"], env=env).exit_code == 0
    data = '{"items": [{"qty": 2, "price": 5}], "received": "2024-03-01"}'
    started = runner.invoke(main, ["instance", "start", "Process_Approval", "--unit", "298", "--user", "officer.298",
                                   "--data", data], env=env)
    assert started.exit_code == 1 and "Dịch vụ 'notify' cần tham số 'kind' và 'role'" in started.stderr
    assert json.loads(runner.invoke(main, ["tasks", "--user", "officer.298", "--json"], env=env).stdout) == []


def _json(runner: CliRunner, env: dict, *args: str):
    result = runner.invoke(main, [*args, "--json"], env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _act(runner: CliRunner, env: dict, user: str, data: dict) -> None:
    [task] = _json(runner, env, "tasks", "--user", user)
    _json(runner, env, "complete", task["id"], "--user", user, "--data", json.dumps(data))


def test_an_issued_plan_lists_its_obligations_and_the_receiving_unit_sees_its_matrix(env, runner):
    plan_id = _json(runner, env, "plan", "start", "--unit", "298", "--user", "officer.298")["id"]
    for user, data in (("officer.298", DRAFT), ("head.298", {"decision": "approve"}),
                       ("chair.298", {"decision": "approve"}), ("clerk.298", {})):
        _act(runner, env, user, data)
    rows = _json(runner, env, "obligations", "--plan", str(plan_id))
    assert sorted((r["unit"], r["kind"], r["due_text"], r["status"]) for r in rows if r["unit"] == "11089") == [
        ("11089", "annual", "trước ngày 30/11/2024", "scheduled"),
        ("11089", "scoring", "trước ngày 05/12/2024", "scheduled"),
        ("11089", "six_month", "trước ngày 30/05/2024", "scheduled")]
    assert _json(runner, env, "run-due", "--now", "2024-05-15T09:00")["opened"] == 3
    view = _json(runner, env, "consolidation", "--unit", "298", "--year", "2024", "--kind", "six_month")
    assert [(r["unit"], r["standing"], r["status"]) for r in view["rows"]] == [
        ("11089", "pending", "drafting"), ("11113", "pending", "drafting"), ("11146", "pending", "drafting")]
    assert view["own_report"] is None  # a plan started at the district itself: nobody above asked for one
    dissolved = _json(runner, env, "unit", "dissolve", "11146", "--on", "2024-05-15", "--user", "admin.30")
    assert dissolved == {"unit": "11146", "valid_to": "2024-05-14", "cancelled": 0}  # the CLI's today is 01/03
    assert _json(runner, env, "run-due", "--now", "2024-05-15T09:00")["cancelled"] == 3
    assert "cancelled" not in {r["status"] for r in _json(runner, env, "obligations", "--unit", "11089")}
    assert [r["cancel_reason"] for r in _json(runner, env, "obligations", "--plan", str(plan_id))
            if r["unit"] == "11146"] == ["UBND xã Nguyên Giáp giải thể từ ngày 15/05/2024."] * 3


def test_a_province_scoring_scheme_is_shown_and_set_by_an_administrator(env, runner, tmp_path):
    assert [c["code"] for c in _json(runner, env, "scoring-scheme", "--province", "30")["criteria"]] == [
        "lanh_dao", "cai_cach", "dan_chu", "dan_van_kheo"]
    scheme = tmp_path / "scheme.json"
    scheme.write_text(json.dumps({"decision_id": "xep_loai_dan_van", "criteria": [
        {"code": "tong_hop", "name": "Tổng hợp", "max_points": 100, "superior_points": 40}]}), encoding="utf-8")
    saved = _json(runner, env, "scoring-scheme", "--province", "30", "--file", str(scheme), "--user", "admin.30")
    assert saved["criteria"][0]["superior_points"] == 40
    scheme.write_text(json.dumps({"decision_id": "khong_co", "criteria": saved["criteria"]}), encoding="utf-8")
    refused = runner.invoke(main, ["scoring-scheme", "--province", "30", "--file", str(scheme), "--user", "admin.30"],
                            env=env)
    assert refused.exit_code == 1 and "Chưa triển khai quy trình 'khong_co'" in refused.stderr
    assert _json(runner, env, "scoring-scheme", "--province", "30")["criteria"] == saved["criteria"]
