"""What every page shares: template helpers, the unread-notice count, and errors as pages or JSON problems."""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask, jsonify, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from engine.errors import Conflict, Forbidden, InvalidInput, NotFound, PlanflowError
from engine.models.plan import STATUS_LABELS, URGENCY_LABELS
from engine.models.process import ACTION_LABELS
from engine.models.reporting import KIND_LABELS, OBLIGATION_LABELS
from engine.notify.notices import unread_count as unread_notices
from webapp.auth import engine
from webapp.i18n import LANGUAGES, _, language

STATUS_CODES = {NotFound: 404, Forbidden: 403, Conflict: 409, InvalidInput: 422}
TITLES = {400: "Yêu cầu không hợp lệ", 401: "Chưa đăng nhập", 404: "Không tìm thấy", 403: "Không có quyền",
          409: "Xung đột", 422: "Dữ liệu không hợp lệ"}


class BoundedInt(IntegerConverter):
    """`<int:...>` in every route: an id beyond the database's integer (32-bit in PostgreSQL) is not found."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def vn_date(value: date | datetime | str | None) -> str:
    """dd/mm/yyyy (and hh:mm for a moment), as Vietnamese documents write dates."""
    if not value:
        return ""
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    return value.strftime("%H:%M %d/%m/%Y" if isinstance(value, datetime) else "%d/%m/%Y")


def unread_count() -> int:
    if not current_user.is_authenticated:
        return 0
    with engine().sessions() as db:
        return unread_notices(db, int(current_user.id.split(":")[0]))


def wants_json() -> bool:
    return request.path.startswith("/api/")


def problem(status: int, message: str, fields: dict | None = None):
    """A JSON problem (RFC 9457) or an error page, with the same Vietnamese message."""
    title = TITLES.get(status, "Lỗi")
    if wants_json():
        body = {"type": "about:blank", "title": title, "status": status, "detail": message}
        if fields:
            body["errors"] = fields
        return jsonify(body), status, {"Content-Type": "application/problem+json"}
    return render_template("error.html", status=status, title=title, message=message), status


def init_app(app: Flask) -> None:
    app.add_template_filter(lambda status: STATUS_LABELS.get(status, status), "status_label")
    app.add_template_filter(lambda status: OBLIGATION_LABELS.get(status, status), "obligation_label")
    app.add_template_filter(lambda kind: KIND_LABELS.get(kind, kind), "kind_label")
    app.add_template_filter(lambda urgency: URGENCY_LABELS.get(urgency, urgency), "urgency_label")
    app.add_template_filter(vn_date, "vn_date")
    app.add_template_filter(lambda action: ACTION_LABELS.get(action, action), "action_label")
    app.add_template_global(_, "_")
    app.add_template_global(unread_count)
    app.add_template_global(language)
    app.add_template_global(LANGUAGES, "languages")

    @app.errorhandler(PlanflowError)
    def domain_error(exc: PlanflowError):
        fields = exc.fields if isinstance(exc, InvalidInput) else None
        return problem(STATUS_CODES.get(type(exc), 422), exc.message, fields)

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        return problem(400, "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ; hãy tải lại trang và thử lại.")

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        messages = {404: "Không có trang này.", 405: "Phương thức không được hỗ trợ.",
                    400: "Yêu cầu không hợp lệ."}
        return problem(exc.code or 500, messages.get(exc.code or 500, exc.description or "Lỗi."))
