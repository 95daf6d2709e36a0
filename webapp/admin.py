"""Administration (being built)."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("")
def index():
    return render_template("error.html", status=200, title="Quản trị", message="")
