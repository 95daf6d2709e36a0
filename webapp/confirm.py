"""Confirming what cannot be undone: what a button asks before it acts, and the server's own check.

A button or form with `data-confirm="…"` asks first (webapp/static/forms.js shows a <dialog>). The most destructive
actions (deploying a process, dissolving a unit, terminating an instance) do not rely on JavaScript: their form
carries a checkbox `confirm` ("Tôi hiểu thao tác này không hoàn tác được") that the server requires, refusing
without it and changing nothing. With JavaScript the box is hidden and the dialog's answer ticks it, so the user
confirms once either way.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import Flask

from engine.errors import InvalidInput
from engine.models.plan import PlanStatus
from engine.models.reporting import ObligationStatus
from webapp.i18n import _

FIELD, VALUE = "confirm", "yes"
LABEL = "Tôi hiểu thao tác này không hoàn tác được"
# What each guarded action says when its box was not ticked.
REFUSALS = {
    "deploy": "Chưa triển khai: hãy đánh dấu ô «Tôi hiểu thao tác này không hoàn tác được» rồi bấm lại.",
    "dissolve": "Chưa giải thể: hãy đánh dấu ô «Tôi hiểu thao tác này không hoàn tác được» rồi bấm lại.",
    "terminate": "Chưa chấm dứt hồ sơ: hãy đánh dấu ô «Tôi hiểu thao tác này không hoàn tác được» rồi bấm lại.",
}


def require_confirmation(values: Mapping[str, str], action: str) -> None:
    """Refuse the action (422, nothing stored) unless its confirmation box was ticked."""
    if values.get(FIELD) != VALUE:
        raise InvalidInput(_(REFUSALS[action]), {FIELD: _("Chưa xác nhận.")})


def task_confirmation(page: Mapping, button: str, sign_url: str | None = None) -> str | None:
    """What a signing or issuing task's button asks before it acts (`approve` signs, `submit` issues); else None.

    The step is known by the status its plan or report has while the task is open, so a process a designer
    deploys later asks the same when its steps carry the same statuses. A button that leads to the digital-signing
    confirmation (`sign_url`, webapp/signing.py) asks nothing here: that page is the confirmation.
    """
    if sign_url:
        return None
    obligation = page.get("obligation")
    plan_status = page.get("plan_status") if page.get("plan_id") else None
    report_status = obligation["status"] if obligation else None
    if button == "approve":
        if report_status == ObligationStatus.AWAITING_SIGNATURE:
            return _("Ký và phê duyệt báo cáo này? Sau khi ký, báo cáo chuyển văn thư vào sổ, gửi đi và không sửa "
                     "được nữa.")
        if plan_status == PlanStatus.AWAITING_SIGNATURE:
            return _("Ký và phê duyệt kế hoạch này? Sau khi ký, kế hoạch chuyển văn thư ban hành và không sửa được "
                     "nữa.")
    if button == "submit":
        if report_status == ObligationStatus.AWAITING_SUBMISSION:
            return _("Vào sổ và gửi báo cáo này đến {receiver}? Sau khi gửi không thu hồi được.").format(
                receiver=obligation["receiver_name"] if obligation else "")
        if plan_status == PlanStatus.APPROVED:
            return _("Vào sổ, cấp số và ban hành kế hoạch này? Kế hoạch được gửi đến nơi nhận và không thu hồi "
                     "được.")
    return None


def init_app(app: Flask) -> None:
    app.add_template_global(task_confirmation)
    app.add_template_global(LABEL, "confirm_label")
