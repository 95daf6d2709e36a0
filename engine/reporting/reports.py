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
from engine.deadline import acceptance_deadline, as_data, is_late, state
from engine.deadline import label as due_label
from engine.errors import ExecutionFailure, InvalidInput, NotFound
from engine.models import (
    CLOSED_OBLIGATIONS,
    KIND_LABELS,
    OBLIGATION_LABELS,
    RECEIVED,
    Notification,
    Obligation,
    ObligationStatus,
    ProcessInstance,
    ReportingRequirement,
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

# --- how large a draft may be ---------------------------------------------------------------------
# One place for the sizes a plan or report draft may reach: save_draft and save_report refuse more, and
# engine/plans/documents.py renders no more of a draft stored before these bounds (it is cut, and says so).
# Generous for any real document under Nghị định 30 — a plan runs to a few pages (~20.000 characters, a few
# hundred paragraphs), a province names ~70 recipients — and small enough that the largest document still
# renders in seconds instead of stalling a worker. Measured (WeasyPrint PDF / .docx): 50.000 characters in
# 50 paragraphs 2,4 s / 0,1 s, in 1.300 paragraphs 2,2 s / 1,1 s, in 25.000 one-letter lines 66 s / 148 s;
# 200 recipient lines of 500 characters 3,1 s / 0,4 s. Paragraphs cost most, so they are bounded too.
TITLE_MAX = 500  # trích yếu: one or two lines in practice
TEXT_MAX = 50_000  # a plan's content; a report's sections together (~20 printed pages)
PARAGRAPHS_MAX = 1_000  # written lines (paragraphs) of that text
LINES_MAX = 200  # recipient lines (Nơi nhận), lists of late or missing units
LINE_MAX = 500  # one such line, and each written field of a reporting requirement
REQUIREMENTS_MAX = 50  # reporting requirements of one plan (a plan asks for a handful)


def written_count(number: int) -> str:
    """'50.000': Vietnamese writes thousands with a dot."""
    return f"{number:,}".replace(",", ".")


def bounded_text(value: object, field: str, label: str, limit: int = TEXT_MAX) -> str:
    """A text field of a draft as given ('' when absent), refused when it is not text or longer than the limit."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(f"'{label}' phải là văn bản.", {field: "phải là văn bản"})
    if len(value) > limit:
        most = written_count(limit)
        raise InvalidInput(f"'{label}' dài {written_count(len(value))} ký tự, vượt giới hạn {most} ký tự.",
                           {field: f"tối đa {most} ký tự"})
    paragraphs = paragraph_count(value)
    if paragraphs > PARAGRAPHS_MAX:
        most = written_count(PARAGRAPHS_MAX)
        raise InvalidInput(f"'{label}' có {written_count(paragraphs)} đoạn, vượt giới hạn {most} đoạn.",
                           {field: f"tối đa {most} đoạn"})
    return value


def paragraph_count(text: str) -> int:
    """The paragraphs a text renders as: its written lines that are not blank."""
    return sum(1 for line in text.splitlines() if line.strip())


def bounded_lines(value: object, field: str, label: str, limit: int = LINES_MAX) -> list[str]:
    """A list of lines of a draft ([] when absent): at most `limit` lines of at most LINE_MAX characters each."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(line, str) for line in value):
        raise InvalidInput(f"'{label}' phải là danh sách các dòng văn bản.", {field: "phải là danh sách dòng"})
    if len(value) > limit:
        raise InvalidInput(f"'{label}' có {written_count(len(value))} dòng, vượt giới hạn {written_count(limit)} dòng.",
                           {field: f"tối đa {written_count(limit)} dòng"})
    for number, line in enumerate(value, start=1):
        if len(line) > LINE_MAX:
            most = written_count(LINE_MAX)
            raise InvalidInput(f"'{label}' dòng {number} dài {written_count(len(line))} ký tự, vượt giới hạn "
                               f"{most} ký tự.", {field: f"mỗi dòng tối đa {most} ký tự"})
    return list(value)


def record_id(value: object) -> int | None:
    """A record id as process data may carry one: a whole number a database key can hold, else None."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2 ** 63:
        return value
    return None


def obligation_by_id(session: Session, obligation_id: object) -> Obligation:
    obligation = session.get(Obligation, obligation_id) if isinstance(obligation_id, int) else None
    if obligation is None:
        raise NotFound(f"Không có nghĩa vụ báo cáo #{obligation_id}.")
    return obligation


def due_phrase(obligation: Obligation) -> str:
    """The report's deadline as every page and notice writes it (engine/deadline.py label)."""
    return due_label(obligation.deadline)


def standing(obligation: Obligation, today: date) -> str:
    """On time, late, missing, returned, pending or cancelled: always derived from the dates (engine/deadline.py:
    "trước ngày 25/5" sent on 25/5 is late, "chậm nhất ngày 25/5" is not)."""
    if obligation.status == ObligationStatus.CANCELLED:
        return "cancelled"
    if obligation.status not in RECEIVED:
        if obligation.return_count:
            return "returned"
        return "missing" if state(obligation.deadline, today) == "overdue" else "pending"
    submitted = obligation.resubmitted_at or obligation.submitted_at
    assert submitted is not None  # a report that is in has been submitted
    return "late" if is_late(obligation.deadline, submitted.date()) else "on_time"


def due_state(obligation: Obligation, today: date) -> str | None:
    """How near its deadline a report still owed is (engine/deadline.py state); None once it is in or cancelled."""
    if obligation.status in RECEIVED or obligation.status == ObligationStatus.CANCELLED:
        return None
    return state(obligation.deadline, today)


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
    due: str  # the day the deadline names
    due_text: str  # the deadline as written (engine/deadline.py label)
    due_state: str | None  # on_time, due_soon, due_today, overdue while the report is owed
    last_day: str  # the last day on which the report is on time
    deadline: str  # the first day on which it is late
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
    standing_now = standing(obligation, today)
    submitted = obligation.resubmitted_at or obligation.submitted_at
    deadline = obligation.deadline
    return {
        "obligation_id": obligation.id, "plan_id": obligation.plan_id, "unit": obligation.reporting_unit.code,
        "unit_name": obligation.reporting_unit.committee_name, "kind": obligation.kind,
        "status": obligation.status, "status_label": OBLIGATION_LABELS[ObligationStatus(obligation.status)],
        "standing": standing_now, "standing_label": STANDING_LABELS[standing_now],
        "due": obligation.due_date.isoformat(),
        "due_text": due_label(deadline), "due_state": due_state(obligation, today),
        "last_day": deadline.last_day.isoformat(), "deadline": deadline.first_late_day.isoformat(),
        "opens_on": obligation.opens_on.isoformat(), "submitted_at": submitted.isoformat() if submitted else None,
        "number": obligation.number_symbol, "returns": obligation.return_count,
        "indicators": obligation.content.get("indicators", {}),
        "narrative": {k: obligation.content[k] for k in NARRATIVE if obligation.content.get(k)},
        "cancel_reason": obligation.cancel_reason,
    }


def _number(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


# --- host operations of report_lifecycle ---------------------------------------------------------


def own_obligation(ctx: Ctx, instance: ProcessInstance, data: dict) -> Obligation:
    """The report the calling instance was opened for — its receiver's step included, which runs in the same
    instance. The id in the data only points at it: a process (a designer's, started anywhere) that names
    another unit's report is refused, so no host operation acts on a report outside its own instance."""
    obligation_id = data.get("obligation_id")
    if obligation_id is None:
        raise ExecutionFailure(f"Hồ sơ #{instance.id} không gắn với báo cáo nào.")
    key = record_id(obligation_id)
    obligation = ctx.session.get(Obligation, key) if key is not None else None
    if obligation is None or not _belongs(obligation, instance):
        raise ExecutionFailure(f"Báo cáo #{str(obligation_id)[:40]} không thuộc hồ sơ này.")
    return obligation


def _belongs(obligation: Obligation, instance: ProcessInstance) -> bool:
    # open_obligation links the report to its instance before the first step runs (start_instance's `created`).
    return obligation.instance_id == instance.id


def consolidate_reports(ctx: Ctx, instance: ProcessInstance, data: dict) -> dict:
    """Prefill the draft: the last draft if any, and the reporters' indicators, late and missing units."""
    return _prefill(ctx, own_obligation(ctx, instance, data))


def _prefill(ctx: Ctx, obligation: Obligation) -> dict:
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
    obligation = own_obligation(ctx, instance, data)
    content = {**obligation.content, **report_draft(data)}
    texts = [content[key] for key in NARRATIVE if isinstance(content.get(key), str)]
    length, paragraphs = sum(map(len, texts)), sum(map(paragraph_count, texts))
    if length > TEXT_MAX or paragraphs > PARAGRAPHS_MAX:
        raise InvalidInput(f"Các phần của báo cáo dài tổng cộng {written_count(length)} ký tự, "
                           f"{written_count(paragraphs)} đoạn, vượt giới hạn {written_count(TEXT_MAX)} ký tự, "
                           f"{written_count(PARAGRAPHS_MAX)} đoạn.")
    obligation.content = content
    ctx.audit("save_report", instance_id=instance.id, plan_id=obligation.plan_id,
              details={"obligation_id": obligation.id})
    return {"obligation_id": obligation.id}


def report_draft(data: dict) -> dict:
    """The fields of a report draft present in the data, each within its bounds (see TEXT_MAX)."""
    draft: dict = {key: bounded_text(data[key], key, NARRATIVE_LABELS[key]) for key in NARRATIVE if key in data}
    for key, label in (("late_units", "Đơn vị nộp trễ hạn"), ("missing_units", "Đơn vị chưa nộp")):
        if key in data:
            draft[key] = bounded_lines(data[key], key, label)
    if "indicators" in data:
        indicators = data["indicators"]
        if not isinstance(indicators, dict) or not set(indicators) <= set(INDICATORS) or not all(
                value is None or (isinstance(value, int) and not isinstance(value, bool))
                for value in indicators.values()):
            raise InvalidInput(f"'Chỉ tiêu' chỉ gồm các số nguyên {', '.join(INDICATORS)}.",
                               {"indicators": "chỉ tiêu không hợp lệ"})
        draft["indicators"] = indicators
    return draft


def record_report_signature(ctx: Ctx, instance: ProcessInstance, data: dict) -> dict:
    obligation = own_obligation(ctx, instance, data)
    if ctx.actor is None:
        raise ExecutionFailure("Không xác định được người ký báo cáo.")
    role = signing_role(ctx)
    obligation.content = {**obligation.content, "signer": {"name": ctx.actor.full_name, "role": role}}
    return {"signer": ctx.actor.full_name, "role": role}


def submit_report(ctx: Ctx, instance: ProcessInstance, data: dict) -> dict:
    """Number the report in the unit's register (BC) and send it; the reports it consolidated are closed."""
    obligation = own_obligation(ctx, instance, data)
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
    late = is_late(obligation.deadline, today)
    ctx.audit("submit_report", instance_id=instance.id, plan_id=obligation.plan_id,
              details={"obligation_id": obligation.id, "number": obligation.number_symbol, "late": late})
    # The receiver's check is due by its own deadline, counted from today (the `due` of the check in
    # workflows/report_lifecycle.bpmn), not by the reporter's: a report sent on its last day is not late to check.
    return {"number": obligation.number_symbol, "late": late, "received_on": today.isoformat(),
            "acceptance_due": as_data(acceptance_deadline(today))}


def record_verdict(ctx: Ctx, instance: ProcessInstance, data: dict) -> dict:
    """The receiving officer accepts the report, or returns it asking for more."""
    obligation = own_obligation(ctx, instance, data)
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
            refresh_prefill(ctx, own.instance_id, _prefill(ctx, own))


def notify_report(ctx: Ctx, instance: ProcessInstance, data: dict, kind: str, role: str) -> dict:
    """A reminder, overdue notice or escalation while the report is not yet in; each at most once a day
    (a reminder is dropped once the deadline has passed, and escalations come at most weekly)."""
    if kind not in NOTICE_TEXT:
        raise ExecutionFailure(f"Loại thông báo '{kind}' không được hỗ trợ.")
    obligation = own_obligation(ctx, instance, data)
    today = ctx.clock.today()
    if obligation.status in RECEIVED | CLOSED_OBLIGATIONS or _superseded(ctx, obligation, kind, today):
        return {"notified": 0}
    text = NOTICE_TEXT[kind].format(
        report=_report_name(ctx, obligation), unit=obligation.reporting_unit.committee_name,
        due=due_phrase(obligation), days=(obligation.deadline.first_late_day - today).days,
        late=(today - obligation.deadline.first_late_day).days)
    roles = [role, Role.VICE_CHAIR] if role == Role.CHAIR else [role]
    return {"notified": _notify(ctx, obligation, kind, roles, text)}


def _report_name(ctx: Ctx, obligation: Obligation) -> str:
    """What the notice names: the deliverable or request as written, else the kind of report."""
    requirement = ctx.session.get(ReportingRequirement, obligation.requirement_id)
    if requirement is not None and requirement.description:
        return requirement.description[:200]
    return KIND_LABELS[ReportKind(obligation.kind)]


def _superseded(ctx: Ctx, obligation: Obligation, kind: str, today: date) -> bool:
    if kind == "reminder" and state(obligation.deadline, today) == "overdue":
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
