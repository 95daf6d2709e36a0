"""Any process instance as its diagram shows it: the state of each element, its tasks' data, its history.

Read-only: the workflow is deserialized from its row and never saved, and the warm cache is left
alone (taking an entry out would make the instance's next step reload it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from SpiffWorkflow.bpmn.specs.mixins import (
    EndEventMixin,
    EventBasedGatewayMixin,
    ExclusiveGatewayMixin,
    InclusiveGatewayMixin,
    ParallelGatewayMixin,
    StartEventMixin,
)
from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import LoopTask
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.bpmn.persistence import load
from engine.bpmn.scripting import SafeWorkflow
from engine.context import Ctx
from engine.errors import NotFound
from engine.models import KIND_LABELS, AuditEntry, Definition, HumanTask, Obligation, Plan, ProcessInstance, Unit, User
from engine.models.reporting import ReportKind
from engine.org.access import in_scope, may_see_obligation, visible_plans
from engine.org.roles import Role
from engine.plans import lifecycle
from engine.processes.history import audit_history

ELEMENT_STATE_LABELS = {"completed": "Đã hoàn thành", "active": "Đang thực hiện", "waiting": "Đang chờ"}
INSTANCE_STATUS_LABELS = {"running": "Đang chạy", "completed": "Đã kết thúc", "cancelled": "Đã dừng",
                          "suspended": "Đang tạm dừng", "terminated": "Đã chấm dứt"}
_STATES = {TaskState.READY: "active", TaskState.STARTED: "active", TaskState.WAITING: "waiting",
           TaskState.COMPLETED: "completed"}
# When an element has several tasks (a looped sub-process's rounds), the liveliest one names its state.
_PRECEDENCE = ("completed", "waiting", "active")
# Elements the diagram colours but the list of steps leaves out: the loop wrapper repeats its round's
# sub-process, and gateways, start and end events carry neither data nor a person.
_NOT_STEPS = (LoopTask, StartEventMixin, EndEventMixin, ExclusiveGatewayMixin, InclusiveGatewayMixin,
              ParallelGatewayMixin, EventBasedGatewayMixin)
_SEES_EVERY_INSTANCE = {Role.DESIGNER, Role.ADMIN}


@dataclass(frozen=True)
class TaskView:
    bpmn_id: str
    name: str
    state: str  # completed | active | waiting
    data: dict  # a user task's data, JSON-safe, without internal keys; empty for other steps
    completed_by: str | None
    completed_at: datetime | None


@dataclass(frozen=True)
class InstanceView:
    instance_id: int
    process_id: str
    process_name: str
    version: int
    definition_id: int
    status: str
    unit_name: str
    plan_id: int | None
    plan_title: str | None
    plan_number: str | None
    report_title: str | None  # the report an instance of the report process makes
    elements: dict[str, str]  # bpmn id → completed | active | waiting
    tasks: list[TaskView]  # in the workflow's order: a loop's rounds one after another
    history: list[dict]  # the audit trail, oldest first
    report_kind: str | None = None  # the report's kind and year, for a page to word report_title in its language
    report_year: int | None = None

    def state(self) -> dict:
        """What the diagram viewer reads: element states, and each element's tasks."""
        tasks: dict[str, list[dict]] = {}
        for task in self.tasks:
            tasks.setdefault(task.bpmn_id, []).append({
                "name": task.name, "state": task.state, "data": task.data, "completed_by": task.completed_by,
                "completed_at": task.completed_at.isoformat() if task.completed_at else None})
        return {"elements": self.elements, "tasks": tasks}


def visible_instance(session: Session, user: User, instance_id: int) -> ProcessInstance:
    """The instance, if the user may watch it; otherwise the same 'not found' as for a missing id.

    Designers and administrators watch every instance. Others watch a report's instance as they see
    the report (made or received in their scope), a plan's lifecycle as they see the plan, and any
    other instance (a receipt, a process started by hand) when its unit is in their scope.
    """
    instance = session.get(ProcessInstance, instance_id)
    if instance is None or not _may_watch(session, user, instance):
        raise NotFound(f"Không có quy trình #{instance_id} trong phạm vi của bạn.")
    return instance


def _may_watch(session: Session, user: User, instance: ProcessInstance) -> bool:
    if {a.role for a in user.roles} & _SEES_EVERY_INSTANCE:
        return True
    obligation_id = session.scalar(select(Obligation.id).where(Obligation.instance_id == instance.id))
    if obligation_id is not None:
        return may_see_obligation(session, user, obligation_id)
    if instance.process_id == lifecycle.PROCESS_ID and instance.plan_id is not None:
        return session.scalar(visible_plans(user).with_only_columns(Plan.id)
                              .where(Plan.id == instance.plan_id)) is not None
    return in_scope(session, user, instance.unit_id)


def instance_source(session: Session, user: User, instance_id: int) -> bytes:
    """The BPMN file of the version the instance runs on."""
    instance = visible_instance(session, user, instance_id)
    return session.get_one(Definition, instance.definition_id).source


def instance_view(ctx: Ctx, user: User, instance_id: int) -> InstanceView:
    """The instance as a user in its scope watches it: where it stands, what each step holds, who did what."""
    session = ctx.session
    instance = visible_instance(session, user, instance_id)
    definition = session.get_one(Definition, instance.definition_id)
    spec, subprocess_specs = ctx.specs.get_by_id(session, instance.definition_id)
    stopped = instance.status in ("cancelled", "terminated")
    reached = _reached(load(instance.state, spec, subprocess_specs), stopped=stopped)
    plan = session.get(Plan, instance.plan_id) if instance.plan_id else None
    entries = session.scalars(select(AuditEntry).where(AuditEntry.instance_id == instance.id)
                              .order_by(AuditEntry.id)).all()
    return InstanceView(
        instance_id=instance.id, process_id=instance.process_id, process_name=spec.description or spec.name,
        version=definition.version, definition_id=definition.id, status=instance.status,
        unit_name=session.get_one(Unit, instance.unit_id).committee_name, plan_id=instance.plan_id,
        plan_title=plan.title if plan else None, plan_number=plan.number_symbol if plan else None,
        report_title=_report_title(session, instance.id), elements=_element_states(reached),
        tasks=_steps(session, instance.id, reached), history=audit_history(session, entries),
        **_report_period(session, instance.id),
    )


def _reached(workflow: SafeWorkflow, stopped: bool) -> list[tuple[Task, str]]:
    """Every task of a diagram element (Spiff's own Start, End, joins have none) that the run has reached,
    with its state; the top workflow's and every sub-process's, in the tree's order."""
    reached = []
    for task in workflow.get_tasks():
        state = _STATES.get(task.state)
        # A stopped instance keeps its last workflow state, but nothing in it is under way any more.
        if task.task_spec.bpmn_id is not None and state and (state == "completed" or not stopped):
            reached.append((task, state))
    return reached


def _element_states(reached: list[tuple[Task, str]]) -> dict[str, str]:
    elements: dict[str, str] = {}
    for task, state in reached:
        known = elements.get(task.task_spec.bpmn_id)
        if known is None or _PRECEDENCE.index(state) > _PRECEDENCE.index(known):
            elements[task.task_spec.bpmn_id] = state
    return elements


def _steps(session: Session, instance_id: int, reached: list[tuple[Task, str]]) -> list[TaskView]:
    completions = {row.id: row for row in session.execute(
        select(HumanTask.id, HumanTask.completed_by, HumanTask.completed_at)
        .where(HumanTask.instance_id == instance_id, HumanTask.status == "completed"))}
    views = []
    for task, state in reached:
        spec = task.task_spec
        if isinstance(spec, _NOT_STEPS):
            continue
        done = completions.get(str(task.id))
        views.append(TaskView(
            bpmn_id=spec.bpmn_id, name=spec.bpmn_name or spec.bpmn_id, state=state,
            data={k: _json_safe(v) for k, v in task.data.items() if not k.startswith("_")} if spec.manual else {},
            completed_by=done.completed_by if done else None, completed_at=done.completed_at if done else None))
    return views


def _report_period(session: Session, instance_id: int) -> dict:
    obligation = session.scalar(select(Obligation).where(Obligation.instance_id == instance_id))
    return {"report_kind": obligation.kind, "report_year": obligation.year} if obligation else {}


def _report_title(session: Session, instance_id: int) -> str | None:
    obligation = session.scalar(select(Obligation).where(Obligation.instance_id == instance_id))
    if obligation is None:
        return None
    return f"{KIND_LABELS[ReportKind(obligation.kind)]} năm {obligation.year}"


def _json_safe(value: Any) -> Any:
    """Task data as JSON: dates as ISO text, tuples as lists, anything unexpected as its text."""
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, date):  # datetime too
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)
