"""`planflow` commands for reporting: obligations, consolidations, a report's urgency, scoring schemes, units."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import click

from cli.support import emit, json_option, refusals
from engine.clock import iso
from engine.context import Ctx
from engine.core import Planflow
from engine.deadline import described
from engine.errors import InvalidInput
from engine.models import ReportKind
from engine.models.plan import URGENCY_LABELS, Urgency
from engine.org.roles import Role
from engine.org.units import get_unit, get_user, require_role
from engine.reporting.assignments import requirement_view
from engine.reporting.dissolution import dissolve_unit
from engine.reporting.obligations import obligations_of_requirement, set_report_urgency
from engine.reporting.reports import consolidation_view, obligation_rows, obligation_view
from engine.reporting.requests import request_report
from engine.reporting.scoring import scheme_for, set_scheme


def _as_admin(ctx: Ctx, username: str) -> None:
    """'system' is the operator at the console; anyone else must hold the admin role."""
    if username != "system":
        require_role(ctx.act_as(get_user(ctx.session, username)), {Role.ADMIN})


@click.command("obligations")
@click.option("--plan", "plan_id", type=int, help="The obligations a plan scheduled.")
@click.option("--unit", "unit_code", help="The obligations a unit must report.")
@json_option
@refusals
def obligations(plan_id: int | None, unit_code: str | None, as_json: bool) -> None:
    """Reporting obligations with their status and due date (overdue and late derived from dates)."""
    if (plan_id is None) == (unit_code is None):
        raise InvalidInput("Chọn đúng một trong --plan hoặc --unit.")
    with Planflow().unit_of_work() as ctx:
        today = ctx.clock.today()
        unit_id = get_unit(ctx.session, unit_code, today).id if unit_code else None
        rows = obligation_rows(ctx.session, today, plan_id=plan_id, unit_id=unit_id)
    text = "\n".join(f"#{r['id']:<5} {r['kind_label']:<34} {r['unit_name']:<28} → {r['receiver_name']:<24} "
                     f"{described(r['due_text'], r['due_state']):<22} {r['status_label']} / {r['standing_label']}"
                     for r in rows)
    emit(as_json, rows, text or "Không có nghĩa vụ báo cáo.")


@click.command("consolidation")
@click.option("--unit", "unit_code", required=True, help="The receiving unit.")
@click.option("--year", type=int, required=True)
@click.option("--kind", type=click.Choice([k.value for k in ReportKind if k != ReportKind.SUB_PLAN]), required=True)
@json_option
@refusals
def consolidation(unit_code: str, year: int, kind: str, as_json: bool) -> None:
    """The compliance matrix of a consolidation: reporting units × status, indicators summed."""
    with Planflow().unit_of_work() as ctx:
        today = ctx.clock.today()
        view = consolidation_view(ctx.session, get_unit(ctx.session, unit_code, today).id, year, kind, today)
    lines = [f"{r['unit_name']:<32} {r['standing_label']:<22} {r['submitted_at'] or '-':<20} {r['number'] or ''}"
             for r in view["rows"]]
    lines.append("Tổng chỉ tiêu: " + ", ".join(f"{k} = {v}" for k, v in view["indicators"].items()))
    emit(as_json, view, "\n".join(lines))


@click.group()
def report() -> None:
    """One report (an obligation): its urgency."""


@report.command("urgency")
@click.argument("obligation_id", type=int)
@click.option("--user", "username", required=True, help="An officer, head, chair or vice chair of the reporting unit.")
@click.option("--urgency", required=True, help="thuong, khan, thuong_khan or hoa_toc.")
@json_option
@refusals
def report_urgency(obligation_id: int, username: str, urgency: str, as_json: bool) -> None:
    """Mark a report not yet sent more or less urgent than its plan."""
    with Planflow().unit_of_work() as ctx:
        changed = set_report_urgency(ctx, get_user(ctx.session, username), obligation_id, urgency)
        view = obligation_view(changed, ctx.clock.today())
    emit(as_json, view, f"Báo cáo #{obligation_id}: độ khẩn {URGENCY_LABELS[Urgency(changed.urgency)]}.")


@report.command("request")
@click.argument("requirement_id", type=int)
@click.option("--user", "username", required=True, help="An officer, head or leader of the receiving committee.")
@click.option("--due", required=True, help="As the request writes it: 'trước ngày 20/6', 'chậm nhất ngày 2025-06-20'.")
@click.option("--subject", required=True, help="What is asked for.")
@click.option("--unit", "unit_codes", multiple=True, help="Only these units (codes); by default every one.")
@json_option
@refusals
def report_request(requirement_id: int, username: str, due: str, subject: str, unit_codes: tuple[str, ...],
                   as_json: bool) -> None:
    """Ask for a report a plan says is owed "khi có yêu cầu": each unit's report opens at once, due as asked."""
    with Planflow().unit_of_work() as ctx:
        request = request_report(ctx, get_user(ctx.session, username), requirement_id, due, subject,
                                 list(unit_codes) or None)
        asked = obligations_of_requirement(ctx, request.id)
        view = {**requirement_view(request), "obligations": [obligation_view(o, ctx.clock.today()) for o in asked]}
    emit(as_json, view, f"Đã yêu cầu {len(view['obligations'])} đơn vị báo cáo {request.due_text}: "
                        f"{request.description}")


@click.command("scoring-scheme")
@click.option("--province", "province_code", required=True)
@click.option("--file", "file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A JSON scheme to set: {decision_id, criteria: [{code, name, max_points, superior_points}]}.")
@click.option("--user", "username", default="system")
@json_option
@refusals
def scoring_scheme(province_code: str, file: Path | None, username: str, as_json: bool) -> None:
    """Show a province's scoring scheme, or set it from a file."""
    with Planflow().unit_of_work() as ctx:
        province = get_unit(ctx.session, province_code, ctx.clock.today())
        if file is not None:
            _as_admin(ctx, username)
            set_scheme(ctx, province, _json_file(file))
        scheme = scheme_for(ctx, province)
    emit(as_json, scheme, "\n".join(
        [f"Bảng xếp loại: {scheme['decision_id']}"] +
        [f"  {c['code']}: {c['name']} — {c['max_points']} điểm (cấp trên: {c.get('superior_points', 0)})"
         for c in scheme["criteria"]]))


def _json_file(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{path.name} không phải JSON UTF-8 hợp lệ: {exc}") from exc
    if not isinstance(data, dict):
        raise InvalidInput(f"{path.name} phải chứa một đối tượng JSON.")
    return data


@click.group()
def unit() -> None:
    """Administrative units."""


@unit.command("dissolve")
@click.argument("code")
@click.option("--on", "on", type=click.DateTime(["%Y-%m-%d"]), required=True, help="First day it no longer exists.")
@click.option("--user", "username", default="system")
@json_option
@refusals
def dissolve(code: str, on: datetime, username: str, as_json: bool) -> None:
    """Dissolve a unit (e.g. districts on 2025-07-01); its open reports are cancelled from that day."""
    with Planflow().unit_of_work() as ctx:
        _as_admin(ctx, username)
        target, cancelled = dissolve_unit(ctx, code, on.date())
        payload = {"unit": target.code, "valid_to": iso(target.valid_to), "cancelled": cancelled}
    emit(as_json, payload, f"{target.committee_name} giải thể từ {on:%d/%m/%Y}; đã hủy {cancelled} kỳ báo cáo.")


COMMANDS = (obligations, consolidation, report, scoring_scheme, unit)
