"""The incoming register (sổ văn bản đến): số đến 1, 2 … per body per year, and the clerk's receipt records it."""

from __future__ import annotations

import threading
from datetime import date

from sqlalchemy import select

from engine.models import IncomingEntry
from engine.org.register import register_incoming
from engine.org.units import get_unit

RECEIVE = "Tiếp nhận kế hoạch cấp trên"
COMMUNE = "11089"


def enter(session, unit_id: int, day: date, title: str = "Kế hoạch") -> int:
    return register_incoming(session, unit_id, day, sender="UBND tỉnh Hải Dương", doc_type="KH",
                             number_symbol="39/KH-UBND", issued_on=date(2024, 12, 20), title=title,
                             received_by="clerk.298")


def unit_ids(planflow, *codes: str) -> list[int]:
    with planflow.unit_of_work() as ctx:
        return [get_unit(ctx.session, code, ctx.clock.today()).id for code in codes]


def test_each_body_has_one_sequence_a_year_restarting_on_1_january(demo3) -> None:
    tu_ky, thanh_ha = unit_ids(demo3, "298", "294")
    with demo3.unit_of_work() as ctx:
        numbers = [enter(ctx.session, tu_ky, date(2024, 12, 30)), enter(ctx.session, tu_ky, date(2024, 12, 31)),
                   enter(ctx.session, thanh_ha, date(2024, 12, 31)), enter(ctx.session, tu_ky, date(2025, 1, 1)),
                   enter(ctx.session, tu_ky, date(2025, 1, 2))]
    assert numbers == [1, 2, 1, 1, 2]
    with demo3.unit_of_work() as ctx:
        rows = ctx.session.scalars(select(IncomingEntry).order_by(IncomingEntry.unit_id, IncomingEntry.year,
                                                                  IncomingEntry.number)).all()
        assert [(r.year, r.number, r.received_on) for r in rows if r.unit_id == tu_ky] == [
            (2024, 1, date(2024, 12, 30)), (2024, 2, date(2024, 12, 31)), (2025, 1, date(2025, 1, 1)),
            (2025, 2, date(2025, 1, 2))]


def test_two_sessions_registering_at_once_get_consecutive_numbers(demo3) -> None:
    [tu_ky] = unit_ids(demo3, "298")
    start = threading.Barrier(2)
    numbers: list[int] = []

    def receive(title: str) -> None:
        start.wait()
        with demo3.unit_of_work() as ctx:
            numbers.append(enter(ctx.session, tu_ky, date(2024, 3, 1), title))

    threads = [threading.Thread(target=receive, args=(title,)) for title in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(numbers) == [1, 2]


def test_the_clerks_receipt_of_the_parent_plan_records_its_incoming_number_and_date(demo3, driver) -> None:
    district = driver.start_plan("298", "officer.298")
    driver.issue(district, "298")
    [child] = [c["id"] for c in driver.plan(district)["children"] if c["unit"] == COMMUNE]
    driver.act(f"clerk.{COMMUNE}", RECEIVE, {}, child)

    view = driver.plan(district)
    [entry] = [e for e in view["incoming"] if e["unit"] == COMMUNE]
    assert (entry["number"], entry["received_on"], entry["received_by"], entry["sender"]) == (
        1, "2024-03-01", f"clerk.{COMMUNE}", "UBND huyện Tứ Kỳ")
    [line] = [r for r in view["recipients"] if r["unit"] == COMMUNE]
    assert (line["incoming_number"], line["received_on"]) == (1, "2024-03-01")
    assert entry["recipient_id"] is not None and entry["number_symbol"] == "01/KH-UBND"
