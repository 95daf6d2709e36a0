"""Incidents and repairs of instances (administrators): list what failed, retry, suspend, resume, terminate, move back.

A step that fails is refused to whoever acted and recorded as an incident (engine/bpmn/runtime.py `incident_scope`).
Every repair needs a reason, is audited with it, and keeps the instance's history: a move back reopens a task as a
new task row, so the rows of the steps done before stay as they were.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypedDict

from SpiffWorkflow.util.task import TaskState
from sqlalchemy import select

from engine.bpmn.incidents import incident_scope, resolve_incidents
from engine.bpmn.internals import give_new_id
from engine.bpmn.runtime import load_workflow, resave, restart_on_latest, stop_instance
from engine.bpmn.scripting import SafeWorkflow
from engine.bpmn.timers import fire_instance_timers
from engine.context import Ctx
from engine.errors import Conflict, InvalidInput, NotFound
from engine.models import HumanTask, Incident, Obligation, PlanStatus, ProcessInstance, Unit, User
from engine.models.incident import INCIDENT_ACTIONS, INCIDENT_STATUSES
from engine.org.admin import require_admin
from engine.plans import lifecycle
from engine.reporting import obligations
from engine.text import clean, nfc

INCIDENTS_SHOWN = 500
# The instance statuses a repair reads as; what each repair accepts is checked against these.
STATUS_LABELS = {"running": "đang chạy", "suspended": "đang tạm dừng", "completed": "đã kết thúc",
                 "cancelled": "đã dừng", "terminated": "đã chấm dứt"}


@dataclass(frozen=True)
class Step:
    """A user task the instance has completed and can be moved back to."""

    bpmn_id: str
    name: str


class IncidentRow(TypedDict):
    """An incident as the incident list, the repair page and the CLI read it."""

    id: int
    instance_id: int
    process_id: str
    plan_id: int | None
    unit: str  # the committee's name; empty on the repair page, which names it once
    instance_status: str
    instance_status_label: str
    element_id: str
    action: str
    action_label: str
    error: str
    details: dict
    status: str
    status_label: str
    occurrences: int
    created_at: str | None
    last_at: str | None
    resolved_at: str | None
    resolved_by: str | None
    resolution: str | None


class RepairView(TypedDict):
    id: int
    process_id: str
    plan_id: int | None
    status: str
    status_label: str
    unit: str
    incidents: list[IncidentRow]
    steps: list[Step]
    open_tasks: list[str]


def list_incidents(ctx: Ctx, user: User, status: str = "open") -> list[IncidentRow]:
    """Incidents, newest first: open ones (default), resolved ones, or `all`."""
    require_admin(ctx.act_as(user))
    if status not in {*INCIDENT_STATUSES, "all"}:
        raise InvalidInput(f"Trạng thái '{status}' không hợp lệ: chọn open, resolved hoặc all.",
                           {"status": "không hợp lệ"})
    query = (select(Incident, ProcessInstance.process_id, ProcessInstance.status, ProcessInstance.plan_id, Unit)
             .join(ProcessInstance, ProcessInstance.id == Incident.instance_id)
             .join(Unit, Unit.id == ProcessInstance.unit_id)
             .order_by(Incident.last_at.desc(), Incident.id.desc()).limit(INCIDENTS_SHOWN))
    if status != "all":
        query = query.where(Incident.status == status)
    return [_row(incident, process_id, instance_status, plan_id, unit.committee_name)
            for incident, process_id, instance_status, plan_id, unit in ctx.session.execute(query)]


def _row(incident: Incident, process_id: str, instance_status: str, plan_id: int | None, unit: str) -> IncidentRow:
    return {
        "id": incident.id, "instance_id": incident.instance_id, "process_id": process_id, "plan_id": plan_id,
        "unit": unit, "instance_status": instance_status,
        "instance_status_label": STATUS_LABELS.get(instance_status, instance_status),
        "element_id": incident.element_id, "action": incident.action,
        "action_label": INCIDENT_ACTIONS.get(incident.action, incident.action), "error": incident.error,
        "details": incident.details, "status": incident.status, "status_label": INCIDENT_STATUSES[incident.status],
        "occurrences": incident.occurrences, "created_at": _iso(incident.created_at), "last_at": _iso(incident.last_at),
        "resolved_at": _iso(incident.resolved_at), "resolved_by": incident.resolved_by,
        "resolution": incident.resolution,
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def repair_view(ctx: Ctx, user: User, instance_id: int) -> RepairView:
    """What the repair page shows of an instance: its status, its incidents, the steps it can move back to."""
    require_admin(ctx.act_as(user))
    instance = _instance(ctx, instance_id)
    incidents = ctx.session.scalars(select(Incident).where(Incident.instance_id == instance_id)
                                    .order_by(Incident.last_at.desc())).all()
    steps = completed_steps(load_workflow(ctx, instance)) if instance.status in {"running", "suspended"} else []
    return {"id": instance.id, "process_id": instance.process_id, "plan_id": instance.plan_id,
            "status": instance.status, "status_label": STATUS_LABELS.get(instance.status, instance.status),
            "unit": ctx.session.get_one(Unit, instance.unit_id).committee_name,
            "incidents": [_row(i, instance.process_id, instance.status, instance.plan_id, "") for i in incidents],
            "steps": steps, "open_tasks": _task_names(ctx, instance_id, ("ready", "suspended"))}


def completed_steps(workflow: SafeWorkflow) -> list[Step]:
    """The user tasks done so far, once each, in the order they were first done."""
    done = sorted(_completed_user_tasks(workflow), key=lambda t: t.last_state_change)
    steps: dict[str, Step] = {}
    for task in done:
        steps.setdefault(task.task_spec.bpmn_id, Step(task.task_spec.bpmn_id,
                                                      task.task_spec.bpmn_name or task.task_spec.bpmn_id))
    return list(steps.values())


def retry_instance(ctx: Ctx, user: User, instance_id: int, reason: str) -> int:
    """Run again the step that failed, after a fix: the timer whose step failed (deploy and migrate first), or the
    start of a report that run-due could not open (on the newest version: deploying the fix is enough); returns
    the timers fired.

    A failed completion is the user's to submit again once the process is fixed: its incident closes then.
    """
    instance, reason = _repairing(ctx, user, instance_id, reason, {"running"}, "thử lại")
    incidents = _open_incidents(ctx, instance_id)
    if not incidents:
        raise Conflict(f"Hồ sơ #{instance_id} không có sự cố đang mở để thử lại.")
    failed = next((i for i in incidents if i.action in RETRIED), None)
    if failed is None:
        first = incidents[0]
        who, task = first.details.get("user", "người dùng"), first.details.get("task_name", first.element_id)
        raise Conflict(f"Sự cố của hồ sơ #{instance_id} xảy ra khi {who} thực hiện '{task}': sau khi sửa quy trình, "
                       "người dùng gửi lại thao tác đó; sự cố tự đóng khi quy trình tiếp tục.")
    with incident_scope(instance_id, failed.action, failed.element_id):
        fired = RETRIED[failed.action](ctx, instance)
    resolve_incidents(ctx, instance, f"Thử lại thành công: {reason}")
    ctx.audit("incident_retry", instance_id=instance_id, plan_id=instance.plan_id, comment=reason,
              details={"incidents": [i.id for i in incidents], "fired": fired})
    return fired


def _restart(ctx: Ctx, instance: ProcessInstance) -> int:
    """Run a report kept at its start on the newest version of its process; no timer fires."""
    restart_on_latest(ctx, instance)
    return 0


# What a retry runs again, by the action that failed.
RETRIED = {"timer": fire_instance_timers, "start": _restart}


def suspend_instance(ctx: Ctx, user: User, instance_id: int, reason: str) -> None:
    """Hold an instance: its tasks leave the inboxes and refuse completion, its timers wait."""
    instance, reason = _repairing(ctx, user, instance_id, reason, {"running"}, "tạm dừng")
    _set_task_status(ctx, instance_id, "ready", "suspended")
    instance.status, instance.updated_at = "suspended", ctx.now()
    ctx.audit("suspend", instance_id=instance_id, plan_id=instance.plan_id, comment=reason)


def resume_instance(ctx: Ctx, user: User, instance_id: int, reason: str) -> None:
    """Let a suspended instance go on: its tasks are back in the inboxes, timers missed meanwhile fire at run-due."""
    instance, reason = _repairing(ctx, user, instance_id, reason, {"suspended"}, "tiếp tục")
    _set_task_status(ctx, instance_id, "suspended", "ready")
    instance.status, instance.updated_at = "running", ctx.now()
    ctx.audit("resume", instance_id=instance_id, plan_id=instance.plan_id, comment=reason)


def terminate_instance(ctx: Ctx, user: User, instance_id: int, reason: str) -> None:
    """End an instance for good: open tasks cancelled, timers dropped, its open incidents closed, and the plan or
    report it carries ended with it."""
    instance, reason = _repairing(ctx, user, instance_id, reason, {"running", "suspended"}, "chấm dứt")
    stop_instance(ctx, instance, "terminated")
    resolve_incidents(ctx, instance, f"Quy trình đã chấm dứt: {reason}")
    ctx.audit("terminate", instance_id=instance_id, plan_id=instance.plan_id, comment=reason)
    _end_subject(ctx, instance, reason)


def _end_subject(ctx: Ctx, instance: ProcessInstance, reason: str) -> None:
    """A plan whose lifecycle ends reads 'Đã chấm dứt', a report whose process ends is cancelled with the reason,
    so neither stays in progress or expected. A plan's other processes (a recipient's receipt) leave it as it is."""
    if instance.process_id == lifecycle.PROCESS_ID:
        lifecycle.plan_of(ctx, instance).status = PlanStatus.TERMINATED
        return
    obligation = ctx.session.scalar(select(Obligation).where(Obligation.instance_id == instance.id))
    if obligation is not None:
        obligations.mark_cancelled(ctx, obligation, reason)


def move_instance(ctx: Ctx, user: User, instance_id: int, bpmn_id: str, reason: str) -> str:
    """Reopen a user task the instance completed earlier (a report issued by mistake); returns the task's name.

    The task reopens with the data it had when first reached; what was done after it is cancelled, and the
    plan's or report's status follows the reopened task. The rows and audit entries of the steps done stay.
    """
    instance, reason = _repairing(ctx, user, instance_id, reason, {"running"}, "đưa về bước trước")
    workflow = load_workflow(ctx, instance)
    bpmn_id = nfc(bpmn_id or "").strip()
    done = [t for t in _completed_user_tasks(workflow) if t.task_spec.bpmn_id == bpmn_id]
    if not done:
        choices = ", ".join(f"{s.bpmn_id} ({s.name})" for s in completed_steps(workflow)) or "chưa có"
        raise InvalidInput(f"Hồ sơ #{instance_id} không có bước '{bpmn_id}' đã hoàn thành để quay lại; "
                           f"các bước đã hoàn thành: {choices}.", {"to": "không hợp lệ"})
    target = max(done, key=lambda t: t.last_state_change)
    left = _task_names(ctx, instance_id, ("ready",))
    workflow.reset_from_task_id(target.id)
    give_new_id(target)
    resave(ctx, instance, workflow)
    resolve_incidents(ctx, instance, f"Quy trình được đưa về bước '{target.task_spec.bpmn_name}': {reason}")
    name = target.task_spec.bpmn_name or bpmn_id
    ctx.audit("move", instance_id=instance_id, plan_id=instance.plan_id, task_name=name, comment=reason,
              details={"to": bpmn_id, "cancelled": left})
    return name


def _completed_user_tasks(workflow: SafeWorkflow) -> list[Any]:
    # Filtered by state, SpiffWorkflow's iterator does not enter a sub-process that is still running.
    return [t for t in workflow.get_tasks() if t.task_spec.manual and t.state == TaskState.COMPLETED]


def _repairing(ctx: Ctx, user: User, instance_id: int, reason: str, accepted: set[str],
               verb: str) -> tuple[ProcessInstance, str]:
    """An administrator, a reason, and an instance in a status this repair accepts; the actor is set for the audit."""
    require_admin(ctx.act_as(user))
    reason = clean(reason or "", "reason").strip()
    if not reason:
        raise InvalidInput(f"Cần ghi lý do để {verb} hồ sơ #{instance_id}.", {"reason": "bắt buộc"})
    instance = _instance(ctx, instance_id, lock=True)
    if instance.status not in accepted:
        raise Conflict(f"Không thể {verb} hồ sơ #{instance_id}: quy trình "
                       f"{STATUS_LABELS.get(instance.status, instance.status)}.")
    return instance, reason


def _instance(ctx: Ctx, instance_id: int, lock: bool = False) -> ProcessInstance:
    instance = ctx.session.get(ProcessInstance, instance_id, with_for_update=lock)
    if instance is None:
        raise NotFound(f"Không có hồ sơ quy trình #{instance_id}.")
    return instance


def _open_incidents(ctx: Ctx, instance_id: int) -> list[Incident]:
    return list(ctx.session.scalars(select(Incident).where(Incident.instance_id == instance_id,
                                                           Incident.status == "open").order_by(Incident.id)))


def _task_names(ctx: Ctx, instance_id: int, statuses: tuple[str, ...]) -> list[str]:
    return list(ctx.session.scalars(select(HumanTask.name).where(HumanTask.instance_id == instance_id,
                                                                 HumanTask.status.in_(statuses))))


def _set_task_status(ctx: Ctx, instance_id: int, old: str, new: str) -> None:
    tasks = HumanTask.__table__
    ctx.session.execute(tasks.update().where(tasks.c.instance_id == instance_id, tasks.c.status == old)
                        .values(status=new))


REPAIR_ACTIONS = {"retry": "Thử lại", "suspend": "Tạm dừng", "resume": "Tiếp tục", "terminate": "Chấm dứt",
                  "move": "Đưa về bước trước"}


def repair_instance(ctx: Ctx, user: User, instance_id: int, action: str, reason: str, to: str | None = None) -> str:
    """One repair by its name (the page, the API and the CLI offer the same five); returns what was done."""
    match action:
        case "retry":
            fired = retry_instance(ctx, user, instance_id, reason)
            return f"Đã thử lại hồ sơ #{instance_id} ({fired} hẹn giờ được kích hoạt); sự cố đã đóng."
        case "suspend":
            suspend_instance(ctx, user, instance_id, reason)
            return f"Đã tạm dừng hồ sơ #{instance_id}."
        case "resume":
            resume_instance(ctx, user, instance_id, reason)
            return f"Đã tiếp tục hồ sơ #{instance_id}."
        case "terminate":
            terminate_instance(ctx, user, instance_id, reason)
            return f"Đã chấm dứt hồ sơ #{instance_id}."
        case "move":
            name = move_instance(ctx, user, instance_id, to or "", reason)
            return f"Đã đưa hồ sơ #{instance_id} về bước '{name}'."
    raise InvalidInput(f"Thao tác '{action}' không có; chọn một trong: {', '.join(REPAIR_ACTIONS)}.",
                       {"action": "không hợp lệ"})
