"""Reporting requirements of a plan, the obligations they schedule, and opening and closing them.

A plan's requirements start from its parent's (each due a few days earlier, so the unit can
consolidate before it reports up) or, at the top, from the usual calendar; the draft may change
them, but never later than the parent's. Issuing the plan schedules one obligation per reporting
unit; `run-due` opens each one when its window starts (a consolidating unit's waits until its own
reporters are in or their deadline has passed) and cancels those of dissolved units.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, select

from engine.bpmn.incidents import INCIDENT_FAILURES, StepIncident, record_incident
from engine.bpmn.runtime import cancel_instance, deliver_outbox, start_instance
from engine.bpmn.timers import batch_step, fire_due_timers
from engine.clock import iso
from engine.context import Ctx
from engine.errors import Conflict, Forbidden, InvalidInput
from engine.models import (
    CLOSED_OBLIGATIONS,
    KIND_LABELS,
    RECEIVED,
    Obligation,
    ObligationStatus,
    Plan,
    ProcessInstance,
    ReportingRequirement,
    ReportKind,
    Unit,
    User,
)
from engine.models.plan import URGENCY_LABELS, Urgency
from engine.org.access import require_obligation
from engine.org.recipients import resolve
from engine.org.roles import Role
from engine.org.units import acting_roles, committee_children, focal_agency
from engine.reporting.deadlines import Due, cutoff_warning, default_cutoff, parse_due
from engine.text import nfc

REPORT_PROCESS_ID = "report_lifecycle"
SCORING_PROCESS_ID = "unit_scoring"
TIGHTEN_DAYS = 5  # a child plan asks for its reports this many days before its own are due
DEFAULT_OPEN_DAYS = 15
OFFICE_HOUR = 8
ESCALATION_EVERY_DAYS = 7
# Built once: every plan issued in the cascade reads its requirements.
_REQUIREMENTS = (select(ReportingRequirement).where(ReportingRequirement.plan_id == bindparam("plan_id"))
                 .order_by(ReportingRequirement.id))
# The usual calendar of a plan that has no parent in the system (DOMAIN.md §2, the seeds).
TOP_LEVEL_CALENDAR = ((ReportKind.SIX_MONTH, "trước ngày 30/5"), (ReportKind.ANNUAL, "trước ngày 30/11"),
                      (ReportKind.SCORING, "trước ngày 05/12"))
# Reports of the same period that a unit consolidates into its own.
PERIOD_GROUPS = ({ReportKind.SIX_MONTH}, {ReportKind.ANNUAL, ReportKind.SUMMARY})
# Who decides a report's urgency: those who draft, review or sign it (Nghị định 30: proposed by the drafter,
# decided by the signer).
REPORT_AUTHORS = {Role.OFFICER, Role.HEAD, Role.CHAIR, Role.VICE_CHAIR}
_SUBORDINATES = {"central": "UBND các tỉnh, thành phố trực thuộc Trung ương", "district": "UBND các xã, thị trấn"}


# --- requirements -------------------------------------------------------------------------------


def subordinates_line(ctx: Ctx, unit: Unit, on: date) -> str | None:
    """'UBND các xã, thị trấn' or the like: the unit's subordinate committees, as plans write them."""
    children = committee_children(ctx.session, unit.id, on)
    if not children:
        return None
    if unit.level == "province":
        return "UBND các huyện, thành phố" if children[0].level == "district" else "UBND các xã, phường, đặc khu"
    return _SUBORDINATES.get(unit.level, "UBND các xã, thị trấn")


class _Organisation:
    """What checking one plan's requirements reads from the organisation, each read once."""

    def __init__(self, ctx: Ctx, plan: Plan):
        self.ctx, self.plan, self.today = ctx, plan, ctx.clock.today()
        self.names_units = functools.cache(self._names_units)
        self.via = functools.cache(self._via)

    @functools.cached_property
    def subordinates(self) -> str | None:
        return subordinates_line(self.ctx, self.plan.unit, self.today)

    def _names_units(self, line: str) -> bool:
        resolved = resolve(self.ctx.session, self.plan.unit, [line], self.today)
        return any(r.unit is not None and r.unit.level != "agency" for r in resolved)

    def _via(self, to_superior: bool) -> str | None:
        """'qua Phòng Nội vụ huyện Tứ Kỳ': the receiving committee's focal agency."""
        receiver = self.plan.unit.parent if to_superior else self.plan.unit
        agency = focal_agency(self.ctx.session, receiver.id) if receiver else None
        return f"qua {agency.name}" if agency else None


def start_requirements(ctx: Ctx, plan: Plan, parent: Plan | None) -> None:
    """A new plan's requirements: the parent's, each due TIGHTEN_DAYS earlier, or the usual calendar."""
    organisation = _Organisation(ctx, plan)
    reporters = organisation.subordinates
    if reporters is None:
        return
    items: list[dict[str, Any]]
    if parent is None:
        items = [{"kind": kind, "due": text} for kind, text in TOP_LEVEL_CALENDAR]
    else:
        items = [{"kind": r.kind, "due": written_due(r.due_date - timedelta(days=TIGHTEN_DAYS), r.due_inclusive),
                  "cutoff_from": iso(r.cutoff_from), "cutoff_to": iso(r.cutoff_to), "open_days": r.open_days}
                 for r in requirements_of(ctx, parent.id) if not r.to_superior]
    set_requirements(ctx, plan, [{"reporters": reporters, **item} for item in items], organisation)


def requirements_of(ctx: Ctx, plan_id: int) -> list[ReportingRequirement]:
    return list(ctx.session.scalars(_REQUIREMENTS, {"plan_id": plan_id}))


def set_requirements(ctx: Ctx, plan: Plan, items: list[dict],
                     organisation: _Organisation | None = None) -> list[ReportingRequirement]:
    """Replace the plan's requirements; each is checked against the parent plan's before anything changes."""
    parent_deadlines = _parent_deadlines(ctx, plan)
    organisation = organisation or _Organisation(ctx, plan)
    rows = [_requirement(ctx, plan, item, parent_deadlines, organisation) for item in items]
    for old in requirements_of(ctx, plan.id):
        ctx.session.delete(old)
    ctx.session.add_all(rows)
    ctx.session.flush()
    return rows


def _parent_deadlines(ctx: Ctx, plan: Plan) -> dict[str, date]:
    if plan.parent_id is None:
        return {}
    return {r.kind: Due(r.due_text, r.due_date, r.due_inclusive).deadline
            for r in requirements_of(ctx, plan.parent_id) if not r.to_superior}


def _requirement(ctx: Ctx, plan: Plan, item: dict, parent_deadlines: dict[str, date],
                 organisation: _Organisation) -> ReportingRequirement:
    kind = _kind(item.get("kind"))
    due = parse_due(str(item.get("due") or ""), plan.year)
    label = KIND_LABELS[kind]
    if kind in parent_deadlines and due.deadline > parent_deadlines[kind]:
        raise InvalidInput(f"{label}: hạn '{due.text}' muộn hơn hạn của kế hoạch cấp trên "
                           f"(trước ngày {parent_deadlines[kind]:%d/%m/%Y}); kế hoạch cấp dưới chỉ được rút ngắn hạn.")
    window = default_cutoff(kind, plan.year)
    cutoff_from = _date(item.get("cutoff_from"), "cutoff_from") or (window[0] if window else None)
    cutoff_to = _date(item.get("cutoff_to"), "cutoff_to") or (window[1] if window else None)
    if cutoff_from and cutoff_to and cutoff_from > cutoff_to:
        raise InvalidInput(f"{label}: ngày bắt đầu chốt số liệu sau ngày kết thúc.")
    open_days = item.get("open_days") or DEFAULT_OPEN_DAYS
    if not isinstance(open_days, int) or not 1 <= open_days <= 366:
        raise InvalidInput(f"{label}: số ngày mở kỳ báo cáo phải là số nguyên từ 1 đến 366.")
    to_superior = bool(item.get("to_superior"))
    reporters = plan.unit.committee_name if to_superior else _reporters(organisation, item.get("reporters"), label)
    return ReportingRequirement(
        plan_id=plan.id, kind=kind, reporters=reporters, to_superior=to_superior,
        via=nfc(str(item["via"])) if item.get("via") else organisation.via(to_superior), due_text=due.text,
        due_date=due.day, due_inclusive=due.inclusive, cutoff_from=cutoff_from, cutoff_to=cutoff_to,
        open_days=open_days, warning=_warnings(cutoff_to, due, ctx.clock.today()),
    )


def _warnings(cutoff_to: date | None, due: Due, today: date) -> str | None:
    """Suspicious but possible dates are kept as written, with a warning (seed 002 has such a typo)."""
    past = f"Hạn báo cáo ({due.text}) đã qua trước ngày lập kế hoạch." if due.deadline <= today else None
    return " ".join(w for w in (past, cutoff_warning(cutoff_to, due)) if w) or None


def _reporters(organisation: _Organisation, written: object, label: str) -> str:
    """Who reports, as written; by default the plan's subordinate committees. It must name some of them."""
    issuer = organisation.plan.unit.committee_name
    line = nfc(str(written or "")).strip() or organisation.subordinates
    if not line:
        raise InvalidInput(f"{label}: {issuer} không có cấp dưới; hãy ghi đơn vị báo cáo.")
    if not organisation.names_units(line):
        raise InvalidInput(f"{label}: '{line}' không ứng với đơn vị nào trực thuộc {issuer}.")
    return line


def _kind(value: object) -> ReportKind:
    try:
        return ReportKind(str(value))
    except ValueError:
        known = ", ".join(ReportKind)
        raise InvalidInput(f"Loại báo cáo '{value}' không tồn tại (chọn: {known}).") from None


def _date(value: object, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(f"'{field}' phải là ngày dạng YYYY-MM-DD, nhận được '{value}'.") from None


def written_due(day: date, inclusive: bool) -> str:
    """A due date as plans write it: 'trước ngày 25/05/2024', or 'chậm nhất ngày ...' when inclusive."""
    return f"{'chậm nhất' if inclusive else 'trước'} ngày {day:%d/%m/%Y}"


def subplan_due(ctx: Ctx, plan: Plan) -> date | None:
    """By when the plan's children must issue theirs: the draft's sub-plan date, else a sub-plan requirement's
    (written in any part of the plan). Either is the first day a child plan is late ("trước ngày X": X)."""
    if plan.subplan_due is not None:
        return plan.subplan_due
    written = [Due(r.due_text, r.due_date, r.due_inclusive).deadline
               for r in requirements_of(ctx, plan.id) if r.kind == ReportKind.SUB_PLAN and not r.on_request]
    return min(written, default=None)


def run_due(ctx: Ctx) -> dict[str, int]:
    """What `run-due` does: cancel the reports of dissolved units, open reports whose window started,
    then fire every due timer (each missed one once)."""
    cancelled = cancel_for_dissolved(ctx)
    opened = open_due_obligations(ctx)
    return {"fired": fire_due_timers(ctx), "opened": opened, "cancelled": cancelled}


# --- obligations --------------------------------------------------------------------------------


def schedule_obligations(ctx: Ctx, plan: Plan) -> list[Obligation]:
    """One obligation per reporting unit of each requirement of an issued plan (sub-plans are the cascade's)."""
    issued = plan.issued_date or ctx.clock.today()
    created = []
    for requirement in requirements_of(ctx, plan.id):
        if requirement.kind == ReportKind.SUB_PLAN:
            continue
        for reporter, receiver in _routes(ctx, plan, requirement, issued):
            created.append(Obligation(
                requirement_id=requirement.id, plan_id=plan.id, kind=requirement.kind, year=plan.year,
                reporting_unit_id=reporter.id, receiving_unit_id=receiver.id, due_date=requirement.due_date,
                due_inclusive=requirement.due_inclusive, urgency=plan.urgency, created_at=ctx.now(),
                opens_on=max(issued, requirement.due_date - timedelta(days=requirement.open_days)),
            ))
    ctx.session.add_all(created)
    ctx.session.flush()
    ctx.audit("schedule_reports", plan_id=plan.id, details={"obligations": len(created)})
    return created


def _routes(ctx: Ctx, plan: Plan, requirement: ReportingRequirement, on: date) -> list[tuple[Unit, Unit]]:
    if requirement.to_superior:
        superior = plan.unit.parent
        return [(plan.unit, superior)] if superior is not None else []
    lines = resolve(ctx.session, plan.unit, [requirement.reporters], on)
    return [(line.unit, plan.unit) for line in lines if line.unit is not None and line.unit.level != "agency"]


def open_due_obligations(ctx: Ctx) -> int:
    """Start the report of every scheduled obligation whose window has started; return how many.

    A report whose process fails at its start (a broken version deployed) is kept waiting at its start with an
    incident for an administrator's retry; the other reports open, and the run's timers still fire.
    """
    today = ctx.clock.today()
    due = ctx.session.scalars(select(Obligation).where(
        Obligation.status == ObligationStatus.SCHEDULED, Obligation.opens_on <= today).order_by(Obligation.id)).all()
    opened = 0
    for obligation in due:
        if obligation.reporting_unit.is_valid_on(today) and _reporters_settled(ctx, obligation, today):
            try:
                with batch_step(ctx):
                    open_obligation(ctx, obligation)
                    deliver_outbox(ctx)
                opened += 1
            except INCIDENT_FAILURES as exc:
                stalled = open_obligation(ctx, obligation, run=False)
                element_id = getattr(exc, "element_id", None) or stalled.process_id
                record_incident(ctx.session, StepIncident(stalled.id, element_id, "start", exc.message,
                                                          {"obligation_id": obligation.id}), ctx.now())
    return opened


def period_kinds(kind: str) -> list[str]:
    """The kinds reported for the same period as this one (a summary consolidates annual reports)."""
    return [str(k) for k in next((g for g in PERIOD_GROUPS if kind in g), {kind})]


def sub_obligations(ctx: Ctx, obligation: Obligation) -> list[Obligation]:
    """The reports this obligation's unit receives for the same period: what it consolidates."""
    if not any(obligation.kind in group for group in PERIOD_GROUPS):
        return []
    return list(ctx.session.scalars(select(Obligation).where(
        Obligation.receiving_unit_id == obligation.reporting_unit_id, Obligation.year == obligation.year,
        Obligation.kind.in_(period_kinds(obligation.kind)), Obligation.id != obligation.id,
    ).order_by(Obligation.id)))


def consolidating(ctx: Ctx, report: Obligation, statuses: set[ObligationStatus]) -> list[Obligation]:
    """The receiving unit's own obligations, in these statuses, whose reports consolidate this one."""
    if not any(report.kind in group for group in PERIOD_GROUPS):
        return []
    return list(ctx.session.scalars(select(Obligation).where(
        Obligation.reporting_unit_id == report.receiving_unit_id, Obligation.year == report.year,
        Obligation.kind.in_(period_kinds(report.kind)), Obligation.status.in_([str(s) for s in statuses]))))


def _reporters_settled(ctx: Ctx, obligation: Obligation, today: date) -> bool:
    subs = [s for s in sub_obligations(ctx, obligation) if s.status != ObligationStatus.CANCELLED]
    if not subs:
        return True
    return all(s.status in RECEIVED for s in subs) or today >= max(s.deadline for s in subs)


def open_obligation(ctx: Ctx, obligation: Obligation, run: bool = True) -> ProcessInstance:
    """Start the report (or scoring) process at the reporting unit; timers follow the due date."""
    deadline = obligation.deadline
    process_id = SCORING_PROCESS_ID if obligation.kind == ReportKind.SCORING else REPORT_PROCESS_ID
    plan = ctx.session.get(Plan, obligation.plan_id)
    instance = start_instance(ctx, process_id, obligation.reporting_unit, {
        "obligation_id": obligation.id,
        "receiver_unit_id": obligation.receiving_unit_id,
        "kind": obligation.kind,
        "report_title": f"{KIND_LABELS[ReportKind(obligation.kind)]} năm {obligation.year}",
        "report_due": obligation.due_date.isoformat(),
        **{f"remind_{days}_at": _at(obligation.due_date - timedelta(days=days)) for days in (7, 3, 1)},
        "overdue_at": _at(deadline),
        "escalate_cycle": f"R10/{_at(deadline + timedelta(days=3))}/P{ESCALATION_EVERY_DAYS}D",
    }, plan, run=run, created=lambda instance: setattr(obligation, "instance_id", instance.id))
    if obligation.status == ObligationStatus.SCHEDULED:
        obligation.status = ObligationStatus.OPEN
    ctx.audit("open_report", instance_id=instance.id, plan_id=obligation.plan_id,
              details={"obligation_id": obligation.id, "unit": obligation.reporting_unit.code})
    return instance


def _at(day: date) -> str:
    return datetime(day.year, day.month, day.day, OFFICE_HOUR).isoformat()


def maybe_open_consolidation(ctx: Ctx, received: Obligation) -> None:
    """When a unit's last report is in (submitted), its own report for the period need not wait for the deadline."""
    today = ctx.clock.today()
    for obligation in consolidating(ctx, received, {ObligationStatus.SCHEDULED}):
        if obligation.opens_on <= today and _reporters_settled(ctx, obligation, today):
            open_obligation(ctx, obligation)


def cancel_for_dissolved(ctx: Ctx) -> int:
    """Close as cancelled every open obligation whose reporting or receiving unit no longer exists."""
    today = ctx.clock.today()
    pending = ctx.session.scalars(select(Obligation).where(
        Obligation.status.not_in([str(s) for s in CLOSED_OBLIGATIONS])))
    cancelled = 0
    for obligation in pending:
        gone = next((u for u in (obligation.reporting_unit, obligation.receiving_unit) if not u.is_valid_on(today)),
                    None)
        if gone is not None:
            assert gone.valid_to is not None  # valid when its reports were scheduled: no longer valid is dissolved
            reason = f"{gone.committee_name} giải thể từ ngày {gone.valid_to + timedelta(days=1):%d/%m/%Y}."
            cancel_obligation(ctx, obligation, reason)
            cancelled += 1
    return cancelled


# --- urgency ------------------------------------------------------------------------------------


def parse_urgency(value: object) -> Urgency:
    """An urgency code as typed ('khan'); none given is 'thường'."""
    if value is None or value == "":
        return Urgency.NORMAL
    try:
        return Urgency(nfc(str(value)).strip())
    except ValueError:
        known = ", ".join(f"{u.value} ({URGENCY_LABELS[u]})" for u in Urgency)
        raise InvalidInput(f"Độ khẩn '{value}' không tồn tại (chọn: {known}).",
                           {"urgency": "độ khẩn không hợp lệ"}) from None


def set_report_urgency(ctx: Ctx, user: User, obligation_id: int, urgency: str) -> Obligation:
    """Mark a report more or less urgent than its plan; its unit's drafters and signers decide, before it is sent."""
    ctx.act_as(user)
    chosen = parse_urgency(urgency)
    obligation = require_obligation(ctx.session, user, obligation_id)
    refusal = _urgency_refusal(user, obligation)
    if refusal is not None:
        raise refusal
    if chosen == obligation.urgency:  # nothing changes, so nothing to record
        return obligation
    ctx.audit("set_urgency", instance_id=obligation.instance_id, plan_id=obligation.plan_id,
              details={"obligation_id": obligation.id, "from": obligation.urgency, "to": chosen.value})
    obligation.urgency = chosen
    return obligation


def may_set_report_urgency(user: User, obligation: Obligation) -> bool:
    """Whether the report's page offers this user the urgency form (the rule set_report_urgency applies)."""
    return _urgency_refusal(user, obligation) is None


def _urgency_refusal(user: User, obligation: Obligation) -> Forbidden | Conflict | None:
    if not acting_roles(user, obligation.reporting_unit_id) & REPORT_AUTHORS:
        unit = obligation.reporting_unit.committee_name
        return Forbidden(f"Bạn không có vai trò soạn thảo hay ký báo cáo của {unit}.")
    if obligation.status in RECEIVED | CLOSED_OBLIGATIONS:
        return Conflict("Báo cáo đã gửi hoặc đã đóng; không đổi được độ khẩn.")
    return None


def cancel_obligation(ctx: Ctx, obligation: Obligation, reason: str) -> None:
    """Cancel a report nobody can make any more (its unit was dissolved), stopping its process."""
    if obligation.instance_id is not None:
        cancel_instance(ctx, ctx.session.get_one(ProcessInstance, obligation.instance_id))
    mark_cancelled(ctx, obligation, reason)


def mark_cancelled(ctx: Ctx, obligation: Obligation, reason: str) -> None:
    """Close a report as cancelled with the reason its page shows; its process is the caller's to stop (an
    administrator's termination has stopped it already)."""
    obligation.status, obligation.cancel_reason = ObligationStatus.CANCELLED, reason
    ctx.audit("cancel_report", instance_id=obligation.instance_id, plan_id=obligation.plan_id, comment=reason,
              details={"obligation_id": obligation.id, "unit": obligation.reporting_unit.code})
