"""Test factories as plain functions: act as a user, in one transaction each, like the CLI does."""

from __future__ import annotations

from datetime import date

from engine.bpmn.runtime import complete_task
from engine.core import Planflow
from engine.org.units import get_user
from engine.plans.detail import plan_detail
from engine.plans.lifecycle import start_plan
from engine.scheduler.steps import run_due_steps
from engine.work.inbox import inbox

APPROVE = {"decision": "approve"}


def one_task_process(process_id: str, task_name: str, then_script: str | None = None,
                     reminder_script: str | None = None) -> str:
    """A minimal process: an officer's user task, optionally followed by a script task, and optionally with a
    reminder at the date in data `remind_at` that runs `reminder_script` (a script that may fail)."""
    after = "e"
    script = ""
    if then_script is not None:
        after = "run_script"
        script = (f'<bpmn:scriptTask id="run_script"><bpmn:script>{then_script}</bpmn:script></bpmn:scriptTask>'
                  '<bpmn:sequenceFlow id="f3" sourceRef="run_script" targetRef="e" />')
    reminder = "" if reminder_script is None else f"""
    <bpmn:boundaryEvent id="remind" name="Nhắc trả lời" attachedToRef="ask" cancelActivity="false">
      <bpmn:timerEventDefinition><bpmn:timeDate>remind_at</bpmn:timeDate></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f4" sourceRef="remind" targetRef="note" />
    <bpmn:scriptTask id="note"><bpmn:script>{reminder_script}</bpmn:script></bpmn:scriptTask>
    <bpmn:sequenceFlow id="f5" sourceRef="note" targetRef="e2" /><bpmn:endEvent id="e2" />"""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <bpmn:process id="{process_id}" isExecutable="true">
    <bpmn:laneSet id="ls">
      <bpmn:lane id="l" name="Chuyên viên"><bpmn:flowNodeRef>ask</bpmn:flowNodeRef></bpmn:lane>
    </bpmn:laneSet>
    <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="ask" />
    <bpmn:userTask id="ask" name="{task_name}" /><bpmn:sequenceFlow id="f2" sourceRef="ask" targetRef="{after}" />
    {script}<bpmn:endEvent id="e" />{reminder}
  </bpmn:process>
</bpmn:definitions>
"""


class Driver:
    """Drives the engine exactly as a user would: every call is its own unit of work."""

    def __init__(self, planflow: Planflow):
        self.planflow = planflow

    def start_plan(self, unit: str, user: str, due: date | None = None) -> int:
        with self.planflow.unit_of_work() as ctx:
            return start_plan(ctx, unit, get_user(ctx.session, user), due).id

    def tasks(self, user: str) -> list[dict]:
        with self.planflow.unit_of_work() as ctx:
            return inbox(ctx.session, get_user(ctx.session, user))

    def task(self, user: str, name: str, plan_id: int | None = None) -> dict:
        matches = [t for t in self.tasks(user) if t["name"] == name and plan_id in (None, t["plan_id"])]
        assert matches, f"{user} has no task '{name}' (plan {plan_id}): {[t['name'] for t in self.tasks(user)]}"
        return matches[0]

    def complete(self, user: str, task_id: str, data: dict | None = None) -> None:
        with self.planflow.unit_of_work() as ctx:
            complete_task(ctx, get_user(ctx.session, user), task_id, data or {})

    def act(self, user: str, name: str, data: dict | None = None, plan_id: int | None = None) -> None:
        self.complete(user, self.task(user, name, plan_id)["id"], data)

    def drafted_plan(self, title: str, summary: str) -> tuple[int, int]:
        """A plan at Tứ Kỳ whose officer has submitted the draft: (plan id, its lifecycle instance id)."""
        plan_id = self.start_plan("298", "officer.298")
        self.act("officer.298", "Soạn thảo dự thảo kế hoạch", {"title": title, "summary": summary}, plan_id)
        return plan_id, self.plan(plan_id)["instance_id"]

    def plan(self, plan_id: int) -> dict:
        with self.planflow.unit_of_work() as ctx:
            return plan_detail(ctx.session, plan_id)

    def run_due(self) -> int:
        """Everything `planflow run-due` does, each item in its own transaction; returns how many timers fired."""
        return run_due_steps(self.planflow).fired

    def issue(self, plan_id: int, code: str, title: str = "Kế hoạch công tác dân vận chính quyền năm 2024",
              signer: str = "chair", **draft) -> None:
        """Draft, review, sign and issue a plan at the unit with this code."""
        self.act(f"officer.{code}", "Soạn thảo dự thảo kế hoạch", {"title": title, **draft}, plan_id)
        self.act(f"head.{code}", "Thẩm định dự thảo kế hoạch", APPROVE, plan_id)
        self.act(f"{signer}.{code}", "Phê duyệt, ký kế hoạch", APPROVE, plan_id)
        self.act(f"clerk.{code}", "Vào sổ, ban hành kế hoạch", {}, plan_id)

    def send_report(self, code: str, indicators: dict | None = None, results: str | None = None,
                    until: str | None = None) -> None:
        """Draft, review, sign and send a unit's open report; stop before the step named `until`."""
        steps = [(f"officer.{code}", "Soạn báo cáo",
                  {"results": results or f"Kết quả của {code}", "indicators": indicators or {}}),
                 (f"head.{code}", "Thẩm định báo cáo", APPROVE), (f"chair.{code}", "Phê duyệt, ký báo cáo", APPROVE),
                 (f"clerk.{code}", "Vào sổ, gửi báo cáo", {})]
        for user, name, data in steps:
            if name == until:
                return
            self.act(user, name, data)
