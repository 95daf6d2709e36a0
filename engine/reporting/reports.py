"""Reports: what a receiving unit sees of its reporters (the compliance matrix), and the host
operations of the report process — consolidate, save, sign, submit, check, remind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypedDict

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.bpmn.projection import refresh_prefill
from engine.context import Ctx
from engine.errors import ExecutionFailure, NotFound
from engine.models import (
    CLOSED_OBLIGATIONS,
    KIND_LABELS,
    OBLIGATION_LABELS,
    RECEIVED,
    Notification,
    Obligation,
    ObligationStatus,
    ProcessInstance,
    ReportKind,
)
from engine.notify.notices import notify_users
from engine.org.register import register_document
from engine.org.roles import Role
from engine.org.signing import signing_role
from engine.org.units import role_holders
from engine.reporting.obligations import (
    consolidating,
    maybe_open_consolidation,
    period_kinds,
    sub_obligations,
    written_due,
)

INDICATORS = ("dialogues_held", "complaints_resolved", "dvk_models")
NARRATIVE = ("results", "shortcomings", "causes", "proposals")
# The titles the report form gives them (workflows/report_lifecycle.bpmn), for pages and documents.
INDICATOR_LABELS = {"dialogues_held": "Số cuộc đối thoại với Nhân dân",
                    "complaints_resolved": "Số đơn thư khiếu nại, tố cáo đã giải quyết",
                    "dvk_models": "Số mô hình “Dân vận khéo” đăng ký"}
NARRATIVE_LABELS = {"results": "Kết quả đạt được", "shortcomings": "Tồn tại, hạn chế", "causes": "Nguyên nhân",
                    "proposals": "Kiến nghị, đề xuất"}
STANDING_LABELS = {
    "on_time": "Nộp đúng hạn", "late": "Nộp trễ hạn", "missing": "Chưa nộp, đã quá hạn", "returned": "Bị trả lại",
    "pending": "Chưa đến hạn", "cancelled": "Đã hủy",
}
NOTICE_TEXT = {
    "reminder": "Nhắc hạn: {report} của {unit} cần gửi {due} (còn {days} ngày).",
    "overdue": "Quá hạn: {report} của {unit} chưa được gửi, hạn là {due}.",
    "escalation": "Quá hạn {late} ngày: {report} của {unit} vẫn chưa được gửi (hạn {due}).",
}


def obligation_by_id(session: Session, obligation_id: object) -> Obligation:
    obligation = session.get(Obligation, obligation_id) if isinstance(obligation_id, int) else None
    if obligation is None:
        raise NotFound(f"Không có nghĩa vụ báo cáo #{obligation_id}.")
    return obligation


def due_phrase(obligation: Obligation) -> str:
    return written_due(obligation.due_date, obligation.due_inclusive)


def standing(obligation: Obligation, today: date) -> str:
    """On time, late, missing, returned, pending or cancelled: always derived from the dates."""
    if obligation.status == ObligationStatus.CANCELLED:
        return "cancelled"
    if obligation.status not in RECEIVED:
        if obligation.return_count:
            return "returned"
        return "missing" if today >= obligation.deadline else "pending"
    submitted = obligation.resubmitted_at or obligation.submitted_at
    assert submitted is not None  # a report that is in has been submitted
    return "late" if submitted.date() >= obligation.deadline else "on_time"


# --- the compliance matrix ----------------------------------------------------------------------


class MatrixRow(TypedDict):
    """One reporting unit's report in the compliance matrix."""

    obligation_id: int
    plan_id: int
    unit: str
    unit_name: str
    kind: str
    status: str
    status_label: str
    standing: str  # a key of STANDING_LABELS
    standing_label: str
    due: str
    due_text: str
    deadline: str
    opens_on: str
    submitted_at: str | None
    number: str | None
    returns: int
    indicators: dict
    narrative: dict
    cancel_reason: str | None


@dataclass(frozen=True)
class Matrix:
    rows: list[MatrixRow]
    totals: dict[str, int]
    counts: dict[str, int]

    def units(self, *standings: str) -> list[str]:
        return [row["unit_name"] for row in self.rows if row["standing"] in standings]


def compliance(session: Session, reports: list[Obligation], today: date) -> Matrix:
    """One row per reporting unit with its standing; indicators summed over the reports that are in."""
    rows = [_row(o, today) for o in reports]
    received = [o for o in reports if o.status in RECEIVED]
    totals = {name: sum(_number(o.content.get("indicators", {}).get(name)) for o in received) for name in INDICATORS}
    counts = {name: sum(1 for row in rows if row["standing"] == name) for name in STANDING_LABELS}
    return Matrix(rows, totals, counts)


def _row(obligation: Obligation, today: date) -> MatrixRow:
    state = standing(obligation, today)
    submitted = obligation.resubmitted_at or obligation.submitted_at
    return {
        "obligation_id": obligation.id, "plan_id": obligation.plan_id, "unit": obligation.reporting_unit.code,
        "unit_name": obligation.reporting_unit.committee_name, "kind": obligation.kind,
        "status": obligation.status, "status_label": OBLIGATION_LABELS[ObligationStatus(obligation.status)],
        "standing": state, "standing_label": STANDING_LABELS[state], "due": obligation.due_date.isoformat(),
        "due_text": due_phrase(obligation), "deadline": obligation.deadline.isoformat(),
        "opens_on": obligation.opens_on.isoformat(), "submitted_at": submitted.isoformat() if submitted else None,
        "number": obligation.number_symbol, "returns": obligation.return_count,
        "indicators": obligation.content.get("indicators", {}),
        "narrative": {k: obligation.content[k] for k in NARRATIVE if obligation.content.get(k)},
        "cancel_reason": obligation.cancel_reason,
    }


def _number(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


# --- host operations of report_lifecycle ---------------------------------------------------------


def _obligation(ctx: Ctx, data: dict) -> Obligation:
    return obligation_by_id(ctx.session, data.get("obligation_id"))


def consolidate_reports(ctx: Ctx, data: dict) -> dict:
    """Prefill the draft: the last draft if any, and the reporters' indicators, late and missing units."""
    obligation = _obligation(ctx, data)
    prefill = {k: v for k, v in obligation.content.items() if k in (*NARRATIVE, "indicators")}
    reports = sub_obligations(ctx, obligation)
    if not reports:
        return prefill
    matrix = compliance(ctx.session, reports, ctx.clock.today())
    received = matrix.counts["on_time"] + matrix.counts["late"]
    prefill.update({
        "indicators": matrix.totals,
        "late_units": matrix.units("late"),
        "missing_units": matrix.units("missing", "returned", "pending"),
    })
    prefill.setdefault("results", f"Tổng hợp {received}/{len(reports)} báo cáo của các đơn vị trực thuộc.")
    return prefill


def save_report(ctx: Ctx, instance: ProcessInstance, data: dict) -> dict:
    obligation = _obligation(ctx, data)
    fields = (*NARRATIVE, "indicators", "late_units", "missing_units")
    obligation.content = {**obligation.content, **{k: data[k] for k in fields if k in data}}
    ctx.audit("save_report", instance_id=instance.id, plan_id=obligation.plan_id,
              details={"obligation_id": obligation.id})
    return {"obligation_id": obligation.id}


def record_report_signature(ctx: Ctx, data: dict) -> dict:
    obligation = _obligation(ctx, data)
    if ctx.actor is None:
        raise ExecutionFailure("Không xác định được người ký báo cáo.")
    role = signing_role(ctx)
    obligation.content = {**obligation.content, "signer": {"name": ctx.actor.full_name, "role": role}}
    return {"signer": ctx.actor.full_name, "role": role}


def submit_report(ctx: Ctx, instance: ProcessInstance, data: dict) -> dict:
    """Number the report in the unit's register (BC) and send it; the reports it consolidated are closed."""
    obligation = _obligation(ctx, data)
    today = ctx.clock.today()
    title = f"{KIND_LABELS[ReportKind(obligation.kind)]} năm {obligation.year}"
    obligation.number = register_document(ctx.session, obligation.reporting_unit_id, "BC", today, title)
    if obligation.submitted_at is None:
        obligation.submitted_at = ctx.now()
    else:
        obligation.resubmitted_at = ctx.now()
    obligation.status = ObligationStatus.SUBMITTED
    for report in sub_obligations(ctx, obligation):
        if report.status in RECEIVED:
            report.status = ObligationStatus.CONSOLIDATED
    _refresh_receivers_draft(ctx, obligation)  # flushes
    maybe_open_consolidation(ctx, obligation)
    late = today >= obligation.deadline
    ctx.audit("submit_report", instance_id=instance.id, plan_id=obligation.plan_id,
              details={"obligation_id": obligation.id, "number": obligation.number_symbol, "late": late})
    return {"number": obligation.number_symbol, "late": late}


def record_verdict(ctx: Ctx, instance: ProcessInstance, data: dict) -> dict:
    """The receiving officer accepts the report, or returns it asking for more."""
    obligation = _obligation(ctx, data)
    if data.get("verdict") == "accept":
        obligation.accepted_at = ctx.now()
        if obligation.status != ObligationStatus.CONSOLIDATED:  # the receiver may consolidate before checking
            obligation.status = ObligationStatus.ACCEPTED
    else:
        obligation.status, obligation.return_count = ObligationStatus.RETURNED, obligation.return_count + 1
        text = (f"{KIND_LABELS[ReportKind(obligation.kind)]} bị {obligation.receiving_unit.committee_name} "
                f"trả lại: {data.get('comment') or ''}")
        _notify(ctx, obligation, "returned", [Role.OFFICER, Role.HEAD], text)
        _refresh_receivers_draft(ctx, obligation)
    ctx.audit(f"report_{data.get('verdict')}", instance_id=instance.id, plan_id=obligation.plan_id,
              comment=data.get("comment") or None, details={"obligation_id": obligation.id})
    return {"status": obligation.status}


def _refresh_receivers_draft(ctx: Ctx, report: Obligation) -> None:
    """A report that comes in (or goes back) after its receiver's own draft opened updates that draft's prefill."""
    ctx.session.flush()
    drafting = set(ObligationStatus) - RECEIVED - CLOSED_OBLIGATIONS - {ObligationStatus.SCHEDULED}
    for own in consolidating(ctx, report, drafting):
        if own.instance_id is not None:  # always, once opened; without a process there are no forms to refresh
            refresh_prefill(ctx, own.instance_id, consolidate_reports(ctx, {"obligation_id": own.id}))


def notify_report(ctx: Ctx, data: dict, kind: str, role: str) -> dict:
    """A reminder, overdue notice or escalation while the report is not yet in; each at most once a day
    (a reminder is dropped once the deadline has passed, and escalations come at most weekly)."""
    if kind not in NOTICE_TEXT:
        raise ExecutionFailure(f"Loại thông báo '{kind}' không được hỗ trợ.")
    obligation = _obligation(ctx, data)
    today = ctx.clock.today()
    if obligation.status in RECEIVED | CLOSED_OBLIGATIONS or _superseded(ctx, obligation, kind, today):
        return {"notified": 0}
    text = NOTICE_TEXT[kind].format(
        report=KIND_LABELS[ReportKind(obligation.kind)], unit=obligation.reporting_unit.committee_name,
        due=due_phrase(obligation), days=(obligation.deadline - today).days,
        late=(today - obligation.deadline).days)
    roles = [role, Role.VICE_CHAIR] if role == Role.CHAIR else [role]
    return {"notified": _notify(ctx, obligation, kind, roles, text)}


def _superseded(ctx: Ctx, obligation: Obligation, kind: str, today: date) -> bool:
    if kind == "reminder" and today >= obligation.deadline:
        return True
    window = timedelta(days=7) if kind == "escalation" else timedelta(days=1)
    since = datetime.combine(today - window + timedelta(days=1), datetime.min.time())
    return ctx.session.scalar(select(Notification.id).where(
        Notification.obligation_id == obligation.id, Notification.kind == kind,
        Notification.created_at >= since).limit(1)) is not None


def _notify(ctx: Ctx, obligation: Obligation, kind: str, roles: list[str], text: str) -> int:
    users = role_holders(ctx.session, obligation.reporting_unit_id, roles)
    notify_users(ctx, users, kind, text, f"/reports/{obligation.id}", plan_id=obligation.plan_id,
                 obligation_id=obligation.id)
    ctx.session.flush()  # a cycle timer may fire again in this unit of work: _superseded must see these
    ctx.audit(kind, instance_id=obligation.instance_id, plan_id=obligation.plan_id, comment=text,
              details={"obligation_id": obligation.id, "to": [u.username for u in users]})
    return len(users)


# --- views: obligations and consolidations ------------------------------------------------------


class ObligationView(MatrixRow):
    """One report as lists and pages show it."""

    id: int
    year: int
    kind_label: str
    receiver: str
    receiver_name: str
    instance_id: int | None
    urgency: str
    total: int | None  # scoring results
    classification: str | None


class ConsolidationView(TypedDict):
    year: int
    kind: str
    rows: list[MatrixRow]
    indicators: dict[str, int]
    counts: dict[str, int]
    late_units: list[str]
    missing_units: list[str]
    own_report: ObligationView | None


def obligation_rows(session: Session, today: date, *, plan_id: int | None = None,
                    unit_id: int | None = None) -> list[ObligationView]:
    """The obligations of a plan, or those a unit must report, with their derived standing."""
    query = select(Obligation).order_by(Obligation.due_date, Obligation.id)
    if plan_id is not None:
        query = query.where(Obligation.plan_id == plan_id)
    if unit_id is not None:
        query = query.where(Obligation.reporting_unit_id == unit_id)
    return [obligation_view(o, today) for o in session.scalars(query)]


def obligation_view(obligation: Obligation, today: date) -> ObligationView:
    """One report as lists and pages show it: its matrix row, who receives it, and its scoring result."""
    row = _row(obligation, today)
    content = obligation.content
    return {
        "id": obligation.id, "year": obligation.year, "kind_label": KIND_LABELS[ReportKind(obligation.kind)], **row,
        "receiver": obligation.receiving_unit.code, "receiver_name": obligation.receiving_unit.committee_name,
        "instance_id": obligation.instance_id, "urgency": obligation.urgency,
        "total": content.get("total"), "classification": content.get("classification"),
    }


def consolidation_view(session: Session, unit_id: int, year: int, kind: str, today: date) -> ConsolidationView:
    """The compliance matrix of what a unit receives for one period, and its own report for it."""
    kinds = period_kinds(kind)
    received = list(session.scalars(select(Obligation).where(
        Obligation.receiving_unit_id == unit_id, Obligation.year == year, Obligation.kind.in_(kinds))
        .order_by(Obligation.id)))
    own = session.scalar(select(Obligation).where(
        Obligation.reporting_unit_id == unit_id, Obligation.year == year, Obligation.kind.in_(kinds)).limit(1))
    matrix = compliance(session, received, today)
    return {"year": year, "kind": kind, "rows": matrix.rows, "indicators": matrix.totals, "counts": matrix.counts,
            "late_units": matrix.units("late"), "missing_units": matrix.units("missing", "returned", "pending"),
            "own_report": obligation_view(own, today) if own else None}
