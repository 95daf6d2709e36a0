"""Delegations: a chair lends signing to a vice chair, a head lends review to an officer, for a date range."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from engine.errors import InvalidInput
from engine.org.access import is_admin
from engine.org.delegation import STATE_LABELS, cancel_delegation, delegable, delegate_by_name, delegations_of
from webapp.auth import acting_user, engine
from webapp.i18n import _

bp = Blueprint("delegations", __name__, url_prefix="/delegations")
FIELDS = ("delegator", "delegate", "role", "starts_on", "ends_on", "reason")


@bp.get("")
def index():
    return _page({}, {})


@bp.post("")
def create():
    form = {name: request.form.get(name, "") for name in FIELDS}
    try:
        with engine().unit_of_work() as ctx:  # a refusal stores nothing
            user = acting_user(ctx)
            delegate_by_name(ctx, user, form["delegator"] or user.username, form["delegate"], form["role"],
                             form["starts_on"], form["ends_on"], form["reason"])
    except InvalidInput as exc:
        return _page(form, exc.fields, exc.message), 422
    flash(_("Đã ủy quyền."), "ok")
    return redirect(url_for("delegations.index"))


@bp.post("/<int:delegation_id>/cancel")
def cancel(delegation_id: int):
    with engine().unit_of_work() as ctx:
        cancel_delegation(ctx, acting_user(ctx), delegation_id)
    flash(_("Đã hủy ủy quyền."), "ok")
    return redirect(url_for("delegations.index"))


def _page(form: dict, errors: dict, message: str = ""):
    with engine().unit_of_work() as ctx:
        user = acting_user(ctx)
        rows, choices = delegations_of(ctx.session, user, ctx.clock.today()), delegable(ctx.session, user)
        admin = is_admin(user)
    return render_template("delegations.html", rows=rows, choices=choices, admin=admin, form=form, errors=errors,
                           message=message, states=STATE_LABELS)
