"""Incidents of failed steps and their repair by an administrator: retry, suspend, resume, terminate, move back."""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from engine.bpmn.deployment import deploy
from engine.bpmn.runtime import start_instance
from engine.core import Planflow
from engine.errors import Conflict, ExecutionFailure, Forbidden, InvalidInput, ScriptFailure
from engine.models import AuditEntry, HumanTask, Incident, Obligation, ProcessInstance, Timer, Unit
from engine.models.plan import STATUS_LABELS
from engine.org.units import get_unit, get_user
from engine.plans import listing as plan_list
from engine.processes import repairs as incidents
from engine.processes.migration import migrate_instances
from engine.reporting import dashboard
from tests.support import Driver, one_task_process
from tests.test_cli import as_json, planflow

REASON = "Đã sửa tập lệnh ở phiên bản 2"
COMMUNES = ("11089", "11113", "11146")  # Tứ Kỳ's communes in the demo


def timer_process(process_id: str, script: str) -> str:
    """An officer's task with a reminder at `remind_at` (an hour after the start) running a script that may fail."""
    return one_task_process(process_id, "Trả lời công dân", reminder_script=script)


def deploy_and_start(planflow: Planflow, source: str, process_id: str) -> int:
    with planflow.unit_of_work() as ctx:
        deploy(ctx.session, source.encode(), f"{process_id}.bpmn", "designer.30", planflow.handlers.operations,
               ctx.now())
        ctx.actor = get_user(ctx.session, "officer.298")
        remind_at = (ctx.now() + timedelta(hours=1)).isoformat()
        return start_instance(ctx, process_id, get_unit(ctx.session, "298", ctx.clock.today()),
                              {"remind_at": remind_at}).id


def fix_and_migrate(planflow: Planflow, source: str, process_id: str, instance_id: int) -> None:
    """What a designer does about a broken step: deploy a fixed version and move the instance onto it."""
    with planflow.unit_of_work() as ctx:
        deploy(ctx.session, source.encode(), f"{process_id}.bpmn", "designer.30", planflow.handlers.operations,
               ctx.now())
        ctx.actor = get_user(ctx.session, "designer.30")
        assert migrate_instances(ctx, process_id, 2, [instance_id]).moved == [instance_id]


def repair(planflow: Planflow, action, *args, user: str = "admin.30"):
    with planflow.unit_of_work() as ctx:
        return action(ctx, get_user(ctx.session, user), *args)


def stored(planflow: Planflow, instance_id: int) -> tuple[list[Incident], list[AuditEntry], ProcessInstance]:
    with planflow.unit_of_work() as ctx:
        found = list(ctx.session.scalars(select(Incident).where(Incident.instance_id == instance_id)))
        audit = list(ctx.session.scalars(select(AuditEntry).where(AuditEntry.instance_id == instance_id)
                                         .order_by(AuditEntry.id)))
        return found, audit, ctx.session.get(ProcessInstance, instance_id)


@pytest.fixture
def failing_timer(demo3, clock) -> int:
    """An instance whose reminder failed at run-due: one open timer incident."""
    instance_id = deploy_and_start(demo3, timer_process("tiep_dan", "x = 1/0"), "tiep_dan")
    clock.fixed += timedelta(hours=2)
    Driver(demo3).run_due()
    return instance_id


def test_a_failing_completion_is_refused_and_leaves_an_open_incident(demo3, driver):
    instance_id = deploy_and_start(demo3, one_task_process("tiep_dan", "Trả lời công dân", "x = 1/0"), "tiep_dan")
    task = driver.task("officer.298", "Trả lời công dân")
    with pytest.raises(ScriptFailure, match="ZeroDivisionError"):
        driver.complete("officer.298", task["id"], {})
    with pytest.raises(ScriptFailure):
        driver.complete("officer.298", task["id"], {})
    [incident], audit, instance = stored(demo3, instance_id)
    assert (incident.action, incident.element_id, incident.status, incident.occurrences) == \
        ("complete", "run_script", "open", 2)
    assert "ZeroDivisionError" in incident.error
    assert incident.details == {"task_id": task["id"], "task_name": "Trả lời công dân", "user": "officer.298"}
    assert [e.action for e in audit] == ["start"]  # the refused completions left no trace but the incident
    assert instance.status == "running" and driver.task("officer.298", "Trả lời công dân")["id"] == task["id"]


def test_a_failed_completion_is_resolved_when_the_user_completes_it_after_the_fix(demo3, driver):
    instance_id = deploy_and_start(demo3, one_task_process("tiep_dan", "Trả lời công dân", "x = 1/0"), "tiep_dan")
    task = driver.task("officer.298", "Trả lời công dân")
    with pytest.raises(ScriptFailure):
        driver.complete("officer.298", task["id"], {})
    with pytest.raises(Conflict, match="người dùng gửi lại"):
        repair(demo3, incidents.retry_instance, instance_id, REASON)
    fix_and_migrate(demo3, one_task_process("tiep_dan", "Trả lời công dân", "x = 1"), "tiep_dan", instance_id)
    driver.act("officer.298", "Trả lời công dân")
    [incident], _, instance = stored(demo3, instance_id)
    assert (incident.status, incident.resolved_by, instance.status) == ("resolved", "officer.298", "completed")


def test_a_failing_timer_is_an_incident_and_waits_for_a_retry_while_other_timers_fire(demo3, driver, clock):
    broken = deploy_and_start(demo3, timer_process("tiep_dan", "x = 1/0"), "tiep_dan")
    sound = deploy_and_start(demo3, timer_process("hoi_dap", "x = 1"), "hoi_dap")
    clock.fixed += timedelta(hours=2)
    assert driver.run_due() == 1  # the sound instance's reminder
    driver.run_due()  # the broken one is not tried again on every run
    [incident], _, instance = stored(demo3, broken)
    assert (incident.action, incident.element_id, incident.occurrences) == ("timer", "note", 1)
    assert "ZeroDivisionError" in incident.error and instance.status == "running"
    assert stored(demo3, sound)[0] == []
    with demo3.unit_of_work() as ctx:
        assert ctx.session.scalars(select(Timer.instance_id)).all() == [broken]


def test_retrying_a_timer_before_the_fix_fails_again_and_after_it_runs_and_closes_the_incident(demo3, failing_timer):
    with pytest.raises(ScriptFailure):
        repair(demo3, incidents.retry_instance, failing_timer, "Thử lại")
    assert stored(demo3, failing_timer)[0][0].occurrences == 2
    fix_and_migrate(demo3, timer_process("tiep_dan", "x = 1"), "tiep_dan", failing_timer)
    repair(demo3, incidents.retry_instance, failing_timer, REASON)
    [incident], audit, instance = stored(demo3, failing_timer)
    assert instance.timers == []  # the reminder's branch ran to its end
    assert (incident.status, incident.resolved_by) == ("resolved", "admin.30")
    assert REASON in incident.resolution
    assert (audit[-1].action, audit[-1].actor, audit[-1].comment) == ("incident_retry", "admin.30", REASON)


@pytest.mark.parametrize("action", [incidents.retry_instance, incidents.suspend_instance,
                                    incidents.terminate_instance])
def test_every_repair_needs_a_reason_and_an_administrator(demo3, failing_timer, action):
    before = stored(demo3, failing_timer)
    with pytest.raises(InvalidInput, match="Cần ghi lý do") as refused:
        repair(demo3, action, failing_timer, "  ")
    assert refused.value.fields == {"reason": "bắt buộc"}
    with pytest.raises(Forbidden):
        repair(demo3, action, failing_timer, REASON, user="chair.298")
    after = stored(demo3, failing_timer)
    assert ([e.id for e in after[1]], after[2].status) == ([e.id for e in before[1]], before[2].status)


def test_a_suspended_instance_refuses_completion_and_its_timers_wait_until_resumed(demo3, driver, clock):
    instance_id = deploy_and_start(demo3, timer_process("hoi_dap", "x = 1"), "hoi_dap")
    task = driver.task("officer.298", "Trả lời công dân")
    repair(demo3, incidents.suspend_instance, instance_id, "Kiểm tra số liệu")
    assert [t["name"] for t in driver.tasks("officer.298")] == []
    with pytest.raises(Conflict, match="đang tạm dừng"):
        driver.complete("officer.298", task["id"], {})
    clock.fixed += timedelta(hours=2)
    assert driver.run_due() == 0
    with pytest.raises(Conflict, match="đang tạm dừng"):
        repair(demo3, incidents.suspend_instance, instance_id, "Lần nữa")
    repair(demo3, incidents.resume_instance, instance_id, "Đã kiểm tra xong")
    assert driver.run_due() == 1  # the reminder missed while suspended fires once
    driver.complete("officer.298", task["id"], {})
    _, audit, instance = stored(demo3, instance_id)
    assert instance.status == "completed"
    assert [(e.action, e.comment) for e in audit if e.action in {"suspend", "resume"}] == \
        [("suspend", "Kiểm tra số liệu"), ("resume", "Đã kiểm tra xong")]


def test_terminating_cancels_open_tasks_and_timers_closes_incidents_and_keeps_history(demo3, driver, failing_timer):
    repair(demo3, incidents.terminate_instance, failing_timer, "Hồ sơ tạo nhầm")
    found, audit, instance = stored(demo3, failing_timer)
    assert instance.status == "terminated" and found[0].status == "resolved"
    assert [e.action for e in audit] == ["start", "terminate"]
    assert driver.tasks("officer.298") == []
    with demo3.unit_of_work() as ctx:
        assert ctx.session.scalars(select(Timer)).all() == []
        statuses = ctx.session.scalars(select(HumanTask.status).where(HumanTask.instance_id == failing_timer)).all()
    assert statuses == ["cancelled"]
    for action in (incidents.resume_instance, incidents.retry_instance, incidents.terminate_instance):
        with pytest.raises(Conflict, match="đã chấm dứt"):
            repair(demo3, action, failing_timer, REASON)


def test_moving_a_plan_back_reopens_an_earlier_task_and_the_plan_status_follows(demo3, driver):
    plan_id, instance_id = driver.drafted_plan("Kế hoạch dân vận 2024", "Tóm tắt")
    driver.act("head.298", "Thẩm định dự thảo kế hoạch", {"decision": "approve"}, plan_id)
    status_at_signing = driver.plan(plan_id)["status"]
    name = repair(demo3, incidents.move_instance, instance_id, "draft_plan", "Chuyên viên cần sửa số liệu")
    assert name == "Soạn thảo dự thảo kế hoạch"
    assert driver.tasks("chair.298") == []
    assert driver.task("officer.298", name, plan_id)
    assert driver.plan(plan_id)["status"] != status_at_signing
    _, audit, _ = stored(demo3, instance_id)
    assert (audit[-1].action, audit[-1].comment, audit[-1].details["to"]) == \
        ("move", "Chuyên viên cần sửa số liệu", "draft_plan")
    with demo3.unit_of_work() as ctx:  # the rows of the steps done before the move are all kept
        done = ctx.session.scalars(select(HumanTask.name).where(HumanTask.instance_id == instance_id,
                                                                HumanTask.status == "completed")).all()
    assert sorted(done) == ["Soạn thảo dự thảo kế hoạch", "Thẩm định dự thảo kế hoạch"]
    driver.issue(plan_id, "298")
    assert driver.plan(plan_id)["status"] == "issued"


def test_moving_to_a_step_not_done_names_the_steps_that_are(demo3, driver):
    _, instance_id = driver.drafted_plan("Kế hoạch", "Tóm tắt")
    with pytest.raises(InvalidInput, match="draft_plan"):
        repair(demo3, incidents.move_instance, instance_id, "sign_plan", REASON)


def test_a_message_no_instance_receives_is_an_incident_of_the_sender(demo3, driver):
    _, instance_id = driver.drafted_plan("Kế hoạch", "Tóm tắt")
    with pytest.raises(ExecutionFailure, match="Không có nơi nhận"), demo3.unit_of_work() as ctx:
        ctx.send("unknown_message", {}, source=ctx.session.get(ProcessInstance, instance_id))
    [incident], _, _ = stored(demo3, instance_id)
    assert (incident.action, incident.element_id, incident.details) == \
        ("message", "unknown_message", {"message": "unknown_message"})


def test_the_incident_list_is_for_administrators_and_filters_by_status(demo3, failing_timer):
    rows = repair(demo3, incidents.list_incidents)
    assert [(r["instance_id"], r["action_label"], r["status_label"]) for r in rows] == \
        [(failing_timer, "Hẹn giờ", "Đang mở")]
    assert repair(demo3, incidents.list_incidents, "resolved") == []
    with pytest.raises(InvalidInput):
        repair(demo3, incidents.list_incidents, "closed")
    with pytest.raises(Forbidden):
        repair(demo3, incidents.list_incidents, user="officer.298")


def test_the_command_line_lists_incidents_and_repairs_with_a_reason(tmp_path):
    env = {**os.environ, "PLANFLOW_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
           "PLANFLOW_NOW": "2024-03-01T08:00"}
    (tmp_path / "tiep_dan.bpmn").write_text(timer_process("tiep_dan", "x = 1/0"), encoding="utf-8")
    as_json(env, "init")
    as_json(env, "demo", "--regime", "3")
    as_json(env, "deploy", str(tmp_path / "tiep_dan.bpmn"))
    instance_id = as_json(env, "instance", "start", "tiep_dan", "--unit", "298", "--user", "officer.298",
                          "--data", json.dumps({"remind_at": "2024-03-01T09:00:00"}))["id"]
    env["PLANFLOW_NOW"] = "2024-03-01T10:00"  # the reminder is due
    as_json(env, "run-due")
    [listed] = as_json(env, "incidents", "--user", "admin.30")
    assert (listed["instance_id"], listed["element_id"], listed["action"]) == (instance_id, "note", "timer")
    retried = planflow(env, "instance", "retry", str(instance_id), "--user", "admin.30", "--reason", "Thử lại")
    assert retried.returncode == 1 and "ZeroDivisionError" in retried.stderr
    assert as_json(env, "incidents", "--user", "admin.30")[0]["occurrences"] == 2
    blank = planflow(env, "instance", "suspend", str(instance_id), "--user", "admin.30", "--reason", " ")
    assert blank.returncode == 1 and "Cần ghi lý do" in blank.stderr
    done = as_json(env, "instance", "terminate", str(instance_id), "--user", "admin.30", "--reason", "Tạo nhầm")
    assert done["status"] == "terminated"
    assert as_json(env, "incidents", "--user", "admin.30", "--status", "resolved")[0]["resolved_by"] == "admin.30"


# --- what a plan or report reads once its process is terminated or suspended -------------------------------------


def test_terminating_a_plans_lifecycle_ends_the_plan_it_is_no_longer_in_progress_or_late(demo3, driver, clock):
    plan_id = driver.start_plan("298", "officer.298", due=clock.today() + timedelta(days=5))
    instance_id = driver.plan(plan_id)["instance_id"]
    repair(demo3, incidents.terminate_instance, instance_id, "Kế hoạch lập nhầm")
    plan = driver.plan(plan_id)
    assert (plan["status"], STATUS_LABELS[plan["status"]]) == ("terminated", "Đã chấm dứt")
    assert [t for t in driver.tasks("officer.298") if t["plan_id"] == plan_id] == []
    assert [(a["action"], a["comment"]) for a in plan["audit"]][-1] == ("terminate", "Kế hoạch lập nhầm")
    clock.fixed += timedelta(days=30)  # past its deadline: a terminated plan is owed no more
    with demo3.unit_of_work() as ctx:
        [row], total = plan_list.search_plans(ctx.session, get_user(ctx.session, "officer.298"),
                                              plan_list.PlanFilter(status="terminated"), ctx.clock.today())
    assert (total, row["id"], row["late"]) == (1, plan_id, False)


def test_terminating_a_recipients_receipt_leaves_the_issued_plan_as_it_is(demo3, driver, clock):
    plan_id = driver.start_plan("298", "officer.298")
    driver.issue(plan_id, "298")
    with demo3.unit_of_work() as ctx:
        receipt = ctx.session.scalars(select(ProcessInstance.id).where(
            ProcessInstance.plan_id == plan_id, ProcessInstance.process_id == "document_receipt")).first()
    assert receipt is not None
    repair(demo3, incidents.terminate_instance, receipt, "Gửi nhầm nơi nhận")
    assert stored(demo3, receipt)[2].status == "terminated"
    assert driver.plan(plan_id)["status"] == "issued"


def open_commune_reports(demo3, driver, clock) -> dict[str, int]:
    """Tứ Kỳ's plan issued in January, its communes' six-month reports open in May: {commune: instance id}."""
    clock.fixed = datetime(2024, 1, 3, 8)
    driver.issue(driver.start_plan("298", "officer.298"), "298")
    clock.fixed = datetime(2024, 5, 16, 9)
    driver.run_due()
    with demo3.unit_of_work() as ctx:
        return dict(ctx.session.execute(select(Unit.code, Obligation.instance_id)
                                        .join(Unit, Obligation.reporting_unit_id == Unit.id)
                                        .where(Obligation.kind == "six_month", Obligation.instance_id.is_not(None),
                                               Unit.code.in_(COMMUNES))).all())


def test_terminating_a_report_cancels_it_with_the_reason_and_the_district_no_longer_waits_for_it(demo3, driver,
                                                                                                  clock):
    reports = open_commune_reports(demo3, driver, clock)
    repair(demo3, incidents.terminate_instance, reports["11089"], "Xã đã nộp bản giấy")
    _, audit, instance = stored(demo3, reports["11089"])
    assert instance.status == "terminated"  # stopped once, by the termination
    assert [(e.action, e.comment) for e in audit][-2:] == [("terminate", "Xã đã nộp bản giấy"),
                                                          ("cancel_report", "Xã đã nộp bản giấy")]
    with demo3.unit_of_work() as ctx:
        obligation = ctx.session.scalar(select(Obligation).where(Obligation.instance_id == reports["11089"]))
        assert (obligation.status, obligation.cancel_reason) == ("cancelled", "Xã đã nộp bản giấy")
    assert [t for t in driver.tasks("officer.11089") if t["name"] == "Soạn báo cáo"] == []
    for code in ("11113", "11146"):
        driver.send_report(code)
    with demo3.unit_of_work() as ctx:  # the district's period is complete without the cancelled report
        [period] = dashboard.received_periods(ctx, get_user(ctx.session, "officer.298"),
                                              dashboard.PeriodFilter(2024, "six_month"))
    assert (period["unit"], period["expected"], period["received"]) == ("298", 2, 2)


def test_a_suspended_plan_or_report_says_why_until_it_is_resumed(demo3, driver, clock):
    reports = open_commune_reports(demo3, driver, clock)
    plan_id = driver.start_plan("298", "officer.298")
    plan_instance = driver.plan(plan_id)["instance_id"]
    assert driver.plan(plan_id)["suspension"] is None
    for instance_id in (plan_instance, reports["11089"]):
        repair(demo3, incidents.suspend_instance, instance_id, "Kiểm tra số liệu")
    assert driver.plan(plan_id)["suspension"] == {"reason": "Kiểm tra số liệu", "at": "2024-05-16", "by": "admin.30"}
    with demo3.unit_of_work() as ctx:
        admin = get_user(ctx.session, "admin.30")
        obligation_id = ctx.session.scalar(select(Obligation.id).where(Obligation.instance_id == reports["11089"]))
        assert dashboard.report_detail(ctx, admin, obligation_id)["suspension"]["reason"] == "Kiểm tra số liệu"
    repair(demo3, incidents.resume_instance, plan_instance, "Đã kiểm tra xong")
    assert driver.plan(plan_id)["suspension"] is None
