"""The instance page: a process as its diagram with each step's state and data, for those in its scope."""

from __future__ import annotations

from datetime import datetime

DRAFT = "Soạn thảo dự thảo kế hoạch"
TITLE = "Kế hoạch dân vận chính quyền năm 2024"


def drafted_plan(driver) -> tuple[int, int]:
    return driver.drafted_plan(TITLE, "Đối thoại với Nhân dân mỗi quý")


def test_an_officer_watches_their_plans_instance_with_states_data_and_history(driver, login_as):
    plan_id, instance_id = drafted_plan(driver)
    page = login_as("officer.298").get(f"/instances/{instance_id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Sơ đồ quy trình: Xây dựng và ban hành kế hoạch — phiên bản 1" in html
    assert (f'<div id="instance-diagram" data-source-url="/instances/{instance_id}/source"' in html
            and f'data-state-url="/instances/{instance_id}/state"' in html and '<aside id="instance-element">' in html)
    assert "vendor/viewer/viewer.js" in html and "vendor/viewer/viewer.css" in html  # see test_viewer_bundle.py
    assert "UBND huyện Tứ Kỳ" in html and f'href="/plans/{plan_id}"' in html and "Đang chạy" in html
    assert "Thẩm định dự thảo kế hoạch" in html and "Đang thực hiện" in html and "Đang chờ" in html
    assert "Đối thoại với Nhân dân mỗi quý" in html  # the draft's data, readable
    assert "Hoàn thành bước" in html and "lịch sử" in html  # earlier rounds are pointed to the history


def test_the_state_json_marks_the_draft_completed_the_review_active_and_the_timers_waiting(driver, login_as):
    _, instance_id = drafted_plan(driver)
    state = login_as("head.298").get(f"/instances/{instance_id}/state").get_json()
    elements = state["elements"]
    assert (elements["draft_plan"], elements["review_draft"], elements["deadline_near"],
            elements["deadline_passed"]) == ("completed", "active", "waiting", "waiting")
    assert "register_and_issue" not in elements
    [draft] = state["tasks"]["draft_plan"]
    assert (draft["name"], draft["state"], draft["completed_by"], draft["completed_at"]) == \
        (DRAFT, "completed", "officer.298", "2024-03-01T08:00:00")
    assert draft["data"]["title"] == TITLE
    assert state["tasks"]["review_draft"][0]["state"] == "active"


def test_the_source_is_the_xml_of_the_instances_version(driver, login_as):
    _, instance_id = drafted_plan(driver)
    source = login_as("officer.298").get(f"/instances/{instance_id}/source")
    assert source.status_code == 200 and source.mimetype == "application/xml"
    assert b'<bpmn:process id="plan_lifecycle"' in source.data


def test_an_officer_of_another_unit_gets_not_found_and_a_designer_sees_any(driver, login_as):
    _, instance_id = drafted_plan(driver)
    outsider = login_as("officer.294")
    for path in (f"/instances/{instance_id}", f"/instances/{instance_id}/state", f"/instances/{instance_id}/source"):
        refused = outsider.get(path)
        assert refused.status_code == 404 and "trong phạm vi của bạn" in refused.get_data(as_text=True)
        assert TITLE not in refused.get_data(as_text=True)
    assert outsider.get("/instances/999999").status_code == 404
    designer = login_as("designer.30")
    assert designer.get(f"/instances/{instance_id}").status_code == 200
    assert designer.get(f"/instances/{instance_id}/state").get_json()["elements"]["review_draft"] == "active"


def test_the_plan_page_links_its_instance_and_each_open_reports_instance(driver, login_as, clock):
    clock.fixed = datetime(2024, 1, 3, 8)
    plan_id = driver.start_plan("298", "officer.298")
    driver.issue(plan_id, "298")
    clock.fixed = datetime(2024, 5, 16, 9)  # the communes' six-month reports are open
    driver.run_due()
    instance_id = driver.plan(plan_id)["instance_id"]
    page = login_as("head.298").get(f"/plans/{plan_id}").get_data(as_text=True)
    assert f'href="/instances/{instance_id}">Xem sơ đồ quy trình</a>' in page
    assert page.count("Xem sơ đồ quy trình") == 1 + 3  # the plan and the three communes' reports
    commune = login_as("officer.11089")
    links = [part.split('"')[0] for part in commune.get(f"/plans/{plan_id}").get_data(as_text=True)
             .split('href="/instances/')[1:]]
    assert len(links) == 2  # the district plan and the commune's own report, not its neighbours'
    assert all(commune.get(f"/instances/{link}").status_code == 200 for link in links)
