"""The chair signs on a phone (390 px): reads the plan as it will be issued without sideways scrolling, returns it
with a comment, and after the officer's revision and the head's review sees the comment and the marked change at
the top, then signs — the decision bar in reach all along."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.support import APPROVE

PHONE = {"width": 390, "height": 844}
TITLE = "Kế hoạch công tác dân vận chính quyền năm 2024"
FIRST = {"title": TITLE, "summary": "I. MỤC ĐÍCH, YÊU CẦU\nTăng cường đối thoại với Nhân dân.",
         "recipients": ["UBND tỉnh", "Ban Dân vận Huyện ủy", "UBND các xã, thị trấn"],
         "reporting": [{"kind": "six_month", "reporters": "UBND các xã, thị trấn", "due": "trước ngày 30/5",
                        "via": "qua Phòng Nội vụ"}]}
RETURN_COMMENT = "Ghi rõ đối thoại trực tiếp với Nhân dân."
SIGN = "Phê duyệt, ký kế hoạch"


def open_task(page: Page, name: str) -> None:
    page.get_by_role("link", name=name).first.click()
    expect(page.get_by_role("heading", name=name)).to_be_visible()


def fits_the_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def in_view(page: Page, name: str) -> None:
    """The button is wholly on the screen as the page opens: no scrolling to reach it. Playwright's assertion waits
    for the page's layout to settle (one measurement taken at once read a loaded CI machine's page before its
    phone layout applied)."""
    expect(page.get_by_role("button", name=name, exact=True)).to_be_in_viewport(ratio=1)


def test_the_chair_returns_a_plan_from_a_phone_and_signs_it_after_the_revision(
        page: Page, live_server, sign_in, driver):
    plan_id = driver.start_plan("298", "officer.298")
    driver.act("officer.298", "Soạn thảo dự thảo kế hoạch", FIRST, plan_id)
    driver.act("head.298", "Thẩm định dự thảo kế hoạch", APPROVE, plan_id)
    page.on("dialog", lambda dialog: dialog.accept())  # a confirmation, if the page asks one, is answered yes
    page.set_viewport_size(PHONE)

    sign_in("chair.298")
    header = page.locator("header.top").bounding_box()
    assert header and header["height"] <= 56  # one line
    fits_the_phone(page)
    open_task(page, SIGN)
    expect(page.get_by_text("Tăng cường đối thoại với Nhân dân.")).to_be_visible()
    expect(page.locator(".document").get_by_text("- Ban Dân vận Huyện ủy;")).to_be_visible()
    expect(page.locator(".document").get_by_text("trước ngày 30/5")).to_be_visible()
    fits_the_phone(page)
    in_view(page, "Đồng ý")
    page.get_by_text("Xem khổ A4").click()  # the A4 sheet scrolls inside its frame, never the page
    assert page.evaluate("document.querySelector('.task-document .document').offsetWidth") > PHONE["width"]
    fits_the_phone(page)
    page.get_by_text("Xem vừa màn hình").click()
    page.get_by_label("Ý kiến").fill(RETURN_COMMENT)
    page.get_by_role("button", name="Trả lại", exact=True).click()
    expect(page.get_by_text("Đã ghi nhận: Trả lại.")).to_be_visible()

    sign_in("officer.298")
    open_task(page, "Soạn thảo dự thảo kế hoạch")
    expect(page.locator("section.returns").get_by_text(RETURN_COMMENT)).to_be_in_viewport()
    fits_the_phone(page)
    page.get_by_label("Nội dung chính").fill("I. MỤC ĐÍCH, YÊU CẦU\nTăng cường đối thoại trực tiếp với Nhân dân.")
    page.get_by_role("button", name="Gửi", exact=True).click()
    expect(page.get_by_role("heading", name="Việc của tôi")).to_be_visible()

    sign_in("head.298")
    open_task(page, "Thẩm định dự thảo kế hoạch")
    in_view(page, "Đồng ý")
    page.get_by_role("button", name="Đồng ý", exact=True).click()
    expect(page.get_by_text("Đã ghi nhận: Đồng ý.")).to_be_visible()

    sign_in("chair.298")
    open_task(page, SIGN)
    expect(page.locator("section.returns").get_by_text(RETURN_COMMENT)).to_be_in_viewport()
    expect(page.locator("section.changes ins").get_by_text("trực tiếp")).to_be_visible()
    expect(page.locator(".document .changed")).to_have_text("Tăng cường đối thoại trực tiếp với Nhân dân.")
    fits_the_phone(page)
    in_view(page, "Đồng ý")
    page.get_by_role("button", name="Đồng ý", exact=True).click()
    expect(page.get_by_text("Đã ghi nhận: Đồng ý.")).to_be_visible()
    assert driver.plan(plan_id)["signature"][:2] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
