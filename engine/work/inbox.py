"""My work: the tasks a user may act on (engine/org/authority.py), their work list and a task's page.

Nothing here parses workflow JSON.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TypedDict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.clock import current_clock, iso
from engine.deadline import Deadline, label, of_task, state
from engine.errors import NotFound
from engine.models import (
    KIND_LABELS,
    AuditEntry,
    HumanTask,
    Obligation,
    Plan,
    ProcessInstance,
    ReportKind,
    Unit,
    User,
)
from engine.models.plan import Urgency, urgency_rank
from engine.models.process import TaskDraft
from engine.org.authority import held_roles, may_act
from engine.plans import lifecycle
from engine.processes.history import answers, audit_history, decision, submitted
from engine.reporting import obligations
from engine.reporting.reports import ObligationView, obligation_view

# What a task is about, for sorting one's work: its process, except the clerk's receipt of a parent plan.
TASK_KINDS = {lifecycle.PROCESS_ID: "plan", lifecycle.RECEIPT_PROCESS_ID: "receipt",
              obligations.REPORT_PROCESS_ID: "report", obligations.SCORING_PROCESS_ID: "report"}
RECEIPT_STEPS = {"receive_parent_plan"}
# Answers that belong to one round of a step: a redo starts without the last round's decision.
ROUND_ANSWERS = {"decision", "verdict", "comment"}
# A report's task is as urgent as the report; any other as its plan (a receipt: the plan received).
_TASK_URGENCY = func.coalesce(Obligation.urgency, Plan.urgency, Urgency.NORMAL.value)
_TASK_ROWS = (
    select(HumanTask, Unit.code, Unit.name, Unit.level, ProcessInstance.process_id, Plan.title, Plan.status,
           Plan.parent_id, _TASK_URGENCY)
    .join(Unit, Unit.id == HumanTask.unit_id)
    .join(ProcessInstance, ProcessInstance.id == HumanTask.instance_id)
    .outerjoin(Plan, Plan.id == HumanTask.plan_id)
    .outerjoin(Obligation, Obligation.instance_id == HumanTask.instance_id)
)


class TaskView(TypedDict):
    """A task as the work list, its page and the API show it."""

    id: str
    name: str
    process_instance_id: int
    plan_id: int | None
    unit: str
    unit_name: str
    due: str | None  # the day its deadline names
    due_text: str | None  # the deadline as written (engine/deadline.py label): "trước ngày 25/05/2025"
    due_last_day: str | None  # the last day on which the task is on time
    due_state: str | None  # on_time, due_soon, due_today, overdue (engine/deadline.py state)
    roles: list[str]
    instructions: str | None
    form: dict
    process_id: str
    bpmn_id: str
    kind: str
    plan_title: str | None
    plan_status: str | None
    parent_plan_id: int | None
    status: str
    urgency: str
    claimed_by: str | None
    claimed_at: str | None
    claimed_by_name: str | None


class DueMarks(TypedDict):
    due_state: str | None
    overdue: bool
    due_soon: bool  # due soon or due today


class TaskReport(TypedDict):
    """The report a task's instance is about."""

    kind: str
    kind_label: str
    year: int
    unit_name: str


class WorkItem(TaskView, DueMarks):
    """A task in the work list, with what the user needs to plan their day."""

    draft_saved_at: str | None
    returned: bool
    return_comment: str | None
    report: TaskReport | None


class PlanLink(TypedDict):
    id: int
    title: str | None
    number: str | None
    unit_name: str
    issued_date: str | None


class TaskPage(TaskView, DueMarks):
    """A task with what its page shows to do it."""

    obligation: ObligationView | None
    parent_plan: PlanLink | None
    history: list[dict]
    draft: dict | None
    draft_saved_at: str | None
    previous: dict


def _with_holders(session: Session, tasks: list[TaskView]) -> list[TaskView]:
    """Name who holds each claimed task: the inbox says 'Đang do … xử lý'."""
    holders = {task["claimed_by"] for task in tasks if task["claimed_by"]}
    names = dict(session.execute(select(User.username, User.full_name).where(User.username.in_(holders))).all()) \
        if holders else {}
    for task in tasks:
        task["claimed_by_name"] = names.get(task["claimed_by"]) if task["claimed_by"] else None
    return tasks


def task_for_user(session: Session, user: User, task_id: str, *, include_closed: bool = False) -> TaskView:
    """One READY task the user may act on, as the inbox shows it; any other id is 'not found'.

    `include_closed` also finds a task someone completed meanwhile, so its completion can say so.
    """
    today = current_clock().today()
    row = session.execute(_TASK_ROWS.where(HumanTask.id == str(task_id))).first()
    if row is not None and row[0].status != "ready" and not include_closed:
        row = None
    require_listed(session, user, task_id, row[0] if row is not None else None)
    assert row is not None  # require_listed refused a missing one
    return _with_holders(session, [_task_view(today, *row)])[0]


def require_listed(session: Session, user: User, task_id: str, task: object | None) -> None:
    """A task the user may not act on, or none, is 'not found' as in their work list: `task` is its row (a
    HumanTask, or the runtime's row of the task's columns), read by whoever asks."""
    if task is None or not may_act(held_roles(session, user, current_clock().today()), task):
        raise NotFound(f"Không có nhiệm vụ '{task_id}' đang chờ bạn xử lý.")


def inbox(session: Session, user: User) -> list[TaskView]:
    """The READY tasks the user may act on: a lane role the user holds at the task's unit; urgent first."""
    today = current_clock().today()  # the unit of work's clock
    held = held_roles(session, user, today)
    if not held:
        return []
    rows = session.execute(
        _TASK_ROWS.where(HumanTask.unit_id.in_(held), HumanTask.status == "ready")
        # "trước ngày X" ends a day before "chậm nhất ngày X": it comes first
        .order_by(urgency_rank(_TASK_URGENCY).desc(), HumanTask.due.is_(None), HumanTask.due, HumanTask.due_inclusive,
                  HumanTask.created_at)
    ).all()
    return _with_holders(session, [_task_view(today, *row) for row in rows
                                   if may_act(held, row[0])])


def _task_view(today: date, task: HumanTask, code: str, name: str, level: str, process_id: str,
               plan_title: str | None, plan_status: str | None, parent_plan_id: int | None,
               urgency: str = Urgency.NORMAL) -> TaskView:
    deadline = of_task(task)
    return {
        "id": task.id, "name": task.name, "process_instance_id": task.instance_id, "plan_id": task.plan_id,
        "unit": code, "unit_name": Unit(name=name, level=level).committee_name, "due": iso(task.due),
        "due_text": label(deadline) if deadline else None,
        "due_last_day": iso(deadline.last_day) if deadline else None,
        "due_state": state(deadline, today) if deadline else None,
        "roles": task.roles.split(","), "instructions": task.instructions, "form": task.form,
        "process_id": process_id, "bpmn_id": task.bpmn_id, "kind": task_kind(process_id, task.bpmn_id),
        "plan_title": plan_title, "plan_status": plan_status, "parent_plan_id": parent_plan_id,
        "status": task.status, "urgency": urgency, "claimed_by": task.claimed_by, "claimed_at": iso(task.claimed_at),
        "claimed_by_name": None,  # named by _with_holders
    }


def task_kind(process_id: str, bpmn_id: str) -> str:
    """plan, report or receipt (a document to register); 'other' for a process deployed later."""
    return "receipt" if bpmn_id in RECEIPT_STEPS else TASK_KINDS.get(process_id, "other")


def work_list(session: Session, user: User, today: date) -> list[WorkItem]:
    """The inbox with what the user needs to plan their day: overdue, due soon, saved draft, returned."""
    tasks = inbox(session, user)
    drafts = dict(session.execute(
        select(TaskDraft.task_id, TaskDraft.saved_at).where(TaskDraft.user_id == user.id)).all())
    instance_ids = {task["process_instance_id"] for task in tasks}
    returns, reports = _returned(session, instance_ids), _reports(session, instance_ids)
    items: list[WorkItem] = []
    for task in tasks:
        instance_id = task["process_instance_id"]
        items.append({**task, **due_marks(task, today), "draft_saved_at": iso(drafts.get(task["id"])),
                      "returned": instance_id in returns, "return_comment": returns.get(instance_id),
                      "report": reports.get(instance_id)})
    return items


def due_marks(task: TaskView, today: date) -> DueMarks:
    """The task's state on `today` (engine/deadline.py), with the two marks the work list filters on."""
    last_day = task["due_last_day"]
    due_state = state(Deadline(date.fromisoformat(last_day)), today) if last_day else None
    return {"due_state": due_state, "overdue": due_state == "overdue",
            "due_soon": due_state in ("due_soon", "due_today")}


def _reports(session: Session, instance_ids: set[int]) -> dict[int, TaskReport]:
    """The report each instance is about (kind and reporting unit), so a list can tell them apart."""
    rows = session.execute(
        select(Obligation.instance_id, Obligation.kind, Obligation.year, Unit.name, Unit.level)
        .join(Unit, Unit.id == Obligation.reporting_unit_id).where(Obligation.instance_id.in_(instance_ids))
    ).all() if instance_ids else []
    return {instance_id: {"kind": kind, "kind_label": KIND_LABELS[ReportKind(kind)], "year": year,
                          "unit_name": Unit(name=name, level=level).committee_name}
            for instance_id, kind, year, name, level in rows if instance_id is not None}


def _returned(session: Session, instance_ids: set[int]) -> dict[int, str | None]:
    """Instances whose last completed step returned the work (a redo), with the comment that came with it."""
    if not instance_ids:
        return {}
    latest = select(func.max(AuditEntry.id)).where(
        AuditEntry.instance_id.in_(instance_ids), AuditEntry.action == "complete").group_by(AuditEntry.instance_id)
    rows = session.execute(select(AuditEntry.instance_id, AuditEntry.comment, AuditEntry.details)
                           .where(AuditEntry.id.in_(latest))).all()
    return {instance_id: comment for instance_id, comment, details in rows
            if decision(submitted(details)) == "return"}


def task_page(session: Session, user: User, task_id: str, today: date, *, include_closed: bool = False) -> TaskPage:
    """A task the user may act on with what they need to do it: the report it concerns, the instance's
    history, their saved draft, and what was submitted in this step's previous round."""
    task = task_for_user(session, user, task_id, include_closed=include_closed)
    entries = session.scalars(select(AuditEntry).where(AuditEntry.instance_id == task["process_instance_id"])
                              .order_by(AuditEntry.id)).all()
    draft = session.get(TaskDraft, (user.id, task["id"]))
    return {
        **task, **due_marks(task, today),
        "obligation": _obligation_of(session, task["process_instance_id"], today),
        "parent_plan": _plan_link(session.get(Plan, task["parent_plan_id"]) if task["parent_plan_id"] else None),
        "history": audit_history(session, entries), "draft": draft.data if draft else None,
        "draft_saved_at": iso(draft.saved_at) if draft else None,
        "previous": _previous_round(entries, task["name"]),
    }


def _plan_link(plan: Plan | None) -> PlanLink | None:
    if plan is None:
        return None
    return {"id": plan.id, "title": plan.title, "number": plan.number_symbol, "unit_name": plan.unit.committee_name,
            "issued_date": iso(plan.issued_date)}


def _obligation_of(session: Session, instance_id: int, today: date) -> ObligationView | None:
    obligation = session.scalar(select(Obligation).where(Obligation.instance_id == instance_id))
    return obligation_view(obligation, today) if obligation is not None else None


def _previous_round(entries: Sequence[AuditEntry], task_name: str) -> dict:
    """What was last submitted in this step of the instance (a returned draft reopens with it)."""
    done = [e for e in entries if e.action == "complete" and e.task_name == task_name]
    return {k: v for k, v in answers(done[-1]).items() if k not in ROUND_ANSWERS} if done else {}
