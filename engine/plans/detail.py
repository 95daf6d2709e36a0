"""A plan as the plan page and `planflow plan show` read it: status, number, cascade, recipients (with the số đến
each gave it), the documents it cites, the incoming register's lines for it, what it requires and assigns
(requirements as written, Tổ chức thực hiện), audit."""

from __future__ import annotations

from typing import Any, TypedDict

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.bpmn.incidents import suspension_of
from engine.clock import iso
from engine.deadline import label
from engine.errors import NotFound
from engine.models import AuditEntry, IncomingEntry, Plan, ProcessInstance, Recipient, Unit
from engine.org.signing import signature_block
from engine.plans.lifecycle import PROCESS_ID
from engine.plans.references import ReferenceView, reference_view, references_of
from engine.reporting.assignments import assignments_view, requirements_view


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
    incoming_number: int | None  # số đến in the recipient's incoming register
    received_on: str | None  # ngày đến


class IncomingView(TypedDict):
    unit: str
    unit_name: str
    number: int
    year: int
    received_on: str | None
    received_by: str
    sender: str | None
    number_symbol: str | None
    recipient_id: int | None


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
    due_text: str | None  # the deadline to issue, as every page writes it (engine/deadline.py label)
    subplan_due: str | None
    parent_id: int | None
    summary: str | None
    signature: list[str]
    instance_id: int | None
    suspension: dict | None
    origin: str  # "planflow", or "external": issued in another system and recorded here
    issuer_name: str | None
    numbered_in: str | None
    archive_line: str | None
    signature_heading: str | None
    children: list[ChildPlanView]
    recipients: list[RecipientView]
    references: list[ReferenceView]
    incoming: list[IncomingView]
    requirements: list[dict[str, Any]]  # as written, with their resolved dates and cut-off windows
    assignments: list[dict[str, Any]]  # Tổ chức thực hiện: lines, units, conditions, what each owes
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
    incoming = incoming_entries(session, plan.id)
    by_recipient = {entry["recipient_id"]: entry for entry in incoming if entry["recipient_id"] is not None}
    return {
        "id": plan.id, "unit": plan.unit.code, "unit_name": plan.unit.committee_name, "year": plan.year,
        "status": plan.status, "title": plan.title, "number": plan.number_symbol, "urgency": plan.urgency,
        "issued_date": iso(plan.issued_date), "due_date": iso(plan.due_date), "due_inclusive": plan.due_inclusive,
        "due_text": label(plan.deadline) if plan.deadline is not None else None,
        "subplan_due": iso(plan.subplan_due), "parent_id": plan.parent_id,
        "summary": plan.content.get("summary"), "signature": signature_block(plan),
        "instance_id": instance_id, "suspension": suspension_of(session, instance_id),
        "origin": plan.origin, "issuer_name": plan.issuer_name, "numbered_in": plan.numbered_in,
        "archive_line": plan.archive_line, "signature_heading": plan.signature_heading,
        "children": [{"id": c.id, "unit": c.unit.code, "unit_name": c.unit.committee_name, "status": c.status,
                      "due_date": iso(c.due_date), "number": c.number_symbol} for c in children],
        "recipients": [_recipient_view(r, by_recipient.get(r.id)) for r in recipients],
        "references": [reference_view(row) for row in references_of(session, plan.id)],
        "incoming": incoming,
        "requirements": [r for r in requirements_view(session, plan.id) if r["assignment_id"] is None],
        "assignments": assignments_view(session, plan.id),
        "audit": [{"at": iso(a.at), "actor": a.actor, "action": a.action, "task": a.task_name,
                   "comment": a.comment, "details": a.details} for a in audit],
    }


def _recipient_view(recipient: Recipient, entry: IncomingView | None) -> RecipientView:
    unit = recipient.unit
    return {
        "line": recipient.line, "unit": unit.code if unit else None,
        "unit_name": unit.committee_name if unit else None, "implements": recipient.implements,
        "child_plan_id": recipient.child_plan_id, "acknowledged_at": iso(recipient.acknowledged_at),
        "acknowledged_by": recipient.acknowledged_by,
        "incoming_number": entry["number"] if entry else None, "received_on": entry["received_on"] if entry else None,
    }


def incoming_entries(session: Session, plan_id: int, unit_id: int | None = None) -> list[IncomingView]:
    """The lines of incoming registers that received the plan (at one unit, if given), in the order received."""
    query = (select(IncomingEntry, Unit).join(Unit, Unit.id == IncomingEntry.unit_id)
             .where(IncomingEntry.plan_id == plan_id).order_by(IncomingEntry.received_at, IncomingEntry.unit_id))
    if unit_id is not None:
        query = query.where(IncomingEntry.unit_id == unit_id)
    return [{"unit": unit.code, "unit_name": unit.committee_name, "number": entry.number, "year": entry.year,
             "received_on": iso(entry.received_on), "received_by": entry.received_by, "sender": entry.sender,
             "number_symbol": entry.number_symbol, "recipient_id": entry.recipient_id}
            for entry, unit in session.execute(query).all()]


def task_receipts(session: Session, instance_id: int, plan_ids: list[int]) -> list[IncomingView]:
    """What a task's unit entered in its incoming register for the plans the task concerns (the plan received, or
    the parent a child plan answers): the số đến and ngày đến its page shows."""
    unit_id = session.scalar(select(ProcessInstance.unit_id).where(ProcessInstance.id == instance_id))
    if unit_id is None:
        return []
    return [entry for plan_id in dict.fromkeys(plan_ids) for entry in incoming_entries(session, plan_id, unit_id)]
