"""Guarded, durable execution: who may act, conflicts, concurrency, failures that change nothing."""

from __future__ import annotations

import threading
import unicodedata
from pathlib import Path

import pytest
from sqlalchemy import func, select

from engine.bpmn.runtime import start_instance
from engine.core import Planflow
from engine.errors import Conflict, Forbidden, InvalidInput, ScriptFailure
from engine.models import AuditEntry, HumanTask, ProcessInstance
from engine.org.units import get_unit, get_user
from tests.support import APPROVE, Driver, one_task_process

DRAFT = "Soạn thảo dự thảo kế hoạch"
REVIEW = "Thẩm định dự thảo kế hoạch"



def snapshot(planflow, instance_id: int) -> tuple:
    with planflow.unit_of_work() as ctx:
        instance = ctx.session.get(ProcessInstance, instance_id)
        tasks = ctx.session.execute(select(HumanTask.id, HumanTask.status).order_by(HumanTask.id)).all()
        audit = ctx.session.scalar(select(func.count()).select_from(AuditEntry))
        return instance.state, instance.row_version, tuple(tasks), audit


def test_a_user_without_the_lanes_role_at_the_unit_is_refused_and_nothing_changes(demo3, driver):
    plan_id = driver.start_plan("298", "officer.298")
    task = driver.task("officer.298", DRAFT)
    before = snapshot(demo3, task["process_instance_id"])
    for intruder in ("officer.294", "head.298", "officer.11089"):
        with pytest.raises(Forbidden, match="không có vai trò"):
            driver.complete(intruder, task["id"], {"title": "Kế hoạch giả mạo"})
    assert snapshot(demo3, task["process_instance_id"]) == before
    assert driver.plan(plan_id)["title"] is None


def test_a_task_completed_by_someone_else_is_a_conflict_naming_who(demo3, driver):
    driver.start_plan("298", "officer.298")
    task = driver.task("officer.298", DRAFT)
    driver.complete("officer.298", task["id"], {"title": "Kế hoạch năm 2024"})
    with pytest.raises(Conflict, match="officer.298"):
        driver.complete("officer.298", task["id"], {"title": "Lần nữa"})


def test_two_simultaneous_completions_of_one_task_let_exactly_one_win(demo3, driver):
    driver.start_plan("298", "officer.298")
    driver.act("officer.298", DRAFT, {"title": "Kế hoạch năm 2024"})
    task = driver.task("head.298", REVIEW)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(decision: dict) -> None:
        start.wait()
        try:
            driver.complete("head.298", task["id"], decision)
            outcomes.append("done")
        except Conflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=attempt, args=(d,)) for d in (APPROVE, {"decision": "return", "comment": "x"})]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "done"]
    with demo3.unit_of_work() as ctx:
        completions = ctx.session.scalars(select(AuditEntry).where(AuditEntry.task_name == REVIEW)).all()
    assert len(completions) == 1


def test_invalid_form_data_is_refused_field_by_field_and_nothing_changes(demo3, driver):
    driver.start_plan("298", "officer.298")
    driver.act("officer.298", DRAFT, {"title": "Kế hoạch năm 2024"})
    task = driver.task("head.298", REVIEW)
    before = snapshot(demo3, task["process_instance_id"])
    with pytest.raises(InvalidInput) as refused:
        driver.complete("head.298", task["id"], {"decision": "return"})
    assert refused.value.fields == {"comment": "cần nhập 'Ý kiến'"}
    with pytest.raises(InvalidInput) as refused:
        driver.complete("head.298", task["id"], {"decision": "maybe", "plan_id": 99})
    assert set(refused.value.fields) == {"decision", "plan_id"}
    assert snapshot(demo3, task["process_instance_id"]) == before


def test_decomposed_vietnamese_input_is_stored_nfc(demo3, driver):
    plan_id = driver.start_plan("298", "officer.298")
    decomposed = unicodedata.normalize("NFD", "Kế hoạch dân vận năm 2024")
    driver.act("officer.298", DRAFT, {"title": decomposed})
    assert driver.plan(plan_id)["title"] == unicodedata.normalize("NFC", decomposed)


def test_a_script_that_never_ends_is_stopped_and_leaves_the_instance_unchanged(demo3, driver, tmp_path: Path):
    path = tmp_path / "endless.bpmn"
    path.write_text(one_task_process("endless", "Nhập số", then_script="while True:\n    pass"), encoding="utf-8")
    with demo3.unit_of_work() as ctx:
        demo3.deploy_file(ctx, path, "designer.30")
        ctx.actor = get_user(ctx.session, "officer.298")
        instance_id = start_instance(ctx, "endless", get_unit(ctx.session, "298", ctx.clock.today()), {}).id
    task = driver.task("officer.298", "Nhập số")
    before = snapshot(demo3, instance_id)
    with pytest.raises(ScriptFailure, match="run_script"):
        driver.complete("officer.298", task["id"], {})
    assert snapshot(demo3, instance_id) == before


def test_running_instances_keep_their_version_when_a_new_one_is_deployed(demo3, driver, tmp_path: Path):
    old_plan = driver.start_plan("298", "officer.298")
    source = (Path(__file__).resolve().parents[2] / "workflows" / "plan_lifecycle.bpmn").read_text("utf-8")
    path = tmp_path / "plan_lifecycle.bpmn"
    path.write_text(source.replace('name="Soạn thảo dự thảo kế hoạch"', 'name="Soạn thảo kế hoạch (v2)"'), "utf-8")
    with demo3.unit_of_work() as ctx:
        assert demo3.deploy_file(ctx, path, "designer.30").version == 2
        assert demo3.deploy_file(ctx, path, "designer.30").version == 2  # same content: same version
    new_plan = driver.start_plan("294", "officer.294")
    assert driver.task("officer.298", DRAFT, old_plan)
    assert driver.task("officer.294", "Soạn thảo kế hoạch (v2)", new_plan)
    driver.issue(old_plan, "298")
    assert driver.plan(old_plan)["status"] == "issued"


def test_a_workflow_kept_in_memory_is_not_used_once_another_process_has_stepped_the_instance(demo3, driver):
    other_process = Driver(Planflow(db=demo3.db, clock=demo3.clock))
    plan_id = driver.start_plan("298", "officer.298")
    driver.act("officer.298", DRAFT, {"title": "Kế hoạch năm 2024"}, plan_id)  # this process keeps the workflow
    other_process.act("head.298", REVIEW, {"decision": "return", "comment": "Bổ sung"}, plan_id)
    driver.act("officer.298", DRAFT, {"title": "Kế hoạch năm 2024 (sửa)"}, plan_id)
    assert [t["name"] for t in driver.tasks("head.298")] == [REVIEW]
    assert driver.plan(plan_id)["title"] == "Kế hoạch năm 2024 (sửa)"


def test_a_step_that_fails_leaves_nothing_behind_in_memory(demo3, driver, tmp_path: Path):
    plan_id = driver.start_plan("298", "officer.298")
    task = driver.task("officer.298", DRAFT, plan_id)
    with pytest.raises(InvalidInput):
        driver.complete("officer.298", task["id"], {"title": "Kế hoạch", "reporting": [{"kind": "x", "due": "1/1"}]})
    driver.complete("officer.298", task["id"], {"title": "Kế hoạch năm 2024"})
    assert [t["name"] for t in driver.tasks("head.298")] == [REVIEW]
