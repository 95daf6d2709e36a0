"""My work: the tasks the signed-in user may act on."""

from __future__ import annotations

from flask import Blueprint, render_template

from engine.queries import inbox
from webapp.auth import acting_user, engine

bp = Blueprint("inbox", __name__)


@bp.get("/")
def index():
    with engine().unit_of_work() as ctx:
        tasks = inbox(ctx.session, acting_user(ctx))
    return render_template("inbox.html", tasks=tasks)
