"""The plan's page shows what it requires and assigns, as written, and lets the receiver ask for a report owed
"khi có yêu cầu"; a refused request keeps what was typed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from engine.models import Obligation
from engine.reporting.obligations import requirements_of
from tests.support import Driver

DISTRICT = "298"
ASSIGNMENTS = [
    {"line": "UBND các xã, thị trấn", "responsibilities": ["Tổ chức đối thoại với Nhân dân."],
     "owes": [{"due": "khi có yêu cầu", "description": "Báo cáo chuyên đề"}]},
    {"line": "UBND các xã, thị trấn", "condition": "đối với địa phương chưa phân công công chức phụ trách",
     "applies_to": ["11113"], "owes": [{"due": "gửi về Phòng Nội vụ trước ngày 25/3/2024",
                                        "description": "Quyết định phân công"}]},
]


def _issued(demo3, clock) -> tuple[int, int]:
    clock.fixed = datetime(2024, 3, 1, 8)
    driver = Driver(demo3)
    plan_id = driver.start_plan(DISTRICT, f"officer.{DISTRICT}")
    driver.issue(plan_id, DISTRICT, reporting=[{"reporters": "UBND các xã, thị trấn", "due": "hằng quý"}],
                 assignments=ASSIGNMENTS)
    with demo3.unit_of_work() as ctx:
        standing = next(r.id for r in requirements_of(ctx, plan_id) if r.on_request)
    return plan_id, standing


def test_the_plan_page_shows_requirements_and_assignments_as_written(demo3, clock, login_as):
    plan_id, _ = _issued(demo3, clock)
    page = login_as(f"officer.{DISTRICT}").get(f"/plans/{plan_id}").get_data(as_text=True)
    for shown in ("Yêu cầu báo cáo", "hằng quý", "(Quý II)", "18/06/2024", "kể cả ngày này",
                  "Chốt số liệu từ 15/03/2024 đến 14/06/2024 (theo Nghị định 09/2019/NĐ-CP)",
                  "Tổ chức thực hiện", "Tổ chức đối thoại với Nhân dân.", "Báo cáo chuyên đề",
                  "đối với địa phương chưa phân công công chức phụ trách", "Áp dụng cho: UBND xã Tân Kỳ",
                  "gửi về Phòng Nội vụ trước ngày 25/3/2024", "không kể ngày này", "Gửi yêu cầu"):
        assert shown in page, shown


def test_the_receiver_asks_for_a_report_and_a_refused_request_keeps_what_was_typed(demo3, clock, login_as):
    plan_id, standing = _issued(demo3, clock)
    head = login_as(f"head.{DISTRICT}")
    refused = head.post(f"/plans/{plan_id}/requests", data={
        "requirement_id": standing, "subject": "Báo cáo nhanh về đối thoại", "due": "trước ngày 01/02/2024"})
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "đã qua" in page and 'value="Báo cáo nhanh về đối thoại"' in page
    with demo3.unit_of_work() as ctx:
        assert ctx.session.scalars(select(Obligation).where(Obligation.kind == "ad_hoc")).all() == []

    asked = head.post(f"/plans/{plan_id}/requests", data={
        "requirement_id": standing, "subject": "Báo cáo nhanh về đối thoại", "due": "trước ngày 20/3/2024",
        "units": "11089"})
    assert asked.status_code == 302
    with demo3.unit_of_work() as ctx:
        owed = ctx.session.scalars(select(Obligation).where(Obligation.kind == "ad_hoc")).all()
        assert [o.reporting_unit.code for o in owed] == ["11089"]


def test_a_commune_sees_no_request_form_and_its_request_is_refused(demo3, clock, login_as):
    plan_id, standing = _issued(demo3, clock)
    commune = login_as("officer.11089")
    assert "Gửi yêu cầu" not in commune.get(f"/plans/{plan_id}").get_data(as_text=True)
    refused = commune.post(f"/plans/{plan_id}/requests", data={
        "requirement_id": standing, "subject": "Báo cáo", "due": "trước ngày 20/3/2024"})
    assert refused.status_code == 403
