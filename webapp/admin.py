"""Administration in the browser: users, their roles at units, and units. Administrators only."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from engine.context import Ctx
from engine.errors import InvalidInput
from engine.models import LEVELS, Unit
from engine.notify.outbox import set_mail_preferences
from engine.org import admin
from engine.org.admin import KINDS, list_users
from engine.org.org_import import COLUMNS, MAX_BYTES, ImportRefused, import_organisation
from engine.org.roles import ROLE_TITLES
from engine.org.units import agencies_of, get_unit, get_user
from engine.reporting.dissolution import dissolve_unit as dissolve
from engine.signatures.certificates import keys_of_user
from webapp.auth import acting_user, engine
from webapp.confirm import require_confirmation
from webapp.i18n import ENGLISH, _, as_written, fill

bp = Blueprint("admin", __name__, url_prefix="/admin")
USERS_SHOWN = 200  # a national organisation has ~57,000 users: past this, search
# The English of the organisation pages' labels (webapp/i18n.py looks labels up by their Vietnamese text).
ENGLISH.update({
    "Nhập tổ chức từ tệp": "Import the organisation from a file",
    "Tệp CSV hoặc JSON: đơn vị, cơ quan, người dùng, vai trò. Cả tệp được nhập, hoặc không dòng nào nếu có dòng bị "
    "từ chối; nhập lại cùng tệp không thay đổi gì.": "A CSV or JSON file of units, agencies, users and roles. The "
    "whole file goes in, or nothing if any row is refused; importing the same file again changes nothing.",
    "Tệp": "File", "Nhập": "Import", "Kết quả nhập": "Import result", "Tạo mới": "Created",
    "Cập nhật": "Updated", "Không đổi": "Unchanged", "Loại dòng": "Row type",
    "Tệp bị từ chối, không có gì được ghi. Các dòng không hợp lệ:":
        "The file is refused and nothing was written. The refused rows:",
    "Vị trí": "Where", "Lý do": "Reason", "Các cột của tệp CSV": "The columns of a CSV file",
    "Người dùng được nhập chưa có mật khẩu: đặt mật khẩu cho họ ở trang người dùng.":
        "Imported users have no password yet: set one on the user's page.",
    "Cơ quan": "Agencies", "Cơ quan của {name}": "Agencies of {name}", "Mã": "Code", "Tên": "Name",
    "Loại": "Kind", "Viết tắt": "Abbreviation", "Đầu mối": "Focal", "Chưa có cơ quan nào.": "No agencies yet.",
    "cơ quan chuyên môn": "specialised agency", "đơn vị sự nghiệp": "service unit",
    "công chức chuyên môn (xã)": "commune office", "Đơn vị hành chính": "Administrative units",
    "Đã nhập {name}: {created} mới, {updated} cập nhật, {unchanged} không đổi.":
        "Imported {name}: {created} created, {updated} updated, {unchanged} unchanged.",
})


@contextmanager
def admin_work() -> Iterator[Ctx]:
    """A unit of work acting as the signed-in administrator; anyone else is refused (403)."""
    with engine().unit_of_work() as ctx:
        admin.require_admin(acting_user(ctx))
        yield ctx


@bp.get("")
def index():
    q = request.args.get("q", "").strip()
    with admin_work() as ctx:
        users = list_users(ctx.session, q, USERS_SHOWN + 1)
        units = ctx.session.scalars(select(Unit).where(Unit.level != "agency").order_by(Unit.level, Unit.code)).all()
        unit_rows = [{"code": u.code, "name": u.committee_name, "level": u.level, "valid_from": u.valid_from,
                      "valid_to": u.valid_to} for u in units]
    return render_template("admin.html", users=users[:USERS_SHOWN], more=len(users) > USERS_SHOWN, units=unit_rows, q=q,
                           roles=ROLE_TITLES, levels=LEVELS[1:], columns=COLUMNS)


@bp.get("/units/<code>/agencies")
def agencies(code: str):
    """A committee's agencies on the day: name, kind, abbreviation, the focal one marked."""
    with admin_work() as ctx:
        today = ctx.clock.today()
        committee = get_unit(ctx.session, code, today)
        rows = [{"code": a.code, "name": a.name, "kind": KINDS.get(a.kind or "", ""), "abbreviation": a.abbreviation,
                 "is_focal": a.is_focal} for a in agencies_of(ctx.session, committee.id, today)]
        name = committee.committee_name
    return render_template("admin_agencies.html", name=name, agencies=rows)


@bp.post("/org/import")
def import_org():
    """Import the organisation from an uploaded CSV or JSON file: the counts, or every refused row (422)."""
    request.max_content_length = MAX_BYTES + 64 * 1024  # the form's own fields besides the file
    sent = request.files.get("file")
    data, name = (sent.read(MAX_BYTES + 1), sent.filename or "") if sent else (b"", "")
    try:
        with admin_work() as ctx:
            result = import_organisation(ctx, data, name)
    except ImportRefused as refused:
        return render_template("admin_import.html", refusals=refused.refusals, result=None, name=name), 422
    flash(_("Đã nhập {name}: {created} mới, {updated} cập nhật, {unchanged} không đổi.").format(
        name=name, created=result.created, updated=result.updated, unchanged=result.unchanged), "ok")
    return render_template("admin_import.html", refusals=[], result=result, name=name)


@bp.get("/users/<username>")
def user(username: str):
    with admin_work() as ctx:
        target = get_user(ctx.session, username)
        roles = [{"id": a.id, "role": a.role, "title": ROLE_TITLES.get(a.role, a.role),
                  "unit": a.unit.committee_name} for a in target.roles]
        view = {"username": target.username, "full_name": target.full_name, "roles": roles,
                "email": target.email, "email_opt_in": target.email_opt_in,
                "keys": keys_of_user(ctx.session, target)}  # ký số: their certificates and their bodies'
    return render_template("admin_user.html", user=view, roles=ROLE_TITLES)


@bp.post("/users/<username>/email")
def set_email(username: str):
    with admin_work() as ctx:
        set_mail_preferences(ctx, ctx.actor, get_user(ctx.session, username), request.form.get("email", ""),
                             request.form.get("email_opt_in") == "on")
    flash(_("Đã lưu thư điện tử nhận thông báo."), "ok")
    return redirect(url_for("admin.user", username=username))


@bp.post("/users")
def create_user():
    form = request.form
    with admin_work() as ctx:
        created = admin.create_user(ctx, form.get("username", ""), form.get("full_name", ""), form.get("password", ""))
        username = created.username
    flash(_("Đã tạo người dùng {username}.").format(username=username), "ok")
    return redirect(url_for("admin.user", username=username))


@bp.post("/users/<username>/password")
def set_password(username: str):
    with admin_work() as ctx:
        admin.set_password(ctx, username, request.form.get("password", ""))
    flash(_("Đã đặt mật khẩu mới; các phiên đăng nhập cũ của người này đã hết hiệu lực."), "ok")
    return redirect(url_for("admin.user", username=username))


@bp.post("/users/<username>/roles")
def grant_role(username: str):
    with admin_work() as ctx:
        admin.grant_role(ctx, username, request.form.get("role", ""), request.form.get("unit", ""))
    flash(_("Đã giao vai trò."), "ok")
    return redirect(url_for("admin.user", username=username))


@bp.post("/users/<username>/roles/<int:assignment_id>/revoke")
def revoke_role(username: str, assignment_id: int):
    with admin_work() as ctx:
        admin.revoke_role(ctx, assignment_id)
    flash(_("Đã thu hồi vai trò."), "ok")
    return redirect(url_for("admin.user", username=username))


@bp.post("/units")
def add_unit():
    form = request.form
    with admin_work() as ctx:
        unit = admin.add_unit(ctx, form.get("code", ""), form.get("name", ""), form.get("level", ""),
                              form.get("parent") or None, _day(form.get("valid_from", "")))
        name = unit.committee_name
    flash(fill(_("Đã thêm {name}."), name=as_written(name)), "ok")
    return redirect(url_for("admin.index"))


@bp.post("/units/<code>/dissolve")
def dissolve_unit(code: str):
    with admin_work() as ctx:
        require_confirmation(request.form, "dissolve")
        unit, cancelled = dissolve(ctx, code, _day(request.form.get("on", "")))
        name = unit.committee_name
    flash(fill(_("{name} giải thể; đã hủy {cancelled} kỳ báo cáo đang mở."), name=as_written(name),
               cancelled=cancelled), "ok")
    return redirect(url_for("admin.index"))


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput("Ngày phải có dạng YYYY-MM-DD.", {"date": "ngày không hợp lệ"}) from None

