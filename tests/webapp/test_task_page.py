"""The task page: what the task concerns, its history, and the form generated from its schema —
drafts, validation next to the fields, one-click approve and return, and two people acting at once."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select

from engine.models import Plan, ProcessInstance
from tests.support import APPROVE

DRAFT, REVIEW, SIGN = "Soạn thảo dự thảo kế hoạch", "Thẩm định dự thảo kế hoạch", "Phê duyệt, ký kế hoạch"
TITLE = "Kế hoạch công tác dân vận chính quyền năm 2024"


def field(page: str, name: str) -> str:
    """The HTML of the form field whose control is named `name` (up to the next field)."""
    return next(chunk for chunk in page.split('<div class="field') if f'name="{name}"' in chunk)


def state(planflow, plan_id: int) -> tuple:
    """What a refused request must leave as it was: the plan row and its instance's version."""
    with planflow.unit_of_work() as ctx:
        plan = ctx.session.get(Plan, plan_id)
        versions = ctx.session.scalars(select(ProcessInstance.row_version).where(ProcessInstance.plan_id == plan_id))
        return plan.status, plan.title, plan.content, sorted(versions)


def district_plan_under_the_province(driver) -> tuple[int, int]:
    """The province issues its plan; the district clerk registers it, so the district officer drafts."""
    province = driver.start_plan("30", "officer.30")
    driver.issue(province, "30", title="Kế hoạch dân vận chính quyền của tỉnh năm 2024")
    district = next(c["id"] for c in driver.plan(province)["children"] if c["unit"] == "298")
    driver.act("clerk.298", "Tiếp nhận kế hoạch cấp trên", {"comment": "Chuyển Phòng Nội vụ"}, district)
    return province, district


def test_the_page_shows_instructions_the_plan_the_parent_it_implements_its_history_and_an_empty_form(
        driver, login_as):
    province, district = district_plan_under_the_province(driver)
    task_id = driver.task("officer.298", DRAFT)["id"]

    page = login_as("officer.298").get(f"/tasks/{task_id}").get_data(as_text=True)

    assert "Soạn dự thảo kế hoạch theo kế hoạch cấp trên" in page
    assert f'href="/plans/{district}"' in page and "Đang soạn thảo" in page
    assert f'href="/plans/{province}"' in page and "Kế hoạch dân vận chính quyền của tỉnh năm 2024" in page
    assert "01/KH-UBND" in page
    history = page.split('<section class="history">')[1]
    assert "Tiếp nhận kế hoạch cấp trên" in history and "(clerk.298)" in history and "Chuyển Phòng Nội vụ" in history
    assert 'type="text" value=""' in field(page, "title") and "<textarea" in field(page, "summary")
    assert 'type="date"' in field(page, "subplan_due") and "Mỗi dòng một mục." in field(page, "recipients")
    assert "Báo cáo sơ kết 6 tháng" in field(page, "reporting-0-kind")


def test_a_report_task_shows_the_report_and_submits_its_narrative_and_indicators(driver, login_as, clock):
    plan_id = driver.start_plan("298", "officer.298")
    driver.issue(plan_id, "298", title=TITLE)
    clock.fixed = datetime(2024, 5, 15, 9)
    driver.run_due()
    task_id = driver.task("officer.11089", "Soạn báo cáo")["id"]
    client = login_as("officer.11089")
    assert "Báo cáo: Báo cáo sơ kết 6 tháng 2024 · UBND xã Ngọc Kỳ" in client.get("/").get_data(as_text=True)

    page = client.get(f"/tasks/{task_id}").get_data(as_text=True)
    assert "Báo cáo sơ kết 6 tháng 2024: UBND xã Ngọc Kỳ → UBND huyện Tứ Kỳ" in page
    assert "trước ngày 30/05/2024" in page and f'href="/plans/{plan_id}"' in page
    assert 'type="number"' in field(page, "indicators-dialogues_held")

    done = client.post(f"/tasks/{task_id}", data={"results": "Tổ chức 3 cuộc đối thoại",
                                                  "indicators-dialogues_held": "3", "late_units": ""})
    assert done.status_code == 302 and done.headers["Location"] == "/"
    assert "Đã gửi. Nhiệm vụ đã hoàn thành." in client.get("/").get_data(as_text=True)
    assert driver.task("head.11089", "Thẩm định báo cáo")


def test_self_scoring_shows_one_number_per_criterion_and_refuses_words(driver, login_as, clock):
    plan_id = driver.start_plan("298", "officer.298")
    driver.issue(plan_id, "298", title=TITLE)
    clock.fixed = datetime(2024, 11, 20, 9)
    driver.run_due()
    task_id = driver.task("officer.11089", "Tự chấm điểm")["id"]
    client = login_as("officer.11089")

    page = client.get(f"/tasks/{task_id}").get_data(as_text=True)
    criteria = ("lanh_dao", "cai_cach", "dan_chu", "dan_van_kheo")
    assert all('type="number" value="0"' in field(page, f"scores-{code}") for code in criteria)

    scores = {"scores-lanh_dao": "15", "scores-cai_cach": "hai mươi", "scores-dan_chu": "18",
              "scores-dan_van_kheo": "14"}
    refused = client.post(f"/tasks/{task_id}", data=scores)
    assert refused.status_code == 422
    assert "phải là số nguyên, không phải &#39;hai mươi&#39;" in refused.get_data(as_text=True).split("<legend>")[1]

    assert client.post(f"/tasks/{task_id}", data={**scores, "scores-cai_cach": "20"}).status_code == 302
    assert driver.task("chair.11089", "Phê duyệt kết quả tự chấm")


def test_another_units_user_gets_not_found_and_a_post_changes_nothing(driver, login_as, planflow):
    plan_id = driver.start_plan("298", "officer.298")
    task_id = driver.task("officer.298", DRAFT)["id"]
    before = state(planflow, plan_id)
    neighbour = login_as("officer.294")

    assert neighbour.get(f"/tasks/{task_id}").status_code == 404
    for action in ("submit", "save"):
        refused = neighbour.post(f"/tasks/{task_id}", data={"action": action, "title": "Kế hoạch của người khác"})
        assert refused.status_code == 404
    assert state(planflow, plan_id) == before
    assert "Kế hoạch của người khác" not in login_as("officer.298").get(f"/tasks/{task_id}").get_data(as_text=True)


def test_a_completed_task_is_not_found_and_an_unknown_action_is_refused(driver, login_as):
    plan_id = driver.start_plan("298", "officer.298")
    task_id = driver.task("officer.298", DRAFT)["id"]
    client = login_as("officer.298")
    assert client.post(f"/tasks/{task_id}", data={"action": "delete", "title": TITLE}).status_code == 400

    driver.act("officer.298", DRAFT, {"title": TITLE}, plan_id)

    assert client.get(f"/tasks/{task_id}").status_code == 404
    assert client.get("/tasks/not-a-task").status_code == 404


def test_a_saved_draft_changes_nothing_and_comes_back_when_the_task_is_reopened(driver, login_as, planflow):
    plan_id = driver.start_plan("298", "officer.298")
    task_id = driver.task("officer.298", DRAFT)["id"]
    before = state(planflow, plan_id)
    client = login_as("officer.298")

    saved = client.post(f"/tasks/{task_id}", data={
        "action": "save", "title": "Kế hoạch dân vận", "summary": "Đẩy mạnh đối thoại",
        "recipients": "UBND các xã, thị trấn\n\nSở Nội vụ tỉnh Hải Dương", "subplan_due": "2024-04-15",
        "reporting-rows": "2", "reporting-0-kind": "six_month", "reporting-0-due": "trước ngày 20/5",
        "reporting-0-open_days": "abc"})

    assert saved.status_code == 302 and saved.headers["Location"] == f"/tasks/{task_id}"
    assert state(planflow, plan_id) == before and driver.task("officer.298", DRAFT)["id"] == task_id
    page = client.get(f"/tasks/{task_id}").get_data(as_text=True)
    assert "Đã lưu nháp. Nhiệm vụ vẫn chờ bạn gửi." in page and "bản nháp bạn lưu lúc" in page
    assert 'value="Kế hoạch dân vận"' in field(page, "title")
    assert ">UBND các xã, thị trấn\nSở Nội vụ tỉnh Hải Dương</textarea>" in field(page, "recipients")
    assert 'value="2024-04-15"' in field(page, "subplan_due")
    assert 'value="six_month" selected' in field(page, "reporting-0-kind")
    assert 'value="abc"' in field(page, "reporting-0-open_days")  # kept as typed, refused only on submit


def test_invalid_input_is_shown_next_to_its_field_with_everything_typed_kept(driver, login_as, planflow):
    plan_id = driver.start_plan("298", "officer.298")
    task_id = driver.task("officer.298", DRAFT)["id"]
    before = state(planflow, plan_id)
    client = login_as("officer.298")

    refused = client.post(f"/tasks/{task_id}", data={
        "title": "Kế", "summary": "Nội dung đã soạn", "reporting-rows": "1",
        "reporting-0-kind": "annual", "reporting-0-open_days": "mười"})

    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "Biểu mẫu chưa hợp lệ: xem lỗi bên dưới từng trường." in page
    assert "&#39;Trích yếu&#39; cần ít nhất 5 ký tự" in field(page, "title") and 'value="Kế"' in field(page, "title")
    assert ">Nội dung đã soạn</textarea>" in field(page, "summary")
    rows = page.split('<fieldset class="rows">')[1].split('<input type="hidden"')[0]
    assert "Dòng 1: &#39;Mở kỳ trước hạn (ngày)&#39; phải là số nguyên, không phải &#39;mười&#39;." in rows
    assert "cần nhập &#39;Hạn như văn bản ghi (ví dụ: trước ngày 30/5; khi có yêu cầu; hằng quý)&#39;" in rows
    assert 'value="mười"' in field(page, "reporting-0-open_days")
    assert state(planflow, plan_id) == before


def test_a_refusal_by_the_plan_rules_is_shown_with_the_input_kept(driver, login_as, planflow):
    province = driver.start_plan("30", "officer.30")
    driver.issue(province, "30")
    district = next(c["id"] for c in driver.plan(province)["children"] if c["unit"] == "298")
    driver.act("clerk.298", "Tiếp nhận kế hoạch cấp trên", {}, district)
    task_id = driver.task("officer.298", DRAFT)["id"]
    before = state(planflow, district)

    refused = login_as("officer.298").post(f"/tasks/{task_id}", data={
        "title": TITLE, "reporting-rows": "1", "reporting-0-kind": "six_month",
        "reporting-0-due": "trước ngày 30/6"})

    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "muộn hơn hạn của kế hoạch cấp trên" in page
    assert f'value="{TITLE}"' in field(page, "title") and 'value="trước ngày 30/6"' in field(page, "reporting-0-due")
    assert state(planflow, district) == before


def test_approve_and_return_are_one_click_each_and_returning_needs_a_comment(driver, login_as):
    plan_id = driver.start_plan("298", "officer.298")
    driver.act("officer.298", DRAFT, {"title": TITLE, "summary": "Bản đầu"}, plan_id)
    task_id = driver.task("head.298", REVIEW)["id"]
    head = login_as("head.298")

    page = head.get(f"/tasks/{task_id}").get_data(as_text=True)
    assert 'name="decision" value="approve"' in page and ">Đồng ý</button>" in page and ">Trả lại</button>" in page
    assert "Bắt buộc khi chọn «Trả lại»." in field(page, "comment")

    refused = head.post(f"/tasks/{task_id}", data={"decision": "return", "comment": "  "})
    assert refused.status_code == 422
    assert "cần nhập &#39;Ý kiến&#39;" in field(refused.get_data(as_text=True), "comment")
    assert driver.task("head.298", REVIEW)["id"] == task_id

    returned = head.post(f"/tasks/{task_id}", data={"decision": "return", "comment": "Bổ sung mục kinh phí"})
    assert returned.status_code == 302 and "Đã ghi nhận: Trả lại." in head.get("/").get_data(as_text=True)

    officer = login_as("officer.298")
    redo = officer.get(f"/tasks/{driver.task('officer.298', DRAFT)['id']}").get_data(as_text=True)
    assert f'value="{TITLE}"' in field(redo, "title") and ">Bản đầu</textarea>" in field(redo, "summary")
    assert "Bổ sung mục kinh phí" in redo.split('<section class="history">')[1]

    driver.act("officer.298", DRAFT, {"title": TITLE}, plan_id)
    review = driver.task("head.298", REVIEW)["id"]
    assert head.post(f"/tasks/{review}", data={"decision": "approve"}).status_code == 302
    assert driver.task("chair.298", SIGN, plan_id)


def test_when_two_leaders_sign_at_once_the_second_sees_who_did_and_keeps_what_they_typed(driver, login_as):
    plan_id = driver.start_plan("298", "officer.298")
    driver.act("officer.298", DRAFT, {"title": TITLE}, plan_id)
    driver.act("head.298", REVIEW, APPROVE, plan_id)
    task_id = driver.task("chair.298", SIGN)["id"]
    chair, vice_chair = login_as("chair.298"), login_as("vice_chair.298")
    assert chair.get(f"/tasks/{task_id}").status_code == vice_chair.get(f"/tasks/{task_id}").status_code == 200

    assert chair.post(f"/tasks/{task_id}", data={"decision": "approve"}).status_code == 302
    late = vice_chair.post(f"/tasks/{task_id}", data={"decision": "return", "comment": "Sửa lại phần mục tiêu"})

    page = late.get_data(as_text=True)
    assert late.status_code == 409
    assert re.search(r"đã được chair\.298 hoàn thành lúc [\d:/ ]+; dữ liệu của bạn chưa được ghi", page)
    assert ">Sửa lại phần mục tiêu</textarea>" in field(page, "comment") and "Bạn đã chọn: «Trả lại»." in page
    assert ">Đồng ý</button>" not in page
    assert driver.plan(plan_id)["signature"][1] == "CHỦ TỊCH"
    saving = vice_chair.post(f"/tasks/{task_id}", data={"action": "save", "comment": "Ý kiến muộn"})
    assert saving.status_code == 409 and "bản nháp của bạn chưa được lưu" in saving.get_data(as_text=True)


def test_a_blank_assignment_row_is_left_out_and_a_filled_one_is_kept(driver, login_as, planflow):
    plan_id = driver.start_plan("298", "officer.298")
    task_id = driver.task("officer.298", DRAFT)["id"]
    sent = login_as("officer.298").post(f"/tasks/{task_id}", data={
        "action": "submit", "title": TITLE, "assignments-rows": "2",
        "assignments-0-line": "", "assignments-0-responsibilities": "", "assignments-0-owes-rows": "1",
        "assignments-1-line": "Phòng Tư pháp", "assignments-1-lead": "on",
        "assignments-1-responsibilities": "Phổ biến Luật Thực hiện dân chủ ở cơ sở.\n",
        "assignments-1-signer": "own", "assignments-1-owes-rows": "1"})

    assert sent.status_code == 302, sent.get_data(as_text=True)[:2000]
    assert [(a["line"], a["lead"], a["responsibilities"]) for a in driver.plan(plan_id)["assignments"]] == [
        ("Phòng Tư pháp", True, ["Phổ biến Luật Thực hiện dân chủ ở cơ sở."])]
