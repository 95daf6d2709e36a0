"""The scheduler's health in the browser (administrators): workers alive, what is due and late, incidents, mail.

The same figures as `planflow worker status --json` (engine/scheduler/status.py).
"""

from __future__ import annotations

from flask import Blueprint, render_template

from engine.notify.sender import QUEUE_LABELS
from engine.scheduler.status import LATE_AFTER, worker_status
from webapp.admin import admin_work

bp = Blueprint("worker", __name__, url_prefix="/admin")

STATE_LABELS = {"running": "Đang chạy", "silent": "Mất nhịp: worker đã đăng ký nhưng lâu không chạy",
                "stopped": "Không có worker nào chạy: nhắc hạn, mở kỳ báo cáo và thư đều đang chờ"}

@bp.get("/worker")
def status():
    with admin_work() as ctx:
        found = worker_status(ctx)
    return render_template("worker.html", status=found, state_label=STATE_LABELS[found["state"]],
                           late_minutes=int(LATE_AFTER.total_seconds() // 60), mail_labels=QUEUE_LABELS)
