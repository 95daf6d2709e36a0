"""Plans: the list the user may see, a plan's page with its cascade, and starting a plan."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from engine.errors import InvalidInput, NotFound
from engine.models import LEVELS, PlanStatus, ReportingRequirement, Unit
from engine.models.plan import STATUS_LABELS, URGENCY_LABELS, Urgency
from engine.org.access import require_plan
from engine.plans.detail import plan_detail
from engine.plans.lifecycle import PLANNERS, start_plan
from engine.plans.listing import (
    PAGE_SIZE,
    PlanFilter,
    cascade_tree,
    due_state,
    is_late,
    plan_obligations,
    search_plans,
)
from engine.reporting.requests import may_request_reports, request_report
from webapp.auth import acting_user, engine
from webapp.i18n import _, as_written, fill
from webapp.pages import number_arg

bp = Blueprint("plans", __name__, url_prefix="/plans")


@bp.get("")
def index():
    wanted = _filter(request.args)
    with engine().unit_of_work() as ctx:
        user = acting_user(ctx)
        plans, total = search_plans(ctx.session, user, wanted, ctx.clock.today())
        units = _planning_units(ctx.session, user)
    return render_template("plans.html", plans=plans, total=total, wanted=wanted, pages=-(-total // PAGE_SIZE),
                           statuses=STATUS_LABELS, levels=LEVELS, units=units, urgencies=URGENCY_LABELS)


@bp.get("/<int:plan_id>")
def show(plan_id: int, typed: dict | None = None, status: int = 200):
    with engine().unit_of_work() as ctx:
        user, today = acting_user(ctx), ctx.clock.today()
        plan = require_plan(ctx.session, user, plan_id)
        view = {**plan_detail(ctx.session, plan_id), "due_state": due_state(plan, today)}
        tree = cascade_tree(ctx.session, user, plan, today)
        obligations = plan_obligations(ctx.session, user, plan_id, today)
        late = is_late(plan, today)
        may_request = may_request_reports(user, plan)
    return render_template("plan.html", plan=view, tree=tree, obligations=obligations, late=late,
                           may_request=may_request, typed=typed), status


@bp.post("/<int:plan_id>/requests")
def ask_report(plan_id: int):
    """Ask for a report the plan owes "khi có yêu cầu"; a refusal shows the page again with what was typed."""
    form = request.form
    typed = {"requirement_id": number_arg(form.get("requirement_id"), "requirement_id", "Yêu cầu báo cáo"),
             "subject": form.get("subject", ""),
             "due": form.get("due", ""), "units": form.get("units", "")}
    units = [code.strip() for code in typed["units"].split(",") if code.strip()] or None
    try:
        with engine().unit_of_work() as ctx:
            plan = require_plan(ctx.session, acting_user(ctx), plan_id)
            asked = request_report(ctx, acting_user(ctx), _own_requirement(ctx, plan.id, typed["requirement_id"]),
                                   typed["due"], typed["subject"], units)
            message = fill(_("Đã yêu cầu báo cáo {due}: {subject}"), due=as_written(asked.due_text),
                           subject=as_written(asked.description))
    except InvalidInput as refused:
        flash(as_written(refused.message), "error")  # the engine's refusal, as it words it
        return show(plan_id, typed, 422)
    flash(message, "ok")
    return redirect(url_for("plans.show", plan_id=plan_id))


def _own_requirement(ctx, plan_id: int, requirement_id: int | None) -> int:
    """A requirement of this plan: an id from another plan is not found here."""
    found = ctx.session.get(ReportingRequirement, requirement_id) if requirement_id else None
    if found is None or found.plan_id != plan_id:
        raise NotFound(f"Kế hoạch #{plan_id} không có yêu cầu báo cáo #{requirement_id}.")
    return found.id


@bp.post("")
def start():
    """Start a plan at one of the user's units; it opens as the officer's drafting task."""
    form = request.form
    with engine().unit_of_work() as ctx:
        due = _date(form.get("due", ""))
        plan = start_plan(ctx, form.get("unit", ""), acting_user(ctx), due, form.get("title") or None,
                          form.get("urgency"))
        plan_id = plan.id
    flash(_("Đã tạo kế hoạch #{id}; nhiệm vụ soạn thảo đang chờ chuyên viên.").format(id=plan_id), "ok")
    return redirect(url_for("plans.show", plan_id=plan_id))


def _date(text: str) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput("Hạn ban hành phải là ngày dạng YYYY-MM-DD.", {"due": "ngày không hợp lệ"}) from None


def _filter(args) -> PlanFilter:
    """The filters asked for; a year or page that is not a number in range is refused (422), not guessed."""
    year = number_arg(args.get("year"), "year", "Năm")
    page = number_arg(args.get("page"), "page", "Trang") or 1
    return PlanFilter(q=args.get("q", "").strip(), status=args.get("status", "") if args.get("status") in
                      set(PlanStatus) else "", level=args.get("level", "") if args.get("level") in LEVELS else "",
                      year=year, page=page,
                      urgency=args.get("urgency", "") if args.get("urgency") in set(Urgency) else "")


def _planning_units(session, user) -> list[Unit]:
    """The committees where the user may start a plan."""
    ids = {a.committee_id for a in user.roles if a.role in PLANNERS}
    return list(session.scalars(select(Unit).where(Unit.id.in_(ids)).order_by(Unit.code)))
