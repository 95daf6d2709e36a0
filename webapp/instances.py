"""Watching a process instance: its diagram with each element's state, its tasks' data and its history."""

from __future__ import annotations

import json

from flask import Blueprint, Response, jsonify, render_template

from engine.models.process import DECISION_LABELS
from engine.processes.instance_view import ELEMENT_STATE_LABELS, INSTANCE_STATUS_LABELS, instance_source, instance_view
from webapp.auth import acting_user, engine
from webapp.security import untrusted_file

bp = Blueprint("instances", __name__, url_prefix="/instances")


@bp.get("/<int:instance_id>")
def show(instance_id: int):
    with engine().unit_of_work() as ctx:
        view = instance_view(ctx, acting_user(ctx), instance_id)
    return render_template("instance.html", view=view, state_labels=ELEMENT_STATE_LABELS,
                           status_labels=INSTANCE_STATUS_LABELS, decision_labels=DECISION_LABELS)


@bp.get("/<int:instance_id>/state")
def state(instance_id: int):
    with engine().unit_of_work() as ctx:
        view = instance_view(ctx, acting_user(ctx), instance_id)
    return jsonify(view.state())


@bp.get("/<int:instance_id>/source")
def source(instance_id: int):
    with engine().unit_of_work() as ctx:
        data = instance_source(ctx.session, acting_user(ctx), instance_id)
    # The diagram reads it with fetch(); opened directly it is a download, never a page (webapp/security.py).
    return untrusted_file(Response(data, mimetype="application/xml"), f"instance-{instance_id}.xml")


@bp.app_template_filter("readable_json")
def readable_json(value: object) -> str:
    """Task data as indented JSON with Vietnamese left readable (the page escapes it as text)."""
    return json.dumps(value, ensure_ascii=False, indent=2)
