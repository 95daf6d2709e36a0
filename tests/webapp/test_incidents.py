"""The incidents page and the repair forms: administrators only, a reason every time, the outcome in the audit trail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from engine.models import Obligation
from tests.engine.test_incidents import deploy_and_start, fix_and_migrate, open_commune_reports, stored, timer_process


@pytest.fixture
def failing_timer(demo3, driver, clock) -> int:
    instance_id = deploy_and_start(demo3, timer_process("tiep_dan", "x = 1/0"), "tiep_dan")
    clock.fixed += timedelta(hours=2)
    driver.run_due()
    return instance_id


def test_the_incidents_page_lists_the_failed_step_with_a_link_to_its_instance(failing_timer, login_as):
    page = login_as("admin.30").get("/admin/incidents").get_data(as_text=True)
    assert f'href="/instances/{failing_timer}"' in page
    assert "<code>note</code>" in page and "Hẹn giờ" in page and "ZeroDivisionError" in page
    assert f"/admin/instances/{failing_timer}/retry" in page
    assert "Không có sự cố nào." in login_as("admin.30").get("/admin/incidents?status=resolved").get_data(as_text=True)


def test_only_administrators_see_incidents_or_repair(demo3, failing_timer, login_as):
    officer = login_as("officer.298")
    assert officer.get("/admin/incidents").status_code == 403
    assert officer.post(f"/admin/instances/{failing_timer}/terminate", data={"reason": "x"}).status_code == 403
    assert stored(demo3, failing_timer)[2].status == "running"


def test_a_repair_without_a_reason_is_refused_and_changes_nothing(demo3, failing_timer, login_as):
    response = login_as("admin.30").post(f"/admin/instances/{failing_timer}/suspend", data={"reason": " "})
    assert response.status_code == 422
    assert "Cần ghi lý do để tạm dừng hồ sơ" in response.get_data(as_text=True)
    assert stored(demo3, failing_timer)[2].status == "running"


def test_retrying_after_the_fix_closes_the_incident_and_is_audited(demo3, failing_timer, login_as):
    admin = login_as("admin.30")
    refused = admin.post(f"/admin/instances/{failing_timer}/retry", data={"reason": "Thử lại", "back": "list"})
    assert refused.status_code == 422 and "ZeroDivisionError" in refused.get_data(as_text=True)
    fix_and_migrate(demo3, timer_process("tiep_dan", "x = 1"), "tiep_dan", failing_timer)
    done = admin.post(f"/admin/instances/{failing_timer}/retry", data={"reason": "Đã sửa", "back": "list"},
                      follow_redirects=True)
    page = done.get_data(as_text=True)
    assert f"Đã thử lại hồ sơ #{failing_timer}" in page and "Không có sự cố nào." in page
    [incident], audit, _ = stored(demo3, failing_timer)
    assert incident.occurrences == 2 and incident.status == "resolved"
    assert (audit[-1].action, audit[-1].comment) == ("incident_retry", "Đã sửa")


def test_the_repair_page_suspends_resumes_and_terminates(demo3, failing_timer, login_as):
    admin = login_as("admin.30")
    page = admin.get(f"/admin/instances/{failing_timer}/repair").get_data(as_text=True)
    assert 'id="repair-suspend"' in page and 'id="repair-resume"' not in page
    assert '<option value="ask">' not in page  # nothing completed yet to move back to
    admin.post(f"/admin/instances/{failing_timer}/suspend", data={"reason": "Kiểm tra"})
    page = admin.get(f"/admin/instances/{failing_timer}/repair").get_data(as_text=True)
    assert "đang tạm dừng" in page and 'id="repair-resume"' in page
    admin.post(f"/admin/instances/{failing_timer}/resume", data={"reason": "Xong"})
    done = admin.post(f"/admin/instances/{failing_timer}/terminate", data={"reason": "Tạo nhầm", "confirm": "yes"},
                      follow_redirects=True)
    assert "Đã chấm dứt hồ sơ" in done.get_data(as_text=True)
    _, audit, instance = stored(demo3, failing_timer)
    assert instance.status == "terminated"
    assert [(e.action, e.comment) for e in audit[1:]] == [("suspend", "Kiểm tra"), ("resume", "Xong"),
                                                         ("terminate", "Tạo nhầm")]


def test_moving_a_plan_back_from_the_repair_page(demo3, driver, login_as):
    plan_id, instance_id = driver.drafted_plan("Kế hoạch dân vận 2024", "Tóm tắt")
    admin = login_as("admin.30")
    page = admin.get(f"/admin/instances/{instance_id}/repair").get_data(as_text=True)
    assert '<option value="draft_plan">Soạn thảo dự thảo kế hoạch</option>' in page
    done = admin.post(f"/admin/instances/{instance_id}/move", data={"to": "draft_plan", "reason": "Sửa số liệu"},
                      follow_redirects=True)
    assert "Đã đưa hồ sơ" in done.get_data(as_text=True)
    assert driver.task("officer.298", "Soạn thảo dự thảo kế hoạch", plan_id)


def bearer(client, username: str) -> dict:
    answer = client.post("/api/v1/tokens", json={"username": username, "password": "planflow"})
    return {"Authorization": f"Bearer {answer.get_json()['token']}"}


def test_the_api_lists_incidents_and_repairs_for_administrators(demo3, failing_timer, client):
    admin = bearer(client, "admin.30")
    listed = client.get("/api/v1/incidents", headers=admin).get_json()["incidents"]
    assert [(i["instance_id"], i["action"], i["element_id"]) for i in listed] == [(failing_timer, "timer", "note")]
    assert client.get("/api/v1/incidents", headers=bearer(client, "officer.298")).status_code == 403
    missing = client.post(f"/api/v1/instances/{failing_timer}/suspend", json={}, headers=admin)
    assert missing.status_code == 422 and "reason" in missing.get_json()["errors"]
    done = client.post(f"/api/v1/instances/{failing_timer}/suspend", json={"reason": "Kiểm tra"}, headers=admin)
    assert done.status_code == 200 and done.get_json()["status"] == "suspended"
    assert client.get("/api/v1/openapi.json").get_json()["paths"]["/incidents"]


def test_the_plan_page_shows_a_suspension_until_resumed_and_a_terminated_plan_as_ended(demo3, driver, login_as):
    plan_id = driver.start_plan("298", "officer.298")
    instance_id = driver.plan(plan_id)["instance_id"]
    admin, officer = login_as("admin.30"), login_as("officer.298")
    admin.post(f"/admin/instances/{instance_id}/suspend", data={"reason": "Kiểm tra số liệu"})
    page = officer.get(f"/plans/{plan_id}").get_data(as_text=True)
    assert "Quy trình đang tạm dừng: Kiểm tra số liệu (quản trị viên, 01/03/2024)" in page
    api = officer.get(f"/api/v1/plans/{plan_id}", headers=bearer(officer, "officer.298")).get_json()
    assert api["suspension"] == {"reason": "Kiểm tra số liệu", "at": "2024-03-01", "by": "admin.30"}
    admin.post(f"/admin/instances/{instance_id}/resume", data={"reason": "Xong"})
    assert 'id="suspension-notice"' not in officer.get(f"/plans/{plan_id}").get_data(as_text=True)
    assert officer.get(f"/api/v1/plans/{plan_id}", headers=bearer(officer, "officer.298")).get_json()[
        "suspension"] is None
    admin.post(f"/admin/instances/{instance_id}/terminate", data={"reason": "Lập nhầm", "confirm": "yes"})
    page = officer.get(f"/plans/{plan_id}").get_data(as_text=True)
    assert "<strong>Đã chấm dứt</strong>" in page and "Lập nhầm" in page
    listed = officer.get("/plans?status=terminated").get_data(as_text=True)
    assert f'href="/plans/{plan_id}"' in listed


def test_the_report_page_shows_a_suspension_and_a_terminated_report_as_cancelled(demo3, driver, clock, login_as):
    reports = open_commune_reports(demo3, driver, clock)
    with demo3.unit_of_work() as ctx:
        obligation_id = ctx.session.scalar(select(Obligation.id).where(Obligation.instance_id == reports["11089"]))
    admin, officer = login_as("admin.30"), login_as("officer.11089")
    admin.post(f"/admin/instances/{reports['11089']}/suspend", data={"reason": "Chờ xác minh"})
    page = officer.get(f"/reports/{obligation_id}").get_data(as_text=True)
    assert "Quy trình đang tạm dừng: Chờ xác minh (quản trị viên, 16/05/2024)" in page
    admin.post(f"/admin/instances/{reports['11089']}/terminate",
               data={"reason": "Xã đã nộp bản giấy", "confirm": "yes"})
    page = officer.get(f"/reports/{obligation_id}").get_data(as_text=True)
    assert 'id="suspension-notice"' not in page and "Đã hủy" in page and "Xã đã nộp bản giấy" in page
