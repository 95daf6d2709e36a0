"""Notifications: reminders, overdue notices and escalations addressed to the signed-in user."""

from __future__ import annotations

from flask import Blueprint, render_template

from engine.queries import notifications
from webapp.auth import acting_user, engine

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.get("")
def index():
    with engine().unit_of_work() as ctx:
        items = notifications(ctx.session, acting_user(ctx))
    return render_template("notifications.html", items=items)
