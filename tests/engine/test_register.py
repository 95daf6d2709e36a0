"""The outgoing register: 01, 02 … per issuing body per year, never a duplicate."""

from __future__ import annotations

import threading
from datetime import datetime

from sqlalchemy import select

from engine.models import RegisterEntry
from engine.org.register import register_document
from engine.org.units import get_unit

ISSUE = "Vào sổ, ban hành kế hoạch"


def ready_to_issue(driver, code: str) -> int:
    plan_id = driver.start_plan(code, f"officer.{code}")
    driver.act(f"officer.{code}", "Soạn thảo dự thảo kế hoạch", {"title": "Kế hoạch dân vận 2024"}, plan_id)
    driver.act(f"head.{code}", "Thẩm định dự thảo kế hoạch", {"decision": "approve"}, plan_id)
    driver.act(f"chair.{code}", "Phê duyệt, ký kế hoạch", {"decision": "approve"}, plan_id)
    return plan_id


def test_two_plans_issued_at_the_same_moment_get_consecutive_numbers(demo3, driver):
    plans = [ready_to_issue(driver, "298") for _ in range(2)]
    tasks = [driver.task("clerk.298", ISSUE, plan_id)["id"] for plan_id in plans]
    start = threading.Barrier(2)

    def issue(task_id: str) -> None:
        start.wait()
        driver.complete("clerk.298", task_id, {})

    threads = [threading.Thread(target=issue, args=(task_id,)) for task_id in tasks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(driver.plan(p)["number"] for p in plans) == ["01/KH-UBND", "02/KH-UBND"]


def test_numbers_restart_at_01_each_year_and_each_body_keeps_its_own_register(demo3, driver, clock):
    with demo3.unit_of_work() as ctx:
        tu_ky = get_unit(ctx.session, "298", ctx.clock.today()).id
        thanh_ha = get_unit(ctx.session, "294", ctx.clock.today()).id
        numbers = [register_document(ctx.session, tu_ky, "KH", datetime(2024, 12, 31).date(), "a"),
                   register_document(ctx.session, tu_ky, "BC", datetime(2024, 12, 31).date(), "b"),
                   register_document(ctx.session, thanh_ha, "KH", datetime(2024, 12, 31).date(), "c"),
                   register_document(ctx.session, tu_ky, "KH", datetime(2025, 1, 1).date(), "d")]
    assert numbers == [1, 2, 1, 1]
    with demo3.unit_of_work() as ctx:
        assert len(ctx.session.scalars(select(RegisterEntry)).all()) == 4
