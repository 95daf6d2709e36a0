"""Claiming a task in the work list, and a chair delegating signing so the vice chair signs KT. CHỦ TỊCH."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.confirming import Questions
from tests.engine.test_claims import add_colleague
from tests.support import APPROVE

DRAFT, REVIEW, SIGN = "Soạn thảo dự thảo kế hoạch", "Thẩm định dự thảo kế hoạch", "Phê duyệt, ký kế hoạch"


def test_an_officer_claims_a_task_and_a_colleague_sees_who_holds_it(page, live_server, sign_in, demo3, driver):
    add_colleague(demo3, "officer2.298", like="officer.298", full_name="Trần Thị Hoa")
    driver.start_plan("298", "officer.298")

    sign_in("officer2.298")
    page.get_by_role("button", name="Nhận xử lý").click()
    expect(page.get_by_text("Bạn đã nhận xử lý nhiệm vụ")).to_be_visible()
    expect(page.get_by_text("Đang do Trần Thị Hoa xử lý")).to_be_visible()

    sign_in("officer.298")
    expect(page.get_by_text("Đang do Trần Thị Hoa xử lý")).to_be_visible()
    expect(page.get_by_role("button", name="Nhận xử lý")).to_have_count(0)


def test_a_chair_delegates_signing_and_the_vice_chair_signs_for_them(page, live_server, sign_in, driver):
    plan_id, _ = driver.drafted_plan("Kế hoạch dân vận chính quyền năm 2024", "Tóm tắt")
    driver.act("head.298", REVIEW, APPROVE, plan_id)

    sign_in("chair.298")
    page.goto(f"{live_server}/delegations")
    page.get_by_label("Người được ủy quyền").select_option("vice_chair.298")
    page.get_by_label("Từ ngày").fill("2024-03-01")
    page.get_by_label("Đến ngày (tính cả ngày này)").fill("2024-03-05")
    page.get_by_label("Lý do (đi công tác, nghỉ phép...)").fill("Đi công tác")
    page.get_by_role("button", name="Ủy quyền", exact=True).click()
    expect(page.get_by_text("Đã ủy quyền.")).to_be_visible()
    expect(page.get_by_text("Đang có hiệu lực")).to_be_visible()

    sign_in("vice_chair.298")
    page.get_by_role("link", name=SIGN).click()
    Questions(page)  # signing asks first; yes
    page.get_by_role("button", name="Đồng ý").click()
    expect(page.get_by_text("Đã ghi nhận: Đồng ý.")).to_be_visible()

    page.goto(f"{live_server}/plans/{plan_id}")
    expect(page.get_by_text("KT. CHỦ TỊCH")).to_be_visible()
