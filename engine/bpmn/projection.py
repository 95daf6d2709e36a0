"""What the database shows of a running workflow: its READY user tasks as task rows, its waiting timers as
absolute times, and the business status a user task's properties give its plan or report.

Task rows and timers are written with Core statements built once: on SQLite, building and hashing a statement,
or running it through the ORM, costs several times more than running it (docs/benchmarks.md). Task rows are
written only here and never read back in a unit of work.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import Row, bindparam, insert, select
from sqlalchemy.orm import defer, lazyload
from sqlalchemy.orm.attributes import set_committed_value

from engine.bpmn.scripting import SafeWorkflow
from engine.clock import VIETNAM
from engine.context import Ctx
from engine.db import Base
from engine.deadline import Deadline, from_data
from engine.deferred import write_later
from engine.errors import ExecutionFailure
from engine.models import HumanTask, Obligation, Plan, ProcessInstance, Timer, Unit
from engine.org.roles import LEADER_ROLES, at_receiver, lane_roles, lane_roles_at

EMPTY_FORM = {"type": "object", "properties": {}}
TASKS = HumanTask.__table__
_INSTANCE_OF_TASK = select(TASKS.c.instance_id).where(TASKS.c.id == bindparam("task_id")).scalar_subquery()
# What a step reads, in one statement: the task and its instance's other ready tasks (sync_human_tasks compares
# them with the workflow), each row with the instance, the instance's unit (project() reads its level) and its plan
# (the host operations of a plan's steps read it: save_draft, record_signature, issue_plan …), the tasks and the
# instance locked. On PostgreSQL every statement is a round trip with its own parse and plan (docs/benchmarks.md,
# "(a) on PostgreSQL against SQLite"): these were up to four (tasks, instance, unit, plan). The instance's stored
# state stays behind: a process that keeps the workflow in memory never needs it, and load_workflow reads it otherwise.
# The plan's own unit is not joined (its usual joined load): PostgreSQL plans a statement at each run (psycopg
# prepares none while sessions end in ROLLBACK), and that fifth table doubled the time to plan and run it; a plan's
# unit is mostly the instance's, found in the session when used. `locked_version` is the instance's row version
# as locked, whatever copy of the instance the session already held (engine.bpmn.runtime.complete_task).
TASK_AND_OPEN_SIBLINGS = (
    select(ProcessInstance, Unit, Plan, TASKS, ProcessInstance.row_version.label("locked_version"))
    .select_from(TASKS)
    .join(ProcessInstance, ProcessInstance.id == TASKS.c.instance_id)
    .join(Unit, Unit.id == ProcessInstance.unit_id)
    .outerjoin(Plan, Plan.id == ProcessInstance.plan_id)
    .where((TASKS.c.id == bindparam("task_id"))
           | ((TASKS.c.instance_id == _INSTANCE_OF_TASK) & (TASKS.c.status == "ready")))
    .options(defer(ProcessInstance.state), lazyload(Plan.unit))
    .with_for_update(of=[TASKS, ProcessInstance])
)
OPEN_TASKS = select(TASKS).where(TASKS.c.instance_id == bindparam("instance_id"), TASKS.c.status == "ready")
MARK_COMPLETED = TASKS.update().where(TASKS.c.id == bindparam("task_id")).values(
    status="completed", completed_by=bindparam("by"), completed_at=bindparam("at"))
MARK_CANCELLED = TASKS.update().where(TASKS.c.id == bindparam("task_id")).values(status="cancelled")
INSERT_TASK = insert(TASKS)
# What an open task's row takes from the version its instance runs on (see resave); id, status and times stay.
REPROJECTED = ("bpmn_id", "name", "lane", "roles", "unit_id", "plan_id", "due", "due_inclusive", "due_text", "form",
               "instructions")
# A user task's planStatus / reportStatus property: the business status of its plan or report while it is open.
STATUS_PROPERTIES = {"planStatus": (Plan, "plan_id"), "reportStatus": (Obligation, "obligation_id")}
_TIMERS = Timer.__table__
DELETE_TIMERS = _TIMERS.delete().where(_TIMERS.c.instance_id == bindparam("of_instance"))
DELETE_TIMER = DELETE_TIMERS.where(_TIMERS.c.name == bindparam("of_name"), _TIMERS.c.due_at == bindparam("of_due"))
INSERT_TIMERS = insert(_TIMERS)
_SET_STATUS = {
    model: model.__table__.update().where(model.__table__.c.id == bindparam("row_id"))
    .values(status=bindparam("new_status"))
    for model, _ in STATUS_PROPERTIES.values()
}


def sync_human_tasks(ctx: Ctx, instance: ProcessInstance, workflow: SafeWorkflow, stored: Sequence[Row] | None) -> None:
    """Project READY user tasks; `stored` are the instance's other open task rows when already read."""
    ready = {str(t.id): t for t in workflow.get_tasks(state=TaskState.READY, manual=True)}
    connection = ctx.session.connection()
    if stored is None:
        stored = connection.execute(OPEN_TASKS, {"instance_id": instance.id}).all()
    gone = [{"task_id": row.id} for row in stored if row.id not in ready]
    if gone:
        write_later(connection, MARK_CANCELLED, gone)
    known = {row.id for row in stored}
    new = [project(ctx, instance, task) for task_id, task in ready.items() if task_id not in known]
    if new:
        write_later(connection, INSERT_TASK, new)


def project(ctx: Ctx, instance: ProcessInstance, task: Any) -> dict[str, Any]:
    spec = task.task_spec
    properties = spec.extensions.get("properties", {})
    for name, (model, key) in STATUS_PROPERTIES.items():
        row_id = instance.plan_id if key == "plan_id" else task.data.get(key)
        if properties.get(name) and row_id:
            _set_status(ctx, model, row_id, properties[name])
    unit_id = _acting_unit(instance, task)  # at an agency a lane's roles differ (lane_roles_at); the session caches it
    due = _due(task, properties.get("due"))
    return {
        "id": str(task.id), "instance_id": instance.id, "bpmn_id": spec.bpmn_id, "name": spec.bpmn_name or spec.bpmn_id,
        "lane": spec.lane, "roles": ",".join(sorted(lane_roles_at(spec.lane, ctx.session.get(Unit, unit_id)))),
        "unit_id": unit_id, "plan_id": instance.plan_id, "due": due.day if due else None,
        "due_inclusive": due.inclusive if due else True, "due_text": due.phrase if due else None,
        "form": _form(properties, task.data),
        "instructions": spec.extensions.get("instructionsForEndUser"), "status": "ready", "created_at": ctx.now(),
        "completed_by": None, "completed_at": None,
    }


def _acting_unit(instance: ProcessInstance, task: Any) -> int:
    """The unit whose role holders act on a task: the instance's, or for a '(nơi nhận)' lane the receiver's; the
    leaders' lane acts at `leader_unit_id` when the data names one (a plan says its committee's leader signs an
    agency's report)."""
    leader_unit = task.data.get("leader_unit_id")
    if isinstance(leader_unit, int) and lane_roles(task.task_spec.lane) & LEADER_ROLES:
        return leader_unit
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
            connection.execute(TASKS.update().where(TASKS.c.id == row.id),
                               {"form": _with_defaults(row.form, defaults)})


def _set_status(ctx: Ctx, model: type[Base], row_id: int, status: str) -> None:
    """One UPDATE, sent with the next statement (engine/deferred.py); the object this unit of work may hold is
    told, so that it stays true without writing the status again."""
    held = ctx.session.identity_map.get(ctx.session.identity_key(model, row_id))
    if held is not None:
        set_committed_value(held, "status", status)
    write_later(ctx.session.connection(), _SET_STATUS[model], {"row_id": row_id, "new_status": status})


def _due(task: Any, expression: str | None) -> Deadline | None:
    """The task's deadline from its `due` property: an ISO date, or a deadline the host put in the data (with
    its phrase and whether its day is included: engine/deadline.py)."""
    if not expression:
        return None
    value = task.workflow.script_engine.evaluate(task, expression)
    try:
        return from_data(value)
    except ValueError as exc:
        raise ExecutionFailure(f"Bước '{task.task_spec.bpmn_id}': hạn '{expression}' không đọc được ({exc}).") from None


def sync_timers(ctx: Ctx, instance: ProcessInstance, workflow: SafeWorkflow) -> None:
    """Store the waiting timers' absolute times; rows are rewritten only when they change."""
    wanted = sorted(
        [event.name or "timer", _local(event.value).isoformat()]
        for event in workflow.waiting_events() if event.event_type.endswith("TimerEventDefinition") or
        event.event_type == "TimeDateEventDefinition"
    )
    if wanted == (instance.timers or []):
        return
    # Only the timers that changed: firing one of five reminders deletes one row and writes none.
    before, after = Counter(map(tuple, instance.timers or [])), Counter(map(tuple, wanted))
    changed = [(name, due) for name, due in before | after if before[name, due] != after[name, due]]
    connection = ctx.session.connection()
    if not after:
        connection.execute(DELETE_TIMERS, {"of_instance": instance.id})
    elif gone := [key for key in changed if before[key]]:
        connection.execute(DELETE_TIMER, [{"of_instance": instance.id, "of_name": name,
                                           "of_due": datetime.fromisoformat(due)} for name, due in gone])
    if rows := [{"instance_id": instance.id, "name": name, "due_at": datetime.fromisoformat(due)}
                for name, due in changed for _ in range(after[name, due])]:
        connection.execute(INSERT_TIMERS, rows)
    instance.timers = wanted


def _local(value: Any) -> datetime:
    """A timer's stored value (ISO text, or a cycle's dict) as naive Vietnam time."""
    text = value["next"] if isinstance(value, dict) else str(value)
    return TimerEventDefinition.get_datetime(text).astimezone(VIETNAM).replace(tzinfo=None)
