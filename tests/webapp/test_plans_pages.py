"""The plan pages: the list and a plan with its cascade, within the user's scope."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta


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


def test_plans_are_found_by_words_of_the_title_by_number_and_filtered_by_status(driver, login_as):
    issued = driver.start_plan("298", "officer.298")
    driver.issue(issued, "298", title="Kế hoạch tuyên truyền Quy chế dân chủ ở cơ sở")
    drafting = driver.start_plan("298", "officer.298")
    client = login_as("head.298")
    found = client.get("/plans?q=Quy chế dân chủ").get_data(as_text=True)
    assert "Quy chế dân chủ ở cơ sở" in found and f'href="/plans/{drafting}"' not in found
    assert "Quy chế dân chủ ở cơ sở" in client.get("/plans?q=01/KH-UBND").get_data(as_text=True)
    drafts = client.get("/plans?status=drafting&level=district").get_data(as_text=True)
    assert f'href="/plans/{drafting}"' in drafts and f'href="/plans/{issued}"' not in drafts


def test_the_cascade_tree_marks_a_commune_late_once_its_deadline_has_passed(driver, login_as, clock):
    plan_id = driver.start_plan("298", "officer.298")
    driver.issue(plan_id, "298")
    child = driver.plan(plan_id)["children"][0]
    client = login_as("chair.298")
    assert "Quá hạn" not in client.get(f"/plans/{plan_id}").get_data(as_text=True)
    clock.fixed = datetime.combine(date.fromisoformat(child["due_date"]) + timedelta(days=1), time(9))
    page = client.get(f"/plans/{plan_id}").get_data(as_text=True)
    assert child["unit_name"] in page and 'class="mark late"' in page


def test_an_officer_starts_a_plan_at_their_district_but_not_at_another(driver, login_as):
    client = login_as("officer.298")
    started = client.post("/plans", data={"unit": "298", "title": "Kế hoạch dân vận năm 2024", "due": "2024-04-15"})
    assert started.status_code == 302
    assert "Soạn thảo dự thảo kế hoạch" in [t["name"] for t in driver.tasks("officer.298")]
    refused = client.post("/plans", data={"unit": "294", "title": "Kế hoạch giả"})
    assert refused.status_code == 403 and "không có vai trò lập kế hoạch" in refused.get_data(as_text=True)
    wrong = client.post("/plans", data={"unit": "298", "due": "15/04/2024"})
    assert wrong.status_code == 422 and "YYYY-MM-DD" in wrong.get_data(as_text=True)


def test_an_id_too_large_for_the_database_is_simply_not_found(login_as):
    assert login_as("head.298").get(f"/plans/{2**31}").status_code == 404
