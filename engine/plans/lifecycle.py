"""Plans: start one at a unit, and the host operations its lifecycle calls (draft, sign, issue, send)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from engine.bpmn.runtime import start_instance
from engine.calendar import add_working_days, is_working_day
from engine.context import Ctx
from engine.deadline import Deadline, as_data
from engine.errors import ExecutionFailure, Forbidden, InvalidInput, NotFound
from engine.models import Plan, PlanStatus, ProcessInstance, Recipient, Unit, User
from engine.models.plan import Urgency
from engine.org.recipients import default_lines, resolve
from engine.org.register import record_number, register_document
from engine.org.roles import Role
from engine.org.signing import signing_role
from engine.org.units import acting_roles, get_unit
from engine.plans import references
from engine.reporting import obligations
from engine.reporting.assignments import draft_defaults, owing_sub_plans, set_assignments
from engine.reporting.reports import LINE_MAX, REQUIREMENTS_MAX, TITLE_MAX, bounded_lines, bounded_text, record_id
from engine.text import clean

PROCESS_ID = "plan_lifecycle"
RECEIPT_PROCESS_ID = "document_receipt"
DEFAULT_DUE_DAYS = 30  # a plan that names no deadline for its sub-plans gives them a month
REMINDER_DAYS = 3
OFFICE_HOUR = time(8, 0)
PLANNERS = {Role.OFFICER, Role.HEAD, Role.CHAIR, Role.VICE_CHAIR}
SIGNATURE_HEADING_MAX = 120
REGISTER_NAME_MAX = 120  # Plan.numbered_in
NUMBER_MAX = 99_999  # a register's numbers for a year
_PLAN = select(Plan).where(Plan.id == bindparam("plan_id"))


def start_plan(ctx: Ctx, unit_code: str, user: User, due: date | None = None, title: str | None = None,
               urgency: str | None = None, parent_plan_id: int | None = None) -> Plan:
    """Start a plan at a unit on behalf of one of its planners; its urgency is 'thường' unless given (or its
    parent's). Drafted against a parent — a plan recorded as issued elsewhere, or an issued plan of a superior
    committee — it starts as a sub-plan does: the clerk registers the parent, the requirements are the parent's,
    and the parent is cited."""
    ctx.act_as(user)
    chosen = obligations.parse_urgency(urgency) if urgency else None
    unit = get_unit(ctx.session, unit_code, ctx.clock.today())
    if not acting_roles(user, unit.id) & PLANNERS:
        raise Forbidden(f"Bạn không có vai trò lập kế hoạch tại {unit.committee_name}.")
    parent = _chosen_parent(ctx, unit, parent_plan_id) if parent_plan_id is not None else None
    plan = _new_plan(ctx, unit, parent, due or ctx.clock.today() + timedelta(days=DEFAULT_DUE_DAYS), title,
                     urgency=chosen)
    if parent is not None:
        references.add_parent_reference(ctx, plan, parent)
    return plan


def _chosen_parent(ctx: Ctx, unit: Unit, parent_plan_id: int) -> Plan:
    """A parent a planner may draft against: issued, and either recorded from outside at this committee or
    above it, or a plan of a superior committee (a committee does not implement its own plans)."""
    parent = plan_by_id(ctx.session, parent_plan_id)
    if parent is None:
        raise NotFound(f"Không có kế hoạch #{parent_plan_id}.")
    if parent.status not in (PlanStatus.ISSUED, PlanStatus.CLOSED):
        raise InvalidInput(f"Kế hoạch #{parent.id} chưa ban hành: chỉ xây dựng kế hoạch thực hiện một kế hoạch đã "
                           "ban hành.", {"parent": "chưa ban hành"})
    above = parent.unit_id != unit.id or parent.origin == "external"
    if not above or not references.is_within(ctx.session, unit, parent.unit):
        raise InvalidInput(f"Kế hoạch #{parent.id} ({parent.unit.committee_name}) không phải kế hoạch của cấp trên "
                           f"{unit.committee_name}.", {"parent": "không phải kế hoạch cấp trên"})
    return parent


def _new_plan(ctx: Ctx, unit: Unit, parent: Plan | None, due: date, title: str | None = None,
              recipient_id: int | None = None, urgency: Urgency | None = None) -> Plan:
    """A plan and its lifecycle; a child plan is as urgent as its parent unless told otherwise."""
    today = ctx.clock.today()
    plan = Plan(unit_id=unit.id, parent_id=parent.id if parent else None, year=today.year, title=title,
                status=PlanStatus.RECEIVED if parent else PlanStatus.DRAFTING, due_date=due,
                urgency=urgency or (parent.urgency if parent else Urgency.NORMAL), content={}, created_at=ctx.now())
    ctx.session.add(plan)
    ctx.session.flush()
    obligations.start_requirements(ctx, plan, parent)
    deadline = Deadline.written(due, plan.due_inclusive)
    start_instance(ctx, PROCESS_ID, unit, {
        "plan_id": plan.id,
        "parent_plan_id": parent.id if parent else None,
        "recipient_id": recipient_id,
        "unit_code": unit.code,
        "plan_due": due.isoformat(),  # the day named; designers' scripts may read it
        "plan_deadline": as_data(deadline),  # the `due` of the plan's tasks (engine/deadline.py)
        "reminder_at": datetime.combine(reminder_day(deadline.first_late_day), OFFICE_HOUR).isoformat(),
        "overdue_at": datetime.combine(deadline.first_late_day, OFFICE_HOUR).isoformat(),
        "title": title or "",
        "recipients": default_lines(ctx.session, unit, today),
        # Prefills the draft form (formDefaults), inherited requirements included; save_draft keeps it current.
        "draft": {"urgency": plan.urgency, **draft_defaults(ctx, plan)},
    }, plan)
    return plan


def reminder_day(due: date) -> date:
    """REMINDER_DAYS before the deadline, moved back to the working day before when that is a day off: a reminder
    sent on the first day of Tết reaches no one at the office."""
    day = due - timedelta(days=REMINDER_DAYS)
    return day if is_working_day(day) else date.fromisoformat(add_working_days(day, -1))


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


def own_plan(ctx: Ctx, instance: ProcessInstance) -> Plan:
    """The plan the calling instance drafts and issues: its own plan, at its own unit. A receipt's instance
    names the sender's plan (to show it), so a plan operation run there is refused rather than acting on it."""
    plan = plan_of(ctx, instance)
    if plan.unit_id != instance.unit_id:
        raise ExecutionFailure(f"Kế hoạch #{plan.id} không thuộc hồ sơ này.")
    return plan


def save_draft(ctx: Ctx, instance: ProcessInstance, data: dict) -> dict:
    """Store the draft; every field within the bounds of engine/reporting/reports.py (TITLE_MAX …), or nothing.
    The archive line and the signature heading are the draft's own when given, the office's usual ones when not
    (each save is the whole form: a field left out goes back to the usual)."""
    plan = own_plan(ctx, instance)
    title = bounded_text(data.get("title"), "title", "Trích yếu", TITLE_MAX)
    if not title.strip():
        raise InvalidInput("Cần nhập 'Trích yếu'.", {"title": "cần nhập 'Trích yếu'"})
    content = {"summary": bounded_text(data.get("summary"), "summary", "Nội dung chính"),
               "recipients": bounded_lines(data.get("recipients"), "recipients", "Nơi nhận")}
    subplan_due = _draft_date(data.get("subplan_due"))
    reporting = _draft_requirements(data["reporting"]) if "reporting" in data else None
    archive_line = _one_line(data.get("archive_line"), "archive_line", "Dòng lưu", LINE_MAX) or None
    heading = _one_line(data.get("signature_heading"), "signature_heading", "Dòng trên chức danh người ký",
                        SIGNATURE_HEADING_MAX)
    plan.title, plan.content, plan.subplan_due = title, content, subplan_due
    plan.archive_line, plan.signature_heading = archive_line, _heading(heading, "signature_heading" in data)
    if reporting is not None:
        obligations.set_requirements(ctx, plan, reporting)
    if "assignments" in data:
        set_assignments(ctx, plan, data["assignments"])
    if data.get("urgency"):
        plan.urgency = obligations.parse_urgency(data["urgency"])
    return {**draft_defaults(ctx, plan), "plan_id": plan.id, "urgency": plan.urgency, "archive_line": plan.archive_line,
            "signature_heading": plan.signature_heading}


def _one_line(value: object, field: str, label: str, limit: int) -> str:
    """A one-line field of the draft: NFC, no control characters, single spaces, within its bound."""
    text = bounded_text(value, field, label, limit)
    return " ".join(clean(text, field).split())


def _heading(text: str, given: bool) -> str | None:
    """None: the committee's usual "TM. ỦY BAN NHÂN DÂN"; "" (or "-", which a web form can send): no heading."""
    if not given:
        return None
    return "" if text in ("", "-", "–") else text


def _draft_date(value: object) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:LINE_MAX])
    except ValueError:
        raise InvalidInput(f"Hạn cấp dưới ban hành kế hoạch phải là ngày dạng YYYY-MM-DD, nhận được "
                           f"'{str(value)[:40]}'.", {"subplan_due": "ngày không hợp lệ"}) from None


def _draft_requirements(items: object) -> list[dict]:
    """At most REQUIREMENTS_MAX requirements, each written field at most LINE_MAX characters."""
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise InvalidInput("'Yêu cầu báo cáo' phải là danh sách các yêu cầu.", {"reporting": "phải là danh sách"})
    if len(items) > REQUIREMENTS_MAX:
        raise InvalidInput(f"'Yêu cầu báo cáo' có {len(items)} yêu cầu, vượt giới hạn {REQUIREMENTS_MAX} yêu cầu.",
                           {"reporting": f"tối đa {REQUIREMENTS_MAX} yêu cầu"})
    for number, item in enumerate(items, start=1):
        for key, label in (("reporters", "Đơn vị báo cáo"), ("via", "Qua cơ quan đầu mối"), ("due", "Hạn")):
            if isinstance(item.get(key), str) and len(item[key]) > LINE_MAX:
                raise InvalidInput(f"Yêu cầu báo cáo thứ {number}: '{label}' dài {len(item[key])} ký tự, vượt giới "
                                   f"hạn {LINE_MAX} ký tự.", {"reporting": f"mỗi mục tối đa {LINE_MAX} ký tự"})
    return items


def record_signature(ctx: Ctx, instance: ProcessInstance) -> dict:
    plan = own_plan(ctx, instance)
    if ctx.actor is None:
        raise ExecutionFailure("Không xác định được người ký.")
    plan.signer_name = ctx.actor.full_name
    plan.signer_role = signing_role(ctx)
    plan.status = PlanStatus.APPROVED
    ctx.audit("sign", instance_id=instance.id, plan_id=plan.id, details={"role": plan.signer_role})
    return {"signer": plan.signer_name, "role": plan.signer_role}


def issue_plan(ctx: Ctx, instance: ProcessInstance, data: dict | None = None) -> dict:
    """Register and issue the plan. A plan numbered in another register (the clerk writes "số 39, cấp từ
    VNPT-iOffice" in the issue step: `number` and `numbered_in`, or the plan carries them already) keeps that
    number: our register records it for the year instead of taking the next one."""
    plan = own_plan(ctx, instance)
    today = ctx.clock.today()
    given = _given_number(data or {}) or _carried_number(plan)
    if given is None:
        plan.number = register_document(ctx.session, plan.unit_id, plan.doc_type, today, plan.title, plan.id)
    else:
        plan.number, plan.numbered_in = given
        record_number(ctx.session, plan.unit_id, plan.doc_type, today, plan.title, plan.number, plan.id,
                      plan.numbered_in)
    plan.issued_date = today
    plan.status = PlanStatus.ISSUED
    ctx.audit("issue", instance_id=instance.id, plan_id=plan.id,
              details={"number": plan.number_symbol, "numbered_in": plan.numbered_in})
    return {"number": plan.number_symbol, "issued_date": today.isoformat(), "numbered_in": plan.numbered_in}


def _given_number(data: dict) -> tuple[int, str] | None:
    """The number and the register the clerk wrote in the issue step, both or neither."""
    number, register = data.get("number"), data.get("numbered_in")
    if number in (None, "") and register in (None, ""):
        return None
    if not isinstance(number, int) or isinstance(number, bool) or not 0 < number <= NUMBER_MAX:
        raise InvalidInput(f"Số đã cấp phải là số nguyên từ 1 đến {NUMBER_MAX}, nhận được '{str(number)[:20]}'.",
                           {"number": "số không hợp lệ"})
    written = _one_line(register, "numbered_in", "Cấp từ", REGISTER_NAME_MAX)
    if not written:
        raise InvalidInput(f"Số {number:02d} được cấp từ đâu? Hãy ghi sổ hoặc hệ thống đã cấp số (ví dụ: "
                           "VNPT-iOffice).", {"numbered_in": "cần ghi nơi cấp số"})
    return number, written


def _carried_number(plan: Plan) -> tuple[int, str] | None:
    if plan.number is not None and plan.numbered_in:
        return plan.number, plan.numbered_in
    return None


def distribute_plan(ctx: Ctx, instance: ProcessInstance) -> dict:
    """Record every resolved recipient; implementing units get their own plan, others a receipt."""
    plan = own_plan(ctx, instance)
    issued = plan.issued_date or ctx.clock.today()
    lines = plan.content.get("recipients") or default_lines(ctx.session, plan.unit, issued)
    child_due = obligations.subplan_due(ctx, plan) or issued + timedelta(days=DEFAULT_DUE_DAYS)
    resolved = resolve(ctx.session, plan.unit, lines, issued)
    internal = {id(line) for line in resolved if getattr(line, "internal", False)}
    recipients = [Recipient(plan_id=plan.id, line=line.line, implements=line.implements, unit=line.unit)
                  for line in resolved]
    quiet = {id(r) for r, line in zip(recipients, resolved, strict=True) if id(line) in internal}
    recipients += _assigned_plans(ctx, plan, recipients)
    ctx.session.add_all(recipients)
    ctx.session.flush()  # one batched INSERT gives every recipient its id for the messages
    for recipient in recipients:
        if recipient.implements:
            ctx.send("plan_assigned", {"recipient_id": recipient.id, "due": child_due.isoformat()}, instance)
        elif recipient.unit is not None and id(recipient) not in quiet:  # the issuer's own leaders have it
            ctx.send("document_sent", {"recipient_id": recipient.id}, instance)
    ctx.audit("distribute", instance_id=instance.id, plan_id=plan.id, details={"lines": lines})
    scheduled = obligations.schedule_obligations(ctx, plan)
    return {"lines": len(lines), "obligations": len(scheduled)}


def _assigned_plans(ctx: Ctx, plan: Plan, recipients: list[Recipient]) -> list[Recipient]:
    """Units an assignment makes owe their own plan implement it, named in Nơi nhận or not (an agency
    reached by "Các phòng, ban thuộc huyện" receives the plan; the assignment says it must answer it)."""
    by_unit = {r.unit_id or (r.unit.id if r.unit else None): r for r in recipients if r.unit is not None}
    added = []
    for line, unit in owing_sub_plans(ctx, plan):
        if unit.id in by_unit:
            by_unit[unit.id].implements = True
        else:
            added.append(Recipient(plan_id=plan.id, line=line, implements=True, unit=unit))
            by_unit[unit.id] = added[-1]
    return added


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


def acknowledge_receipt(ctx: Ctx, instance: ProcessInstance, data: dict) -> dict:
    """The unit has registered the plan sent to it — a receipt, or the parent plan its own plan answers — in its
    incoming register: số đến and ngày đến. A parent drafted against directly (no recipient line: a plan recorded
    from outside) is registered as well, once per unit."""
    if not data.get("recipient_id"):
        return _receive_parent(ctx, instance)
    recipient = _own_recipient(ctx, instance, data["recipient_id"])
    recipient.acknowledged_at = ctx.now()
    recipient.acknowledged_by = ctx.actor.username if ctx.actor else "system"
    assert recipient.unit is not None  # a receipt starts only for a recipient that names a unit
    sent = plan_by_id(ctx.session, recipient.plan_id)
    assert sent is not None  # a recipient line belongs to the plan that was distributed
    number = references.receive_plan(ctx, sent, recipient.unit.id, recipient.id)
    ctx.audit("acknowledge", plan_id=recipient.plan_id,
              details={"unit": recipient.unit.code, "incoming_number": number})
    return {"acknowledged_at": recipient.acknowledged_at.isoformat(), "incoming_number": number,
            "received_on": ctx.clock.today().isoformat()}


def _receive_parent(ctx: Ctx, instance: ProcessInstance) -> dict:
    """A child plan drafted against a parent with no recipient line: its unit registers that parent."""
    if instance.plan_id is None:
        return {}
    plan = own_plan(ctx, instance)
    parent = plan_by_id(ctx.session, plan.parent_id) if plan.parent_id else None
    if parent is None:
        return {}
    number = references.receive_plan(ctx, parent, plan.unit_id)
    ctx.audit("acknowledge", plan_id=parent.id, details={"unit": plan.unit.code, "incoming_number": number})
    return {"incoming_number": number, "received_on": ctx.clock.today().isoformat()}


def _own_recipient(ctx: Ctx, instance: ProcessInstance, recipient_id: object) -> Recipient:
    """The recipient line the calling instance answers: at its unit, for the plan it received (a receipt's
    instance names that plan) or the one its own plan implements (a child plan's lifecycle)."""
    key = record_id(recipient_id)
    recipient = ctx.session.get(Recipient, key) if key is not None else None
    if recipient is None or recipient.unit_id != instance.unit_id or instance.plan_id is None \
            or not _answers(ctx.session, recipient, instance.plan_id):
        raise ExecutionFailure(f"Nơi nhận #{str(recipient_id)[:40]} không thuộc hồ sơ này.")
    return recipient


def _answers(session: Session, recipient: Recipient, plan_id: int) -> bool:
    if plan_id in (recipient.plan_id, recipient.child_plan_id):
        return True
    plan = plan_by_id(session, plan_id)  # a child plan whose recipient row is not linked yet
    return plan is not None and plan.parent_id == recipient.plan_id and recipient.implements


def _recipient(session: Session, recipient_id: int) -> Recipient:
    recipient = session.get(Recipient, recipient_id)
    if recipient is None:
        raise NotFound(f"Không có nơi nhận #{recipient_id}.")
    return recipient
