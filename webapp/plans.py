"""Read-only overview of plans and their cascade (the officer screens come with the web issue)."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from sqlalchemy import select

from engine.models import Plan
from engine.queries import plan_detail

bp = Blueprint("plans", __name__)


@bp.get("/")
def index():
    with current_app.extensions["planflow"].unit_of_work() as ctx:
        rows = ctx.session.scalars(select(Plan).order_by(Plan.id.desc()).limit(200)).all()
        plans = [{"id": p.id, "unit_name": p.unit.committee_name, "title": p.title, "status": p.status,
                  "number": p.number_symbol, "due_date": p.due_date, "parent_id": p.parent_id} for p in rows]
    return render_template("plans.html", plans=plans)


@bp.get("/plans/<int:plan_id>")
def show(plan_id: int):
    with current_app.extensions["planflow"].unit_of_work() as ctx:
        plan = plan_detail(ctx.session, plan_id)
    return render_template("plan.html", plan=plan)
