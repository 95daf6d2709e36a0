"""A plan as the plan page and `planflow plan show` read it: status, number, cascade, recipients, audit."""

from __future__ import annotations

from typing import TypedDict

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.bpmn.incidents import suspension_of
from engine.clock import iso
from engine.errors import NotFound
from engine.models import AuditEntry, Plan, ProcessInstance, Recipient
from engine.org.signing import signature_block
from engine.plans.lifecycle import PROCESS_ID


class ChildPlanView(TypedDict):
    id: int
    unit: str
    unit_name: str
    status: str
    due_date: str | None
    number: str | None


class RecipientView(TypedDict):
    line: str
    unit: str | None  # None: a line that names no unit in the system
    unit_name: str | None
    implements: bool
    child_plan_id: int | None
    acknowledged_at: str | None
    acknowledged_by: str | None


class PlanAuditView(TypedDict):
    at: str | None
    actor: str
    action: str
    task: str | None
    comment: str | None
    details: dict


class PlanDetail(TypedDict):
    id: int
    unit: str
    unit_name: str
    year: int
    status: str
    title: str | None
    number: str | None
    urgency: str
    issued_date: str | None
    due_date: str | None
    due_inclusive: bool
    subplan_due: str | None
    parent_id: int | None
    summary: str | None
    signature: list[str]
    instance_id: int | None
    suspension: dict | None
    children: list[ChildPlanView]
    recipients: list[RecipientView]
    audit: list[PlanAuditView]


def plan_detail(session: Session, plan_id: int) -> PlanDetail:
    plan = session.get(Plan, plan_id)
    if plan is None:
        raise NotFound(f"Không có kế hoạch #{plan_id}.")
    children = session.scalars(select(Plan).where(Plan.parent_id == plan.id).order_by(Plan.id)).all()
    recipients = session.scalars(select(Recipient).where(Recipient.plan_id == plan.id).order_by(Recipient.id))
    audit = session.scalars(select(AuditEntry).where(AuditEntry.plan_id == plan.id).order_by(AuditEntry.id))
    instance_id = session.scalar(select(ProcessInstance.id).where(
        ProcessInstance.plan_id == plan.id, ProcessInstance.process_id == PROCESS_ID))
    return {
        "id": plan.id, "unit": plan.unit.code, "unit_name": plan.unit.committee_name, "year": plan.year,
        "status": plan.status, "title": plan.title, "number": plan.number_symbol, "urgency": plan.urgency,
        "issued_date": iso(plan.issued_date), "due_date": iso(plan.due_date), "due_inclusive": plan.due_inclusive,
        "subplan_due": iso(plan.subplan_due), "parent_id": plan.parent_id,
        "summary": plan.content.get("summary"), "signature": signature_block(plan),
        "instance_id": instance_id, "suspension": suspension_of(session, instance_id),
        "children": [{"id": c.id, "unit": c.unit.code, "unit_name": c.unit.committee_name, "status": c.status,
                      "due_date": iso(c.due_date), "number": c.number_symbol} for c in children],
        "recipients": [_recipient_view(r) for r in recipients],
        "audit": [{"at": iso(a.at), "actor": a.actor, "action": a.action, "task": a.task_name,
                   "comment": a.comment, "details": a.details} for a in audit],
    }


def _recipient_view(recipient: Recipient) -> RecipientView:
    unit = recipient.unit
    return {
        "line": recipient.line, "unit": unit.code if unit else None,
        "unit_name": unit.committee_name if unit else None, "implements": recipient.implements,
        "child_plan_id": recipient.child_plan_id, "acknowledged_at": iso(recipient.acknowledged_at),
        "acknowledged_by": recipient.acknowledged_by,
    }
