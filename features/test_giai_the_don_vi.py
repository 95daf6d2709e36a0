"""Dissolving a unit mid-year: its open reports, and those it would receive, are cancelled with the reason."""

from __future__ import annotations

from datetime import timedelta

from bdd_support import (
    ACTOR,
    KIND,
    UNIT_ARG,
    actor_username,
    assert_table,
    day,
    find_unit,
    obligation_of,
)
from pytest_bdd import parsers, scenarios, then, when

from engine.models import Obligation, ObligationStatus, Unit
from engine.reporting.obligations import cancel_for_dissolved
from engine.reporting.reports import obligation_rows

scenarios("giai_the_don_vi.feature")


@when(parsers.re(rf"quản trị hệ thống ghi nhận {UNIT_ARG} giải thể từ ngày (?P<on>\d\d/\d\d/\d{{4}})"))
def dissolve(planflow, unit, on):
    """What `planflow unit dissolve CODE --on DAY` does: the unit is valid until the day before; when that
    day has already come, its reports are cancelled at once, otherwise by run-due on that day."""
    first_day = day(on)
    with planflow.unit_of_work() as ctx:
        target = ctx.session.get(Unit, find_unit(planflow, unit)[0])
        target.valid_to = first_day - timedelta(days=1)
        ctx.audit("dissolve", details={"unit": target.code, "from": first_day.isoformat()})
        if first_day <= ctx.clock.today():
            cancel_for_dissolved(ctx)


@then(parsers.re(rf'các kỳ báo cáo {UNIT_ARG} phải gửi hoặc được nhận đều bị hủy với lý do "(?P<reason>[^"]+)":'))
def all_cancelled(planflow, unit, reason, datatable):
    code = find_unit(planflow, unit)[1]
    with planflow.unit_of_work() as ctx:
        found = [r for r in obligation_rows(ctx.session, ctx.clock.today()) if code in (r["unit"], r["receiver"])]
    assert {(r["status"], r["cancel_reason"]) for r in found} == {(ObligationStatus.CANCELLED, reason)}
    assert_table(datatable, found, {"đơn vị báo cáo": lambda r: r["unit_name"], "gửi đến": lambda r: r["receiver_name"],
                                    "loại báo cáo": lambda r: r["kind_label"]})


@then(parsers.re(rf'kỳ {KIND} của {UNIT_ARG} bị hủy với lý do "(?P<reason>[^"]+)"'))
def cancelled(planflow, kind, unit, reason):
    obligation_id = obligation_of(planflow, unit, kind)["id"]
    with planflow.unit_of_work() as ctx:
        found = ctx.session.get(Obligation, obligation_id)
        assert (found.status, found.cancel_reason) == (ObligationStatus.CANCELLED, reason)


@then(parsers.re(rf"{ACTOR} không còn việc nào trong hộp việc"))
def empty_inbox(planflow, driver, actor):
    assert [t["name"] for t in driver.tasks(actor_username(planflow, actor))] == []
