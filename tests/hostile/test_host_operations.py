"""Host operations act only on the records of the instance that calls them (its plan, its report, its
recipient line): a designer's process started at one commune that names another unit's record in its data is
refused, records an incident, and leaves every stored record as it was."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from engine.bpmn.runtime import start_for_user
from engine.errors import ExecutionFailure
from engine.host import PlanflowHandlers
from engine.models import Incident, Notification, Obligation, Plan, ProcessInstance, Recipient, RegisterEntry, Unit
from engine.org.units import get_unit, get_user
from tests.engine.test_reporting import COMMUNES, DISTRICT, DRAFT_REPORT, build_cascade
from tests.support import APPROVE, Driver

ATTACKER, VICTIM = COMMUNES[0], COMMUNES[1]
SCHEME = {"criteria": [{"code": "c1", "name": "Tiêu chí 1", "max_points": 100, "superior_points": 0}],
          "decision_id": "xep_loai_dan_van"}
# Each built-in operation that reads an id from the process data, with the parameters it needs.
REPORT_OPERATIONS = [("consolidate_reports", {}), ("save_report", {}), ("record_report_signature", {}),
                     ("submit_report", {}), ("record_verdict", {}), ("notify_report", {"kind": "reminder",
                                                                                        "role": "officer"}),
                     ("load_scheme", {}), ("save_self_scores", {}), ("save_appraisal", {}), ("classify_unit", {})]
PLAN_OPERATIONS = ["save_draft", "record_signature", "issue_plan", "distribute_plan", "notify"]


def hostile_process(process_id: str, operation: str, params: dict[str, str] | None = None) -> str:
    """An officer's task, then a service task calling a built-in operation: what a designer may deploy."""
    parameters = "".join(f'<spiffworkflow:parameter id="{k}" type="str" value="\'{v}\'" />'
                         for k, v in (params or {}).items())
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                  xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/schema/1.0/core" id="d" targetNamespace="t">
  <bpmn:process id="{process_id}" isExecutable="true">
    <bpmn:laneSet id="ls">
      <bpmn:lane id="l" name="Chuyên viên"><bpmn:flowNodeRef>ask</bpmn:flowNodeRef></bpmn:lane>
    </bpmn:laneSet>
    <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="ask" />
    <bpmn:userTask id="ask" name="Xác nhận" /><bpmn:sequenceFlow id="f2" sourceRef="ask" targetRef="call" />
    <bpmn:serviceTask id="call" name="Gọi dịch vụ">
      <bpmn:extensionElements>
        <spiffworkflow:serviceTaskOperator id="{operation}" resultVariable="result">
          <spiffworkflow:parameters>{parameters}</spiffworkflow:parameters>
        </spiffworkflow:serviceTaskOperator>
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f3" sourceRef="call" targetRef="e" /><bpmn:endEvent id="e" />
  </bpmn:process>
</bpmn:definitions>
"""


def stored(planflow) -> tuple:
    """Every record an operation could touch, column by column."""
    with planflow.unit_of_work() as ctx:
        def rows(model) -> list[tuple]:
            columns = [c.key for c in model.__table__.columns]
            records = ctx.session.scalars(select(model).order_by(model.id))
            return [tuple(getattr(r, c) for c in columns) for r in records]
        count = [ctx.session.scalar(select(func.count()).select_from(m)) for m in (Notification, RegisterEntry)]
        return rows(Obligation), rows(Recipient), rows(Plan), count


@pytest.fixture
def opened(demo3, driver: Driver, clock) -> dict[str, int]:
    """The communes' six-month reports are open; the victim has drafted. Ids of the records an attacker names."""
    build_cascade(driver, clock)
    clock.fixed = datetime(2024, 5, 6, 9)
    driver.run_due()
    driver.send_report(VICTIM, {"dialogues_held": 4}, results="Bí mật của xã", until="Thẩm định báo cáo")
    with demo3.unit_of_work() as ctx:
        def unit_id(code: str) -> int:
            return get_unit(ctx.session, code, ctx.clock.today()).id

        def report(code: str, kind: str = "six_month") -> Obligation:
            return ctx.session.scalars(select(Obligation).where(
                Obligation.reporting_unit_id == unit_id(code), Obligation.kind == kind)).first()
        recipient = ctx.session.scalars(select(Recipient).where(Recipient.unit_id == unit_id(VICTIM))).first()
        return {"victim": report(VICTIM).id, "own": report(ATTACKER).id, "scheduled": report(DISTRICT).id,
                "scoring": report(VICTIM, "scoring").id, "recipient": recipient.id,
                "own_recipient": ctx.session.scalars(select(Recipient).where(
                    Recipient.unit_id == unit_id(ATTACKER))).first().id}


def attack(planflow, driver: Driver, tmp_path: Path, operation: str, params: dict, data: dict) -> int:
    """Deploy the hostile process, start it at the attacker's commune with `data`, complete its task."""
    process_id = f"tan_cong_{operation}"
    path = tmp_path / f"{process_id}.bpmn"
    if not path.exists():
        path.write_text(hostile_process(process_id, operation, params), encoding="utf-8")
        with planflow.unit_of_work() as ctx:
            planflow.deploy_file(ctx, path, "designer.30")
    with planflow.unit_of_work() as ctx:
        user = get_user(ctx.session, f"officer.{ATTACKER}")
        instance = start_for_user(ctx, user, process_id, get_unit(ctx.session, ATTACKER, ctx.clock.today()), data)
        instance_id = instance.id
    task = next(t for t in driver.tasks(f"officer.{ATTACKER}") if t["process_instance_id"] == instance_id)
    driver.complete(f"officer.{ATTACKER}", task["id"], {})
    return instance_id


def hostile_ids(ids: dict[str, int]) -> list[object]:
    """Another unit's report, the attacker's own (opened for another instance), one not yet opened, and
    ids that are no ids at all."""
    return [ids["victim"], ids["own"], ids["scheduled"], ids["scoring"], str(ids["victim"]), True, -1, 10 ** 30,
            [ids["victim"]], {"id": ids["victim"]}]


@pytest.mark.parametrize(("operation", "params"), REPORT_OPERATIONS, ids=[op for op, _ in REPORT_OPERATIONS])
def test_a_report_operation_naming_a_report_outside_its_instance_is_refused(demo3, driver, opened, tmp_path,
                                                                           operation, params):
    before = stored(demo3)
    for hostile in hostile_ids(opened):
        data = {"obligation_id": hostile, "verdict": "accept", "results": "Ghi đè", "scheme": SCHEME,
                "scores": {"c1": 100}, "superior_scores": {"c1": 0}}
        with pytest.raises(ExecutionFailure, match="không thuộc hồ sơ này") as refused:
            attack(demo3, driver, tmp_path, operation, params, data)
        assert "Traceback" not in refused.value.message
        assert stored(demo3) == before
    with pytest.raises(ExecutionFailure, match="không gắn với báo cáo nào"):
        attack(demo3, driver, tmp_path, operation, params, {})
    assert stored(demo3) == before
    with demo3.unit_of_work() as ctx:  # each refusal is an incident of the attacker's instance, not of the victim's
        victim = ctx.session.get(Obligation, opened["victim"])
        assert ctx.session.scalar(select(func.count()).select_from(Incident).where(
            Incident.instance_id == victim.instance_id)) == 0
        assert ctx.session.get(ProcessInstance, victim.instance_id).has_incident is False


@pytest.mark.parametrize("hostile", ["recipient", "own_recipient"])
def test_acknowledging_a_recipient_line_outside_the_instance_is_refused(demo3, driver, opened, tmp_path, hostile):
    before = stored(demo3)
    for value in (opened[hostile], str(opened[hostile]), 10 ** 30):
        with pytest.raises(ExecutionFailure, match="không thuộc hồ sơ này"):
            attack(demo3, driver, tmp_path, "acknowledge_receipt", {}, {"recipient_id": value})
        assert stored(demo3) == before


@pytest.mark.parametrize("operation", PLAN_OPERATIONS)
def test_a_plan_operation_in_a_process_without_a_plan_is_refused(demo3, driver, opened, tmp_path, operation):
    params = {"kind": "reminder", "role": "officer"} if operation == "notify" else {}
    before = stored(demo3)
    with demo3.unit_of_work() as ctx:
        district_plan = ctx.session.get(Obligation, opened["victim"]).plan_id
    for data in ({"plan_id": district_plan, "title": "Kế hoạch giả mạo"}, {}):
        with pytest.raises(ExecutionFailure, match="không gắn với kế hoạch nào"):
            attack(demo3, driver, tmp_path, operation, params, data)
        assert stored(demo3) == before


@pytest.mark.parametrize("operation", PLAN_OPERATIONS)
def test_a_plan_operation_in_an_instance_at_another_unit_than_its_plan_is_refused(demo3, opened, operation):
    """A report's instance (at the commune) names the district's plan it reports on: that plan is not its own."""
    before = stored(demo3)
    with pytest.raises(ExecutionFailure, match="không thuộc hồ sơ này"), demo3.unit_of_work() as ctx:
        ctx.actor = get_user(ctx.session, f"chair.{VICTIM}")
        instance = ctx.session.get(ProcessInstance, ctx.session.get(Obligation, opened["victim"]).instance_id)
        assert ctx.session.get(Plan, instance.plan_id).unit_id != instance.unit_id
        PlanflowHandlers().call(ctx, instance, operation, {"kind": "reminder", "role": "officer"},
                                {"title": "Kế hoạch giả mạo"})
    assert stored(demo3) == before


def test_the_victims_own_report_still_goes_through_after_the_attacks(demo3, driver, opened, tmp_path):
    for operation, params in REPORT_OPERATIONS[:5]:
        with pytest.raises(ExecutionFailure):
            attack(demo3, driver, tmp_path, operation, params, {"obligation_id": opened["victim"], "verdict": "accept"})
    for user, name in ((f"head.{VICTIM}", "Thẩm định báo cáo"), (f"chair.{VICTIM}", "Phê duyệt, ký báo cáo")):
        driver.act(user, name, APPROVE)
    driver.act(f"clerk.{VICTIM}", "Vào sổ, gửi báo cáo", {})
    driver.act(f"officer.{DISTRICT}", "Tiếp nhận báo cáo của đơn vị", {"verdict": "accept"})
    with demo3.unit_of_work() as ctx:
        victim = ctx.session.get(Obligation, opened["victim"])
        assert (victim.status, victim.content["results"]) == ("accepted", "Bí mật của xã")
        assert ctx.session.get(Unit, victim.reporting_unit_id).code == VICTIM
    assert [t for t in driver.tasks(f"officer.{VICTIM}") if t["name"] == DRAFT_REPORT] == []
