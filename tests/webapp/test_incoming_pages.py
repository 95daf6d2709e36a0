"""Số đến / ngày đến on the plan page and on the task page; a plan's cited parents on its page and document."""

from __future__ import annotations

COMMUNE = "11089"
RECEIVE = "Tiếp nhận kế hoạch cấp trên"


def test_the_plan_page_and_the_next_task_show_the_incoming_number_and_date(driver, login_as):
    district = driver.start_plan("298", "officer.298")
    driver.issue(district, "298", title="Kế hoạch thực hiện công tác dân vận năm 2024", archive_line="VT, NV, TH")
    [child] = [c["id"] for c in driver.plan(district)["children"] if c["unit"] == COMMUNE]
    driver.act(f"clerk.{COMMUNE}", RECEIVE, {}, child)

    page = login_as("head.298").get(f"/plans/{district}").get_data(as_text=True)
    assert "Số đến / ngày đến: 1 / 01/03/2024" in page and "Sổ văn bản đến" in page

    client = login_as(f"officer.{COMMUNE}")
    task = driver.task(f"officer.{COMMUNE}", "Soạn thảo dự thảo kế hoạch", child)
    shown = client.get(f"/tasks/{task['id']}").get_data(as_text=True)
    assert "Số đến / ngày đến" in shown and "1 / 01/03/2024" in shown and "01/KH-UBND" in shown

    document = login_as("head.298").get(f"/plans/{district}/document").get_data(as_text=True)
    assert '<p class="recipient">- Lưu: VT, NV, TH.</p>' in document
    assert "Thực hiện công tác dân vận năm 2024" in document and "Kế hoạch thực hiện công tác" not in document
