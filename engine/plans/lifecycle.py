"""Plans: start one at a unit, and the host operations its lifecycle calls (draft, sign, issue, send)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from engine.bpmn.runtime import start_instance
from engine.context import Ctx
from engine.errors import ExecutionFailure, Forbidden, NotFound
from engine.models import Plan, PlanStatus, ProcessInstance, Recipient, Unit, User
from engine.models.plan import Urgency
from engine.org.recipients import default_lines, resolve
from engine.org.register import register_document
from engine.org.roles import Role
from engine.org.signing import signing_role
from engine.org.units import acting_roles, get_unit
from engine.reporting import obligations

PROCESS_ID = "plan_lifecycle"
RECEIPT_PROCESS_ID = "document_receipt"
DEFAULT_DUE_DAYS = 30  # a plan that names no deadline for its sub-plans gives them a month
REMINDER_DAYS = 3
OFFICE_HOUR = time(8, 0)
PLANNERS = {Role.OFFICER, Role.HEAD, Role.CHAIR, Role.VICE_CHAIR}
_PLAN = select(Plan).where(Plan.id == bindparam("plan_id"))


def start_plan(ctx: Ctx, unit_code: str, user: User, due: date | None = None, title: str | None = None,
               urgency: str | None = None) -> Plan:
    """Start a plan at a unit on behalf of one of its planners; its urgency is 'thường' unless given."""
    ctx.act_as(user)
    chosen = obligations.parse_urgency(urgency)
    unit = get_unit(ctx.session, unit_code, ctx.clock.today())
    if not acting_roles(user, unit.id) & PLANNERS:
        raise Forbidden(f"Bạn không có vai trò lập kế hoạch tại {unit.committee_name}.")
    return _new_plan(ctx, unit, None, due or ctx.clock.today() + timedelta(days=DEFAULT_DUE_DAYS), title,
                     urgency=chosen)


def _new_plan(ctx: Ctx, unit: Unit, parent: Plan | None, due: date, title: str | None = None,
              recipient_id: int | None = None, urgency: Urgency = Urgency.NORMAL) -> Plan:
    """A plan and its lifecycle; a child plan is as urgent as its parent."""
    today = ctx.clock.today()
    plan = Plan(unit_id=unit.id, parent_id=parent.id if parent else None, year=today.year, title=title,
                status=PlanStatus.RECEIVED if parent else PlanStatus.DRAFTING, due_date=due,
                urgency=parent.urgency if parent else urgency, content={}, created_at=ctx.now())
    ctx.session.add(plan)
    ctx.session.flush()
    obligations.start_requirements(ctx, plan, parent)
    overdue_day = due + timedelta(days=1) if plan.due_inclusive else due
    start_instance(ctx, PROCESS_ID, unit, {
        "plan_id": plan.id,
        "parent_plan_id": parent.id if parent else None,
        "recipient_id": recipient_id,
        "unit_code": unit.code,
        "plan_due": due.isoformat(),
        "reminder_at": datetime.combine(due - timedelta(days=REMINDER_DAYS), OFFICE_HOUR).isoformat(),
        "overdue_at": datetime.combine(overdue_day, OFFICE_HOUR).isoformat(),
        "title": title or "",
        "recipients": default_lines(ctx.session, unit, today),
        "draft": {"urgency": plan.urgency},  # prefills the draft form (formDefaults); save_draft keeps it current
    }, plan)
    return plan


def plan_of(ctx: Ctx, instance: ProcessInstance) -> Plan:
    plan = plan_by_id(ctx.session, instance.plan_id) if instance.plan_id else None
    if plan is None:
        raise ExecutionFailure(f"Quy trình #{instance.id} không gắn với kế hoạch nào.")
    return plan


def plan_by_id(session: Session, plan_id: int) -> Plan | None:
    """The session's copy, else one prebuilt SELECT: `session.get` builds its statement anew on every miss,
    and each step of the cascade reads its plan in a new session."""
    held = session.identity_map.get(identity_key(Plan, plan_id))
    return held if held is not None else session.scalars(_PLAN, {"plan_id": plan_id}).one_or_none()


def save_draft(ctx: Ctx, instance: ProcessInstance, data: dict) -> dict:
    plan = plan_of(ctx, instance)
    plan.title = data["title"]
    plan.content = {"summary": data.get("summary", ""), "recipients": list(data.get("recipients") or [])}
    plan.subplan_due = date.fromisoformat(data["subplan_due"]) if data.get("subplan_due") else None
    if "reporting" in data:
        obligations.set_requirements(ctx, plan, data["reporting"])
    if data.get("urgency"):
        plan.urgency = obligations.parse_urgency(data["urgency"])
    return {"plan_id": plan.id, "urgency": plan.urgency}


def record_signature(ctx: Ctx, instance: ProcessInstance) -> dict:
    plan = plan_of(ctx, instance)
    if ctx.actor is None:
        raise ExecutionFailure("Không xác định được người ký.")
    plan.signer_name = ctx.actor.full_name
    plan.signer_role = signing_role(ctx)
    plan.status = PlanStatus.APPROVED
    ctx.audit("sign", instance_id=instance.id, plan_id=plan.id, details={"role": plan.signer_role})
    return {"signer": plan.signer_name, "role": plan.signer_role}


def issue_plan(ctx: Ctx, instance: ProcessInstance) -> dict:
    plan = plan_of(ctx, instance)
    today = ctx.clock.today()
    plan.number = register_document(ctx.session, plan.unit_id, plan.doc_type, today, plan.title, plan.id)
    plan.issued_date = today
    plan.status = PlanStatus.ISSUED
    ctx.audit("issue", instance_id=instance.id, plan_id=plan.id, details={"number": plan.number_symbol})
    return {"number": plan.number_symbol, "issued_date": today.isoformat()}


def distribute_plan(ctx: Ctx, instance: ProcessInstance) -> dict:
    """Record every resolved recipient; implementing units get their own plan, others a receipt."""
    plan = plan_of(ctx, instance)
    issued = plan.issued_date or ctx.clock.today()
    lines = plan.content.get("recipients") or default_lines(ctx.session, plan.unit, issued)
    child_due = plan.subplan_due or issued + timedelta(days=DEFAULT_DUE_DAYS)
    recipients = [Recipient(plan_id=plan.id, line=resolved.line, implements=resolved.implements,
                            unit=resolved.unit) for resolved in resolve(ctx.session, plan.unit, lines, issued)]
    ctx.session.add_all(recipients)
    ctx.session.flush()  # one batched INSERT gives every recipient its id for the messages
    for recipient in recipients:
        if recipient.implements:
            ctx.send("plan_assigned", {"recipient_id": recipient.id, "due": child_due.isoformat()}, instance)
        elif recipient.unit is not None:
            ctx.send("document_sent", {"recipient_id": recipient.id}, instance)
    ctx.audit("distribute", instance_id=instance.id, plan_id=plan.id, details={"lines": lines})
    scheduled = obligations.schedule_obligations(ctx, plan)
    return {"lines": len(lines), "obligations": len(scheduled)}


def start_child_plan(ctx: Ctx, payload: dict) -> None:
    recipient = _recipient(ctx.session, payload["recipient_id"])
    parent = plan_by_id(ctx.session, recipient.plan_id)
    assert recipient.unit is not None  # only a recipient that implements, so names a unit, is assigned a plan
    child = _new_plan(ctx, recipient.unit, parent, date.fromisoformat(payload["due"]),
                      recipient_id=recipient.id)
    recipient.child_plan_id = child.id


def start_receipt(ctx: Ctx, payload: dict) -> None:
    recipient = _recipient(ctx.session, payload["recipient_id"])
    plan = plan_by_id(ctx.session, recipient.plan_id)
    assert recipient.unit is not None and plan is not None  # sent only to a unit, by the plan that names it
    start_instance(ctx, RECEIPT_PROCESS_ID, recipient.unit, {"recipient_id": recipient.id, "plan_id": plan.id}, plan)


def acknowledge_receipt(ctx: Ctx, data: dict) -> dict:
    if not data.get("recipient_id"):
        return {}
    recipient = _recipient(ctx.session, data["recipient_id"])
    recipient.acknowledged_at = ctx.now()
    recipient.acknowledged_by = ctx.actor.username if ctx.actor else "system"
    assert recipient.unit is not None  # a receipt starts only for a recipient that names a unit
    ctx.audit("acknowledge", plan_id=recipient.plan_id, details={"unit": recipient.unit.code})
    return {"acknowledged_at": recipient.acknowledged_at.isoformat()}


def _recipient(session: Session, recipient_id: int) -> Recipient:
    recipient = session.get(Recipient, recipient_id)
    if recipient is None:
        raise NotFound(f"Không có nơi nhận #{recipient_id}.")
    return recipient
