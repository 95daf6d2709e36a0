"""Running BPMN instances durably: start, complete a task under guard, run to the next wait, save.

Every function works inside one database transaction owned by the caller (a `Ctx`); any
exception discards the in-memory workflow and the transaction, so stored state is unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar
from uuid import UUID

from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import Integer, Row, bindparam, case, inspect, select
from sqlalchemy.orm.attributes import set_committed_value
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
from engine.deferred import write_later
from engine.errors import Conflict, ExecutionFailure, Forbidden, InvalidInput, NotFound, PlanflowError
from engine.models import Definition, ProcessInstance, Unit, User
from engine.models.plan import Plan
from engine.org.authority import require_task_authority
from engine.org.units import acting_roles
from engine.text import nfc_data

T = TypeVar("T")
# SpiffWorkflow's task iterator (SpiffWorkflow.util.task.TaskIterator, max_depth) does not look below this depth:
# a cycle of engine steps ends its do_engine_steps there with its next step unseen, and get_tasks/is_completed
# no longer see it. Deployment refuses such cycles (engine.bpmn.definitions, _cycle_problems); _unseen_task stops
# what slips through. A workflow with fewer tasks than this cannot be that deep, so the normal path pays one len().
SPIFF_SIGHT = 1000
# Reaching that depth takes SpiffWorkflow seconds (each round lists the READY tasks of the whole tree), so a run
# is also stopped early: past STEP_BUDGET engine steps, a step sitting STEP_BUDGET levels below where its workflow
# stood at that point can only come from a cycle of engine steps (a shipped step runs a handful; a multi-instance
# task over hundreds of units runs wide, not deep). Below the budget a step costs one call and one addition.
STEP_BUDGET = 200
_RUNAWAY = ("chạy quá {limit} bước liên tiếp không gặp bước chờ nào (vòng lặp không có bước chờ) và đã bị dừng; "
            "dữ liệu chưa được ghi. Hãy sửa quy trình: đặt một bước chờ trong vòng lặp")

STALE_INSTANCE = "Hồ sơ vừa được người khác cập nhật; hãy tải lại và thử lại."
INSTANCE_FOR_UPDATE = select(ProcessInstance).where(ProcessInstance.id == bindparam("instance_id")).with_for_update()
_INSTANCES = ProcessInstance.__table__
_READ_VERSION = bindparam("read_version", type_=Integer)
# The saved state of an instance whose row this transaction holds locked (see _save). Its version moves on from the
# one read, and from nothing else: another would become NULL, which the column refuses, so the transaction fails
# rather than overwrite a step it did not see.
SAVE_LOCKED = (_INSTANCES.update().where(_INSTANCES.c.id == bindparam("instance_id"))
               .values(row_version=case((_INSTANCES.c.row_version == _READ_VERSION, _READ_VERSION + 1))))


def start_instance(ctx: Ctx, process_id: str, unit: Unit, data: dict, plan: Plan | None = None,
                   run: bool = True, created: Callable[[ProcessInstance], None] | None = None) -> ProcessInstance:
    """Create an instance on the newest version of the process and run it to its first wait.

    With `run=False` it is stored as created, waiting at its start: how a start that failed in run-due is kept
    for an administrator's retry (engine/processes/repairs.py). `created` is called with the new instance (it has
    its id) before anything runs: the host links its records to it, so its first step already finds them.
    """
    definition = require_latest(ctx.session, process_id)
    now = ctx.now()
    instance = ProcessInstance(
        definition_id=definition.id, process_id=process_id, unit_id=unit.id, plan_id=plan.id if plan else None,
        state="", started_by=ctx.actor_name, created_at=now, updated_at=now,
    )
    ctx.session.add(instance)
    ctx.session.flush()
    if created is not None:
        created(instance)
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
    # Creating a workflow already predicts its steps: a parallel gateway feeding itself overflows the stack here.
    workflow = _bind(ctx, instance, _run(lambda: SafeWorkflow(spec, subprocess_specs), instance.process_id))
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


def complete_task(ctx: Ctx, user: User, task_id: str, data: Any, *,
                  listed: Callable[[Row | None], None] | None = None) -> ProcessInstance:
    """Complete a READY task for a user holding its lane's role at the instance's unit.

    `listed`, given the task's row (None: no such task) before any other check, refuses a task its caller does
    not show this user (the work list's 'not found', engine/work/drafts.py)."""
    rows = ctx.session.execute(TASK_AND_OPEN_SIBLINGS, {"task_id": task_id}).all()
    human = next((row for row in rows if row.id == task_id), None)
    if listed is not None:
        listed(human)
    if human is None:
        raise NotFound(f"Không có nhiệm vụ '{task_id}'.")
    check_still_open(human)
    ctx.act_as(user)
    acting = require_task_authority(ctx.session, user, human, ctx.today())
    data = validate_form(human.form, data)
    instance = human.ProcessInstance
    if instance.row_version != human.locked_version:  # a copy the session held from before the lock
        raise Conflict(STALE_INSTANCE)
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
        completed = {"task_id": task_id, "by": user.username, "at": ctx.now()}
        write_later(ctx.session.connection(), MARK_COMPLETED, completed)
        run_to_wait(ctx, instance, workflow,
                    open_tasks=[row for row in rows if row.status == "ready" and row is not human], locked=True)
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


def set_waiting_data(ctx: Ctx, instance: ProcessInstance, values: dict[str, Any]) -> None:
    """Put values in the data of an instance's waiting steps, so that the steps after them start with them.

    What a later form is prefilled from (its formDefaults variable) may change while an earlier step waits: a
    plan imported from its text sets its draft while the clerk's receipt of the parent is still open.
    """
    workflow = load_workflow(ctx, instance)
    for task in workflow.get_tasks(state=TaskState.READY | TaskState.WAITING):
        task.data.update(values)
    connection = ctx.session.connection()
    _save(ctx, instance, workflow, connection.execute(OPEN_TASKS, {"instance_id": instance.id}).all())


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


def _run(step: Callable[[], T], element_id: str) -> T:
    try:
        return step()
    except PlanflowError:
        raise
    except RecursionError as exc:  # a parallel gateway or a cycle feeding itself: Spiff recurses once per step
        element_id = _recursing_element(exc) or element_id
        raise _located(ExecutionFailure(f"Lỗi khi thực hiện bước '{element_id}': quy trình lồng hoặc lặp quá sâu "
                                        "(RecursionError) — có thể do vòng lặp không có bước chờ; dữ liệu chưa được "
                                        "ghi"), element_id) from exc
    except SpiffWorkflowException as exc:
        element_id = getattr(getattr(exc, "task_spec", None), "bpmn_id", None) or element_id
        raise _located(ExecutionFailure(f"Lỗi khi thực hiện bước '{element_id}': {exc}"), element_id) from exc
    except Exception as exc:  # a host operation's fault still rolls back and reads as a refusal
        raise _located(ExecutionFailure(f"Lỗi khi thực hiện bước '{element_id}': {type(exc).__name__}: {exc}"),
                       element_id) from exc


def _recursing_element(exc: RecursionError) -> str | None:
    """The BPMN element of the deepest task spec on the overflowing stack (Spiff predicts and runs by recursion)."""
    found, trace = None, exc.__traceback__
    while trace is not None:
        spec = trace.tb_frame.f_locals.get("self")
        found = getattr(spec, "bpmn_id", None) or found
        trace = trace.tb_next
    return found if isinstance(found, str) else None


def _located(failure: ExecutionFailure, element_id: str) -> ExecutionFailure:
    """The failing element, for the incident (a script's failure names its own: SandboxFailure.element_id)."""
    failure.element_id = element_id
    return failure


def run_to_wait(ctx: Ctx, instance: ProcessInstance, workflow: SafeWorkflow,
                open_tasks: Sequence[Row] | None = None, locked: bool = False) -> None:
    """Run the engine's steps to the next wait and save the instance (`locked`: see _save)."""
    guard = _StepGuard(instance.process_id)
    _run(lambda: _steps_to_wait(workflow, guard), instance.process_id)
    _require_progress(workflow, instance.process_id)
    _save(ctx, instance, workflow, open_tasks, locked)


def _steps_to_wait(workflow: SafeWorkflow, guard: _StepGuard) -> None:
    """Run engine steps until only manual tasks and timers still waiting remain.

    SpiffWorkflow's do_engine_steps ends by refreshing timers: one already due (a reminder the scheduler has not
    reached when a user steps the instance) becomes READY but is not run, and only waiting timers are stored, so it
    would be lost. It runs here, in this step; a timer that keeps coming due (a zero cycle) is stopped as a runaway.
    """
    for _ in range(STEP_BUDGET):
        workflow.do_engine_steps(did_complete_task=guard)
        if not workflow.timer_came_due:
            return
    raise ExecutionFailure(f"Quy trình '{guard.process_id}' " + _RUNAWAY.format(limit=guard.steps))


class _StepGuard:
    """Stops a run whose engine steps go STEP_BUDGET levels deep in one workflow after STEP_BUDGET steps."""

    __slots__ = ("process_id", "steps", "start")

    def __init__(self, process_id: str):
        self.process_id = process_id
        self.steps = 0
        self.start: dict[int, int] = {}  # id(workflow) -> depth of its first step past the budget

    def __call__(self, task: Any) -> None:
        self.steps += 1
        if self.steps > STEP_BUDGET:
            depth = task.depth
            if depth - self.start.setdefault(id(task.workflow), depth) >= STEP_BUDGET:
                element_id = _element_of(task, self.process_id)
                message = (f"Quy trình '{self.process_id}' " + _RUNAWAY.format(limit=self.steps)
                           + f" (bước '{element_id}')")
                raise _located(ExecutionFailure(message), element_id)


def _require_progress(workflow: SafeWorkflow, process_id: str) -> None:
    """Refuse a run that SpiffWorkflow ended with steps it no longer sees (see SPIFF_SIGHT)."""
    unseen = _unseen_task(workflow)
    if unseen is not None:
        element_id = _element_of(unseen, process_id)
        message = f"Quy trình '{process_id}' " + _RUNAWAY.format(limit=SPIFF_SIGHT) + f" (bước '{element_id}')"
        raise _located(ExecutionFailure(message), element_id)


def _element_of(task: Any, default: str) -> str:
    return (getattr(task.task_spec, "bpmn_id", None) or default) if task is not None else default


def _unseen_task(workflow: SafeWorkflow) -> Any:
    """An unfinished task deeper than SpiffWorkflow looks, in the workflow or one of its sub-processes; or None."""
    for flow in (workflow, *workflow.subprocesses.values()):
        if len(flow.tasks) < SPIFF_SIGHT:
            continue
        for task in flow.tasks.values():
            if task.state & TaskState.NOT_FINISHED_MASK and task.depth >= SPIFF_SIGHT:
                return task
    return None


def _save(ctx: Ctx, instance: ProcessInstance, workflow: SafeWorkflow, open_tasks: Sequence[Row] | None,
          locked: bool = False) -> None:
    """Store the workflow, its open tasks and its timers.

    `locked`: this transaction read the instance's row under lock (a completion's FOR UPDATE; on SQLite the write
    lock its BEGIN IMMEDIATE takes), so the version it read is the stored one. Its UPDATE then needs no answer
    checked here, and goes with the next statement or the COMMIT (engine/deferred.py); otherwise the ORM writes
    it and checks that the version is still the one read.
    """
    ended = workflow.completed  # set by an end event or a cancel only; is_completed() sets it when nothing is left
    prune_finished_rounds(workflow)
    completed = workflow.is_completed()
    if completed and not ended:  # never stored as "completed" without reaching an end event
        element_id = _element_of(workflow.last_task, instance.process_id)
        raise _located(ExecutionFailure(f"Quy trình '{instance.process_id}' dừng sau bước '{element_id}' mà không tới "
                                        "sự kiện kết thúc nào; dữ liệu chưa được ghi"), element_id)
    sync_human_tasks(ctx, instance, workflow, open_tasks)
    sync_timers(ctx, instance, workflow)
    saved = {"state": dump(workflow), "status": "completed" if completed else "running", "updated_at": ctx.now()}
    if locked:
        _write_locked(ctx, instance, saved)
    else:
        for key, value in saved.items():
            setattr(instance, key, value)
    try:
        ctx.session.flush()  # unless locked, the instance row is written only if its row_version is still the one read
    except StaleDataError as exc:
        raise Conflict(STALE_INSTANCE) from exc
    if ctx.warm is not None:
        warm, saved_version = ctx.warm, instance.row_version  # a Ctx keeps its cache: the same one after commit
        ctx.after_commit.append(lambda: warm.keep(instance.id, saved_version, workflow))


def _write_locked(ctx: Ctx, instance: ProcessInstance, saved: dict[str, Any]) -> None:
    """The locked row's UPDATE, sent later (with the timers, when sync_timers changed them); the instance object is
    told the values it will hold."""
    if inspect(instance).attrs.timers.history.has_changes():
        saved = {**saved, "timers": instance.timers}
    read = instance.row_version
    write_later(ctx.session.connection(), SAVE_LOCKED, {**saved, "instance_id": instance.id, "read_version": read})
    for key, value in {**saved, "row_version": read + 1}.items():
        set_committed_value(instance, key, value)


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
