"""Plans: the list the user may see, and a plan's page with its cascade."""

from __future__ import annotations

from flask import Blueprint, render_template

from engine.access import require_plan, visible_plans
from engine.models import Plan
from engine.queries import plan_detail
from webapp.auth import acting_user, engine

bp = Blueprint("plans", __name__, url_prefix="/plans")


@bp.get("")
def index():
    with engine().unit_of_work() as ctx:
        rows = ctx.session.scalars(visible_plans(acting_user(ctx)).order_by(Plan.id.desc()).limit(200)).all()
        plans = [{"id": p.id, "unit_name": p.unit.committee_name, "title": p.title, "status": p.status,
                  "number": p.number_symbol, "due_date": p.due_date, "parent_id": p.parent_id} for p in rows]
    return render_template("plans.html", plans=plans)


@bp.get("/<int:plan_id>")
def show(plan_id: int):
    with engine().unit_of_work() as ctx:
        require_plan(ctx.session, acting_user(ctx), plan_id)
        plan = plan_detail(ctx.session, plan_id)
    return render_template("plan.html", plan=plan)
