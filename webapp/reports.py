"""Reports (being built)."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("reports", __name__, url_prefix="/reports")


@bp.get("")
def index():
    return render_template("error.html", status=200, title="Báo cáo", message="")
