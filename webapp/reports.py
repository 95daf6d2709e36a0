"""Reports: the periods a user follows, one period's dashboard (matrix, charts, sums) and one report."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from engine.errors import InvalidInput
from engine.models import ReportKind
from engine.models.plan import URGENCY_LABELS
from engine.reporting.dashboard import PeriodFilter, period_dashboard, report_detail, report_periods
from engine.reporting.obligations import set_report_urgency
from webapp.auth import acting_user, engine
from webapp.charts import indicator_chart, submissions_chart
from webapp.i18n import _
from webapp.pages import strict_int

bp = Blueprint("reports", __name__, url_prefix="/reports")

KINDS = [k.value for k in ReportKind if k != ReportKind.SUB_PLAN]  # sub-plans are plans, not reports
# The filter offers periods: the summary sent up belongs to the annual period.
FILTER_KINDS = [k for k in KINDS if k != ReportKind.SUMMARY]


class AsciiInteger(fields.Integer):
    """An integer typed in ASCII digits: `int()` alone also reads '٢٠٢٤', '+2024' or '2_024'."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str) and strict_int(value.strip(), 0) is None:
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


def _year(required: bool) -> fields.Integer:
    return AsciiInteger(required=required, strict=False, validate=validate.Range(
        2000, 2100, error="Năm phải từ 2000 đến 2100."), error_messages={
        "invalid": "Năm phải là một số, ví dụ 2024.", "required": "Hãy chọn năm báo cáo (year)."})


def _kind(required: bool) -> fields.String:
    return fields.String(required=required, validate=validate.OneOf(
        KINDS, error="Loại báo cáo '{input}' không tồn tại; chọn một trong: {choices}."),
        error_messages={"required": "Hãy chọn loại báo cáo (kind)."})


class FilterArgs(Schema):
    class Meta:
        unknown = EXCLUDE

    year = _year(required=False)
    kind = _kind(required=False)


class PeriodArgs(Schema):
    class Meta:
        unknown = EXCLUDE

    code = fields.String(required=True, data_key="unit", validate=validate.Length(1, 20),
                         error_messages={"required": "Hãy chọn đơn vị nhận báo cáo (unit)."})
    year = _year(required=True)
    kind = _kind(required=True)


def parse(schema: Schema, args) -> dict:
    """The query's values, blanks left out; a bad value is refused with what to type instead."""
    try:
        return schema.load({key: value for key, value in args.items() if value.strip()})
    except ValidationError as exc:
        problems = {name: " ".join(messages) for name, messages in exc.normalized_messages().items()}
        raise InvalidInput(" ".join(problems.values()), problems) from None


@bp.get("")
def index():
    wanted = PeriodFilter(**parse(FilterArgs(), request.args))
    with engine().unit_of_work() as ctx:
        periods = report_periods(ctx, acting_user(ctx), wanted)
    return render_template("reports.html", periods=periods, wanted=wanted, kinds=FILTER_KINDS)


@bp.get("/dashboard")
def dashboard():
    period = parse(PeriodArgs(), request.args)
    with engine().unit_of_work() as ctx:
        board = period_dashboard(ctx, acting_user(ctx), **period)
    charts = {}
    if board["timeline"]["expected"]:
        charts["submissions"] = submissions_chart(board["timeline"])
    if board["rows"] and board["with_indicators"]:
        charts["indicators"] = indicator_chart(board["indicator_rows"])
    return render_template("report_dashboard.html", board=board, charts=charts)


@bp.get("/<int:obligation_id>")
def show(obligation_id: int):
    with engine().unit_of_work() as ctx:
        report = report_detail(ctx, acting_user(ctx), obligation_id)
    return render_template("report.html", report=report, urgencies=URGENCY_LABELS)


@bp.post("/<int:obligation_id>/urgency")
def set_urgency(obligation_id: int):
    """The reporting unit marks its report more or less urgent before sending it."""
    with engine().unit_of_work() as ctx:
        report = set_report_urgency(ctx, acting_user(ctx), obligation_id, request.form.get("urgency", ""))
        label = URGENCY_LABELS[report.urgency]
    flash(_("Đã đổi độ khẩn thành {label}.").format(label=_(label)), "ok")
    return redirect(url_for("reports.show", obligation_id=obligation_id))
