"""See what you sign: the review, signing and issuing pages of plans and reports show the document as it will be
issued, what changed since it was last returned, and the comments it was returned with, at the top."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from lxml import etree

from tests.support import APPROVE

DRAFT, REVIEW, SIGN, ISSUE = ("Soạn thảo dự thảo kế hoạch", "Thẩm định dự thảo kế hoạch", "Phê duyệt, ký kế hoạch",
                              "Vào sổ, ban hành kế hoạch")
SIGN_REPORT = "Phê duyệt, ký báo cáo"
TITLE = "Kế hoạch công tác dân vận chính quyền năm 2024"
FIRST = {
    "title": TITLE, "summary": "I. MỤC ĐÍCH, YÊU CẦU\nTăng cường đối thoại với Nhân dân.",
    "recipients": ["UBND tỉnh", "UBND các xã, thị trấn"], "subplan_due": "2024-04-15",
    "reporting": [{"kind": "six_month", "reporters": "UBND các xã, thị trấn", "due": "trước ngày 30/5",
                   "via": "qua Phòng Nội vụ"}],
    "assignments": [{"line": "Phòng Nội vụ", "lead": True, "responsibilities": ["Tham mưu tổ chức thực hiện"]}],
}
SECOND = {**FIRST, "summary": "I. MỤC ĐÍCH, YÊU CẦU\nTăng cường đối thoại trực tiếp với Nhân dân.",
          "recipients": ["UBND tỉnh", "Ban Dân vận Huyện ủy", "UBND các xã, thị trấn"],
          "reporting": [{**FIRST["reporting"][0], "due": "trước ngày 25/5"}]}
RETURNED = "Rút hạn báo cáo 6 tháng về trước ngày 25/5."
WORKFLOWS = Path(__file__).parents[2] / "workflows"


def section(page: str, name: str) -> str:
    """The HTML of the page's <section class="name"> (up to the next section)."""
    return page.split(f'<section class="{name}"')[1].split("<section")[0]


def task_page(driver, client, user: str, name: str, plan_id: int | None = None) -> str:
    return client.get(f"/tasks/{driver.task(user, name, plan_id)['id']}").get_data(as_text=True)


def returned_then_revised(driver) -> int:
    """A plan the chair returned once; the officer changed a sentence, a recipient and a deadline; the head agreed."""
    plan_id = driver.start_plan("298", "officer.298")
    driver.act("officer.298", DRAFT, FIRST, plan_id)
    driver.act("head.298", REVIEW, APPROVE, plan_id)
    driver.act("chair.298", SIGN, {"decision": "return", "comment": RETURNED}, plan_id)
    driver.act("officer.298", DRAFT, SECOND, plan_id)
    driver.act("head.298", REVIEW, APPROVE, plan_id)
    return plan_id


def test_the_heads_review_shows_the_draft_as_it_will_be_issued(driver, login_as):
    plan_id = driver.start_plan("298", "officer.298")
    driver.act("officer.298", DRAFT, FIRST, plan_id)

    page = task_page(driver, login_as("head.298"), "head.298", REVIEW)

    document = section(page, "task-document")
    assert "Công tác dân vận chính quyền năm 2024" in document and "KẾ HOẠCH" in document and "DỰ THẢO" in document
    assert "Tăng cường đối thoại với Nhân dân." in document
    assert "- UBND tỉnh;" in document and "- UBND các xã, thị trấn;" in document and "- Lưu: VT, NV." in document
    assert "PHÂN CÔNG VÀ THỜI HẠN" in document and "<td>trước ngày 30/5</td>" in document  # as written
    assert "Phòng Nội vụ (chủ trì, Tham mưu tổ chức thực hiện)" in document
    assert "Hạn cấp dưới ban hành kế hoạch:</strong> trước ngày 15/04/2024" in document
    assert re.search(r'<p class="signature">TM\. ỦY BAN NHÂN DÂN</p><p class="signature">CHỦ TỊCH</p>', document)
    assert f'href="/plans/{plan_id}/document"' in document
    assert 'class="returns"' not in page and 'class="changes"' not in page  # a first round: nothing returned yet


def test_the_signer_sees_the_signature_block_they_will_sign_with(driver, login_as):
    plan_id = driver.start_plan("298", "officer.298")
    driver.act("officer.298", DRAFT, FIRST, plan_id)
    driver.act("head.298", REVIEW, APPROVE, plan_id)

    chair = section(task_page(driver, login_as("chair.298"), "chair.298", SIGN), "task-document")
    vice = section(task_page(driver, login_as("vice_chair.298"), "vice_chair.298", SIGN), "task-document")

    assert '<p class="signature">CHỦ TỊCH</p>' in chair and "KT. CHỦ TỊCH" not in chair
    assert '<p class="signature">KT. CHỦ TỊCH</p><p class="signature">PHÓ CHỦ TỊCH</p>' in vice
    assert driver.plan(plan_id)["signature"] == []  # showing it signs nothing


def test_a_second_round_marks_what_changed_and_puts_the_return_comment_at_the_top(driver, login_as):
    returned_then_revised(driver)

    page = task_page(driver, login_as("chair.298"), "chair.298", SIGN)

    top = page.split('<section class="task-document"')[0]
    assert top.index('class="returns"') < top.index('class="changes"') < top.index('class="instructions"')
    assert RETURNED in section(page, "returns") and "Nguyễn Văn Phong" in section(page, "returns")
    changes = section(page, "changes")
    assert "Tăng cường đối thoại <ins>trực tiếp </ins>với Nhân dân." in changes
    assert "<li><ins>Ban Dân vận Huyện ủy</ins></li>" in changes
    assert "trước ngày <del>30/5</del><ins>25/5</ins> (qua Phòng Nội vụ)" in changes
    document = section(page, "task-document")
    assert '<p class="text changed">Tăng cường đối thoại trực tiếp với Nhân dân.</p>' in document
    assert '<p class="recipient changed">- Ban Dân vận Huyện ủy;</p>' in document
    assert '<p class="recipient">- UBND tỉnh;</p>' in document  # unchanged lines are not marked
    assert "<td>trước ngày 25/5</td>" in document


def test_the_officer_redrafting_sees_the_return_comment_first(driver, login_as):
    plan_id = driver.start_plan("298", "officer.298")
    driver.act("officer.298", DRAFT, FIRST, plan_id)
    driver.act("head.298", REVIEW, {"decision": "return", "comment": "Bổ sung mục kinh phí."}, plan_id)

    page = task_page(driver, login_as("officer.298"), "officer.298", DRAFT)

    assert page.index('class="returns"') < page.index('class="instructions"') < page.index('class="task-form"')
    assert "Bổ sung mục kinh phí." in section(page, "returns")
    assert "sửa theo ý kiến trả lại ở đầu trang" in section(page, "instructions")


def test_the_clerk_registers_the_signed_plan_with_its_signature_in_view(driver, login_as):
    plan_id = driver.start_plan("298", "officer.298")
    driver.act("officer.298", DRAFT, FIRST, plan_id)
    driver.act("head.298", REVIEW, APPROVE, plan_id)
    driver.act("vice_chair.298", SIGN, APPROVE, plan_id)

    document = section(task_page(driver, login_as("clerk.298"), "clerk.298", ISSUE), "task-document")

    assert "KT. CHỦ TỊCH" in document and "Dương Thị Lan" in document and "Số: …/KH-UBND" in document


def test_the_report_signing_page_links_the_report_and_shows_it(driver, login_as, clock):
    plan_id = driver.start_plan("298", "officer.298")
    driver.issue(plan_id, "298", title=TITLE)
    clock.fixed = datetime(2024, 5, 15, 9)
    driver.run_due()
    driver.send_report("11089", {"dialogues_held": 3}, results="Tổ chức 3 cuộc đối thoại.", until=SIGN_REPORT)

    page = task_page(driver, login_as("chair.11089"), "chair.11089", SIGN_REPORT)

    obligation_id = int(re.search(r'href="/reports/(\d+)"', section(page, "concerns")).group(1))
    document = section(page, "task-document")
    assert "BÁO CÁO" in document and "Tổ chức 3 cuộc đối thoại." in document
    assert "Số cuộc đối thoại với Nhân dân" in document
    assert "- UBND huyện Tứ Kỳ" in document and '<p class="signature">CHỦ TỊCH</p>' in document
    assert f'href="/reports/{obligation_id}/document"' in document
    assert "«Đồng ý»" in section(page, "instructions")


def test_instructions_name_the_buttons_never_the_values_behind_them():
    for path in WORKFLOWS.glob("*.bpmn"):
        tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
        for text in tree.xpath("//*[local-name()='instructionsForEndUser']/text()"):
            assert not re.search(r'"(approve|return|accept)"|\((approve|return|accept)\)', text), (path.name, text)


def test_review_and_signing_instructions_say_dong_y_and_tra_lai(driver, login_as):
    plan_id = driver.start_plan("298", "officer.298")
    driver.act("officer.298", DRAFT, FIRST, plan_id)

    instructions = section(task_page(driver, login_as("head.298"), "head.298", REVIEW), "instructions")

    assert "«Đồng ý»" in instructions and "«Trả lại»" in instructions and "approve" not in instructions


def test_the_document_page_offers_the_a4_sheet_beside_the_reflowed_text(driver, login_as):
    plan_id = driver.start_plan("298", "officer.298")
    driver.act("officer.298", DRAFT, FIRST, plan_id)

    page = login_as("head.298").get(f"/plans/{plan_id}/document").get_data(as_text=True)

    assert 'class="a4-toggle"' in page and "Xem khổ A4" in page
    assert '<div class="sheet"><article class="document">' in page
