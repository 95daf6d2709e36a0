"""The plan pages: the list and a plan with its cascade, within the user's scope."""

from __future__ import annotations


def test_the_plan_list_and_a_plan_page_show_the_cascade_in_vietnamese(driver, login_as):
    plan_id = driver.start_plan("298", "officer.298")
    driver.issue(plan_id, "298", title="Kế hoạch dân vận chính quyền năm 2024")
    client = login_as("head.298")
    listing = client.get("/plans").get_data(as_text=True)
    assert "UBND huyện Tứ Kỳ" in listing and "01/KH-UBND" in listing and "Đã ban hành" in listing
    page = client.get(f"/plans/{plan_id}").get_data(as_text=True)
    assert "UBND xã Ngọc Kỳ" in page and "Chờ tiếp nhận" in page
    assert "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH" in page
    assert client.get("/plans/999").status_code == 404


def test_a_commune_sees_the_district_plan_it_implements_but_not_a_neighbours_plan(driver, login_as):
    plan_id = driver.start_plan("298", "officer.298")
    driver.issue(plan_id, "298")
    child = driver.plan(plan_id)["children"][0]
    neighbour = driver.plan(plan_id)["children"][1]
    client = login_as(f"officer.{child['unit']}")
    assert client.get(f"/plans/{plan_id}").status_code == 200
    assert client.get(f"/plans/{child['id']}").status_code == 200
    refused = client.get(f"/plans/{neighbour['id']}")
    assert refused.status_code == 404 and "phạm vi" in refused.get_data(as_text=True)
    assert neighbour["unit_name"] not in client.get("/plans").get_data(as_text=True)
