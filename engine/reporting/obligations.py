"""The obligations a plan's requirements schedule, and opening and closing them.

Issuing the plan schedules one obligation per reporting unit of each dated requirement (engine/reporting/
requirements.py): the units its assignment applies to, or those its reporters line names — subordinate
committees and agencies alike. `run-due` opens each one when its window starts (a consolidating unit's waits until
its own reporters are in or their deadline has passed) and cancels those of dissolved units.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import bindparam, select
from sqlalchemy.orm import aliased

from engine.bpmn.incidents import INCIDENT_FAILURES, StepIncident, record_incident
from engine.bpmn.runtime import cancel_instance, deliver_outbox, start_instance
from engine.bpmn.timers import batch_step, fire_due_timers
from engine.context import Ctx
from engine.deadline import Deadline, as_data, state
from engine.errors import Conflict, Forbidden, InvalidInput
from engine.models import (
    CLOSED_OBLIGATIONS,
    KIND_LABELS,
    RECEIVED,
    Assignment,
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
from engine.org.roles import Role
from engine.org.units import acting_roles
from engine.reporting.assignments import signing_unit
from engine.reporting.deadlines import Due
from engine.reporting.requirements import (  # noqa: F401 - callers set a plan's requirements through this module
    Organisation,
    requirements_of,
    set_requirements,
    start_requirements,
)
from engine.text import nfc

REPORT_PROCESS_ID = "report_lifecycle"
SCORING_PROCESS_ID = "unit_scoring"
OFFICE_HOUR = 8
ESCALATION_EVERY_DAYS = 7
# Reports of the same period that a unit consolidates into its own.
PERIOD_GROUPS = ({ReportKind.SIX_MONTH}, {ReportKind.ANNUAL, ReportKind.SUMMARY})
# Who decides a report's urgency: those who draft, review or sign it (Nghị định 30: proposed by the drafter,
# decided by the signer).
REPORT_AUTHORS = {Role.OFFICER, Role.HEAD, Role.CHAIR, Role.VICE_CHAIR}


def subplan_due(ctx: Ctx, plan: Plan) -> date | None:
    """By when the plan's children must issue theirs: the draft's sub-plan date, else a sub-plan requirement's
    (written in any part of the plan). Either is the first day a child plan is late ("trước ngày X": X)."""
    if plan.subplan_due is not None:
        return plan.subplan_due
    written = [Due(r.due_text, r.due_date, r.due_inclusive).deadline.first_late_day
               for r in requirements_of(ctx, plan.id) if r.kind == ReportKind.SUB_PLAN and not r.on_request]
    return min(written, default=None)


def run_due(ctx: Ctx) -> dict[str, int]:
    """What `run-due` does: cancel the reports of dissolved units, open reports whose window started,
    then fire every due timer (each missed one once)."""
    cancelled = cancel_for_dissolved(ctx)
    opened = open_due_obligations(ctx)
    return {"fired": fire_due_timers(ctx), "opened": opened, "cancelled": cancelled}


# --- obligations --------------------------------------------------------------------------------


def schedule_obligations(ctx: Ctx, plan: Plan, requirements: list[ReportingRequirement] | None = None
                         ) -> list[Obligation]:
    """One obligation per reporting unit of each dated requirement of an issued plan (sub-plans are the
    cascade's; a report on request waits for its request)."""
    issued = plan.issued_date or ctx.clock.today()
    organisation = Organisation(ctx, plan)
    created = []
    owed: set[tuple[int, str, int]] = set()  # (unit, kind, month of a recurring period) already scheduled
    rows = requirements if requirements is not None else requirements_of(ctx, plan.id)
    # What an assignment asks of a unit comes first: a general row of the same kind (one inherited from the parent,
    # "UBND các xã, thị trấn") does not ask the same unit twice.
    for requirement in sorted(rows, key=lambda r: r.assignment_id is None):
        if requirement.kind == ReportKind.SUB_PLAN or requirement.on_request:
            continue
        recurring = requirement.due_date.month if requirement.recurrence else 0
        for reporter, receiver in _routes(ctx, plan, requirement, organisation):
            if requirement.assignment_id is None and (reporter.id, requirement.kind, recurring) in owed:
                continue
            owed.add((reporter.id, requirement.kind, recurring))
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


def obligations_of_requirement(ctx: Ctx, requirement_id: int) -> list[Obligation]:
    return list(ctx.session.scalars(select(Obligation).where(Obligation.requirement_id == requirement_id)
                                    .order_by(Obligation.id)))


def _routes(ctx: Ctx, plan: Plan, requirement: ReportingRequirement,
            organisation: Organisation) -> list[tuple[Unit, Unit]]:
    if requirement.to_superior:
        superior = plan.unit.parent
        return [(plan.unit, superior)] if superior is not None else []
    if requirement.assignment_id is not None:
        assignment = ctx.session.get_one(Assignment, requirement.assignment_id)
        return [(u.unit, plan.unit) for u in assignment.units if u.applies and u.unit_id != plan.unit_id]
    return [(unit, plan.unit) for unit in organisation.units_named(requirement.reporters)]


def open_due_obligations(ctx: Ctx) -> int:
    """Start the report of every scheduled obligation whose window has started, in this unit of work; return how
    many. (The worker and `run-due` open each in a transaction of its own: engine/scheduler/steps.py.)"""
    today = ctx.clock.today()
    due = ctx.session.scalars(select(Obligation).where(
        Obligation.status == ObligationStatus.SCHEDULED, Obligation.opens_on <= today).order_by(Obligation.id)).all()
    return sum(open_if_due(ctx, obligation, today) for obligation in due)


# Scheduled obligations whose window has started: what the scheduler opens, in id order after a given id.
DUE_OBLIGATIONS = (select(Obligation.id).where(Obligation.status == ObligationStatus.SCHEDULED,
                                               Obligation.opens_on <= bindparam("today"))
                   .order_by(Obligation.id))


def open_if_due(ctx: Ctx, obligation: Obligation, today: date) -> bool:
    """Start the obligation's report if its window has started, its unit still exists and (for a consolidating
    unit) its reporters are settled; True when it opened.

    A report whose process fails at its start (a broken version deployed) is kept waiting at its start with an
    incident for an administrator's retry; the other reports open, and the run's timers still fire.
    """
    if obligation.status != ObligationStatus.SCHEDULED or obligation.opens_on > today:
        return False  # opened or cancelled meanwhile (another worker, a request)
    if not (obligation.reporting_unit.is_valid_on(today) and _reporters_settled(ctx, obligation, today)):
        return False
    try:
        with batch_step(ctx):
            open_obligation(ctx, obligation)
            deliver_outbox(ctx)
        return True
    except INCIDENT_FAILURES as exc:
        stalled = open_obligation(ctx, obligation, run=False)
        element_id = getattr(exc, "element_id", None) or stalled.process_id
        record_incident(ctx.session, StepIncident(stalled.id, element_id, "start", exc.message,
                                                  {"obligation_id": obligation.id}), ctx.now())
        return False


def is_consolidated(kind: str) -> bool:
    """Reports of this kind are consolidated up the tree (and carry indicators); scoring and registrations not."""
    return any(kind in group for group in PERIOD_GROUPS)


def period_kinds(kind: str) -> list[str]:
    """The kinds reported for the same period as this one (a summary consolidates annual reports)."""
    return [str(k) for k in next((g for g in PERIOD_GROUPS if kind in g), {kind})]


def sub_obligations(ctx: Ctx, obligation: Obligation) -> list[Obligation]:
    """The reports this obligation's unit receives for the same period: what it consolidates."""
    if not is_consolidated(obligation.kind):
        return []
    return list(ctx.session.scalars(select(Obligation).where(*_received_for(obligation)).order_by(Obligation.id)))


def _received_for(obligation: Obligation) -> tuple:
    """The reports its unit receives for the same period (a consolidating obligation's sub-obligations)."""
    return (Obligation.receiving_unit_id == obligation.reporting_unit_id, Obligation.year == obligation.year,
            Obligation.kind.in_(period_kinds(obligation.kind)), Obligation.id != obligation.id)


def consolidating(ctx: Ctx, report: Obligation, statuses: set[ObligationStatus]) -> list[Obligation]:
    """The receiving unit's own obligations, in these statuses, whose reports consolidate this one."""
    if not is_consolidated(report.kind):
        return []
    return list(ctx.session.scalars(select(Obligation).where(
        Obligation.reporting_unit_id == report.receiving_unit_id, Obligation.year == report.year,
        Obligation.kind.in_(period_kinds(report.kind)), Obligation.status.in_([str(s) for s in statuses]))))


def _reporters_settled(ctx: Ctx, obligation: Obligation, today: date) -> bool:
    if not is_consolidated(obligation.kind):
        return True
    # Columns, not rows: a district waiting for its communes is checked on every pass of the scheduler. Flushed
    # first: the report just submitted in this unit of work (maybe_open_consolidation) counts as received.
    ctx.session.flush()
    subs = ctx.session.execute(select(Obligation.status, Obligation.due_date, Obligation.due_inclusive).where(
        *_received_for(obligation), Obligation.status != ObligationStatus.CANCELLED)).all()
    return all(s.status in RECEIVED for s in subs) or \
        all(state(Deadline.written(s.due_date, s.due_inclusive), today) == "overdue" for s in subs)


def open_obligation(ctx: Ctx, obligation: Obligation, run: bool = True) -> ProcessInstance:
    """Start the report (or scoring) process at the reporting unit; its tasks are due by the report's deadline, and
    its timers follow it: reminders 7, 3 and 1 days before the first late day (on the last day, "còn 1 ngày"),
    the overdue notice on that day, escalations from three days later."""
    deadline = obligation.deadline
    late_from = deadline.first_late_day
    process_id = SCORING_PROCESS_ID if obligation.kind == ReportKind.SCORING else REPORT_PROCESS_ID
    plan = ctx.session.get(Plan, obligation.plan_id)
    instance = start_instance(ctx, process_id, obligation.reporting_unit, {
        "obligation_id": obligation.id,
        "receiver_unit_id": obligation.receiving_unit_id,
        "kind": obligation.kind,
        "report_title": report_title(ctx, obligation),
        **_leader(ctx, obligation),
        "report_due": obligation.due_date.isoformat(),  # the day named; designers' scripts may read it
        "report_deadline": as_data(deadline),  # the `due` of the report's tasks (engine/deadline.py)
        **{f"remind_{days}_at": _at(late_from - timedelta(days=days)) for days in (7, 3, 1)},
        "overdue_at": _at(late_from),
        "escalate_cycle": f"R10/{_at(late_from + timedelta(days=3))}/P{ESCALATION_EVERY_DAYS}D",
    }, plan, run=run, created=lambda instance: setattr(obligation, "instance_id", instance.id))
    if obligation.status == ObligationStatus.SCHEDULED:
        obligation.status = ObligationStatus.OPEN
    ctx.audit("open_report", instance_id=instance.id, plan_id=obligation.plan_id,
              details={"obligation_id": obligation.id, "unit": obligation.reporting_unit.code})
    return instance


def _leader(ctx: Ctx, obligation: Obligation) -> dict[str, int]:
    """Where the plan says an agency's report is signed by the committee's leader, the signing lane acts there."""
    unit = signing_unit(ctx.session, obligation)
    return {} if unit is obligation.reporting_unit else {"leader_unit_id": unit.id}


def report_title(ctx: Ctx, obligation: Obligation) -> str:
    """'Báo cáo sơ kết 6 tháng năm 2025', or what a deliverable or a request asks for, as written."""
    requirement = ctx.session.get(ReportingRequirement, obligation.requirement_id)
    if requirement is not None and requirement.description:
        return requirement.description[:300]
    return f"{KIND_LABELS[ReportKind(obligation.kind)]} năm {obligation.year}"


def _at(day: date) -> str:
    return datetime(day.year, day.month, day.day, OFFICE_HOUR).isoformat()


def maybe_open_consolidation(ctx: Ctx, received: Obligation) -> None:
    """When a unit's last report is in (submitted), its own report for the period need not wait for the deadline."""
    today = ctx.clock.today()
    for obligation in consolidating(ctx, received, {ObligationStatus.SCHEDULED}):
        if obligation.opens_on <= today and _reporters_settled(ctx, obligation, today):
            open_obligation(ctx, obligation)


_REPORTING, _RECEIVING = aliased(Unit), aliased(Unit)
# Obligations still pending whose reporting or receiving unit was dissolved before the day, in id order.
DISSOLVED_OBLIGATIONS = (
    select(Obligation.id)
    .join(_REPORTING, _REPORTING.id == Obligation.reporting_unit_id)
    .join(_RECEIVING, _RECEIVING.id == Obligation.receiving_unit_id)
    .where(Obligation.status.not_in([str(s) for s in CLOSED_OBLIGATIONS]),
           (_REPORTING.valid_to < bindparam("today")) | (_RECEIVING.valid_to < bindparam("today")))
    .order_by(Obligation.id)
)


def cancel_for_dissolved(ctx: Ctx) -> int:
    """Close as cancelled every open obligation whose reporting or receiving unit no longer exists."""
    today = ctx.clock.today()
    ctx.session.flush()  # a dissolution recorded in this unit of work (no autoflush) must be seen by the query
    pending = ctx.session.scalars(select(Obligation).where(
        Obligation.id.in_(DISSOLVED_OBLIGATIONS.params(today=today)))).all()
    return sum(cancel_if_dissolved(ctx, obligation, today) for obligation in pending)


def cancel_if_dissolved(ctx: Ctx, obligation: Obligation, today: date) -> bool:
    """Cancel a pending obligation whose reporting or receiving unit is dissolved by the day; True when it did."""
    if obligation.status in CLOSED_OBLIGATIONS:
        return False
    gone = next((u for u in (obligation.reporting_unit, obligation.receiving_unit) if not u.is_valid_on(today)), None)
    if gone is None:
        return False
    assert gone.valid_to is not None  # valid when its reports were scheduled: no longer valid is dissolved
    cancel_obligation(ctx, obligation, f"{gone.committee_name} giải thể từ ngày "
                                       f"{gone.valid_to + timedelta(days=1):%d/%m/%Y}.")
    return True


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
