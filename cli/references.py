"""`planflow plan record-external`: a plan issued outside planflow, recorded so that plans can implement it."""

from __future__ import annotations

from datetime import datetime

import click

from cli.support import emit, json_option, refusals
from engine.clock import iso
from engine.core import Planflow
from engine.org.units import get_user
from engine.plans.detail import incoming_entries
from engine.plans.references import issuer_of, record_external_plan


@click.command("record-external")
@click.option("--unit", "unit_code", required=True,
              help="Mã UBND ban hành; nếu không có trong hệ thống, kế hoạch được ghi ở UBND cấp trên của bạn.")
@click.option("--user", "username", required=True, help="Người ghi nhận: người lập kế hoạch của đơn vị hoặc cấp dưới.")
@click.option("--number", "number_symbol", required=True, help="Số, ký hiệu như văn bản ghi: 39/KH-UBND, 1043-KH/BCSĐ.")
@click.option("--date", "issued_on", required=True, type=click.DateTime(["%Y-%m-%d", "%d/%m/%Y"]),
              help="Ngày ban hành, YYYY-MM-DD hoặc dd/mm/yyyy.")
@click.option("--title", required=True, help="Trích yếu.")
@click.option("--issuer", "issuer_name", help="Tên cơ quan ban hành như văn bản ghi (khi không có trong hệ thống).")
@click.option("--numbered-in", "numbered_in", help="Hệ thống đã cấp số, ví dụ VNPT-iOffice.")
@json_option
@refusals
def record_external(unit_code: str, username: str, number_symbol: str, issued_on: datetime, title: str,
                    issuer_name: str | None, numbered_in: str | None, as_json: bool) -> None:
    """Record a plan issued outside planflow; prints its id."""
    with Planflow().unit_of_work() as ctx:
        plan = record_external_plan(ctx, get_user(ctx.session, username), unit_code=unit_code,
                                    number_symbol=number_symbol, issued_on=issued_on.date(), title=title,
                                    issuer_name=issuer_name, numbered_in=numbered_in)
        payload = {"id": plan.id, "unit": plan.unit.code, "origin": plan.origin, "status": plan.status,
                   "number": plan.number_symbol, "number_style": plan.number_style,
                   "issued_date": iso(plan.issued_date), "issuer": issuer_of(plan), "numbered_in": plan.numbered_in,
                   "incoming": incoming_entries(ctx.session, plan.id)}
    emit(as_json, payload, str(payload["id"]))
