"""Running BPMN instances durably: start, complete a task under guard, fire due timers.

Every function works inside one database transaction owned by the caller (a `Ctx`); any
exception discards the in-memory workflow and the transaction, so stored state is unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol
from uuid import UUID

from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import Row, bindparam, insert, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from engine.bpmn.deployment import SpecCache, require_latest
from engine.bpmn.forms import validate_form
from engine.bpmn.loops import prune_finished_rounds
from engine.bpmn.persistence import dump, load
from engine.bpmn.scripting import SafeWorkflow
from engine.bpmn.warm import WarmWorkflows
from engine.clock import VIETNAM, Clock
from engine.errors import Conflict, ExecutionFailure, Forbidden, InvalidInput, NotFound, PlanflowError, ScriptFailure
from engine.models import (
    AuditEntry,
    Definition,
    HumanTask,
    Message,
    Obligation,
    Plan,
    ProcessInstance,
    Timer,
    Unit,
    User,
)
from engine.models.incident import Incident, StepIncident, record_incident
from engine.org.delegation import authority
from engine.org.roles import ROLE_TITLES, at_receiver, lane_roles
from engine.org.units import acting_roles
from engine.text import nfc_data

EMPTY_FORM = {"type": "object", "properties": {}}

# The completion path in Core statements built once: on SQLite, building and hashing a statement,
# or running it through the ORM, costs several times more than running it (docs/benchmarks.md).
# Human task rows and the audit trail are written only here and never read back in a unit of work.
_TASKS = HumanTask.__table__
_INSTANCE_OF_TASK = select(_TASKS.c.instance_id).where(_TASKS.c.id == bindparam("task_id")).scalar_subquery()
# The task and its instance's other ready tasks in one read: the step needs them all.
TASK_AND_OPEN_SIBLINGS = select(_TASKS).where(
    (_TASKS.c.id == bindparam("task_id"))
    | ((_TASKS.c.instance_id == _INSTANCE_OF_TASK) & (_TASKS.c.status == "ready"))
).with_for_update()
OPEN_TASKS = select(_TASKS).where(_TASKS.c.instance_id == bindparam("instance_id"), _TASKS.c.status == "ready")
MARK_COMPLETED = _TASKS.update().where(_TASKS.c.id == bindparam("task_id")).values(
    status="completed", completed_by=bindparam("by"), completed_at=bindparam("at"))
MARK_CANCELLED = _TASKS.update().where(_TASKS.c.id == bindparam("task_id")).values(status="cancelled")
INSERT_TASK = insert(_TASKS)
INSTANCE_FOR_UPDATE = select(ProcessInstance).where(ProcessInstance.id == bindparam("instance_id")).with_for_update()
INSERT_AUDIT = insert(AuditEntry.__table__)
# What an open task's row takes from the version its instance runs on (see resave); id, status and times stay.
REPROJECTED = ("bpmn_id", "name", "lane", "roles", "unit_id", "plan_id", "due", "form", "instructions")
# A user task's planStatus / reportStatus property: the business status of its plan or report while it is open.
STATUS_PROPERTIES = {"planStatus": (Plan, "plan_id"), "reportStatus": (Obligation, "obligation_id")}
# A step that fails with one of these is an incident of its instance (a refusal such as Forbidden is not).
INCIDENT_FAILURES = (ScriptFailure, ExecutionFailure)
_INCIDENTS = Incident.__table__
RESOLVE_INCIDENTS = _INCIDENTS.update().where(
    (_INCIDENTS.c.instance_id == bindparam("of_instance")) & (_INCIDENTS.c.status == "open")
).values(status="resolved", resolved_at=bindparam("at"), resolved_by=bindparam("by"), resolution=bindparam("why"))
# Instances with a due timer that may fire: running, and not waiting for an administrator to retry a failed timer.
_TIMER_INCIDENT = select(_INCIDENTS.c.id).where(_INCIDENTS.c.instance_id == Timer.instance_id,
                                                 _INCIDENTS.c.status == "open", _INCIDENTS.c.action == "timer")
DUE_INSTANCES = (
    select(Timer.instance_id).join(ProcessInstance, ProcessInstance.id == Timer.instance_id)
    .where(Timer.due_at <= bindparam("now"), ProcessInstance.status == "running", ~_TIMER_INCIDENT.exists())
    .distinct().order_by(Timer.instance_id)
)
_TIMERS = Timer.__table__
DELETE_TIMERS = _TIMERS.delete().where(_TIMERS.c.instance_id == bindparam("of_instance"))
INSERT_TIMERS = insert(_TIMERS)
_SET_STATUS = {
    model: model.__table__.update().where(model.__table__.c.id == bindparam("row_id"))
    .values(status=bindparam("new_status"))
    for model, _ in STATUS_PROPERTIES.values()
}


class Handlers(Protocol):
    """Host operations that service tasks call, and delivery of messages between instances."""

    operations: set[str]
    host_started: set[str]  # processes only the host may start (they need records it creates)

    def call(self, ctx: Ctx, instance: ProcessInstance, operation: str, params: dict, data: dict) -> Any: ...

    def deliver(self, ctx: Ctx, message: Message) -> None: ...


@dataclass
class Ctx:
    """One unit of work: a session, the clock, and who is acting."""

    session: Session
    clock: Clock
    specs: SpecCache
    handlers: Handlers
    actor: User | None = None
    actor_roles: set[str] = field(default_factory=set)
    outbox: list[Message] = field(default_factory=list)
    audit_entries: list[dict] = field(default_factory=list)
    warm: WarmWorkflows | None = None
    after_commit: list[Callable[[], None]] = field(default_factory=list)
    on_behalf_of: User | None = None  # whose delegation lent the actor the role they act with

    def now(self) -> datetime:
        return self.clock.now()

    def audit(self, action: str, **fields: Any) -> None:
        """Record an entry; the unit of work writes its entries in one batch before it commits."""
        actor = self.actor.username if self.actor else "system"
        row = {"instance_id": None, "plan_id": None, "task_name": None, "comment": None, "details": {}, **fields}
        if self.on_behalf_of is not None:  # a delegated action names both people
            row["details"] = {**row["details"], "on_behalf_of": self.on_behalf_of.username}
        self.audit_entries.append({"at": self.now(), "actor": actor, "action": action, **row})

    def write_audit(self) -> None:
        if self.audit_entries:
            self.session.connection().execute(INSERT_AUDIT, self.audit_entries)
            self.audit_entries.clear()

    def send(self, name: str, payload: dict, source: ProcessInstance | None = None) -> None:
        message = Message(name=name, payload=payload, created_at=self.now(),
                          source_instance_id=source.id if source else None)
        self.session.add(message)
        self.outbox.append(message)


def start_instance(ctx: Ctx, process_id: str, unit: Unit, data: dict, plan: Plan | None = None,
                   run: bool = True) -> ProcessInstance:
    """Create an instance on the newest version of the process and run it to its first wait.

    With `run=False` it is stored as created, waiting at its start: how a start that failed in run-due is kept
    for an administrator's retry (engine/incidents.py).
    """
    definition = require_latest(ctx.session, process_id)
    now = ctx.now()
    instance = ProcessInstance(
        definition_id=definition.id, process_id=process_id, unit_id=unit.id, plan_id=plan.id if plan else None,
        state="", started_by=ctx.actor.username if ctx.actor else "system", created_at=now, updated_at=now,
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
    if not acting_roles(user, unit.id):
        raise Forbidden(f"Bạn không có vai trò nào tại {unit.committee_name}.")
    ctx.actor = user
    return start_instance(ctx, process_id, unit, data)


def complete_task(ctx: Ctx, user: User, task_id: str, data: Any) -> ProcessInstance:
    """Complete a READY task for a user holding its lane's role at the instance's unit."""
    rows = ctx.session.connection().execute(TASK_AND_OPEN_SIBLINGS, {"task_id": task_id}).all()
    human = next((row for row in rows if row.id == task_id), None)
    if human is None:
        raise NotFound(f"Không có nhiệm vụ '{task_id}'.")
    check_still_open(human)
    acting = authority(ctx.session, user, human.unit_id, human.roles.split(","), ctx.clock.today())
    if not acting.roles:
        wanted = ", ".join(ROLE_TITLES.get(r, r) for r in human.roles.split(",") if r)
        raise Forbidden(f"Bạn không có vai trò ({wanted or 'không xác định'}) để xử lý nhiệm vụ này tại đơn vị.")
    _check_holder(ctx.session, human, user)
    data = validate_form(human.form, data)
    instance = ctx.session.scalars(INSTANCE_FOR_UPDATE, {"instance_id": human.instance_id}).one()
    workflow = load_workflow(ctx, instance)
    task = workflow.get_task_from_id(UUID(task_id))
    if task is None or task.state != TaskState.READY:
        raise Conflict(f"Nhiệm vụ '{human.name}' không còn chờ xử lý.")
    ctx.actor, ctx.actor_roles, ctx.on_behalf_of = user, acting.roles, acting.on_behalf_of
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


@contextmanager
def incident_scope(instance_id: int | None, action: str, element_id: str, **details: Any) -> Iterator[None]:
    """A step failing inside is an incident of this instance under this action (start, complete, timer, message).

    Scopes nest (a timer whose message fails) and the outermost one names the incident: it is the action that
    was refused. The unit of work records it after its rollback (engine/core.py), run-due at once.
    """
    try:
        yield
    except INCIDENT_FAILURES as exc:
        if instance_id is not None:
            exc.incident = StepIncident(instance_id, getattr(exc, "element_id", None) or element_id, action,
                                        exc.message, details)
        raise


def resolve_incidents(ctx: Ctx, instance: ProcessInstance, why: str) -> None:
    """Close the instance's open incidents: it advanced, or an administrator ended them."""
    actor = ctx.actor.username if ctx.actor else "system"
    ctx.session.connection().execute(RESOLVE_INCIDENTS, {"of_instance": instance.id, "at": ctx.now(), "by": actor,
                                                         "why": why})
    instance.has_incident = False


def cancel_instance(ctx: Ctx, instance: ProcessInstance) -> None:
    """Stop an instance the host no longer needs (its unit was dissolved): no open tasks, no timers."""
    stop_instance(ctx, instance, "cancelled")
    ctx.audit("cancel", instance_id=instance.id, plan_id=instance.plan_id)


def stop_instance(ctx: Ctx, instance: ProcessInstance, status: str) -> None:
    """End an instance where it stands: its open (or suspended) tasks are cancelled and its timers dropped."""
    open_tasks = (_TASKS.c.instance_id == instance.id) & _TASKS.c.status.in_(("ready", "suspended"))
    ctx.session.connection().execute(_TASKS.update().where(open_tasks).values(status="cancelled"))
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
            projection = _project(ctx, instance, ready[row.id])
            connection.execute(_TASKS.update().where(_TASKS.c.id == row.id)
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


def _check_holder(session: Session, human: Row, user: User) -> None:
    """A claimed task is completed by its holder only (engine/claims.py); an unclaimed one by anyone eligible."""
    if human.claimed_by and human.claimed_by != user.username:
        raise Conflict(f"Nhiệm vụ '{human.name}' đang do {holder_name(session, human.claimed_by)} xử lý; "
                       "dữ liệu của bạn chưa được ghi.")


def holder_name(session: Session, username: str) -> str:
    """'Full Name (username)' of whoever holds a task, as messages name them."""
    full_name = session.scalar(select(User.full_name).where(User.username == username))
    return f"{full_name} ({username})" if full_name else username


def fire_due_timers(ctx: Ctx) -> int:
    """Fire every timer due by the clock's now; after downtime each missed timer fires once.

    Each instance fires in a batch step: one whose step fails stays as it was, with an incident, and its timers
    wait for an administrator's retry instead of failing on every run; the others fire. Suspended instances
    wait for their resumption.
    """
    fired = 0
    for instance_id in ctx.session.scalars(DUE_INSTANCES, {"now": ctx.now()}).all():
        try:
            with batch_step(ctx):
                instance = ctx.session.get(ProcessInstance, instance_id, with_for_update=True)
                with incident_scope(instance_id, "timer", instance.process_id):
                    fired += fire_instance_timers(ctx, instance)
                    deliver_outbox(ctx)
        except INCIDENT_FAILURES as exc:
            record_incident(ctx.session, exc.incident, ctx.now())
    return fired


@contextmanager
def batch_step(ctx: Ctx) -> Iterator[None]:
    """One step of a batch (run-due) in a savepoint: a failure undoes its writes, audit entries, messages and
    after-commit steps only, and is raised for the caller to record; the batch goes on with the next step."""
    marks = len(ctx.audit_entries), len(ctx.after_commit)
    pending, ctx.outbox = ctx.outbox, []  # the step delivers only its own messages inside its savepoint
    savepoint = ctx.session.begin_nested()
    try:
        yield
        savepoint.commit()
    except INCIDENT_FAILURES:
        savepoint.rollback()
        del ctx.audit_entries[marks[0]:], ctx.after_commit[marks[1]:]
        raise
    finally:
        ctx.outbox = pending + ctx.outbox


def fire_instance_timers(ctx: Ctx, instance: ProcessInstance) -> int:
    """Fire an instance's due timers and run it to its next wait; returns how many fired."""
    now = ctx.now()
    due_before = _timers_due(instance, now)
    workflow = load_workflow(ctx, instance)
    workflow.refresh_timers()
    run_to_wait(ctx, instance, workflow)
    return len(due_before - _timers_due(instance, now))


def _timers_due(instance: ProcessInstance, now: datetime) -> set[tuple[str, str]]:
    """The instance's timers due by now, read from the signature its row keeps (see _sync_timers)."""
    return {(name, due) for name, due in instance.timers or [] if datetime.fromisoformat(due) <= now}


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


def _run(step, element_id: str) -> None:
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
                open_tasks: list[Row] | None = None) -> None:
    """Run the engine's steps to the next wait and save the instance."""
    _run(workflow.do_engine_steps, instance.process_id)
    _save(ctx, instance, workflow, open_tasks)


def _save(ctx: Ctx, instance: ProcessInstance, workflow: SafeWorkflow, open_tasks: list[Row] | None) -> None:
    prune_finished_rounds(workflow)
    instance.state = dump(workflow)
    instance.status = "completed" if workflow.is_completed() else "running"
    instance.updated_at = ctx.now()
    _sync_human_tasks(ctx, instance, workflow, open_tasks)
    _sync_timers(ctx, instance, workflow)
    try:
        ctx.session.flush()  # the instance row is written only if its row_version is still the one read
    except StaleDataError as exc:
        raise Conflict("Hồ sơ vừa được người khác cập nhật; hãy tải lại và thử lại.") from exc
    if ctx.warm is not None:
        saved_version = instance.row_version
        ctx.after_commit.append(lambda: ctx.warm.keep(instance.id, saved_version, workflow))


def _sync_human_tasks(ctx: Ctx, instance: ProcessInstance, workflow: SafeWorkflow, stored: list[Row] | None) -> None:
    """Project READY user tasks; `stored` are the instance's other open task rows when already read."""
    ready = {str(t.id): t for t in workflow.get_tasks(state=TaskState.READY, manual=True)}
    connection = ctx.session.connection()
    if stored is None:
        stored = connection.execute(OPEN_TASKS, {"instance_id": instance.id}).all()
    gone = [{"task_id": row.id} for row in stored if row.id not in ready]
    if gone:
        connection.execute(MARK_CANCELLED, gone)
    known = {row.id for row in stored}
    new = [_project(ctx, instance, task) for task_id, task in ready.items() if task_id not in known]
    if new:
        connection.execute(INSERT_TASK, new)


def _project(ctx: Ctx, instance: ProcessInstance, task) -> dict:
    spec = task.task_spec
    properties = spec.extensions.get("properties", {})
    for name, (model, key) in STATUS_PROPERTIES.items():
        row_id = instance.plan_id if key == "plan_id" else task.data.get(key)
        if properties.get(name) and row_id:
            _set_status(ctx, model, row_id, properties[name])
    return {
        "id": str(task.id), "instance_id": instance.id, "bpmn_id": spec.bpmn_id,
        "name": spec.bpmn_name or spec.bpmn_id, "lane": spec.lane, "roles": ",".join(sorted(lane_roles(spec.lane))),
        "unit_id": _acting_unit(instance, task), "plan_id": instance.plan_id, "due": _due(task, properties.get("due")),
        "form": _form(properties, task.data),
        "instructions": spec.extensions.get("instructionsForEndUser"), "status": "ready", "created_at": ctx.now(),
        "completed_by": None, "completed_at": None,
    }


def _acting_unit(instance: ProcessInstance, task) -> int:
    """The unit whose role holders act on a task: the instance's, or for a '(nơi nhận)' lane the receiver's."""
    if not at_receiver(task.task_spec.lane):
        return instance.unit_id
    receiver = task.data.get("receiver_unit_id")
    if not isinstance(receiver, int):
        raise ExecutionFailure(f"Bước '{task.task_spec.bpmn_id}' cần 'receiver_unit_id' để biết đơn vị nhận.")
    return receiver


def _form(properties: dict, data: dict) -> dict:
    """The task's JSON Schema; formDefaults names a data variable whose values prefill the fields."""
    form = json.loads(properties["formSchema"]) if "formSchema" in properties else EMPTY_FORM
    defaults = data.get(properties.get("formDefaults") or "")
    return _with_defaults(form, defaults) if isinstance(defaults, dict) else form


def _with_defaults(form: dict, defaults: dict) -> dict:
    fields = dict(form.get("properties", {}))
    for name in fields.keys() & defaults.keys():
        fields[name] = {**fields[name], "default": defaults[name]}
    return {**form, "properties": fields}


def refresh_prefill(ctx: Ctx, instance_id: int, defaults: dict) -> None:
    """Update the defaults of an instance's open, prefilled forms (what they were prefilled from changed)."""
    connection = ctx.session.connection()
    for row in connection.execute(OPEN_TASKS, {"instance_id": instance_id}).all():
        if any("default" in field for field in row.form.get("properties", {}).values()):
            connection.execute(_TASKS.update().where(_TASKS.c.id == row.id),
                               {"form": _with_defaults(row.form, defaults)})


def _set_status(ctx: Ctx, model: type, row_id: int, status: str) -> None:
    """Through the object when this unit of work holds it (so it stays true), else one UPDATE."""
    held = ctx.session.identity_map.get(ctx.session.identity_key(model, row_id))
    if held is None:
        ctx.session.connection().execute(_SET_STATUS[model], {"row_id": row_id, "new_status": status})
    else:
        held.status = status


def _due(task, expression: str | None) -> date | None:
    if not expression:
        return None
    value = task.workflow.script_engine.evaluate(task, expression)
    return date.fromisoformat(str(value)[:10]) if value else None


def _sync_timers(ctx: Ctx, instance: ProcessInstance, workflow: SafeWorkflow) -> None:
    """Store the waiting timers' absolute times; rows are rewritten only when they change."""
    wanted = sorted(
        [event.name or "timer", _local(event.value).isoformat()]
        for event in workflow.waiting_events() if event.event_type.endswith("TimerEventDefinition") or
        event.event_type == "TimeDateEventDefinition"
    )
    if wanted == (instance.timers or []):
        return
    connection = ctx.session.connection()
    if instance.timers:
        connection.execute(DELETE_TIMERS, {"of_instance": instance.id})
    if wanted:
        connection.execute(INSERT_TIMERS, [{"instance_id": instance.id, "name": name,
                                            "due_at": datetime.fromisoformat(due)} for name, due in wanted])
    instance.timers = wanted


def _local(value: Any) -> datetime:
    """A timer's stored value (ISO text, or a cycle's dict) as naive Vietnam time."""
    text = value["next"] if isinstance(value, dict) else str(value)
    return TimerEventDefinition.get_datetime(text).astimezone(VIETNAM).replace(tzinfo=None)


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
