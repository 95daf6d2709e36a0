"""Read views for the CLI and the web app: inboxes, plans, users. Nothing here parses workflow JSON."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.errors import NotFound
from engine.models import AuditEntry, HumanTask, Notification, Plan, Recipient, Unit, User
from engine.plans import signature_block


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _held_roles(user: User) -> dict[int, set[str]]:
    """Unit id → the roles the user may use there."""
    held: dict[int, set[str]] = {}
    for assignment in user.roles:
        for unit_id in assignment.acts_for:
            held.setdefault(unit_id, set()).add(assignment.role)
    return held


def task_for_user(session: Session, user: User, task_id: str) -> dict:
    """One READY task the user may act on, as the inbox shows it; any other id is 'not found'."""
    held = _held_roles(user)
    row = session.execute(
        select(HumanTask, Unit.code, Unit.name, Unit.level).join(Unit, Unit.id == HumanTask.unit_id)
        .where(HumanTask.id == str(task_id))
    ).first()
    if row is None or row[0].status != "ready" or not held.get(row[0].unit_id, set()) & set(row[0].roles.split(",")):
        raise NotFound(f"Không có nhiệm vụ '{task_id}' đang chờ bạn xử lý.")
    return _task_view(*row)


def inbox(session: Session, user: User) -> list[dict]:
    """The READY tasks the user may act on: a lane role the user holds at the task's unit."""
    held = _held_roles(user)
    if not held:
        return []
    rows = session.execute(
        select(HumanTask, Unit.code, Unit.name, Unit.level)
        .join(Unit, Unit.id == HumanTask.unit_id)
        .where(HumanTask.unit_id.in_(held), HumanTask.status == "ready")
        .order_by(HumanTask.due.is_(None), HumanTask.due, HumanTask.created_at)
    ).all()
    return [_task_view(task, code, name, level) for task, code, name, level in rows
            if held[task.unit_id] & set(task.roles.split(","))]


def _task_view(task: HumanTask, code: str, name: str, level: str) -> dict:
    return {
        "id": task.id, "name": task.name, "process_instance_id": task.instance_id, "plan_id": task.plan_id,
        "unit": code, "unit_name": Unit(name=name, level=level).committee_name, "due": _iso(task.due),
        "roles": task.roles.split(","), "instructions": task.instructions, "form": task.form,
    }


def plan_detail(session: Session, plan_id: int) -> dict:
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise NotFound(f"Không có kế hoạch #{plan_id}.")
    children = session.scalars(select(Plan).where(Plan.parent_id == plan.id).order_by(Plan.id)).all()
    recipients = session.scalars(select(Recipient).where(Recipient.plan_id == plan.id).order_by(Recipient.id))
    audit = session.scalars(select(AuditEntry).where(AuditEntry.plan_id == plan.id).order_by(AuditEntry.id))
    return {
        "id": plan.id, "unit": plan.unit.code, "unit_name": plan.unit.committee_name, "year": plan.year,
        "status": plan.status, "title": plan.title, "number": plan.number_symbol,
        "issued_date": _iso(plan.issued_date), "due_date": _iso(plan.due_date), "due_inclusive": plan.due_inclusive,
        "subplan_due": _iso(plan.subplan_due), "parent_id": plan.parent_id,
        "summary": plan.content.get("summary"), "signature": signature_block(plan),
        "children": [{"id": c.id, "unit": c.unit.code, "unit_name": c.unit.committee_name, "status": c.status,
                      "due_date": _iso(c.due_date), "number": c.number_symbol} for c in children],
        "recipients": [_recipient_view(r) for r in recipients],
        "audit": [{"at": _iso(a.at), "actor": a.actor, "action": a.action, "task": a.task_name,
                   "comment": a.comment, "details": a.details} for a in audit],
    }


def _recipient_view(recipient: Recipient) -> dict:
    unit = recipient.unit
    return {
        "line": recipient.line, "unit": unit.code if unit else None,
        "unit_name": unit.committee_name if unit else None, "implements": recipient.implements,
        "child_plan_id": recipient.child_plan_id, "acknowledged_at": _iso(recipient.acknowledged_at),
        "acknowledged_by": recipient.acknowledged_by,
    }


def list_users(session: Session) -> list[dict]:
    users = session.scalars(select(User).order_by(User.username)).all()
    return [_user_view(user) for user in users]


def _user_view(user: User) -> dict:
    assignment = user.roles[0] if user.roles else None
    committee = assignment.unit.parent if assignment and assignment.unit.level == "agency" else (
        assignment.unit if assignment else None)
    return {
        "username": user.username, "full_name": user.full_name,
        "unit": committee.code if committee else None,
        "unit_name": committee.committee_name if committee else None,
        "level": committee.level if committee else None,
        "agency": assignment.unit.name if assignment and assignment.unit.level == "agency" else None,
        "roles": sorted({a.role for a in user.roles}),
    }


def notifications(session: Session, user: User) -> list[dict]:
    """The user's reminders, overdue notices and escalations, newest first."""
    rows = session.scalars(
        select(Notification).where(Notification.user_id == user.id).order_by(Notification.id.desc())
    ).all()
    return [{"id": n.id, "kind": n.kind, "plan_id": n.plan_id, "text": n.text, "created_at": _iso(n.created_at),
             "read": n.read_at is not None} for n in rows]
