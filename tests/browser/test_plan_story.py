"""The real story in Chromium: a district plan drafted, returned by the chair, fixed, signed and issued,
then found by a commune; and a commune's late report showing in the district's dashboard."""

from __future__ import annotations

from datetime import datetime

from playwright.sync_api import Page, expect

from tests.browser.confirming import Questions

TITLE = "Kế hoạch công tác dân vận chính quyền năm 2024"
FIXED_TITLE = "Kế hoạch thực hiện công tác dân vận chính quyền năm 2024"


def open_task(page: Page, name: str) -> None:
    page.get_by_role("link", name=name).first.click()
    expect(page.get_by_role("heading", name=name)).to_be_visible()


def submit(page: Page, button: str = "Gửi") -> None:
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.get_by_role("heading", name="Việc của tôi")).to_be_visible()


def decide(page: Page, sign_in, user: str, task: str, button: str, comment: str = "") -> None:
    sign_in(user)
    open_task(page, task)
    if comment:
        page.get_by_label("Ý kiến").fill(comment)
    submit(page, button)


def test_a_district_plan_returned_by_the_chair_is_fixed_signed_issued_and_reaches_a_commune(
        page: Page, live_server, sign_in, driver):
    questions = Questions(page)  # signing and issuing ask first; yes
    sign_in("officer.298")
    page.get_by_role("link", name="Kế hoạch", exact=True).click()
    page.get_by_label("Trích yếu").fill(TITLE)
    page.get_by_role("button", name="Lập kế hoạch").click()
    expect(page.get_by_text("Đang soạn thảo")).to_be_visible()
    page.goto(f"{live_server}/")
    open_task(page, "Soạn thảo dự thảo kế hoạch")
    page.get_by_label("Trích yếu").fill(TITLE)
    submit(page)

    decide(page, sign_in, "head.298", "Thẩm định dự thảo kế hoạch", "Đồng ý")
    decide(page, sign_in, "chair.298", "Phê duyệt, ký kế hoạch", "Trả lại", "Sửa trích yếu cho đúng thể thức.")

    sign_in("officer.298")
    open_task(page, "Soạn thảo dự thảo kế hoạch")
    expect(page.locator("section.returns").get_by_text("Sửa trích yếu cho đúng thể thức.")).to_be_visible()
    page.get_by_label("Trích yếu").fill(FIXED_TITLE)
    submit(page)
    decide(page, sign_in, "head.298", "Thẩm định dự thảo kế hoạch", "Đồng ý")
    decide(page, sign_in, "chair.298", "Phê duyệt, ký kế hoạch", "Đồng ý")
    decide(page, sign_in, "clerk.298", "Vào sổ, ban hành kế hoạch", "Gửi")
    assert [question.split("?")[0] for question in questions.asked] == [
        "Ký và phê duyệt kế hoạch này", "Vào sổ, cấp số và ban hành kế hoạch này"]

    page.get_by_role("link", name="Kế hoạch", exact=True).click()
    expect(page.get_by_text("01/KH-UBND")).to_be_visible()
    page.get_by_role("link", name=FIXED_TITLE).click()
    expect(page.get_by_text("Đã ban hành").first).to_be_visible()
    expect(page.get_by_role("link", name="UBND xã Ngọc Kỳ")).to_be_visible()  # its plan in the cascade tree

    decide(page, sign_in, "clerk.11089", "Tiếp nhận kế hoạch cấp trên", "Gửi")
    sign_in("officer.11089")
    expect(page.get_by_role("link", name="Soạn thảo dự thảo kế hoạch")).to_be_visible()


def test_a_report_sent_after_its_deadline_shows_late_in_the_district_dashboard(
        page: Page, live_server, sign_in, driver, clock):
    clock.fixed = datetime(2024, 3, 1, 9)
    district = driver.start_plan("298", "officer.298")
    driver.issue(district, "298")
    clock.fixed = datetime(2024, 5, 20, 9)
    driver.run_due()
    driver.send_report("11113", {"dialogues_held": 3}, until="Vào sổ, gửi báo cáo")
    clock.fixed = datetime(2024, 6, 3, 9)  # the six-month report was due before 30/5

    Questions(page)  # sending the report asks first; yes
    decide(page, sign_in, "clerk.11113", "Vào sổ, gửi báo cáo", "Gửi")
    sign_in("head.298")
    page.get_by_role("link", name="Báo cáo", exact=True).click()
    page.get_by_role("link", name="Xem tình hình").first.click()
    row = page.get_by_role("row").filter(has_text="UBND xã Tân Kỳ")
    expect(row.get_by_text("Nộp trễ hạn")).to_be_visible()
    expect(page.locator("svg").first).to_be_visible()
