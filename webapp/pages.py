"""What every page shares: template helpers, the unread-notice count, and errors as pages or JSON problems."""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask, jsonify, make_response, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter, ValidationError

from engine.db import BUSY_TEXT, is_busy
from engine.errors import Conflict, Forbidden, InvalidInput, NotFound, PlanflowError
from engine.models.plan import STATUS_LABELS, URGENCY_LABELS
from engine.models.process import ACTION_LABELS
from engine.models.reporting import KIND_LABELS, OBLIGATION_LABELS
from engine.notify.notices import unread_count as unread_notices
from webapp.auth import engine
from webapp.i18n import LANGUAGES, _, as_written, fill, lang_attr, language, name_text, named, user_text, vi_lang

STATUS_CODES = {NotFound: 404, Forbidden: 403, Conflict: 409, InvalidInput: 422}
TITLES = {400: "Yêu cầu không hợp lệ", 401: "Chưa đăng nhập", 404: "Không tìm thấy", 403: "Không có quyền",
          409: "Xung đột", 422: "Dữ liệu không hợp lệ", 429: "Quá nhiều yêu cầu", 503: "Hệ thống đang bận"}


LEVEL_LABELS = {"central": "Trung ương", "province": "Tỉnh", "district": "Huyện", "commune": "Xã", "agency": "Cơ quan"}


MAX_INT = 2**31 - 1  # the database's integer (32-bit in PostgreSQL)
MAX_DIGITS = len(str(MAX_INT))


def strict_int(text: str | None, low: int = 1, high: int = MAX_INT) -> int | None:
    """The number ASCII digits write, if within low..high; None for anything else.

    `str.isdigit()` and `int()` also take '²', '٣' or '፩', signs, spaces and underscores; here only 0-9 count,
    and at most as many digits as the database's largest integer (so `int()` never meets a huge string).
    """
    if not isinstance(text, str) or not 0 < len(text) <= MAX_DIGITS or not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if low <= value <= high else None


def number_arg(raw: str | None, field: str, label: str, low: int = 1, high: int = MAX_INT) -> int | None:
    """A number typed in a query or form field: blank is None; anything else outside low..high is refused (422)."""
    text = (raw or "").strip()
    if not text:
        return None
    value = strict_int(text, low, high)
    if value is None:
        shown = text if len(text) <= 20 else text[:20] + "…"
        raise InvalidInput(f"{label} '{shown}' không hợp lệ: phải là số nguyên dương từ {low} đến {high}.",
                           {field: f"phải là số nguyên từ {low} đến {high}"})
    return value


class BoundedInt(IntegerConverter):
    """`<int:...>` in every route: ASCII digits only, 1..MAX_INT; anything else (or beyond) is not found."""

    regex = r"[0-9]+"

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_INT)
        super().__init__(map, *args, **kwargs)

    def to_python(self, value: str) -> int:
        number = strict_int(value, self.min if self.min is not None else 0, self.max or MAX_INT)
        if number is None:
            raise ValidationError()
        return number


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
    with engine().sessions.begin() as db:  # committed: see webapp/auth.py _load_user
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
    # The engine's labels are Vietnamese; each filter gives the session's language (webapp/i18n.py).
    app.add_template_filter(lambda status: _(STATUS_LABELS.get(status, status)), "status_label")
    app.add_template_filter(lambda status: _(OBLIGATION_LABELS.get(status, status)), "obligation_label")
    app.add_template_filter(lambda kind: _(KIND_LABELS.get(kind, kind)), "kind_label")
    app.add_template_filter(lambda urgency: _(URGENCY_LABELS.get(urgency, urgency)), "urgency_label")
    app.add_template_filter(lambda level: _(LEVEL_LABELS.get(level, level)), "level_label")
    app.add_template_filter(vn_date, "vn_date")
    app.add_template_filter(lambda action: _(ACTION_LABELS.get(action, action)), "action_label")
    app.add_template_filter(as_written, "vi")  # data as written, marked lang="vi"
    app.add_template_filter(named, "named")  # a process designer's words: English if shipped, else marked
    app.add_template_filter(name_text, "name_text")  # the same as plain text (a <title>, an <option>)
    app.add_template_filter(fill, "fill")
    for helper in (vi_lang, lang_attr, user_text):
        app.add_template_global(helper)
    app.add_template_global(_, "_")
    app.add_template_global(unread_count)
    app.add_template_global(language)
    app.add_template_global(LANGUAGES, "languages")

    @app.errorhandler(PlanflowError)
    def domain_error(exc: PlanflowError):
        fields = exc.fields if isinstance(exc, InvalidInput) else None
        return problem(STATUS_CODES.get(type(exc), 422), exc.message, fields)

    @app.errorhandler(OperationalError)
    def database_busy(exc: OperationalError):
        """SQLite's write lock waited out (30 s): nothing was changed; say so and when to try, not a 500."""
        if not is_busy(exc):
            raise exc
        response = make_response(problem(503, BUSY_TEXT))
        response.headers["Retry-After"] = "5"
        return response

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        return problem(400, "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ; hãy tải lại trang và thử lại.")

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        messages = {404: "Không có trang này.", 405: "Phương thức không được hỗ trợ.",
                    400: "Yêu cầu không hợp lệ."}
        return problem(exc.code or 500, messages.get(exc.code or 500, exc.description or "Lỗi."))
