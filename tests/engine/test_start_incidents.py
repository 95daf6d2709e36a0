"""A report whose process fails at its start in run-due: kept at its start with an incident, retried after a fix,
while the run's other work goes on."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from engine.bpmn.deployment import deploy
from engine.errors import ScriptFailure
from engine.models import AuditEntry, Definition, Incident, Obligation, ProcessInstance
from engine.org.units import get_user
from engine.processes import repairs as incidents
from engine.processes.migration import preview_migration
from engine.reporting.obligations import run_due
from engine.scheduler.steps import run_due_steps
from tests.engine.test_incidents import repair
from tests.engine.test_reporting import COMMUNES, DRAFT_REPORT, build_cascade

REPORT_FILE = Path(__file__).resolve().parents[2] / "workflows" / "report_lifecycle.bpmn"
CONSOLIDATE = '<spiffworkflow:serviceTaskOperator id="consolidate_reports"'
REASON = "Đã sửa tập lệnh trước bước tổng hợp"


def with_pre_script(script: str) -> bytes:
    """The report lifecycle with a script run before its first step, 'Tổng hợp báo cáo của cấp dưới'."""
    source = REPORT_FILE.read_text(encoding="utf-8")
    assert source.count(CONSOLIDATE) == 1
    return source.replace(CONSOLIDATE, f"<spiffworkflow:preScript>{script}</spiffworkflow:preScript>{CONSOLIDATE}"
                          ).encode()


def deploy_report_version(planflow, source: bytes) -> int:
    with planflow.unit_of_work() as ctx:
        return deploy(ctx.session, source, "report_lifecycle.bpmn", "designer.30", planflow.handlers.operations,
                      ctx.now()).version


def commune_reports(planflow) -> list[tuple[Obligation, ProcessInstance, list[Incident]]]:
    """The communes' six-month reports, with their instances and incidents."""
    with planflow.unit_of_work() as ctx:
        rows = []
        for obligation in ctx.session.scalars(select(Obligation).where(Obligation.kind == "six_month")
                                              .order_by(Obligation.id)):
            if obligation.reporting_unit.code in COMMUNES and obligation.instance_id:
                instance = ctx.session.get(ProcessInstance, obligation.instance_id)
                found = list(ctx.session.scalars(select(Incident).where(Incident.instance_id == instance.id)))
                rows.append((obligation, instance, found))
        return rows


@pytest.fixture
def stalled(demo3, driver, clock) -> list[int]:
    """Version 2 of the report process fails at its start; run-due opens the communes' reports on it."""
    build_cascade(driver, clock)
    assert deploy_report_version(demo3, with_pre_script("x = 1/0")) == 2
    clock.fixed = datetime(2024, 5, 5, 9)
    with demo3.unit_of_work() as ctx:
        done = run_due(ctx)
    assert done["opened"] == 0
    return [instance.id for _, instance, _ in commune_reports(demo3)]


def test_a_report_failing_at_its_start_is_kept_at_its_start_with_an_incident(demo3, driver, stalled):
    reports = commune_reports(demo3)
    assert len(reports) == len(COMMUNES)
    for obligation, instance, [incident] in reports:
        assert (obligation.status, instance.status, instance.has_incident) == ("open", "running", True)
        assert (incident.action, incident.element_id, incident.status) == ("start", "consolidate", "open")
        assert "ZeroDivisionError" in incident.error and incident.details == {"obligation_id": obligation.id}
    assert [t for t in driver.tasks(f"officer.{COMMUNES[0]}") if t["name"] == DRAFT_REPORT] == []
    with demo3.unit_of_work() as ctx:
        listed = {row["instance_id"]: row["action_label"] for row in
                  incidents.list_incidents(ctx, get_user(ctx.session, "admin.30"))}
    assert {listed[i] for i in stalled} == {"Khởi tạo quy trình"}


def test_a_later_run_leaves_a_stalled_report_alone(demo3, stalled):
    with demo3.unit_of_work() as ctx:
        assert run_due(ctx)["opened"] == 0
    assert [len(found) for _, _, found in commune_reports(demo3)] == [1, 1, 1]
    assert [found[0].occurrences for _, _, found in commune_reports(demo3)] == [1, 1, 1]


def test_retrying_before_the_fix_fails_again_and_after_it_opens_the_report_on_the_fixed_version(demo3, driver,
                                                                                                 stalled):
    with pytest.raises(ScriptFailure, match="ZeroDivisionError"):
        repair(demo3, incidents.retry_instance, stalled[0], REASON)
    assert commune_reports(demo3)[0][2][0].occurrences == 2
    assert deploy_report_version(demo3, with_pre_script("x = 1")) == 3
    with demo3.unit_of_work() as ctx:
        ctx.actor = get_user(ctx.session, "designer.30")
        refused = {c.instance_id: c.reason for c in preview_migration(ctx, "report_lifecycle", 3)}
    assert "quản trị viên thử lại" in refused[stalled[0]]  # nothing to migrate: the retry takes the newest version
    assert repair(demo3, incidents.retry_instance, stalled[0], REASON) == 0
    assert driver.task(f"officer.{COMMUNES[0]}", DRAFT_REPORT)["due"] == "2024-05-20"
    obligation, instance, [incident] = commune_reports(demo3)[0]
    assert (incident.status, incident.resolved_by, instance.has_incident) == ("resolved", "admin.30", False)
    with demo3.unit_of_work() as ctx:
        assert ctx.session.get(Definition, instance.definition_id).version == 3
        retried = ctx.session.scalars(select(AuditEntry).where(AuditEntry.instance_id == stalled[0],
                                                               AuditEntry.action == "incident_retry")).one()
    assert (retried.actor, retried.comment) == ("admin.30", REASON)
    assert [t for t in driver.tasks(f"officer.{COMMUNES[1]}") if t["name"] == DRAFT_REPORT] == []


def test_the_scheduler_keeps_each_failing_report_at_its_start_once_and_goes_on(demo3, driver, clock):
    """The worker's path: each item in a transaction of its own, redone in a savepoint when its step fails."""
    build_cascade(driver, clock)
    assert deploy_report_version(demo3, with_pre_script("x = 1/0")) == 2
    clock.fixed = datetime(2024, 5, 5, 9)
    done = run_due_steps(demo3)
    again = run_due_steps(demo3)

    reports = commune_reports(demo3)
    assert len(reports) == len(COMMUNES) and (done.opened, again.opened) == (0, 0)
    for obligation, instance, [incident] in reports:  # one incident each, not one per attempt
        assert (obligation.status, instance.status, incident.action, incident.occurrences) == \
            ("open", "running", "start", 1)
