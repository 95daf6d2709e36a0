"""Incidents and repairs in the browser: the failed steps, and retry, suspend, resume, terminate, move back.

Administrators only (webapp.admin.admin_work). Every repair is a form with a required reason; the engine
refuses one without it and the page shows why. Terminating cannot be undone: its form also requires the box
"Tôi hiểu thao tác này không hoàn tác được" (webapp/confirm.py).
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from engine.models.incident import INCIDENT_STATUSES
from engine.processes.repairs import REPAIR_ACTIONS, list_incidents, repair_instance, repair_view
from webapp.admin import admin_work
from webapp.auth import acting_user
from webapp.confirm import require_confirmation
from webapp.i18n import as_written

bp = Blueprint("incidents", __name__, url_prefix="/admin")


@bp.get("/incidents")
def index():
    status = request.args.get("status", "open")
    with admin_work() as ctx:
        rows = list_incidents(ctx, acting_user(ctx), status)
    return render_template("incidents.html", incidents=rows, status=status, statuses=INCIDENT_STATUSES)


@bp.get("/instances/<int:instance_id>/repair")
def instance(instance_id: int):
    with admin_work() as ctx:
        view = repair_view(ctx, acting_user(ctx), instance_id)
    return render_template("incident_repair.html", instance=view, actions=REPAIR_ACTIONS)


@bp.post("/instances/<int:instance_id>/<any(retry, suspend, resume, terminate, move):action>")
def repair(instance_id: int, action: str):
    form = request.form
    with admin_work() as ctx:
        if action == "terminate":
            require_confirmation(form, "terminate")
        done = repair_instance(ctx, acting_user(ctx), instance_id, action, form.get("reason", ""), form.get("to"))
    flash(as_written(done), "ok")  # the engine words what it did (the audit trail's record)
    return redirect(form.get("back") == "list" and url_for("incidents.index")
                    or url_for("incidents.instance", instance_id=instance_id))
