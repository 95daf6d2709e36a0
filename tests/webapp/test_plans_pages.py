"""The read-only plan pages served by `make run`."""

from __future__ import annotations

from webapp import create_app


def test_the_plan_list_and_a_plan_page_show_the_cascade_in_vietnamese(demo3, driver):
    plan_id = driver.start_plan("298", "officer.298")
    driver.issue(plan_id, "298", title="Kế hoạch dân vận chính quyền năm 2024")
    app = create_app(planflow=demo3)
    client = app.test_client()
    listing = client.get("/").get_data(as_text=True)
    assert "UBND huyện Tứ Kỳ" in listing and "01/KH-UBND" in listing and "Đã ban hành" in listing
    page = client.get(f"/plans/{plan_id}").get_data(as_text=True)
    assert "UBND xã Ngọc Kỳ" in page and "Chờ tiếp nhận" in page
    assert "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH" in page
    assert client.get("/plans/999").status_code == 404
