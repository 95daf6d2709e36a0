"""Urgency in the browser and the API: starting an urgent plan, its badge, urgent work first, the document's mark,
and a report's urgency changed by its unit before it is sent."""

from __future__ import annotations

import json
import re
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from engine.models import AuditEntry, Obligation, Plan, Unit
from webapp import create_app

API = "/api/v1"
DRAFT = "Soạn thảo dự thảo kế hoạch"


def plan_count(demo3) -> int:
    with demo3.unit_of_work() as ctx:
        return ctx.session.scalar(select(func.count(Plan.id)))


def start_in_browser(client, urgency: str, title: str) -> int:
    response = client.post("/plans", data={"unit": "298", "title": title, "urgency": urgency})
    assert response.status_code == 302
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_an_officer_starts_a_flash_plan_and_its_page_and_the_list_mark_it(login_as) -> None:
    officer = login_as("officer.298")
    assert 'name="urgency"' in officer.get("/plans").get_data(as_text=True)
    plan_id = start_in_browser(officer, "hoa_toc", "Kế hoạch hỏa tốc phòng chống bão")
    page = officer.get(f"/plans/{plan_id}").get_data(as_text=True)
    assert '<span class="mark urgency hoa_toc">Hỏa tốc</span>' in page
    listed = officer.get("/plans?urgency=hoa_toc").get_data(as_text=True)
    assert "Kế hoạch hỏa tốc phòng chống bão" in listed and "1 kế hoạch" in listed


def test_a_normal_plan_carries_no_mark(login_as) -> None:
    officer = login_as("officer.298")
    plan_id = start_in_browser(officer, "thuong", "Kế hoạch thường năm 2024")
    assert "mark urgency" not in officer.get(f"/plans/{plan_id}").get_data(as_text=True)


def test_an_unknown_urgency_in_the_form_is_refused_and_nothing_is_started(login_as, demo3) -> None:
    before = plan_count(demo3)
    response = login_as("officer.298").post("/plans", data={"unit": "298", "urgency": "gấp"})
    assert response.status_code == 422
    assert "Độ khẩn &#39;gấp&#39; không tồn tại" in response.get_data(as_text=True)
    assert plan_count(demo3) == before


def test_the_inbox_shows_urgent_work_first_with_its_badge(login_as) -> None:
    officer = login_as("officer.298")
    start_in_browser(officer, "thuong", "Kế hoạch thường năm 2024")
    start_in_browser(officer, "khan", "Kế hoạch khẩn năm 2024")
    page = officer.get("/").get_data(as_text=True)
    assert page.index('<span class="mark urgency khan">Khẩn</span>') < page.index("Kế hoạch thường năm 2024")
    assert page.index("Kế hoạch khẩn năm 2024") < page.index("Kế hoạch thường năm 2024")


def test_the_badge_reads_in_english_when_the_interface_does(login_as) -> None:
    officer = login_as("officer.298")
    plan_id = start_in_browser(officer, "thuong_khan", "Kế hoạch thượng khẩn năm 2024")
    officer.get("/language/en")
    assert ">Very urgent</span>" in officer.get(f"/plans/{plan_id}").get_data(as_text=True)


def test_the_document_prints_the_urgency_mark_under_its_number(login_as) -> None:
    officer = login_as("officer.298")
    plan_id = start_in_browser(officer, "hoa_toc", "Kế hoạch hỏa tốc phòng chống bão")
    page = officer.get(f"/plans/{plan_id}/document").get_data(as_text=True)
    assert page.index("Số: …/KH-UBND") < page.index('<p class="urgency">HỎA TỐC</p>')


@pytest.fixture
def bearer(client):
    def token(username: str) -> dict:
        answer = client.post(f"{API}/tokens", json={"username": username, "password": "planflow"}).get_json()
        return {"Authorization": f"Bearer {answer['token']}"}

    return token


def test_the_api_starts_an_urgent_plan_and_lists_its_task_first(client, bearer) -> None:
    headers = bearer("officer.298")
    client.post(f"{API}/plans", headers=headers, json={"unit": "298", "due": "2024-03-05"})
    started = client.post(f"{API}/plans", headers=headers, json={"unit": "298", "urgency": "khan"})
    assert started.status_code == 201 and started.get_json()["urgency"] == "khan"
    drafts = [t for t in client.get(f"{API}/tasks", headers=headers).get_json()["tasks"] if t["name"] == DRAFT]
    assert [(t["plan_id"], t["urgency"]) for t in drafts][0] == (started.get_json()["id"], "khan")
    listed = client.get(f"{API}/plans?urgency=khan", headers=headers).get_json()["plans"]
    assert [row["id"] for row in listed] == [started.get_json()["id"]]


def test_the_api_refuses_an_unknown_urgency_by_field(client, bearer, demo3) -> None:
    before = plan_count(demo3)
    refused = client.post(f"{API}/plans", headers=bearer("officer.298"), json={"unit": "298", "urgency": "gap"})
    assert refused.status_code == 422
    assert "urgency" in refused.get_json()["errors"]
    assert plan_count(demo3) == before
    assert client.get(f"{API}/plans?urgency=gap", headers=bearer("officer.298")).status_code == 422


def test_the_openapi_document_describes_urgency(client) -> None:
    spec = client.get(f"{API}/openapi.json").get_json()
    assert spec["components"]["schemas"]["PlanStart"]["properties"]["urgency"]["enum"] == [
        "thuong", "khan", "thuong_khan", "hoa_toc"]


# --- a report's urgency, changed by its unit before sending ---------------------------------------


@pytest.fixture
def open_report(demo3, driver, clock) -> int:
    """Xã Ngọc Kỳ's six-month report on a normal district plan, open since mid-May."""
    clock.fixed = datetime(2024, 1, 3, 8)
    driver.issue(driver.start_plan("298", "officer.298"), "298")
    clock.fixed = datetime(2024, 5, 16, 9)
    driver.run_due()
    with demo3.unit_of_work() as ctx:
        return ctx.session.scalar(select(Obligation.id).join(Unit, Obligation.reporting_unit_id == Unit.id)
                                  .where(Unit.code == "11089", Obligation.instance_id.is_not(None)))


def report_urgency(demo3, obligation_id: int) -> str:
    with demo3.unit_of_work() as ctx:
        return ctx.session.get(Obligation, obligation_id).urgency


def urgency_changes(demo3) -> list[dict]:
    with demo3.unit_of_work() as ctx:
        return [e.details for e in ctx.session.scalars(select(AuditEntry).where(AuditEntry.action == "set_urgency"))]


def test_the_reporting_officer_changes_the_urgency_on_the_report_page(login_as, demo3, open_report) -> None:
    officer = login_as("officer.11089")
    page = officer.get(f"/reports/{open_report}").get_data(as_text=True)
    assert "Cập nhật độ khẩn" in page and '<option value="thuong" selected>Thường</option>' in page
    changed = officer.post(f"/reports/{open_report}/urgency", data={"urgency": "thuong_khan"}, follow_redirects=True)
    page = changed.get_data(as_text=True)
    assert changed.request.path == f"/reports/{open_report}"
    assert "Đã đổi độ khẩn thành thượng khẩn." in page
    assert '<span class="mark urgency thuong_khan">Thượng khẩn</span>' in page
    assert urgency_changes(demo3) == [{"obligation_id": open_report, "from": "thuong", "to": "thuong_khan"}]


def test_the_urgency_form_needs_its_csrf_token(demo3, open_report) -> None:
    app = create_app({"TESTING": True, "SECRET_KEY": "test"}, planflow=demo3)
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    client.post("/login", data={"username": "officer.11089", "password": "planflow", "csrf_token": token})
    assert client.post(f"/reports/{open_report}/urgency", data={"urgency": "khan"}).status_code == 400
    assert report_urgency(demo3, open_report) == "thuong"


def test_those_who_do_not_write_the_report_see_its_badge_but_no_form(login_as, demo3, open_report) -> None:
    login_as("officer.11089").post(f"/reports/{open_report}/urgency", data={"urgency": "khan"})
    for user in ("clerk.11089", "officer.298"):  # no author role at the commune; the receiving district
        page = login_as(user).get(f"/reports/{open_report}").get_data(as_text=True)
        assert '<span class="mark urgency khan">Khẩn</span>' in page and "Cập nhật độ khẩn" not in page
    refused = login_as("clerk.11089").post(f"/reports/{open_report}/urgency", data={"urgency": "thuong"})
    assert refused.status_code == 403 and "không có vai trò soạn thảo hay ký báo cáo" in refused.get_data(as_text=True)
    hidden = login_as("officer.10816").post(f"/reports/{open_report}/urgency", data={"urgency": "thuong"})
    assert hidden.status_code == 404 and "trong phạm vi của bạn" in hidden.get_data(as_text=True)
    assert report_urgency(demo3, open_report) == "khan"


def test_an_unknown_urgency_on_the_report_page_is_refused(login_as, demo3, open_report) -> None:
    refused = login_as("officer.11089").post(f"/reports/{open_report}/urgency", data={"urgency": "gấp"})
    assert refused.status_code == 422 and "Độ khẩn &#39;gấp&#39; không tồn tại" in refused.get_data(as_text=True)
    assert report_urgency(demo3, open_report) == "thuong" and urgency_changes(demo3) == []


def test_a_sent_report_offers_no_form_and_keeps_its_urgency(login_as, demo3, driver, open_report) -> None:
    driver.send_report("11089")
    officer = login_as("officer.11089")
    assert "Cập nhật độ khẩn" not in officer.get(f"/reports/{open_report}").get_data(as_text=True)
    refused = officer.post(f"/reports/{open_report}/urgency", data={"urgency": "hoa_toc"})
    assert refused.status_code == 409 and "Báo cáo đã gửi hoặc đã đóng" in refused.get_data(as_text=True)
    assert report_urgency(demo3, open_report) == "thuong"


def test_the_inbox_puts_a_report_made_urgent_before_sooner_normal_work(login_as, driver, open_report) -> None:
    officer = login_as("officer.11089")
    driver.start_plan("11089", "officer.11089", date(2024, 5, 20))  # due before the report (30/05)
    before = officer.get("/").get_data(as_text=True)
    assert before.index(DRAFT) < before.index("Soạn báo cáo")
    officer.post(f"/reports/{open_report}/urgency", data={"urgency": "hoa_toc"})
    after = officer.get("/").get_data(as_text=True)
    assert after.index("Soạn báo cáo") < after.index(DRAFT)
    assert after.index('<span class="mark urgency hoa_toc">Hỏa tốc</span>') < after.index(DRAFT)


def test_the_api_changes_a_reports_urgency(client, bearer, demo3, open_report) -> None:
    changed = client.put(f"{API}/reports/{open_report}/urgency", headers=bearer("officer.11089"),
                         json={"urgency": "khan"})
    assert changed.status_code == 200
    assert {k: changed.get_json()[k] for k in ("id", "unit", "urgency", "status")} == {
        "id": open_report, "unit": "11089", "urgency": "khan", "status": "drafting"}
    assert urgency_changes(demo3) == [{"obligation_id": open_report, "from": "thuong", "to": "khan"}]
    tasks = client.get(f"{API}/tasks", headers=bearer("officer.11089")).get_json()["tasks"]
    assert [(t["name"], t["urgency"]) for t in tasks][0] == ("Soạn báo cáo", "khan")


@pytest.mark.parametrize("user, body, status, detail", [
    ("officer.10816", {"urgency": "khan"}, 404, "Không có báo cáo #"),
    ("clerk.11089", {"urgency": "khan"}, 403, "không có vai trò soạn thảo hay ký báo cáo"),
    ("officer.11089", {"urgency": "gap"}, 422, "Phải là một trong: thuong, khan, thuong_khan, hoa_toc."),
    ("officer.11089", {}, 422, "Cần nhập trường này."),
    ("officer.11089", {"urgency": "khan", "why": "x"}, 422, "Trường này không được hỗ trợ"),
])
def test_the_api_refuses_a_change_it_may_not_make(client, bearer, demo3, open_report, user, body, status,
                                                  detail) -> None:
    refused = client.put(f"{API}/reports/{open_report}/urgency", headers=bearer(user), json=body)
    assert refused.status_code == status and refused.mimetype == "application/problem+json"
    assert detail in json.dumps(refused.get_json(), ensure_ascii=False)
    assert report_urgency(demo3, open_report) == "thuong"


def test_the_api_refuses_to_change_a_sent_report(client, bearer, demo3, driver, open_report) -> None:
    driver.send_report("11089")
    refused = client.put(f"{API}/reports/{open_report}/urgency", headers=bearer("officer.11089"),
                         json={"urgency": "hoa_toc"})
    assert refused.status_code == 409 and "Báo cáo đã gửi hoặc đã đóng" in refused.get_json()["detail"]
    assert report_urgency(demo3, open_report) == "thuong"


def test_the_openapi_document_describes_the_report_urgency_change(client) -> None:
    operation = client.get(f"{API}/openapi.json").get_json()["paths"]["/reports/{obligation_id}/urgency"]["put"]
    assert set(operation["responses"]) == {"200", "400", "401", "403", "404", "409", "422"}
    assert operation["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ReportUrgency"}
