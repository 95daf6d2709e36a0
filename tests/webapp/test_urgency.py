"""Urgency in the browser and the API: starting an urgent plan, its badge, urgent work first, the document's mark."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from engine.models import Plan

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
