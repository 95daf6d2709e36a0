"""Notifications: the reminders, overdue notices and escalations addressed to the signed-in user."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from engine.notify.notices import mark_all_read, mark_read, notice_page
from webapp.auth import acting_user, engine
from webapp.i18n import _
from webapp.pages import number_arg

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.get("")
def index():
    page = number_arg(request.args.get("page"), "page", "Trang") or 1
    with engine().unit_of_work() as ctx:
        notices = notice_page(ctx.session, acting_user(ctx), page)
    return render_template("notifications.html", notices=notices)


@bp.post("/<int:notice_id>/read")
def read(notice_id: int):
    page = number_arg(request.form.get("page"), "page", "Trang") or 1  # checked before anything is marked
    with engine().unit_of_work() as ctx:
        mark_read(ctx, acting_user(ctx), notice_id)
    return redirect(url_for("notifications.index", page=page))


@bp.post("/read-all")
def read_all():
    with engine().unit_of_work() as ctx:
        count = mark_all_read(ctx, acting_user(ctx))
    flash(_("Đã đánh dấu {count} thông báo là đã đọc.").format(count=count) if count
          else _("Không có thông báo nào chưa đọc."), "ok")
    return redirect(url_for("notifications.index"))
