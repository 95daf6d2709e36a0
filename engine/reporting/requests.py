"""Reports owed "khi có yêu cầu": the receiver's request, with its own deadline, opens them.

A plan's standing on-request requirement owes nothing by itself. The receiving committee's officer, head or
leader sends a request (from the plan's page or `planflow report request`): a dated requirement that points at
the standing one, whose obligations open at once — reminded, escalated and counted on time, late or missing like
every other report.
"""

from __future__ import annotations

from engine.context import Ctx
from engine.deadline import is_late
from engine.errors import Conflict, Forbidden, InvalidInput, NotFound
from engine.models import Plan, PlanStatus, ReportingRequirement, User
from engine.org.roles import Role
from engine.org.units import acting_roles
from engine.reporting.deadlines import parse_due
from engine.reporting.obligations import open_obligation, schedule_obligations
from engine.text import clean

REQUESTERS = {Role.OFFICER, Role.HEAD, Role.CHAIR, Role.VICE_CHAIR}
SUBJECT_MAX = 1000


def request_report(ctx: Ctx, user: User, requirement_id: int, due: str, subject: str,
                   unit_codes: list[str] | None = None) -> ReportingRequirement:
    """Ask the units of an on-request requirement (or some of them) for a report due as `due` says."""
    ctx.act_as(user)
    standing = _standing(ctx, requirement_id)
    plan = ctx.session.get_one(Plan, standing.plan_id)
    refusal = _refusal(user, plan)
    if refusal is not None:
        raise refusal
    request = _request(ctx, standing, due, subject, user)
    ctx.session.add(request)
    ctx.session.flush()
    scheduled = schedule_obligations(ctx, plan, [request])
    wanted = _wanted(scheduled, unit_codes)
    for obligation in scheduled:
        if obligation.reporting_unit_id in wanted:
            obligation.opens_on = ctx.clock.today()
            open_obligation(ctx, obligation)
        else:
            ctx.session.delete(obligation)
    ctx.audit("request_report", plan_id=plan.id, comment=request.description,
              details={"requirement_id": standing.id, "due": request.due_text, "units": len(wanted)})
    return request


def may_request_reports(user: User, plan: Plan) -> bool:
    """Whether the plan's page offers this user the request form (the rule request_report applies)."""
    return _refusal(user, plan) is None


def _refusal(user: User, plan: Plan) -> Forbidden | Conflict | None:
    if not acting_roles(user, plan.unit_id) & REQUESTERS:
        unit = plan.unit.committee_name
        return Forbidden(f"Chỉ chuyên viên, trưởng phòng hoặc lãnh đạo {unit} được yêu cầu báo cáo.")
    if plan.status not in (PlanStatus.ISSUED, PlanStatus.CLOSED):
        return Conflict("Kế hoạch chưa ban hành: chưa yêu cầu báo cáo được.")
    return None


def _standing(ctx: Ctx, requirement_id: int) -> ReportingRequirement:
    standing = ctx.session.get(ReportingRequirement, requirement_id)
    if standing is None:
        raise NotFound(f"Không có yêu cầu báo cáo #{requirement_id}.")
    if not standing.on_request or standing.request_of_id is not None:
        raise Conflict(f"Yêu cầu báo cáo #{requirement_id} có hạn riêng ({standing.due_text}), không phải báo cáo "
                       "khi có yêu cầu.")
    return standing


def _request(ctx: Ctx, standing: ReportingRequirement, due: str, subject: str, user: User) -> ReportingRequirement:
    today = ctx.clock.today()
    when = parse_due(clean(str(due or ""), "due")[:200], today.year)
    if is_late(when.deadline, today):  # sent today it would already be late
        raise InvalidInput(f"Hạn '{when.text}' đã qua; hãy cho đơn vị ít nhất một ngày.", {"due": "hạn đã qua"})
    text = " ".join(clean(str(subject or ""), "subject").split())
    if not text or len(text) > SUBJECT_MAX:
        raise InvalidInput(f"Cần ghi nội dung yêu cầu báo cáo (tối đa {SUBJECT_MAX} ký tự).", {"subject": "cần nhập"})
    return ReportingRequirement(
        plan_id=standing.plan_id, assignment_id=standing.assignment_id, kind=standing.kind,
        reporters=standing.reporters, to_superior=standing.to_superior, via=standing.via, description=text,
        due_text=when.text, due_date=when.day, due_inclusive=when.inclusive, on_request=False,
        condition=standing.condition, request_of_id=standing.id, requested_by=user.username,
        requested_at=ctx.now(), open_days=max(1, (when.day - today).days), warning=None,
        cutoff_from=None, cutoff_to=None, cutoff_source=None,
    )


def _wanted(scheduled: list, unit_codes: list[str] | None) -> set[int]:
    units = {o.reporting_unit.code: o.reporting_unit_id for o in scheduled}
    if not unit_codes:
        return set(units.values())
    unknown = [c for c in unit_codes if c not in units]
    if unknown:
        raise InvalidInput(f"Đơn vị {', '.join(unknown)} không thuộc những đơn vị phải báo cáo khi có yêu cầu.")
    return {units[c] for c in unit_codes}

