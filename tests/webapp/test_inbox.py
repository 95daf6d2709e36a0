"""My work: the tasks a user may act on, with their plan, unit, due date, marks, filters and counts."""

from __future__ import annotations

import re
from datetime import date, datetime

from tests.support import APPROVE

DRAFT, ISSUE, RECEIVE = "Soạn thảo dự thảo kế hoạch", "Vào sổ, ban hành kế hoạch", "Tiếp nhận kế hoạch cấp trên"


def rows(page: str) -> list[str]:
    """The text of each row of the work list (header row left out)."""
    table = page.split('<table class="work">')[1].split("</table>")[0]
    cells = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
             for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)]
    return cells[1:]


def counts(page: str) -> str:
    line = page.split('class="counts work-counts">')[1].split("</p>")[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", line)).strip()


def test_a_task_shows_its_plan_unit_and_due_date_and_is_marked_due_soon_then_overdue_as_days_pass(
        driver, login_as, clock):
    plan_id = driver.start_plan("298", "officer.298", due=date(2024, 3, 20))
    task_id = driver.task("officer.298", DRAFT)["id"]
    client = login_as("officer.298")

    page = client.get("/").get_data(as_text=True)
    [row] = rows(page)
    assert DRAFT in row and "UBND huyện Tứ Kỳ" in row and "20/03/2024" in row and "Đang soạn thảo" in row
    assert "Quá hạn" not in row and "Sắp đến hạn" not in row and "Chưa xử lý" in row
    assert f'href="/tasks/{task_id}"' in page and f'href="/plans/{plan_id}"' in page

    clock.fixed = datetime(2024, 3, 17, 9)
    [row] = rows(client.get("/").get_data(as_text=True))
    assert "Sắp đến hạn" in row and "Quá hạn" not in row

    clock.fixed = datetime(2024, 3, 21, 9)
    page = client.get("/").get_data(as_text=True)
    [row] = rows(page)
    assert "Quá hạn" in row and "Sắp đến hạn" not in row
    assert counts(page) == "Tất cả: 1 · Quá hạn 1 · Sắp đến hạn 0 · Đã lưu nháp: 0 · Bị trả lại: 0"


def clerk_with_a_receipt_and_an_issue(driver, clock) -> tuple[int, int]:
    """The district clerk registers the province's plan (due 15/4) and issues the district's own (due 31/3)."""
    province = driver.start_plan("30", "officer.30")
    driver.issue(province, "30", subplan_due="2024-04-15")
    own = driver.start_plan("298", "officer.298", due=date(2024, 3, 31))
    driver.act("officer.298", DRAFT, {"title": "Kế hoạch riêng của huyện năm 2024"}, own)
    driver.act("head.298", "Thẩm định dự thảo kế hoạch", APPROVE, own)
    driver.act("chair.298", "Phê duyệt, ký kế hoạch", APPROVE, own)
    return province, own


def test_filters_narrow_the_list_by_kind_due_unit_and_status_while_counts_cover_all_my_work(
        driver, login_as, clock):
    clerk_with_a_receipt_and_an_issue(driver, clock)
    clock.fixed = datetime(2024, 4, 2, 9)  # the issue is overdue, the receipt not yet
    client = login_as("clerk.298")

    everything = client.get("/").get_data(as_text=True)
    assert [ISSUE in r for r in rows(everything)] == [True, False]
    assert counts(everything) == "Tất cả: 2 · Quá hạn 1 · Sắp đến hạn 0 · Đã lưu nháp: 0 · Bị trả lại: 0"

    [receipt] = rows(client.get("/?kind=receipt").get_data(as_text=True))
    assert RECEIVE in receipt and "Tiếp nhận văn bản" in receipt
    [issue] = rows(client.get("/?kind=plan").get_data(as_text=True))
    assert ISSUE in issue
    [late] = rows(client.get("/?due=overdue").get_data(as_text=True))
    assert ISSUE in late
    assert len(rows(client.get("/?unit=298").get_data(as_text=True))) == 2
    elsewhere = client.get("/?unit=294").get_data(as_text=True)
    assert "Không có việc nào khớp bộ lọc." in elsewhere and "Đang hiện 0 trên 2 việc." in elsewhere

    receipt_id = driver.task("clerk.298", RECEIVE)["id"]
    client.post(f"/tasks/{receipt_id}", data={"action": "save", "comment": "Đã chuyển Phòng Nội vụ"})
    [drafted] = rows(client.get("/?status=draft").get_data(as_text=True))
    assert RECEIVE in drafted and "Đã lưu nháp" in drafted
    [untouched] = rows(client.get("/?status=new").get_data(as_text=True))
    assert ISSUE in untouched
    assert "Đã lưu nháp: 1" in counts(client.get("/?kind=bogus&due=never").get_data(as_text=True))


def test_work_sent_back_is_marked_returned_with_the_reviewers_comment(driver, login_as):
    plan_id = driver.start_plan("298", "officer.298")
    driver.act("officer.298", DRAFT, {"title": "Kế hoạch dân vận chính quyền năm 2024"}, plan_id)
    driver.act("head.298", "Thẩm định dự thảo kế hoạch", {"decision": "return", "comment": "Bổ sung mục kinh phí"})
    client = login_as("officer.298")

    page = client.get("/?status=returned").get_data(as_text=True)
    [row] = rows(page)
    assert DRAFT in row and "Bị trả lại" in row and 'title="Bổ sung mục kinh phí"' in page
    assert rows(client.get("/?status=new").get_data(as_text=True)) == ["Không có việc nào khớp bộ lọc."]


def test_a_user_with_nothing_to_do_is_told_so(login_as):
    page = login_as("officer.11089").get("/").get_data(as_text=True)
    assert "Không có việc nào đang chờ bạn." in page
