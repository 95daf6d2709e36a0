"""Running BPMN instances durably: start, complete a task under guard, run to the next wait, save.

Every function works inside one database transaction owned by the caller (a `Ctx`); any
exception discards the in-memory workflow and the transaction, so stored state is unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import Row, bindparam, select
from sqlalchemy.orm.exc import StaleDataError

from engine.bpmn.deployment import require_latest
from engine.bpmn.forms import validate_form
from engine.bpmn.incidents import incident_scope, resolve_incidents
from engine.bpmn.loops import prune_finished_rounds
from engine.bpmn.persistence import dump, load
from engine.bpmn.projection import (
    DELETE_TIMERS,
    MARK_COMPLETED,
    OPEN_TASKS,
    REPROJECTED,
    TASK_AND_OPEN_SIBLINGS,
    TASKS,
    project,
    sync_human_tasks,
    sync_timers,
)
from engine.bpmn.scripting import SafeWorkflow
from engine.context import Ctx
from engine.errors import Conflict, ExecutionFailure, Forbidden, InvalidInput, NotFound, PlanflowError
from engine.models import Definition, ProcessInstance, Unit, User
from engine.models.plan import Plan
from engine.org.authority import require_task_authority
from engine.org.units import acting_roles
from engine.text import nfc_data

INSTANCE_FOR_UPDATE = select(ProcessInstance).where(ProcessInstance.id == bindparam("instance_id")).with_for_update()


def start_instance(ctx: Ctx, process_id: str, unit: Unit, data: dict, plan: Plan | None = None,
                   run: bool = True) -> ProcessInstance:
    """Create an instance on the newest version of the process and run it to its first wait.

    With `run=False` it is stored as created, waiting at its start: how a start that failed in run-due is kept
    for an administrator's retry (engine/processes/repairs.py).
    """
    definition = require_latest(ctx.session, process_id)
    now = ctx.now()
    instance = ProcessInstance(
        definition_id=definition.id, process_id=process_id, unit_id=unit.id, plan_id=plan.id if plan else None,
        state="", started_by=ctx.actor_name, created_at=now, updated_at=now,
    )
    ctx.session.add(instance)
    ctx.session.flush()
    workflow = _new_workflow(ctx, instance, definition, nfc_data(data))
    ctx.audit("start", instance_id=instance.id, plan_id=instance.plan_id, task_name=workflow.spec.description)
    if not run:
        _save(ctx, instance, workflow, open_tasks=[])
        return instance
    with incident_scope(instance.id, "start", process_id):
        run_to_wait(ctx, instance, workflow, open_tasks=[])  # a new instance has no task rows yet
    return instance


def _new_workflow(ctx: Ctx, instance: ProcessInstance, definition: Definition, data: dict) -> SafeWorkflow:
    spec, subprocess_specs = ctx.specs.get(definition)
    workflow = _bind(ctx, instance, SafeWorkflow(spec, subprocess_specs))
    for task in workflow.get_tasks(state=TaskState.READY):
        task.data.update(data)
    return workflow


def never_ran(workflow: SafeWorkflow) -> bool:
    """Stored at its start and never run (start_instance with run=False): its root task still waits."""
    return workflow.task_tree.state == TaskState.READY


def restart_on_latest(ctx: Ctx, instance: ProcessInstance) -> None:
    """Run an instance kept at its start from there, on the newest version of its process (the fixed one)."""
    stored = load_workflow(ctx, instance)
    if not never_ran(stored):
        raise Conflict(f"Hồ sơ #{instance.id} đã chạy qua bước khởi tạo.")
    definition = require_latest(ctx.session, instance.process_id)
    instance.definition_id = definition.id
    run_to_wait(ctx, instance, _new_workflow(ctx, instance, definition, stored.task_tree.data), open_tasks=[])


def start_for_user(ctx: Ctx, user: User, process_id: str, unit: Unit, data: dict) -> ProcessInstance:
    """Start a process at a unit where the user holds a role."""
    if process_id in ctx.handlers.host_started:
        raise InvalidInput(f"Quy trình '{process_id}' do hệ thống khởi tạo (kế hoạch: dùng 'planflow plan start').")
    ctx.act_as(user)
    if not acting_roles(user, unit.id):
        raise Forbidden(f"Bạn không có vai trò nào tại {unit.committee_name}.")
    return start_instance(ctx, process_id, unit, data)


def complete_task(ctx: Ctx, user: User, task_id: str, data: Any) -> ProcessInstance:
    """Complete a READY task for a user holding its lane's role at the instance's unit."""
    rows = ctx.session.connection().execute(TASK_AND_OPEN_SIBLINGS, {"task_id": task_id}).all()
    human = next((row for row in rows if row.id == task_id), None)
    if human is None:
        raise NotFound(f"Không có nhiệm vụ '{task_id}'.")
    check_still_open(human)
    ctx.act_as(user)
    acting = require_task_authority(ctx.session, user, human, ctx.today())
    data = validate_form(human.form, data)
    instance = ctx.session.scalars(INSTANCE_FOR_UPDATE, {"instance_id": human.instance_id}).one()
    workflow = load_workflow(ctx, instance)
    task = workflow.get_task_from_id(UUID(task_id))
    if task is None or task.state != TaskState.READY:
        raise Conflict(f"Nhiệm vụ '{human.name}' không còn chờ xử lý.")
    ctx.authority = acting
    task.data.update(data)
    ctx.audit("complete", instance_id=instance.id, plan_id=instance.plan_id, task_name=human.name,
              comment=data.get("comment") or None, details={"data": data})
    with incident_scope(instance.id, "complete", human.bpmn_id, task_id=task_id, task_name=human.name,
                        user=user.username):
        _run(task.run, human.bpmn_id)
        ctx.session.connection().execute(MARK_COMPLETED, {"task_id": task_id, "by": user.username, "at": ctx.now()})
        run_to_wait(ctx, instance, workflow,
                    open_tasks=[row for row in rows if row.status == "ready" and row is not human])
    if instance.has_incident:
        resolve_incidents(ctx, instance, f"Quy trình đã tiếp tục: {user.username} hoàn thành '{human.name}'.")
    return instance


def cancel_instance(ctx: Ctx, instance: ProcessInstance) -> None:
    """Stop an instance the host no longer needs (its unit was dissolved): no open tasks, no timers."""
    stop_instance(ctx, instance, "cancelled")
    ctx.audit("cancel", instance_id=instance.id, plan_id=instance.plan_id)


def stop_instance(ctx: Ctx, instance: ProcessInstance, status: str) -> None:
    """End an instance where it stands: its open (or suspended) tasks are cancelled and its timers dropped."""
    open_tasks = (TASKS.c.instance_id == instance.id) & TASKS.c.status.in_(("ready", "suspended"))
    ctx.session.connection().execute(TASKS.update().where(open_tasks).values(status="cancelled"))
    ctx.session.connection().execute(DELETE_TIMERS, {"of_instance": instance.id})
    instance.status, instance.timers, instance.updated_at = status, [], ctx.now()


def resave(ctx: Ctx, instance: ProcessInstance, workflow: SafeWorkflow) -> None:
    """Run and save a workflow just put on another version of its process (a migration).

    A task READY before and after keeps its row, so its id and the users' saved drafts stay; the row then
    shows what the new version says of that step (name, form, lane, instructions, due date).
    """
    connection = ctx.session.connection()
    open_tasks = connection.execute(OPEN_TASKS, {"instance_id": instance.id}).all()
    run_to_wait(ctx, instance, _bind(ctx, instance, workflow), open_tasks)
    ready = {str(t.id): t for t in workflow.get_tasks(state=TaskState.READY, manual=True)}
    for row in open_tasks:
        if row.id in ready:
            projection = project(ctx, instance, ready[row.id])
            connection.execute(TASKS.update().where(TASKS.c.id == row.id)
                               .values({key: projection[key] for key in REPROJECTED}))


def check_still_open(human: Row) -> None:
    if human.status == "completed":
        raise Conflict(
            f"Nhiệm vụ '{human.name}' đã được {human.completed_by} hoàn thành lúc "
            f"{human.completed_at:%H:%M %d/%m/%Y}; dữ liệu của bạn chưa được ghi."
        )
    if human.status == "suspended":
        raise Conflict(f"Quy trình của nhiệm vụ '{human.name}' đang tạm dừng để xử lý sự cố; dữ liệu của bạn chưa "
                       "được ghi, hãy thử lại khi quy trình được tiếp tục.")
    if human.status != "ready":
        raise Conflict(f"Nhiệm vụ '{human.name}' không còn chờ xử lý.")


def load_workflow(ctx: Ctx, instance: ProcessInstance) -> SafeWorkflow:
    """The instance's workflow as its row stores it: kept in memory from this process's last step, or loaded."""
    workflow = ctx.warm.take(instance.id, instance.row_version) if ctx.warm else None
    if workflow is None:
        spec, subprocess_specs = ctx.specs.get_by_id(ctx.session, instance.definition_id)
        workflow = load(instance.state, spec, subprocess_specs)
    return _bind(ctx, instance, workflow)


def _bind(ctx: Ctx, instance: ProcessInstance, workflow: SafeWorkflow) -> SafeWorkflow:
    """Service tasks of this workflow call the host within this unit of work."""
    workflow.script_engine.service_handler = (
        lambda task, operation, params: ctx.handlers.call(ctx, instance, operation, params, task.data)
    )
    return workflow


def _run(step: Callable[[], object], element_id: str) -> None:
    try:
        step()
    except PlanflowError:
        raise
    except SpiffWorkflowException as exc:
        element_id = getattr(getattr(exc, "task_spec", None), "bpmn_id", None) or element_id
        raise _located(ExecutionFailure(f"Lỗi khi thực hiện bước '{element_id}': {exc}"), element_id) from exc
    except Exception as exc:  # a host operation's fault still rolls back and reads as a refusal
        raise _located(ExecutionFailure(f"Lỗi khi thực hiện bước '{element_id}': {type(exc).__name__}: {exc}"),
                       element_id) from exc


def _located(failure: ExecutionFailure, element_id: str) -> ExecutionFailure:
    """The failing element, for the incident (a script's failure names its own: SandboxFailure.element_id)."""
    failure.element_id = element_id
    return failure


def run_to_wait(ctx: Ctx, instance: ProcessInstance, workflow: SafeWorkflow,
                open_tasks: Sequence[Row] | None = None) -> None:
    """Run the engine's steps to the next wait and save the instance."""
    _run(workflow.do_engine_steps, instance.process_id)
    _save(ctx, instance, workflow, open_tasks)


def _save(ctx: Ctx, instance: ProcessInstance, workflow: SafeWorkflow, open_tasks: Sequence[Row] | None) -> None:
    prune_finished_rounds(workflow)
    instance.state = dump(workflow)
    instance.status = "completed" if workflow.is_completed() else "running"
    instance.updated_at = ctx.now()
    sync_human_tasks(ctx, instance, workflow, open_tasks)
    sync_timers(ctx, instance, workflow)
    try:
        ctx.session.flush()  # the instance row is written only if its row_version is still the one read
    except StaleDataError as exc:
        raise Conflict("Hồ sơ vừa được người khác cập nhật; hãy tải lại và thử lại.") from exc
    if ctx.warm is not None:
        warm, saved_version = ctx.warm, instance.row_version  # a Ctx keeps its cache: the same one after commit
        ctx.after_commit.append(lambda: warm.keep(instance.id, saved_version, workflow))


def deliver_outbox(ctx: Ctx) -> None:
    """Deliver the messages this unit of work sent, including those sent while delivering."""
    origin = ctx.outbox[0].source_instance_id if ctx.outbox else None
    while ctx.outbox:
        message = ctx.outbox.pop(0)
        # A failure is the incident of the instance whose step sent the first message: instances started while
        # delivering are rolled back with it.
        with incident_scope(origin, "message", message.name, message=message.name):
            ctx.handlers.deliver(ctx, message)
        message.delivered_at = ctx.now()
