"""Moving the running instances of a process to a newer version: a preview to choose from, then the move.

Designers only. The preview is read-only; the move is one unit of work, and instances that cannot move
are reported and left as they were.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from engine.errors import InvalidInput
from engine.processes.migration import migrate_instances, preview_migration, process_name
from webapp.designer import designer_work
from webapp.i18n import _, as_written, fill
from webapp.pages import number_arg

bp = Blueprint("migration", __name__, url_prefix="/designer")


@bp.get("/<main_id>/migrate")
def preview(main_id: str):
    to_version = _positive(request.args.get("to"), "to", "Phiên bản đích")
    with designer_work() as ctx:
        name = process_name(ctx, main_id, to_version)
        candidates = preview_migration(ctx, main_id, to_version)
    return render_template("migration.html", main_id=main_id, name=name, to_version=to_version,
                           candidates=candidates)


@bp.post("/<main_id>/migrate")
def migrate(main_id: str):
    to_version = _positive(request.form.get("to"), "to", "Phiên bản đích")
    instance_ids = [_positive(raw, "instance", "Mã hồ sơ") for raw in request.form.getlist("instance")]
    with designer_work() as ctx:
        result = migrate_instances(ctx, main_id, to_version, instance_ids)
    message = _("Đã chuyển {n} hồ sơ sang phiên bản {version}").format(n=len(result.moved), version=to_version)
    if result.refused:
        reasons = "; ".join(f"#{c.instance_id}: {c.reason}" for c in result.refused)  # the engine's words
        message = fill(_("{moved}; {n} hồ sơ không chuyển được: {reasons}"), moved=message, n=len(result.refused),
                       reasons=as_written(reasons))
    flash(message + ".", "error" if result.refused else "ok")
    return redirect(url_for("designer.versions", main_id=main_id))


def _positive(raw: str | None, field: str, label: str) -> int:
    value = number_arg(raw, field, label)
    if value is None:
        raise InvalidInput(f"{label} đang trống: phải là số nguyên dương.", {field: "bắt buộc"})
    return value
