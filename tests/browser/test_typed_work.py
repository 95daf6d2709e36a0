"""Typed work is never lost, and what cannot be undone asks first, in Chromium.

A comment and a file posted from a task page leave what was typed in the task's form; leaving the page with
unsaved changes asks first (the browser's leave-page dialog), and so does saving the form with a comment not yet
posted; saving alone does not. Terminating an instance asks in
plain Vietnamese; answering no changes nothing.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from engine.models import ProcessInstance
from tests.browser.confirming import Questions

DRAFT = "Soạn thảo dự thảo kế hoạch"
TITLE = "Kế hoạch công tác dân vận chính quyền năm 2024"
SUMMARY = "Đẩy mạnh đối thoại giữa chính quyền và nhân dân."
COMMENT = "Nơi nhận có cần thêm Sở Nội vụ không?"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_a_comment_and_a_file_leave_the_typed_form_as_it_is_and_leaving_unsaved_asks_first(
        page: Page, live_server, sign_in, driver):
    driver.start_plan("298", "officer.298")
    sign_in("officer.298")
    page.get_by_role("link", name=DRAFT).click()
    page.get_by_label("Trích yếu").press_sequentially(TITLE)  # typed, as a person would: the page is in use
    page.get_by_label("Nội dung chính").fill(SUMMARY)

    page.get_by_label("Bình luận").fill(COMMENT)
    page.get_by_role("button", name="Gửi bình luận").click()
    expect(page.get_by_text("Đã gửi bình luận.")).to_be_visible()
    expect(page.get_by_role("article").filter(has_text=COMMENT)).to_have_count(1)
    page.get_by_label("Đính kèm tệp").set_input_files({"name": "Dự thảo.pdf", "mimeType": "application/pdf",
                                                      "buffer": PDF})
    page.get_by_role("button", name="Tải lên").click()
    expect(page.get_by_text("Đã đính kèm Dự thảo.pdf (phiên bản 1).")).to_be_visible()
    expect(page.get_by_label("Trích yếu")).to_have_value(TITLE)
    expect(page.get_by_label("Nội dung chính")).to_have_value(SUMMARY)

    asked: list[str] = []

    def stay(dialog) -> None:
        asked.append(dialog.type)
        dialog.dismiss()

    def asked_to_stay(times: int) -> None:
        """The leave-page question came (its event arrives while Playwright waits on the page), and we stayed."""
        for _ in range(100):
            if len(asked) >= times:
                break
            page.wait_for_timeout(50)
        assert asked == ["beforeunload"] * times

    page.on("dialog", stay)
    page.get_by_role("link", name="Việc của tôi").first.click()
    asked_to_stay(1)
    expect(page.get_by_label("Trích yếu")).to_have_value(TITLE)  # nothing typed is gone

    page.get_by_label("Bình luận").fill("Chưa gửi")  # saving the form does not post a comment: that asks too
    page.get_by_role("button", name="Lưu nháp").click()
    asked_to_stay(2)
    expect(page.get_by_label("Bình luận")).to_have_value("Chưa gửi")

    page.get_by_label("Bình luận").fill("")
    page.get_by_role("button", name="Lưu nháp").click()  # saving leaves the page without asking
    expect(page.get_by_text("Đã lưu nháp. Nhiệm vụ vẫn chờ bạn gửi.")).to_be_visible()
    page.get_by_role("link", name="Việc của tôi").first.click()
    expect(page.get_by_role("link", name=DRAFT)).to_be_visible()
    assert asked == ["beforeunload", "beforeunload"]


def test_terminating_asks_in_plain_vietnamese_and_going_back_changes_nothing(
        page: Page, live_server, sign_in, driver, demo3):
    instance_id = driver.plan(driver.start_plan("298", "officer.298"))["instance_id"]
    question = (f"Chấm dứt hồ sơ #{instance_id}? Các nhiệm vụ đang mở bị hủy, hạn chờ bị bỏ và hồ sơ không chạy tiếp "
                "được nữa; không hoàn tác được.")
    sign_in("admin.30")
    page.goto(f"{live_server}/admin/instances/{instance_id}/repair")
    form = page.locator("#repair-terminate")
    expect(form.get_by_text("Tôi hiểu thao tác này không hoàn tác được")).to_be_hidden()  # the question asks instead
    form.get_by_label("Lý do").fill("Lập nhầm kế hoạch")

    questions = Questions(page, yes=False)
    form.get_by_role("button", name="Chấm dứt").click()
    expect(form.get_by_label("Lý do")).to_have_value("Lập nhầm kế hoạch")  # still here: nothing was sent
    assert questions.asked == [question]
    with demo3.unit_of_work() as ctx:
        assert ctx.session.get_one(ProcessInstance, instance_id).status == "running"

    questions.yes = True
    form.get_by_role("button", name="Chấm dứt").click()
    expect(page.get_by_text(f"Đã chấm dứt hồ sơ #{instance_id}.")).to_be_visible()
    assert questions.asked == [question, question]
    with demo3.unit_of_work() as ctx:
        assert ctx.session.get_one(ProcessInstance, instance_id).status == "terminated"
