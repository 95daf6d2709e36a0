"""The signed-in user's profile: the address e-mail copies of tasks and notices go to, and whether they want them."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from engine.errors import InvalidInput
from engine.notify.outbox import mail_preferences, set_mail_preferences
from webapp.auth import acting_user, engine
from webapp.i18n import _

bp = Blueprint("profile", __name__, url_prefix="/profile")


@bp.get("")
def show():
    with engine().unit_of_work() as ctx:
        view = mail_preferences(acting_user(ctx))
    return render_template("profile.html", profile=view, errors={})


@bp.post("")
def save():
    email, opt_in = request.form.get("email", ""), request.form.get("email_opt_in") == "on"
    try:
        with engine().unit_of_work() as ctx:  # a refusal stores nothing
            user = acting_user(ctx)
            set_mail_preferences(ctx, user, user, email, opt_in)
    except InvalidInput as exc:
        with engine().unit_of_work() as ctx:
            view = {**mail_preferences(acting_user(ctx)), "email": email, "email_opt_in": opt_in}
        return render_template("profile.html", profile=view, errors=exc.fields, message=exc.message), 422
    flash(_("Đã lưu thư điện tử nhận thông báo."), "ok")
    return redirect(url_for("profile.show"))
